//! Reading CSV as RFC 4180 writes it: quoted fields may hold commas, doubled
//! quotes and line breaks; a record ends at CRLF or LF.

/// The records of `text`, each a list of fields; `Err` names the line where a
/// quoted field opens and never closes.
pub fn records(text: &str) -> Result<Vec<Vec<String>>, String> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut chars = text.chars().peekable();
    let (mut line, mut quoted_from) = (1, None);
    let mut any = false;
    while let Some(c) = chars.next() {
        any = true;
        match (quoted_from.is_some(), c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted_from = None,
            (true, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
            (false, '"') if field.is_empty() => quoted_from = Some(line),
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                line += 1;
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
                any = false;
            }
            (false, c) => field.push(c),
        }
    }
    if let Some(opened) = quoted_from {
        return Err(format!(
            "a quoted field opened on line {opened} is never closed"
        ));
    }
    if any {
        record.push(field);
        records.push(record);
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::records;

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks() {
        let text = "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,,last";
        assert_eq!(
            records(text).unwrap(),
            [
                vec!["a", "b", "c"],
                vec!["x, y", "say \"hi\"", "two\nlines"],
                vec!["", "", "last"],
            ]
        );
    }

    #[test]
    fn a_quote_never_closed_is_named_by_its_line() {
        assert_eq!(
            records("a,b\n1,\"open\n2,3\n").unwrap_err(),
            "a quoted field opened on line 2 is never closed"
        );
    }
}
