//! Writing CSV a spreadsheet opens safely: RFC 4180, CRLF line ends, and no
//! cell a spreadsheet would run as a formula.

/// One line of cells, ending in CRLF.
pub fn row<const N: usize>(cells: [String; N]) -> String {
    let mut line = cells.map(|cell| field(&cell)).join(",");
    line.push_str("\r\n");
    line
}

/// One cell: quoted when it holds a separator, a quote or a line break; and a
/// text a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is
/// kept text by a leading apostrophe, so a card's title can never be a formula
/// in someone's spreadsheet.
fn field(cell: &str) -> String {
    let cell = match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_when_they_must_be_and_never_run_as_formulas() {
        let line = row([
            "plain".to_owned(),
            "a, b".to_owned(),
            "say \"hi\"".to_owned(),
            "=SUM(A1)".to_owned(),
            "-1".to_owned(),
            "two\nlines".to_owned(),
        ]);
        assert_eq!(
            line,
            "plain,\"a, b\",\"say \"\"hi\"\"\",'=SUM(A1),'-1,\"two\nlines\"\r\n"
        );
    }
}
