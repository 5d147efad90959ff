//! Signing in and out, the first admin account, and password changes. Sessions are
//! rows in the database (see `store::sessions`); the browser holds only a token.

#[cfg(feature = "ssr")]
use crate::domain::access::Role;
use crate::domain::account::SignedInUser;
use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use uuid::Uuid;

#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
    Ok(crate::security::guard::identity().user)
}

/// Checks the password, starts a session and sends the browser to `next` (a path
/// on this site) or, without one, to the user's landing page; answers where.
#[server(endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use crate::store::{sessions, users};

    use crate::domain::{account::EMAIL_MAX, text};

    // Whatever is typed becomes a throttling key: it must be text a key may hold.
    text::check(email.trim(), EMAIL_MAX, text::Lines::One).map_err(|error| {
        AppError::InvalidField {
            field: "email".into(),
            detail: format!("the email {error}"),
        }
    })?;
    let db = crate::store::connection()?;
    let now = chrono::Utc::now();
    let user = match crate::domain::account::Email::parse(&email) {
        Ok(email) => users::find_by_email(&db, &email).await?,
        Err(_) => None,
    };
    let user = throttled_password_check(&db, &email, user, &password, now).await?;
    if let Some(previous) = crate::security::guard::identity().session {
        sessions::end(&db, &previous).await?;
        streams_must_check_sessions(&db).await?;
    }
    start_session(&db, user.id, now).await?;
    let destination = match next.as_deref() {
        Some(next) if !next.trim().is_empty() => safe_next(Some(next)),
        _ => crate::domain::access::landing_page(user.role).to_owned(),
    };
    crate::security::redirect_form_post(&destination);
    Ok(destination)
}

/// Checks `password` for the account named `email` (`user`, when there is one),
/// under the throttle of the account and the client's address: 429 while either is
/// slowed down or locked, 401 for a wrong password or an unknown account.
#[cfg(feature = "ssr")]
async fn throttled_password_check(
    db: &sea_orm::DatabaseConnection,
    email: &str,
    user: Option<crate::entities::user::Model>,
    password: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<crate::entities::user::Model, AppError> {
    use crate::domain::account::MAX_PASSWORD_CHARS;
    use crate::store::{sign_in_failures, users};

    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(AppError::Invalid {
            detail: format!("a password has at most {MAX_PASSWORD_CHARS} characters"),
        });
    }
    let address = crate::security::guard::identity().client_address;
    let keys = sign_in_failures::keys(email, address);
    let attempt = match sign_in_failures::take_attempt(db, keys, now).await? {
        Ok(attempt) => attempt,
        Err(refusal) => {
            return Err(AppError::TooManyAttempts {
                reason: refusal.message(),
            })
        }
    };
    // The attempt is counted as failed already, and only its end takes that back:
    // the check runs to its end even when the client goes away meanwhile, or an
    // abandoned sign-in would leave a failure on the client's address.
    let (db, password) = (db.clone(), password.to_owned());
    tokio::spawn(async move {
        // Without an account this still takes as long as a real check, so timing
        // does not tell who has one.
        let matches = users::password_matches(user.as_ref(), &password).await;
        match user.filter(|_| matches) {
            Some(user) => {
                sign_in_failures::succeeded(&db, attempt).await?;
                Ok(user)
            }
            None => Err(AppError::WrongCredentials),
        }
    })
    .await
    .map_err(|stopped| AppError::Inconsistent {
        detail: format!("the password check stopped: {stopped}"),
    })?
}

#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let db = crate::store::connection()?;
    if let Some(session) = crate::security::guard::identity().session {
        crate::store::sessions::end(&db, &session).await?;
        streams_must_check_sessions(&db).await?;
    }
    set_cookie(&cookie_policy()?.clear_session());
    crate::security::redirect_form_post("/login");
    Ok(())
}

/// Creates the first account, an admin, and signs it in; refused once anyone exists.
#[server(endpoint = "create_first_admin")]
pub async fn create_first_admin(
    email: String,
    display_name: String,
    password: String,
) -> Result<(), AppError> {
    use crate::domain::account::{parse_display_name, Email, Password};
    use crate::store::users;

    let new = users::NewUser {
        email: Email::parse(&email).map_err(AppError::from)?,
        display_name: parse_display_name(&display_name).map_err(AppError::from)?,
        password: Password::parse(&password).map_err(AppError::from)?,
        role: Role::Admin,
    };
    let db = crate::store::connection()?;
    let now = chrono::Utc::now();
    let txn = users::begin_adding_accounts(&db).await?;
    if users::count(&txn).await? > 0 {
        return Err(AppError::Conflict {
            detail: "the first account already exists: sign in instead".into(),
        });
    }
    let user = users::create(&txn, new, &[], now).await?;
    txn.commit().await?;
    start_session(&db, user.id, now).await?;
    crate::security::redirect_form_post("/");
    Ok(())
}

/// Changes the signed-in user's password and ends all their other sessions.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::domain::{access::Action, account::Password};
    use crate::store::{sessions, users};

    let principal = crate::security::guard::authorize(Action::ManageOwnAccount)?;
    let new_password = Password::parse(&new_password).map_err(AppError::from)?;
    let db = crate::store::connection()?;
    let user = users::find(&db, principal.user_id)
        .await?
        .ok_or(AppError::SignInRequired)?;
    let now = chrono::Utc::now();
    let email = user.email.clone();
    let user = throttled_password_check(&db, &email, Some(user), &current_password, now).await?;
    users::set_password(&db, user, new_password, now).await?;
    sessions::end_all(&db, principal.user_id).await?;
    streams_must_check_sessions(&db).await?;
    start_session(&db, principal.user_id, now).await
}

/// Keeps the signed-in user's colour theme; every page after renders in it.
#[server(endpoint = "choose_theme")]
pub async fn choose_theme(theme: String) -> Result<(), AppError> {
    use crate::domain::{access::Action, account::Theme};

    let principal = crate::security::guard::authorize(Action::ManageOwnAccount)?;
    let theme: Theme =
        theme
            .parse()
            .map_err(|e: crate::domain::UnknownValue| AppError::InvalidField {
                field: "theme".into(),
                detail: e.to_string(),
            })?;
    let db = crate::store::connection()?;
    crate::store::users::set_theme(&db, principal.user_id, theme, chrono::Utc::now()).await?;
    crate::security::redirect_form_post("/account");
    Ok(())
}

#[cfg(feature = "ssr")]
fn cookie_policy() -> Result<crate::security::cookie::CookiePolicy, AppError> {
    use_context().ok_or_else(|| AppError::Inconsistent {
        detail: "no cookie policy in this request".into(),
    })
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str) {
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

#[cfg(feature = "ssr")]
async fn start_session(
    db: &sea_orm::DatabaseConnection,
    user_id: Uuid,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    let policy = cookie_policy()?;
    let token = crate::store::sessions::start(
        db,
        user_id,
        now,
        chrono::Duration::seconds(policy.max_age_seconds),
    )
    .await?;
    set_cookie(&policy.set_session(&token));
    Ok(())
}

/// Where to go after signing in: `next` only when it is a path on this site.
/// Anything a browser could resolve to another host goes to the landing page:
/// absolute and scheme-relative URLs (`//host`, `/\\host`, which browsers read
/// as `//host`), and whitespace or control characters, which browsers drop from
/// URLs (`/\t/host` becomes `//host`) and which no header may carry.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if is_local_path(path) => path.to_owned(),
        _ => "/".to_owned(),
    }
}

fn is_local_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && path.chars().all(|c| c.is_ascii_graphic() && c != '\\')
}

/// A session ended: the event streams it held close now, on every server process.
#[cfg(feature = "ssr")]
async fn streams_must_check_sessions(db: &sea_orm::DatabaseConnection) -> Result<(), AppError> {
    Ok(crate::store::event_hub()?
        .end_sessions_everywhere(db)
        .await?)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        let cases = [
            (Some("/teams/1?q=x"), "/teams/1?q=x"),
            (Some("/"), "/"),
            (None, "/"),
            (Some("https://evil.example/"), "/"),
            (Some("//evil.example/"), "/"),
            (Some("/\\evil.example"), "/"),
            (Some("\\\\evil.example"), "/"),
            (Some("/\t/evil.example"), "/"),
            (Some("/\n/evil.example"), "/"),
            (Some(" //evil.example"), "/"),
            (Some("/ /evil.example"), "/"),
            (Some("/\u{0}x"), "/"),
            (Some("/teams/\u{7f}"), "/"),
            (Some("javascript:alert(1)"), "/"),
            (Some("/%2F%2Fevil.example"), "/%2F%2Fevil.example"),
            (Some(""), "/"),
        ];
        for (next, expected) in cases {
            assert_eq!(safe_next(next), expected, "{next:?}");
        }
    }
}
