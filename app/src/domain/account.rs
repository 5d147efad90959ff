//! Sign-in credentials, parsed once at the boundary.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::access::Role;

/// A lower-cased, trimmed email address with one `@` and a dotted domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email(String);

/// A password long enough to resist guessing; never logged or displayed.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;
/// The longest address SMTP carries (RFC 5321).
pub const EMAIL_MAX: usize = 254;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CredentialError {
    #[error("`{0}` is not an email address")]
    InvalidEmail(String),
    #[error("a password needs at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    #[error("a password may have at most {MAX_PASSWORD_CHARS} characters")]
    PasswordTooLong,
    #[error("a display name is required")]
    MissingName,
    #[error("the display name: {0}")]
    BadName(super::text::TextError),
}

impl Email {
    pub fn parse(raw: &str) -> Result<Email, CredentialError> {
        let email = raw.trim().to_lowercase();
        let valid = match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains('@')
                    && email.len() <= EMAIL_MAX
                    && !email.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            None => false,
        };
        if valid {
            Ok(Email(email))
        } else {
            Err(CredentialError::InvalidEmail(quoted_briefly(raw.trim())))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Password {
    pub fn parse(raw: &str) -> Result<Password, CredentialError> {
        match raw.chars().count() {
            n if n < MIN_PASSWORD_CHARS => Err(CredentialError::PasswordTooShort),
            n if n > MAX_PASSWORD_CHARS => Err(CredentialError::PasswordTooLong),
            _ => Ok(Password(raw.to_owned())),
        }
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// A display name: trimmed, not empty, a name's length, on one line.
pub fn parse_display_name(raw: &str) -> Result<String, CredentialError> {
    use super::text::{check, Lines, NAME_MAX};
    let name = raw.trim();
    if name.is_empty() {
        return Err(CredentialError::MissingName);
    }
    check(name, NAME_MAX, Lines::One).map_err(CredentialError::BadName)?;
    Ok(name.to_owned())
}

/// What was typed, shortened and without control characters, to quote back in a
/// message.
fn quoted_briefly(raw: &str) -> String {
    const SHOWN: usize = 60;
    let shown: String = raw
        .chars()
        .filter(|c| !c.is_control())
        .take(SHOWN)
        .collect();
    if raw.chars().count() > SHOWN {
        format!("{shown}…")
    } else {
        shown
    }
}

/// The person behind the current session, as pages show them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub id: Uuid,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub theme: Theme,
}

super::labels::labelled_enum! {
    /// The colours a user reads the app in; `System` follows the device's setting.
    Theme, "theme" {
        System => ("system", "Same as this device"),
        Light => ("light", "Light"),
        Dark => ("dark", "Dark"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_but_the_devices_own_has_its_colour_scheme_in_the_stylesheet() {
        let stylesheet = include_str!("../../../style/main.css");
        for theme in Theme::ALL {
            let rule = format!(
                r#":root[data-theme="{}"] {{ color-scheme: {}; }}"#,
                theme.key(),
                theme.key()
            );
            assert_eq!(
                stylesheet.contains(&rule),
                *theme != Theme::System,
                "{theme:?}: {rule}"
            );
        }
        assert!(stylesheet.contains(":root {\n  color-scheme: light dark;"));
    }

    #[test]
    fn emails_are_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Ada@Example.COM ").unwrap().as_str(),
            "ada@example.com"
        );
    }

    #[test]
    fn malformed_emails_are_refused() {
        for raw in [
            "",
            "ada",
            "@example.com",
            "ada@",
            "ada@example",
            "a b@x.io",
            "a@b@c.io",
            "a@.io",
        ] {
            assert!(Email::parse(raw).is_err(), "{raw:?}");
        }
    }

    #[test]
    fn passwords_have_a_minimum_and_maximum_length() {
        assert_eq!(
            Password::parse("short"),
            Err(CredentialError::PasswordTooShort)
        );
        assert!(Password::parse("long enough!").is_ok());
        assert_eq!(
            Password::parse(&"x".repeat(257)),
            Err(CredentialError::PasswordTooLong)
        );
    }

    #[test]
    fn a_password_never_shows_in_debug_output() {
        let password = Password::parse("correct horse battery").unwrap();
        assert_eq!(format!("{password:?}"), "Password(***)");
    }
}
