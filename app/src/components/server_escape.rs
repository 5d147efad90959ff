//! Text leptos writes into the server-rendered HTML as it is, unescaped: the
//! `<title>` (leptos_meta 0.8 pushes it into the head raw) and the content of a
//! `<textarea>` (tachys treats it as raw text, like a script's, though HTML decodes
//! entities there). User text in those places would become markup for every reader
//! (`</textarea><svg onload=…>`), so it goes through [`escaped_on_server`]. In the
//! browser the same text becomes a DOM string, which must stay as typed.

/// `text` HTML-escaped when rendering on the server; as it is in the browser.
pub fn escaped_on_server(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        escape(&text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

#[cfg(feature = "ssr")]
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::escaped_on_server;

    #[test]
    fn markup_in_raw_text_becomes_text() {
        let cases = [
            ("Motor mount", "Motor mount"),
            (
                "</title><meta http-equiv=\"refresh\" content=\"0;url=//evil\">",
                "&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=//evil&quot;&gt;",
            ),
            ("</textarea><svg onload=x>", "&lt;/textarea&gt;&lt;svg onload=x&gt;"),
            ("Tom & Jerry's", "Tom &amp; Jerry&#39;s"),
        ];
        for (text, expected) in cases {
            assert_eq!(escaped_on_server(text.to_owned()), expected, "{text}");
        }
    }
}
