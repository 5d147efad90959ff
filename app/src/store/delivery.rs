//! Deployments and incidents from teams' pipelines and incident tools: stored once
//! per sender's id, read back per team (or a product's teams) for the four DORA keys.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde_json::json;
use uuid::Uuid;

use super::error::{Refusal, StoreError};
use super::item_query::After;
use super::json_list::{self, Fields};
use crate::domain::dora::{environment, Deployment, DeploymentStatus, Incident};
use crate::domain::webhook::EventType;
use crate::entities::{board, board_column, deployment, deployment_commit, incident, item, team};
use crate::store::measurements::Recorded;

/// A deployment that passed its checks, with its team named as the sender did and
/// its environment by its known name (or as sent, in lower case).
pub struct CheckedDeployment {
    pub client_id: String,
    pub service: String,
    pub team: String,
    pub environment: String,
    pub at: DateTime<Utc>,
    pub status: DeploymentStatus,
    pub commits: Vec<(String, DateTime<Utc>)>,
}

pub struct CheckedIncident {
    pub client_id: String,
    pub service: String,
    /// `None`: the team of the deployment that caused it, or else of the service's
    /// latest deployment.
    pub team: Option<String>,
    pub started: DateTime<Utc>,
    pub ended: Option<DateTime<Utc>>,
    pub caused_by: Option<String>,
}

/// The team named by id or by name (any case); 422 when there is none.
async fn team_named(db: &impl ConnectionTrait, named: &str) -> Result<Uuid, StoreError> {
    let teams = team::Entity::find().all(db).await?;
    teams
        .iter()
        .find(|t| t.id.to_string() == named || t.name.eq_ignore_ascii_case(named.trim()))
        .map(|t| t.id)
        .ok_or_else(|| {
            Refusal::UnknownTeam {
                named: named.to_owned(),
            }
            .into()
        })
}

/// Stores the batch (the caller's transaction makes it all or nothing).
/// `may_record` is asked about each deployment's team before it is stored.
pub async fn record_deployments(
    db: &impl ConnectionTrait,
    batch: Vec<CheckedDeployment>,
    may_record: impl Fn(Uuid) -> bool,
    now: DateTime<Utc>,
) -> Result<Recorded, StoreError> {
    let mut recorded = Recorded::default();
    let mut news = Vec::new();
    for item in batch {
        let team_id = team_named(db, &item.team).await?;
        allowed_for(&may_record, team_id)?;
        if environment(&item.environment).is_err()
            && !recorded.unknown_environments.contains(&item.environment)
        {
            recorded.unknown_environments.push(item.environment.clone());
        }
        let id = Uuid::new_v4();
        let told = json!({ "deployment": {
            "id": item.client_id,
            "service": item.service,
            "environment": item.environment,
            "deployed_at": item.at,
            "status": item.status.key(),
            "commits": item.commits.iter()
                .map(|(sha, at)| json!({ "sha": sha, "committed_at": at }))
                .collect::<Vec<_>>(),
        }});
        let inserted = deployment::Entity::insert(deployment::ActiveModel {
            id: Set(id),
            client_id: Set(item.client_id),
            service: Set(item.service),
            team_id: Set(team_id),
            environment: Set(item.environment),
            deployed_at: Set(item.at),
            status: Set(item.status),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(deployment::Column::ClientId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        if inserted == 0 {
            recorded.duplicates += 1;
            continue;
        }
        recorded.stored += 1;
        news.push(team_news(EventType::DeploymentRecorded, team_id, told, now));
        if !item.commits.is_empty() {
            deployment_commit::Entity::insert_many(item.commits.into_iter().map(
                |(sha, committed_at)| deployment_commit::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    deployment_id: Set(id),
                    sha: Set(sha),
                    committed_at: Set(committed_at),
                },
            ))
            .exec_without_returning(db)
            .await?;
        }
    }
    super::webhooks::enqueue(db, news).await?;
    Ok(recorded)
}

/// Stores the batch like [`record_deployments`], asking `may_record` about each
/// incident's team.
pub async fn record_incidents(
    db: &impl ConnectionTrait,
    batch: Vec<CheckedIncident>,
    may_record: impl Fn(Uuid) -> bool,
    now: DateTime<Utc>,
) -> Result<Recorded, StoreError> {
    let mut recorded = Recorded::default();
    let mut news = Vec::new();
    for item in batch {
        let team_id = match &item.team {
            Some(named) => team_named(db, named).await?,
            None => team_of_service(db, item.caused_by.as_deref(), &item.service).await?,
        };
        allowed_for(&may_record, team_id)?;
        if let Some(cause) = &item.caused_by {
            let known = deployment::Entity::find()
                .filter(deployment::Column::ClientId.eq(cause.as_str()))
                .one(db)
                .await?
                .is_some();
            if !known {
                return Err(Refusal::UnknownDeployment {
                    named: cause.clone(),
                }
                .into());
            }
        }
        let told = json!({ "incident": {
            "id": item.client_id,
            "service": item.service,
            "started_at": item.started,
            "ended_at": item.ended,
            "caused_by": item.caused_by,
        }});
        let inserted = incident::Entity::insert(incident::ActiveModel {
            id: Set(Uuid::new_v4()),
            client_id: Set(item.client_id),
            service: Set(item.service),
            team_id: Set(team_id),
            started_at: Set(item.started),
            ended_at: Set(item.ended),
            caused_by: Set(item.caused_by),
            created_at: Set(now),
        })
        .on_conflict(
            OnConflict::column(incident::Column::ClientId)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
        if inserted == 0 {
            recorded.duplicates += 1;
        } else {
            recorded.stored += 1;
            news.push(team_news(EventType::IncidentRecorded, team_id, told, now));
        }
    }
    super::webhooks::enqueue(db, news).await?;
    Ok(recorded)
}

/// A team's deployment or incident, for the webhooks' subscribers: told in the
/// transaction that stores it.
fn team_news(
    event: EventType,
    team: Uuid,
    data: serde_json::Value,
    at: DateTime<Utc>,
) -> super::webhooks::Occurrence {
    super::webhooks::Occurrence {
        event,
        team: Some(team),
        data,
        at,
    }
}

/// The team of the deployment that caused an incident, else of the service's
/// latest deployment.
async fn team_of_service(
    db: &impl ConnectionTrait,
    caused_by: Option<&str>,
    service: &str,
) -> Result<Uuid, StoreError> {
    let by_cause = match caused_by {
        Some(client_id) => {
            deployment::Entity::find()
                .filter(deployment::Column::ClientId.eq(client_id))
                .one(db)
                .await?
        }
        None => None,
    };
    let found = match by_cause {
        Some(found) => Some(found),
        None => {
            deployment::Entity::find()
                .filter(deployment::Column::Service.eq(service))
                .order_by_desc(deployment::Column::DeployedAt)
                .one(db)
                .await?
        }
    };
    found.map(|d| d.team_id).ok_or_else(|| {
        Refusal::IncidentWithoutTeam {
            service: service.to_owned(),
        }
        .into()
    })
}

/// The deployments (with commit times) and incidents of these teams from `since`
/// on.
pub async fn of_teams(
    db: &impl ConnectionTrait,
    team_ids: &[Uuid],
    since: DateTime<Utc>,
) -> Result<(Vec<Deployment>, Vec<Incident>), StoreError> {
    let of_the_teams = Condition::all()
        .add(deployment::Column::TeamId.is_in(team_ids.iter().copied()))
        .add(deployment::Column::DeployedAt.gte(since));
    // Read as one JSON list (`json_list`), each deployment with its commits' times:
    // a year of hourly deployments is thousands of rows, and sqlx hands rows over
    // one at a time. SQLite's `json()` keeps the inner list a list, not a string.
    const DEPLOYMENTS: Fields = Fields {
        sqlite: "client_id, environment, deployed_at, status, \
                 json((SELECT json_group_array(committed_at) FROM deployment_commits \
                 WHERE deployment_commits.deployment_id = deployments.id))",
        postgres: "client_id, environment, deployed_at, status, \
                   (SELECT coalesce(json_agg(committed_at), '[]') FROM deployment_commits \
                   WHERE deployment_commits.deployment_id = deployments.id)",
    };
    let query = deployment::Entity::find().filter(of_the_teams);
    let rows: Vec<(String, String, String, String, Vec<String>)> = json_list::read(
        db,
        query,
        &DEPLOYMENTS,
        "ORDER BY deployed_at",
        "deployments",
    )
    .await?;
    let deployments = rows
        .into_iter()
        .map(|(client_id, environment, at, status, commits)| {
            Ok(Deployment {
                commits: commits
                    .iter()
                    .map(|at| json_list::time("a commit's time", at))
                    .collect::<Result<_, _>>()?,
                id: client_id,
                environment,
                at: json_list::time("a deployment's time", &at)?,
                status: json_list::parsed("a deployment's status", &status)?,
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let incidents = incident::Entity::find()
        .filter(incident::Column::TeamId.is_in(team_ids.iter().copied()))
        .filter(incident::Column::StartedAt.gte(since))
        .order_by_asc(incident::Column::StartedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|i| Incident {
            id: i.client_id,
            started: i.started_at,
            ended: i.ended_at,
            caused_by: i.caused_by,
        })
        .collect();
    Ok((deployments, incidents))
}

/// What a list of deployments or incidents is narrowed to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TelemetryFilter {
    pub team: Option<Uuid>,
    pub service: Option<String>,
    /// Recorded at or after.
    pub recorded_since: Option<DateTime<Utc>>,
}

/// The filter, and the keyset condition of a page after `after`, over a table's
/// team, service, recording time and id columns: rows listed in the order they
/// were recorded, so rows recorded while pages are read come after them.
fn recorded<C: ColumnTrait>(
    [team, service, created_at, id]: [C; 4],
    filter: &TelemetryFilter,
    after: Option<After>,
) -> Condition {
    let mut condition = Condition::all();
    if let Some(wanted) = filter.team {
        condition = condition.add(team.eq(wanted));
    }
    if let Some(wanted) = &filter.service {
        condition = condition.add(service.eq(wanted.as_str()));
    }
    if let Some(since) = filter.recorded_since {
        condition = condition.add(created_at.gte(since));
    }
    if let Some(after) = after {
        condition = condition.add(
            Condition::any().add(created_at.gt(after.at)).add(
                Condition::all()
                    .add(created_at.eq(after.at))
                    .add(id.gt(after.id)),
            ),
        );
    }
    condition
}

/// A page of deployments in the order they were recorded, each with its commits.
pub async fn deployments_page(
    db: &impl ConnectionTrait,
    filter: &TelemetryFilter,
    after: Option<After>,
    limit: u64,
) -> Result<Vec<(deployment::Model, Vec<deployment_commit::Model>)>, StoreError> {
    use deployment::Column;
    let rows = deployment::Entity::find()
        .filter(recorded(
            [
                Column::TeamId,
                Column::Service,
                Column::CreatedAt,
                Column::Id,
            ],
            filter,
            after,
        ))
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let commits = deployment_commit::Entity::find()
        .filter(deployment_commit::Column::DeploymentId.is_in(rows.iter().map(|d| d.id)))
        .order_by_asc(deployment_commit::Column::CommittedAt)
        .all(db)
        .await?;
    let mut by_deployment: std::collections::HashMap<Uuid, Vec<_>> = Default::default();
    for commit in commits {
        by_deployment
            .entry(commit.deployment_id)
            .or_default()
            .push(commit);
    }
    Ok(rows
        .into_iter()
        .map(|row| {
            let its = by_deployment.remove(&row.id).unwrap_or_default();
            (row, its)
        })
        .collect())
}

/// A page of incidents in the order they were recorded.
pub async fn incidents_page(
    db: &impl ConnectionTrait,
    filter: &TelemetryFilter,
    after: Option<After>,
    limit: u64,
) -> Result<Vec<incident::Model>, StoreError> {
    use incident::Column;
    Ok(incident::Entity::find()
        .filter(recorded(
            [
                Column::TeamId,
                Column::Service,
                Column::CreatedAt,
                Column::Id,
            ],
            filter,
            after,
        ))
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The teams delivering a board's work, by name: every team for the portfolio,
/// a product's teams for its feature board, the team of a team board.
pub async fn teams_of_board(
    db: &impl ConnectionTrait,
    board: &board::Model,
) -> Result<Vec<team::Model>, StoreError> {
    use crate::domain::board::BoardKind;
    use sea_orm::QueryOrder;
    let teams = team::Entity::find().order_by_asc(team::Column::Name);
    let teams = match board.kind {
        BoardKind::Portfolio => teams,
        BoardKind::Feature => {
            teams.filter(team::Column::Id.is_in(teams_of_product(db, board.id).await?))
        }
        BoardKind::Team => teams.filter(team::Column::Id.is_in(board.team_id)),
    };
    Ok(teams.all(db).await?)
}

/// The teams delivering a product: those whose boards hold work under the
/// product's features (a team working on two products counts for both).
pub async fn teams_of_product(
    db: &impl ConnectionTrait,
    product_board_id: Uuid,
) -> Result<Vec<Uuid>, StoreError> {
    use sea_orm::sea_query::Query;
    use sea_orm::QuerySelect;
    let product_columns = Query::select()
        .column(board_column::Column::Id)
        .from(board_column::Entity)
        .and_where(board_column::Column::BoardId.eq(product_board_id))
        .to_owned();
    let features = Query::select()
        .column(item::Column::Id)
        .from(item::Entity)
        .and_where(item::Column::ColumnId.in_subquery(product_columns))
        .to_owned();
    let work_columns = Query::select()
        .column(item::Column::ColumnId)
        .from(item::Entity)
        .and_where(item::Column::ParentId.in_subquery(features))
        .to_owned();
    let boards = Query::select()
        .column(board_column::Column::BoardId)
        .from(board_column::Entity)
        .and_where(board_column::Column::Id.in_subquery(work_columns))
        .to_owned();
    let teams: Vec<Option<Uuid>> = board::Entity::find()
        .select_only()
        .column(board::Column::TeamId)
        .filter(board::Column::Id.in_subquery(boards))
        .into_tuple()
        .all(db)
        .await?;
    Ok(teams.into_iter().flatten().collect())
}

fn allowed_for(may_record: impl Fn(Uuid) -> bool, team: Uuid) -> Result<(), StoreError> {
    if may_record(team) {
        Ok(())
    } else {
        Err(StoreError::Forbidden(
            crate::domain::access::Action::RecordDelivery { team },
        ))
    }
}
