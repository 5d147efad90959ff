//! The app's cookies: the session, and a refused form post's error on its way to
//! the page the post returns to. HttpOnly so scripts cannot read them, SameSite=Lax
//! so other sites cannot send them with their forms, Secure unless configured off
//! for plain HTTP development.

pub const SESSION_COOKIE: &str = "throughline_session";
/// A refused form post's error, as `<server function path>|<encoded error>`: kept
/// out of the address the browser returns to, where it would be a blob to read,
/// bookmark and share.
pub const POSTED_ERROR_COOKIE: &str = "throughline_posted_error";
/// Long enough for the browser to follow the redirect back to the form.
const POSTED_ERROR_SECONDS: i64 = 60;

/// Cookie settings the server puts in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    pub secure: bool,
    pub max_age_seconds: i64,
}

impl CookiePolicy {
    pub fn set_session(&self, token: &str) -> String {
        self.build(SESSION_COOKIE, token, self.max_age_seconds)
    }

    pub fn clear_session(&self) -> String {
        self.build(SESSION_COOKIE, "", 0)
    }

    /// `encoded_error` is the URL-safe base64 that leptos gives a refused post.
    pub fn set_posted_error(&self, function_path: &str, encoded_error: &str) -> String {
        let value = format!("{function_path}|{encoded_error}");
        self.build(POSTED_ERROR_COOKIE, &value, POSTED_ERROR_SECONDS)
    }

    pub fn clear_posted_error(&self) -> String {
        self.build(POSTED_ERROR_COOKIE, "", 0)
    }

    fn build(&self, name: &str, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!("{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}")
    }
}

/// The session token in a `Cookie` header, if any.
pub fn session_token(cookie_header: &str) -> Option<&str> {
    cookie_value(cookie_header, SESSION_COOKIE)
}

/// A refused form post's (server function path, encoded error) in a `Cookie`
/// header, if any.
pub fn posted_error(cookie_header: &str) -> Option<(&str, &str)> {
    cookie_value(cookie_header, POSTED_ERROR_COOKIE)?.split_once('|')
}

/// The refused form post's error a request's headers carry, if any.
pub fn posted_error_in(headers: &http::HeaderMap) -> Option<(&str, &str)> {
    posted_error(headers.get(http::header::COOKIE)?.to_str().ok()?)
}

fn cookie_value<'a>(cookie_header: &'a str, cookie: &str) -> Option<&'a str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == cookie)
        .map(|(_, value)| value)
        .filter(|value| !value.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_is_http_only_same_site_and_secure() {
        let policy = CookiePolicy {
            secure: true,
            max_age_seconds: 60,
        };
        assert_eq!(
            policy.set_session("abc"),
            "throughline_session=abc; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure"
        );
        assert!(policy.clear_session().contains("Max-Age=0"));
    }

    #[test]
    fn the_token_is_found_among_other_cookies() {
        assert_eq!(
            session_token("theme=dark; throughline_session=tok; x=y"),
            Some("tok")
        );
        assert_eq!(session_token("throughline_session="), None);
        assert_eq!(session_token("other=1"), None);
    }

    #[test]
    fn a_posted_error_names_its_function_and_lives_a_minute() {
        let policy = CookiePolicy {
            secure: false,
            max_age_seconds: 60,
        };
        let set = policy.set_posted_error("/api/update_epic", "eyJlcnJvciI6IngifQ==");
        assert_eq!(
            set,
            "throughline_posted_error=/api/update_epic|eyJlcnJvciI6IngifQ==; Path=/; Max-Age=60; HttpOnly; SameSite=Lax"
        );
        let header = format!(
            "throughline_session=tok; {}",
            set.split(';').next().unwrap()
        );
        assert_eq!(
            posted_error(&header),
            Some(("/api/update_epic", "eyJlcnJvciI6IngifQ=="))
        );
        assert_eq!(session_token(&header), Some("tok"));
        assert!(policy.clear_posted_error().contains("Max-Age=0"));
        assert_eq!(posted_error("throughline_posted_error=no-separator"), None);
    }
}
