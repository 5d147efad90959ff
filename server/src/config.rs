//! Settings from the environment, each with a default that runs the demo locally.

use std::{
    net::{IpAddr, Ipv4Addr, SocketAddr},
    path::PathBuf,
};

use app::domain::rate_limit::RateLimit;

use crate::error::StartupError;

pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/throughline.db";

#[derive(Debug, Clone)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port (tests use it).
    pub addr: SocketAddr,
    /// `sqlite://path` or `postgres://user:pass@host/db`.
    pub database_url: String,
    /// Load the demo portfolio into an empty database.
    pub demo: bool,
    /// Directory holding `pkg/` with the built JS, WASM and CSS.
    pub site_root: String,
    /// Log lines as JSON objects instead of text.
    pub json_logs: bool,
    /// Mark the session cookie `Secure` (sent over HTTPS and to localhost only).
    pub secure_cookies: bool,
    /// How long a sign-in lasts.
    pub session_hours: u32,
    /// Let visitors read without signing in (a demo installation's guests).
    pub guest_read: bool,
    /// The longest a client may take to send a request's head or its body, and the
    /// longest an idle kept-alive connection stays open.
    pub request_timeout: std::time::Duration,
    /// Requests each API token may make per minute (and in one burst).
    pub api_rate_limit: RateLimit,
    /// How webhook deliveries are sent.
    pub webhooks: crate::webhooks::Settings,
    /// Bytes of rendered board pages kept to answer the next read (0 keeps none).
    pub page_cache_bytes: usize,
}

impl Config {
    /// Reads `HOST`, `PORT`, `DATABASE_URL`, `THROUGHLINE_DEMO`, `LEPTOS_SITE_ROOT`,
    /// `LOG_FORMAT`, `SESSION_COOKIE_SECURE`, `SESSION_HOURS`, `THROUGHLINE_GUEST_READ`,
    /// `REQUEST_TIMEOUT_SECONDS`, `API_REQUESTS_PER_MINUTE`, `WEBHOOK_FIRST_RETRY_SECONDS`,
    /// `WEBHOOK_TIMEOUT_SECONDS`, `WEBHOOK_TARGETS` and `PAGE_CACHE_MIB`.
    pub fn from_env() -> Result<Config, StartupError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, StartupError> {
        let host = match lookup("HOST") {
            Some(value) => value.parse::<IpAddr>().map_err(|e| StartupError::Config {
                variable: "HOST",
                value,
                reason: e.to_string(),
            })?,
            None => IpAddr::V4(Ipv4Addr::LOCALHOST),
        };
        let port = match lookup("PORT") {
            Some(value) => value.parse::<u16>().map_err(|_| StartupError::Config {
                variable: "PORT",
                value,
                reason: "expected a port number from 0 to 65535".into(),
            })?,
            None => 3000,
        };
        let database_url = lookup("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.into());
        if !(database_url.starts_with("sqlite:") || database_url.starts_with("postgres")) {
            return Err(StartupError::Config {
                variable: "DATABASE_URL",
                value: database_url,
                reason: "expected a sqlite:// or postgres:// URL".into(),
            });
        }
        let demo = flag(&lookup, "THROUGHLINE_DEMO", true)?;
        let json_logs = match lookup("LOG_FORMAT").as_deref() {
            None | Some("text") => false,
            Some("json") => true,
            Some(other) => {
                return Err(StartupError::Config {
                    variable: "LOG_FORMAT",
                    value: other.into(),
                    reason: "expected text or json".into(),
                })
            }
        };
        let secure_cookies = flag(&lookup, "SESSION_COOKIE_SECURE", true)?;
        let guest_read = flag(&lookup, "THROUGHLINE_GUEST_READ", demo)?;
        let session_hours = match lookup("SESSION_HOURS") {
            Some(value) => value
                .parse::<u32>()
                .ok()
                .filter(|hours| (1..=24 * 90).contains(hours))
                .ok_or_else(|| StartupError::Config {
                    variable: "SESSION_HOURS",
                    value,
                    reason: "expected hours from 1 to 2160".into(),
                })?,
            None => 12,
        };
        let request_timeout = seconds(&lookup, "REQUEST_TIMEOUT_SECONDS", 1..=600, 30)?;
        let webhooks = crate::webhooks::Settings {
            first_retry: seconds(&lookup, "WEBHOOK_FIRST_RETRY_SECONDS", 1..=86_400, 30)?,
            timeout: seconds(&lookup, "WEBHOOK_TIMEOUT_SECONDS", 1..=120, 10)?,
            public_only: match lookup("WEBHOOK_TARGETS").as_deref() {
                None | Some("any") => false,
                Some("public") => true,
                Some(other) => {
                    return Err(StartupError::Config {
                        variable: "WEBHOOK_TARGETS",
                        value: other.into(),
                        reason: "expected any or public".into(),
                    })
                }
            },
        };
        let api_rate_limit = match lookup("API_REQUESTS_PER_MINUTE") {
            Some(value) => value
                .parse::<u32>()
                .ok()
                .filter(|per_minute| *per_minute <= 1_000_000)
                .and_then(RateLimit::per_minute)
                .ok_or_else(|| StartupError::Config {
                    variable: "API_REQUESTS_PER_MINUTE",
                    value,
                    reason: "expected requests from 1 to 1000000".into(),
                })?,
            None => RateLimit::per_minute(600).unwrap_or_else(|| unreachable!("600 is not 0")),
        };
        let page_cache_bytes = match lookup("PAGE_CACHE_MIB") {
            Some(value) => value
                .parse::<usize>()
                .ok()
                .filter(|mebibytes| *mebibytes <= 1024)
                .ok_or_else(|| StartupError::Config {
                    variable: "PAGE_CACHE_MIB",
                    value,
                    reason: "expected mebibytes from 0 to 1024".into(),
                })?,
            None => 8,
        } << 20;
        Ok(Config {
            page_cache_bytes,
            api_rate_limit,
            request_timeout,
            webhooks,
            secure_cookies,
            guest_read,
            session_hours,
            addr: SocketAddr::new(host, port),
            database_url,
            demo,
            site_root: lookup("LEPTOS_SITE_ROOT").unwrap_or_else(|| "target/site".into()),
            json_logs,
        })
    }

    /// The file of a SQLite URL (`None` for PostgreSQL or in-memory SQLite).
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        let rest = self.database_url.strip_prefix("sqlite:")?;
        let path = rest.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or(path);
        (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
    }
}

/// A setting in whole seconds within `range`.
fn seconds(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    range: std::ops::RangeInclusive<u64>,
    default: u64,
) -> Result<std::time::Duration, StartupError> {
    let seconds = match lookup(variable) {
        Some(value) => value
            .parse::<u64>()
            .ok()
            .filter(|seconds| range.contains(seconds))
            .ok_or_else(|| StartupError::Config {
                variable,
                value,
                reason: format!("expected seconds from {} to {}", range.start(), range.end()),
            })?,
        None => default,
    };
    Ok(std::time::Duration::from_secs(seconds))
}

/// A `1`/`0` (or `true`/`false`) setting.
fn flag(
    lookup: &impl Fn(&str) -> Option<String>,
    variable: &'static str,
    default: bool,
) -> Result<bool, StartupError> {
    match lookup(variable).as_deref() {
        None => Ok(default),
        Some("1") | Some("true") => Ok(true),
        Some("0") | Some("false") => Ok(false),
        Some(other) => Err(StartupError::Config {
            variable,
            value: other.into(),
            reason: "expected 1 or 0".into(),
        }),
    }
}

/// The URL with any password replaced, safe to print.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, StartupError> {
        Config::from_lookup(|name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_serve_the_demo_on_local_port_3000() {
        let config = config(&[]).unwrap();
        assert_eq!(config.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, DEFAULT_DATABASE_URL);
        assert!(config.demo);
        assert!(config.guest_read, "the demo can be read without signing in");
        assert_eq!(
            config.sqlite_path(),
            Some(PathBuf::from("data/throughline.db"))
        );
    }

    #[test]
    fn environment_overrides_port_database_and_demo() {
        let config = config(&[
            ("PORT", "8080"),
            ("DATABASE_URL", "postgres://tl:secret@db/throughline"),
            ("THROUGHLINE_DEMO", "0"),
        ])
        .unwrap();
        assert_eq!(config.addr.port(), 8080);
        assert!(!config.demo);
        assert!(
            !config.guest_read,
            "without the demo, reading needs an account"
        );
        assert_eq!(config.sqlite_path(), None);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let cases = [
            ("PORT", "http"),
            ("DATABASE_URL", "mysql://x"),
            ("THROUGHLINE_DEMO", "yes"),
            ("HOST", "localhost:80"),
            ("SESSION_COOKIE_SECURE", "maybe"),
            ("SESSION_HOURS", "0"),
            ("REQUEST_TIMEOUT_SECONDS", "0"),
            ("PAGE_CACHE_MIB", "1025"),
            ("PAGE_CACHE_MIB", "-1"),
        ];
        for (variable, value) in cases {
            let error = config(&[(variable, value)]).unwrap_err().to_string();
            assert!(
                error.starts_with(&format!("configuration: {variable}=")),
                "{error}"
            );
        }
    }

    #[test]
    fn pages_are_kept_in_8_mib_unless_told_otherwise() {
        assert_eq!(config(&[]).unwrap().page_cache_bytes, 8 << 20);
        let none = config(&[("PAGE_CACHE_MIB", "0")]).unwrap();
        assert_eq!(none.page_cache_bytes, 0);
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(
            redacted("postgres://tl:secret@db:5432/x"),
            "postgres://tl:***@db:5432/x"
        );
        assert_eq!(redacted("sqlite://data/t.db"), "sqlite://data/t.db");
    }
}
