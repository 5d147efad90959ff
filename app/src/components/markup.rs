//! HTML written as text, for what a page draws in bulk (a board's hundreds of
//! cards): one string per card costs the server a fraction of a reactive view per
//! card. Every piece of user text goes through [`push_escaped`].

/// Appends `text` with the five characters that could end a text or a quoted
/// attribute written as entities.
pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::push_escaped;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        push_escaped(&mut out, text);
        out
    }

    #[test]
    fn markup_in_text_becomes_text() {
        let cases = [
            ("Motor mount", "Motor mount"),
            (
                "</title><meta http-equiv=\"refresh\" content=\"0;url=//evil\">",
                "&lt;/title&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=//evil&quot;&gt;",
            ),
            ("</textarea><svg onload=x>", "&lt;/textarea&gt;&lt;svg onload=x&gt;"),
            ("Tom & Jerry's", "Tom &amp; Jerry&#39;s"),
            ("Élodie “quoted”", "Élodie “quoted”"),
        ];
        for (text, expected) in cases {
            assert_eq!(escaped(text), expected, "{text}");
        }
    }
}
