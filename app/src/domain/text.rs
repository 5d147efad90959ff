//! What any text must be before it is stored, whoever sends it (a form, the API, an
//! import): no longer than its field allows, and free of control characters, which
//! no name or title needs and which the databases treat differently (PostgreSQL
//! refuses NUL; SQLite stores it and cuts strings at it). Multi-line text may hold
//! line breaks and tabs.
//!
//! Every limit is counted in characters (Unicode scalar values), as people count.

/// Item titles (vision, themes, epics, features, work items).
pub const TITLE_MAX: usize = 200;
/// Names of things and people: metrics and their units, teams, products, tokens,
/// display names, assignees, owners.
pub const NAME_MAX: usize = 100;
/// Free text: descriptions, hypotheses, acceptance criteria, reasons, notes.
pub const TEXT_MAX: usize = 10_000;
/// Identifiers and short strings machines send (ingestion ids, services, commits).
pub const MACHINE_TEXT_MAX: usize = 200;

/// Whether a text may span lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// Why a text was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("at most {max} characters, this has {length}")]
    TooLong { max: usize, length: usize },
    #[error("contains the control character U+{code:04X}, which is not allowed here")]
    ControlCharacter { code: u32 },
}

/// Checks `value` against `max` characters and `lines`.
pub fn check(value: &str, max: usize, lines: Lines) -> Result<(), TextError> {
    let length = value.chars().count();
    if length > max {
        return Err(TextError::TooLong { max, length });
    }
    let allowed = |c: char| lines == Lines::Many && matches!(c, '\n' | '\r' | '\t');
    match value.chars().find(|&c| c.is_control() && !allowed(c)) {
        Some(c) => Err(TextError::ControlCharacter { code: u32::from(c) }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_refused_past_its_length_or_with_control_characters() {
        let long = "é".repeat(11);
        let cases = [
            ("Motor mount", 11, Lines::One, Ok(())),
            ("Motor moun", 10, Lines::One, Ok(())),
            (
                long.as_str(),
                10,
                Lines::One,
                Err(TextError::TooLong {
                    max: 10,
                    length: 11,
                }),
            ),
            (
                "a\u{0}b",
                10,
                Lines::Many,
                Err(TextError::ControlCharacter { code: 0 }),
            ),
            (
                "\u{1b}[31m",
                10,
                Lines::One,
                Err(TextError::ControlCharacter { code: 0x1b }),
            ),
            (
                "a\u{7f}",
                10,
                Lines::One,
                Err(TextError::ControlCharacter { code: 0x7f }),
            ),
            (
                "a\u{85}",
                10,
                Lines::Many,
                Err(TextError::ControlCharacter { code: 0x85 }),
            ),
            (
                "one\ntwo",
                10,
                Lines::One,
                Err(TextError::ControlCharacter { code: 10 }),
            ),
            ("one\r\n\ttwo", 10, Lines::Many, Ok(())),
        ];
        for (value, max, lines, expected) in cases {
            assert_eq!(check(value, max, lines), expected, "{value:?}");
        }
    }

    #[test]
    fn the_refusal_says_what_to_fix() {
        assert_eq!(
            TextError::ControlCharacter { code: 0 }.to_string(),
            "contains the control character U+0000, which is not allowed here"
        );
        assert_eq!(
            TextError::TooLong {
                max: 200,
                length: 201
            }
            .to_string(),
            "at most 200 characters, this has 201"
        );
    }
}
