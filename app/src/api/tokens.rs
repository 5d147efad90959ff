//! API tokens for machines: create (shown once), list, revoke. Each user manages
//! only their own; a token can never do more than its owner.

#[cfg(feature = "ssr")]
use crate::domain::access::Capability;
use crate::error::AppError;
use crate::views::tokens::{ApiTokenView, CreatedApiToken};
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use uuid::Uuid;

#[server(endpoint = "api_tokens")]
pub async fn api_tokens() -> Result<Vec<ApiTokenView>, AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::ManageOwnAccount)?;
    let db = crate::store::connection()?;
    let names = Names::read(&db).await?;
    crate::store::api_tokens::list(&db, principal.user_id)
        .await?
        .iter()
        .map(|row| view(row, &names))
        .collect()
}

/// Creates a token named `name` with the capabilities whose fields are present
/// (checkboxes: `read`, `write_items`, `record_telemetry`, `administer`), for the
/// whole workspace or, with `metric_id`, for recording one metric's measurements,
/// or, with `team_ids[0]`, `team_ids[1]` …, for recording those teams' deployments
/// and incidents.
#[server(endpoint = "create_api_token")]
pub async fn create_api_token(
    name: String,
    read: Option<String>,
    write_items: Option<String>,
    record_telemetry: Option<String>,
    administer: Option<String>,
    metric_id: Option<String>,
    #[server(default)] team_ids: Vec<String>,
) -> Result<CreatedApiToken, AppError> {
    use crate::domain::access::{Action, TokenGrant};
    let principal = crate::security::guard::authorize(Action::ManageOwnAccount)?;
    let name = crate::domain::planning::optional_name("name", &name)
        .map_err(AppError::from)?
        .ok_or_else(|| AppError::Invalid {
            detail: "a token needs a name that says what uses it".into(),
        })?;
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
    let teams = team_ids
        .iter()
        .map(|raw| crate::store::parse_id(raw.trim(), "that team"))
        .collect::<Result<Vec<_>, _>>()?;
    let grant = TokenGrant {
        capabilities,
        metric,
        teams,
    };
    grant
        .check()
        .map_err(|detail| AppError::Invalid { detail })?;
    let db = crate::store::connection()?;
    let (row, token) =
        crate::store::api_tokens::create(&db, principal.user_id, name, &grant, chrono::Utc::now())
            .await?;
    let names = Names::read(&db).await?;
    Ok(CreatedApiToken {
        token,
        details: view(&row, &names)?,
    })
}

#[server(endpoint = "revoke_api_token")]
pub async fn revoke_api_token(id: uuid::Uuid) -> Result<(), AppError> {
    use crate::domain::access::Action;
    let principal = crate::security::guard::authorize(Action::ManageOwnAccount)?;
    let db = crate::store::connection()?;
    Ok(crate::store::api_tokens::revoke(&db, principal.user_id, id, chrono::Utc::now()).await?)
}

/// The names of metrics and teams, for the tokens narrowed to them.
#[cfg(feature = "ssr")]
struct Names {
    metrics: std::collections::HashMap<Uuid, String>,
    teams: std::collections::HashMap<Uuid, String>,
}

#[cfg(feature = "ssr")]
impl Names {
    async fn read(db: &sea_orm::DatabaseConnection) -> Result<Names, AppError> {
        let teams = crate::store::boards::teams(db)
            .await?
            .into_iter()
            .map(|team| (team.id, team.name))
            .collect();
        Ok(Names {
            metrics: crate::store::metrics::names(db).await?,
            teams,
        })
    }

    fn of(names: &std::collections::HashMap<Uuid, String>, id: Uuid) -> String {
        names.get(&id).cloned().unwrap_or_else(|| id.to_string())
    }
}

#[cfg(feature = "ssr")]
fn view(row: &crate::entities::api_token::Model, names: &Names) -> Result<ApiTokenView, AppError> {
    Ok(ApiTokenView {
        metric: row.metric_id.map(|id| Names::of(&names.metrics, id)),
        teams: crate::store::api_tokens::teams(row)?
            .unwrap_or_default()
            .into_iter()
            .map(|id| Names::of(&names.teams, id))
            .collect(),
        id: row.id,
        name: row.name.clone(),
        capabilities: crate::store::api_tokens::capabilities(row)?,
        created_at: row.created_at,
        last_used_at: row.last_used_at,
        revoked_at: row.revoked_at,
    })
}
