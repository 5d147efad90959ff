//! API tokens for machines: create (shown once), list, revoke. Each user manages
//! only their own; a token can never do more than its owner.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::access::Capability;
use crate::error::AppError;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiTokenView {
    pub id: Uuid,
    pub name: String,
    pub capabilities: Vec<Capability>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The one metric the token records, named; `None` for a workspace token.
    pub metric: Option<String>,
}

/// A new token: the secret is in this answer and nowhere else, ever.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CreatedApiToken {
    pub token: String,
    pub details: ApiTokenView,
}

#[server(endpoint = "api_tokens")]
pub async fn api_tokens() -> Result<Vec<ApiTokenView>, AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::ManageOwnAccount)?;
    let db = crate::store::connection()?;
    let names = crate::store::metrics::names(&db).await?;
    crate::store::api_tokens::list(&db, principal.user_id)
        .await?
        .iter()
        .map(|row| view(row, &names))
        .collect()
}

/// Creates a token named `name` with the capabilities whose fields are present
/// (checkboxes: `read`, `write_items`, `record_telemetry`, `administer`), for the
/// whole workspace or, with `metric_id`, for recording one metric's measurements.
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(
    name: String,
    read: Option<String>,
    write_items: Option<String>,
    record_telemetry: Option<String>,
    administer: Option<String>,
    metric_id: Option<String>,
) -> Result<CreatedApiToken, AppError> {
    use crate::domain::access::{check_token_grant, Action};
    let principal = crate::security::guard::authorize(Action::ManageOwnAccount)?;
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(AppError::Invalid {
            detail: "a token needs a name that says what uses it".into(),
        }
        .answer());
    }
    let capabilities: Vec<Capability> = [
        (read, Capability::Read),
        (write_items, Capability::WriteItems),
        (record_telemetry, Capability::RecordTelemetry),
        (administer, Capability::Administer),
    ]
    .into_iter()
    .filter_map(|(field, capability)| field.map(|_| capability))
    .collect();
    let metric = match metric_id.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => Some(crate::store::parse_id(raw, "that metric")?),
    };
    check_token_grant(&capabilities, metric)
        .map_err(|detail| AppError::Invalid { detail }.answer())?;
    let db = crate::store::connection()?;
    let (row, token) = crate::store::api_tokens::create(
        &db,
        principal.user_id,
        name,
        &capabilities,
        metric,
        chrono::Utc::now(),
    )
    .await
    .map_err(AppError::answer)?;
    let names = crate::store::metrics::names(&db).await?;
    Ok(CreatedApiToken {
        token,
        details: view(&row, &names)?,
    })
}

#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: String) -> Result<(), AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::ManageOwnAccount)?;
    let id = crate::store::parse_id(&id, "that API token")?;
    let db = crate::store::connection()?;
    crate::store::api_tokens::revoke(&db, principal.user_id, id, chrono::Utc::now())
        .await
        .map_err(AppError::answer)
}

#[cfg(feature = "ssr")]
fn view(
    row: &crate::entities::api_token::Model,
    metric_names: &std::collections::HashMap<Uuid, String>,
) -> Result<ApiTokenView, AppError> {
    Ok(ApiTokenView {
        metric: row.metric_id.map(|id| {
            metric_names
                .get(&id)
                .cloned()
                .unwrap_or_else(|| id.to_string())
        }),
        id: row.id,
        name: row.name.clone(),
        capabilities: crate::store::api_tokens::capabilities(row)?,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    })
}
