//! The session cookie: HttpOnly so scripts cannot read it, SameSite=Lax so other
//! sites cannot send it with their forms, Secure unless configured off for plain
//! HTTP development.

pub const SESSION_COOKIE: &str = "throughline_session";

/// Cookie settings the server puts in context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CookiePolicy {
    pub secure: bool,
    pub max_age_seconds: i64,
}

impl CookiePolicy {
    pub fn set_session(&self, token: &str) -> String {
        self.build(token, self.max_age_seconds)
    }

    pub fn clear_session(&self) -> String {
        self.build("", 0)
    }

    fn build(&self, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{SESSION_COOKIE}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite=Lax{secure}"
        )
    }
}

/// The session token in a `Cookie` header, if any.
pub fn session_token(cookie_header: &str) -> Option<&str> {
    cookie_header
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
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
}
