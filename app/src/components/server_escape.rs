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
        let mut escaped = String::with_capacity(text.len());
        super::markup::push_escaped(&mut escaped, &text);
        escaped
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::escaped_on_server;

    #[test]
    fn markup_in_raw_text_becomes_text_on_the_server() {
        assert_eq!(
            escaped_on_server("</textarea><svg onload=x>".to_owned()),
            "&lt;/textarea&gt;&lt;svg onload=x&gt;"
        );
    }
}
