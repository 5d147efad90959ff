//! `/api/v1/boards` and `/api/v1/teams`: the boards with their columns and WIP
//! limits (their cards are `/api/v1/items?board_id=…`), and the teams with the
//! board each works on. Products are the feature boards.

use app::domain::board::{Activity, BoardKind, StateCategory};
use app::domain::hierarchy::ClassOfService;
use app::domain::wip::{Enforcement, Measure, ScopeKind};
use app::entities::{board, board_column, wip_limit};
use app::error::AppError;
use app::security::guard::RequestIdentity;
use axum::{
    extract::{Path, State},
    response::Response,
    Extension,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::keys::{key_schema, optional_key_schema};
use super::problem::{CallRefusals, Problem, ProblemDetails, CONTENT_TYPE as PROBLEM};
use super::{json_or_problem, read_allowed};
use crate::startup::AppState;

fn board_kinds() -> utoipa::openapi::Object {
    key_schema(BoardKind::ALL.iter().map(|kind| kind.key()))
}
fn states() -> utoipa::openapi::Object {
    key_schema(StateCategory::ALL.iter().map(|state| state.key()))
}
fn activities() -> utoipa::openapi::Object {
    key_schema(Activity::ALL.iter().map(|activity| activity.key()))
}
fn measures() -> utoipa::openapi::Object {
    key_schema(Measure::ALL.iter().map(|measure| measure.key()))
}
fn scopes() -> utoipa::openapi::Object {
    key_schema(ScopeKind::ALL.iter().map(|scope| scope.key()))
}
fn enforcements() -> utoipa::openapi::Object {
    key_schema(Enforcement::ALL.iter().map(|enforcement| enforcement.key()))
}
fn classes_of_service() -> utoipa::openapi::Object {
    optional_key_schema(ClassOfService::ALL.iter().map(|class| class.key()))
}

/// A board: the portfolio kanban (epics), a product's feature kanban (features)
/// or a team's board (work items).
#[derive(Debug, Serialize, ToSchema)]
pub struct Board {
    pub id: Uuid,
    pub name: String,
    #[schema(schema_with = board_kinds)]
    pub kind: &'static str,
    /// The team working on it (team boards).
    pub team_id: Option<Uuid>,
    /// What its WIP limits count: cards, or the sum of their sizes.
    #[schema(schema_with = measures)]
    pub wip_measure: &'static str,
    /// Left to right.
    pub columns: Vec<Column>,
    pub wip_limits: Vec<WipLimit>,
    pub version: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Column {
    pub id: Uuid,
    pub name: String,
    /// From 0, left to right.
    pub position: i32,
    #[schema(schema_with = states)]
    pub state: &'static str,
    /// Whether work in it is being done or waits.
    #[schema(schema_with = activities)]
    pub activity: &'static str,
}

/// A limit on the work in progress: of a column, a class of service in a
/// column, a person, or adjacent columns together.
#[derive(Debug, Serialize, ToSchema)]
pub struct WipLimit {
    pub id: Uuid,
    #[schema(schema_with = scopes)]
    pub scope: &'static str,
    /// The column (column and lane limits), or a group's first column.
    pub column_id: Option<Uuid>,
    /// A group's last column.
    pub last_column_id: Option<Uuid>,
    #[schema(schema_with = classes_of_service)]
    pub class_of_service: Option<&'static str>,
    /// The person, as cards name their assignee.
    pub person: Option<String>,
    pub max: i32,
    /// `soft`: a move over it needs a reason; `hard`: never over it.
    #[schema(schema_with = enforcements)]
    pub enforcement: &'static str,
    /// What `If-Match` names to change or remove it (its `ETag`).
    pub version: i32,
}

impl From<wip_limit::Model> for WipLimit {
    fn from(limit: wip_limit::Model) -> WipLimit {
        WipLimit {
            id: limit.id,
            scope: limit.scope.key(),
            column_id: limit.column_id,
            last_column_id: limit.last_column_id,
            class_of_service: limit.class_of_service.map(ClassOfService::key),
            person: limit.person,
            max: limit.max,
            enforcement: limit.enforcement.key(),
            version: limit.version,
        }
    }
}

fn column(column: board_column::Model) -> Column {
    Column {
        id: column.id,
        name: column.name,
        position: column.position,
        state: column.state_category.key(),
        activity: column.activity.key(),
    }
}

async fn described(state: &AppState, board: board::Model) -> Result<Board, AppError> {
    let columns = app::store::items::columns_of(&state.db, board.id).await?;
    let limits = app::store::wip::limit_rows(&state.db, board.id).await?;
    Ok(Board {
        id: board.id,
        name: board.name,
        kind: board.kind.key(),
        team_id: board.team_id,
        wip_measure: board.wip_measure.key(),
        columns: columns.into_iter().map(column).collect(),
        wip_limits: limits.into_iter().map(WipLimit::from).collect(),
        version: board.version,
    })
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Boards {
    pub boards: Vec<Board>,
}

/// List every board, the portfolio first, then by name.
#[utoipa::path(
    get, path = "/boards", tag = "boards",
    responses(
        (status = 200, description = "Every board", body = Boards),
        CallRefusals,
    )
)]
pub async fn list_boards(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let mut boards = app::store::boards::all(&state.db)
            .await
            .map_err(AppError::from)?;
        boards.sort_by(|a, b| {
            (a.kind != BoardKind::Portfolio, &a.name)
                .cmp(&(b.kind != BoardKind::Portfolio, &b.name))
        });
        let mut described_boards = Vec::with_capacity(boards.len());
        for board in boards {
            described_boards.push(described(&state, board).await?);
        }
        Ok::<_, Problem>(Boards {
            boards: described_boards,
        })
    };
    json_or_problem(listed.await)
}

/// Read one board with its columns and WIP limits.
#[utoipa::path(
    get, path = "/boards/{id}", tag = "boards",
    params(("id" = Uuid, Path, description = "The board's id")),
    responses(
        (status = 200, description = "The board", body = Board),
        (status = 404, description = "No such board", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn get_board(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
) -> Response {
    let found = async {
        read_allowed(&identity)?;
        let id = Uuid::parse_str(&raw_id).map_err(|_| AppError::not_found("that board"))?;
        let board = app::store::boards::find(&state.db, id)
            .await
            .map_err(AppError::from)?;
        Ok::<_, Problem>(described(&state, board).await?)
    };
    json_or_problem(found.await)
}

/// A team and the board it works on.
#[derive(Debug, Serialize, ToSchema)]
pub struct Team {
    pub id: Uuid,
    pub name: String,
    pub board_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Teams {
    pub teams: Vec<Team>,
}

/// List every team by name.
#[utoipa::path(
    get, path = "/teams", tag = "boards",
    responses(
        (status = 200, description = "Every team", body = Teams),
        CallRefusals,
    )
)]
pub async fn list_teams(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let teams = app::store::boards::teams(&state.db)
            .await
            .map_err(AppError::from)?;
        let boards = app::store::boards::all(&state.db)
            .await
            .map_err(AppError::from)?;
        Ok::<_, Problem>(Teams {
            teams: teams
                .into_iter()
                .map(|team| Team {
                    board_id: boards
                        .iter()
                        .find(|board| {
                            board.kind == BoardKind::Team && board.team_id == Some(team.id)
                        })
                        .map(|board| board.id),
                    id: team.id,
                    name: team.name,
                })
                .collect(),
        })
    };
    json_or_problem(listed.await)
}

/// A product: its feature kanban's id names it.
#[derive(Debug, Serialize, ToSchema)]
pub struct Product {
    pub id: Uuid,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Products {
    pub products: Vec<Product>,
}

/// List every product by name.
#[utoipa::path(
    get, path = "/products", tag = "boards",
    responses((status = 200, description = "Every product", body = Products), CallRefusals)
)]
pub async fn list_products(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let products = app::store::boards::products(&state.db)
            .await
            .map_err(AppError::from)?;
        Ok::<_, Problem>(Products {
            products: products
                .into_iter()
                .map(|product| Product {
                    id: product.id,
                    name: product.name,
                })
                .collect(),
        })
    };
    json_or_problem(listed.await)
}
