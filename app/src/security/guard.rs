//! Who is asking, as established once per request by the server's middleware, and
//! the single check every server function makes before doing anything.

use std::net::IpAddr;

use crate::domain::access::{decide, Action, Decision, Principal};
use crate::error::AppError;

/// Put into each request's extensions by the server before any handler runs.
#[derive(Debug, Clone, Default)]
pub struct RequestIdentity {
    pub principal: Option<Principal>,
    pub user: Option<crate::domain::account::SignedInUser>,
    /// Digest of the session token the request carried, when it was valid.
    pub session: Option<String>,
    pub client_address: Option<IpAddr>,
    /// The request carried an API token rather than a session.
    pub via_token: bool,
}

/// The identity of the request being handled (empty outside a request).
pub fn identity() -> RequestIdentity {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestIdentity>().cloned())
        .unwrap_or_default()
}

/// The principal, if it may perform `action`; otherwise 401 or 403.
pub fn authorize(action: Action) -> Result<Principal, AppError> {
    let identity = identity();
    match (
        decide(identity.principal.as_ref(), action),
        identity.principal,
    ) {
        (Decision::Allowed, Some(principal)) => Ok(principal),
        (Decision::SignInRequired, _) | (Decision::Allowed, None) => Err(AppError::SignInRequired),
        (Decision::Forbidden, _) => Err(AppError::Forbidden {
            action: action.describe().to_owned(),
        }),
    }
}
