//! `/api/v1/items`: epics, features and work items as one resource with a
//! `kind`. Reads come from `store::item_query`. Every change goes through the
//! server function the browser calls for it, so its validation, authorization,
//! WIP and process rules, audit rows and live board news happen in one place;
//! the item is then read back and answered with its new `ETag`.

use app::domain::board::StateCategory;
use app::domain::hierarchy::{ClassOfService, ItemKind, WorkItemType};
use app::domain::planning::{
    parent_field, EpicForm, FeatureForm, GoDecision, ItemForm, WorkItemForm,
};
use app::entities::epic_case;
use app::error::AppError;
use app::security::guard::RequestIdentity;
use app::store::item_query::{self, After, ItemFilter, Located};
use axum::{
    body::Bytes,
    extract::{Path, RawQuery, State},
    http::{header, request::Parts, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Extension, Json,
};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::forms::{object, written_over, Typed};
use super::keys::{key_schema, optional_key_schema};
use super::paging;
use super::preconditions::{etag, if_match, not_modified, versioned};
use super::problem::{
    CallRefusals, ChangeRefusals, Problem, ProblemDetails, CONTENT_TYPE as PROBLEM,
};
use super::{as_server_function, read_allowed};
use crate::startup::AppState;

const KINDS: [ItemKind; 3] = [ItemKind::Epic, ItemKind::Feature, ItemKind::WorkItem];

fn kinds() -> utoipa::openapi::Object {
    key_schema(KINDS.iter().map(|kind| kind.key()))
}
fn states() -> utoipa::openapi::Object {
    key_schema(StateCategory::ALL.iter().map(|state| state.key()))
}
fn work_types() -> utoipa::openapi::Object {
    optional_key_schema(WorkItemType::ALL.iter().map(|t| t.key()))
}
fn classes_of_service() -> utoipa::openapi::Object {
    optional_key_schema(ClassOfService::ALL.iter().map(|c| c.key()))
}
fn decisions() -> utoipa::openapi::Object {
    optional_key_schema(GoDecision::ALL.iter().map(|d| d.key()))
}

/// An epic, feature or work item, where it sits, and its fields. Fields another
/// kind has are `null` (an epic's `assignee`, a work item's `owner`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Item {
    pub id: Uuid,
    #[schema(schema_with = kinds)]
    pub kind: &'static str,
    pub board_id: Uuid,
    pub column_id: Uuid,
    /// The column's name.
    pub column: String,
    /// The column's state category.
    #[schema(schema_with = states)]
    pub state: &'static str,
    /// The theme above an epic, the epic above a feature, the feature above a
    /// work item; `null` when not aligned yet.
    pub parent_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    /// Order within the column: lower is higher on the board.
    pub rank: i64,
    pub target_date: Option<NaiveDate>,
    /// Epics: who owns it.
    pub owner: Option<String>,
    /// Features: when it is done.
    pub acceptance_criteria: Option<String>,
    /// Features and work items: story points (1, 2, 3, 5, 8, 13, 20).
    pub size: Option<i32>,
    /// Epics and features: WSJF estimates (1, 2, 3, 5, 8, 13, 20).
    pub business_value: Option<i16>,
    pub time_criticality: Option<i16>,
    pub risk_reduction: Option<i16>,
    pub job_size: Option<i16>,
    #[schema(schema_with = work_types)]
    pub work_type: Option<&'static str>,
    pub assignee: Option<String>,
    pub blocked: bool,
    pub blocked_reason: Option<String>,
    #[schema(schema_with = classes_of_service)]
    pub class_of_service: Option<&'static str>,
    /// Epics: the hypothesis statement ("For … who …, the … is a … that …. Unlike
    /// …, our solution …") and the lean business case.
    pub hypothesis_for: Option<String>,
    pub hypothesis_who: Option<String>,
    pub hypothesis_the: Option<String>,
    pub hypothesis_is_a: Option<String>,
    pub hypothesis_that: Option<String>,
    pub hypothesis_unlike: Option<String>,
    pub hypothesis_our_solution: Option<String>,
    pub business_outcome: Option<String>,
    pub leading_indicators: Option<String>,
    pub nonfunctional_requirements: Option<String>,
    pub mvp_cost: Option<i64>,
    pub full_cost: Option<i64>,
    /// The portfolio's go or no-go, with its date and reason.
    #[schema(schema_with = decisions)]
    pub decision: Option<&'static str>,
    pub decision_date: Option<NaiveDate>,
    pub decision_reason: Option<String>,
    /// Where an imported item came from (`jira:DRN-12`).
    pub source_key: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// When it entered the column it is in.
    pub entered_column_at: Option<DateTime<Utc>>,
    /// Changes with every change; the `ETag` of a single read.
    pub version: i32,
}

impl From<Located> for Item {
    fn from(Located { item, column, case }: Located) -> Item {
        let only = |kinds: &[ItemKind]| kinds.contains(&item.kind);
        let case_text =
            |text: fn(&epic_case::Model) -> &String| case.as_ref().map(|c| text(c).clone());
        Item {
            hypothesis_for: case_text(|c| &c.hypothesis_for),
            hypothesis_who: case_text(|c| &c.hypothesis_who),
            hypothesis_the: case_text(|c| &c.hypothesis_the),
            hypothesis_is_a: case_text(|c| &c.hypothesis_is_a),
            hypothesis_that: case_text(|c| &c.hypothesis_that),
            hypothesis_unlike: case_text(|c| &c.hypothesis_unlike),
            hypothesis_our_solution: case_text(|c| &c.hypothesis_our_solution),
            business_outcome: case_text(|c| &c.business_outcome),
            leading_indicators: case_text(|c| &c.leading_indicators),
            nonfunctional_requirements: case_text(|c| &c.nonfunctional_requirements),
            decision_reason: case_text(|c| &c.decision_reason),
            mvp_cost: case.as_ref().and_then(|c| c.mvp_cost),
            full_cost: case.as_ref().and_then(|c| c.full_cost),
            decision: case.as_ref().and_then(|c| c.decision).map(GoDecision::key),
            decision_date: case.as_ref().and_then(|c| c.decision_date),
            id: item.id,
            kind: item.kind.key(),
            board_id: column.board_id,
            column_id: column.id,
            column: column.name,
            state: column.state_category.key(),
            parent_id: item.parent_id,
            acceptance_criteria: only(&[ItemKind::Feature]).then_some(item.acceptance_criteria),
            title: item.title,
            description: item.description,
            rank: item.rank,
            target_date: item.target_date,
            owner: item.owner,
            size: item.size,
            business_value: item.business_value,
            time_criticality: item.time_criticality,
            risk_reduction: item.risk_reduction,
            job_size: item.job_size,
            work_type: item.work_type.map(WorkItemType::key),
            assignee: item.assignee,
            blocked: item.blocked,
            blocked_reason: item.blocked_reason,
            class_of_service: item.class_of_service.map(ClassOfService::key),
            source_key: item.source_key,
            created_at: item.created_at,
            updated_at: item.updated_at,
            entered_column_at: item.entered_column_at,
            version: item.version,
        }
    }
}

/// One page of items.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemPage {
    pub items: Vec<Item>,
    /// Pass as `cursor` for the next page; `null` on the last page.
    pub next_cursor: Option<String>,
}

/// Which items, in what order, a page at a time. Every filter is optional.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// `epic`, `feature` or `work_item`.
    kind: Option<String>,
    /// Items on this board.
    board_id: Option<String>,
    /// Items in this column.
    column_id: Option<String>,
    /// Items in columns of this state category: `not_started`, `started`, `done`.
    state: Option<String>,
    /// Work items assigned to this person (any case).
    assignee: Option<String>,
    /// Items under this theme, epic or feature.
    parent_id: Option<String>,
    /// Items changed at or after this time (RFC 3339).
    updated_since: Option<String>,
    /// `created_at` (default), `updated_at`, or `-created_at`/`-updated_at` for
    /// newest first.
    sort: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    limit: Option<String>,
    /// The previous page's `next_cursor`.
    cursor: Option<String>,
}

fn kind(field: &str, raw: &str) -> Result<ItemKind, Problem> {
    raw.parse::<ItemKind>()
        .ok()
        .filter(|kind| KINDS.contains(kind))
        .ok_or_else(|| {
            Problem::invalid(
                field,
                format!("“{raw}” is not a kind of item: epic, feature or work_item"),
            )
        })
}

impl ListQuery {
    fn filter(self) -> Result<ItemFilter, Problem> {
        let filter = ItemFilter {
            kind: self
                .kind
                .as_deref()
                .map(|raw| kind("kind", raw))
                .transpose()?,
            board: paging::id("board_id", self.board_id)?,
            column: paging::id("column_id", self.column_id)?,
            state: self
                .state
                .as_deref()
                .map(|raw| {
                    raw.parse::<StateCategory>()
                        .map_err(|error| Problem::invalid("state", error.to_string()))
                })
                .transpose()?,
            assignee: self.assignee.filter(|name| !name.trim().is_empty()),
            parent: paging::id("parent_id", self.parent_id)?,
            updated_since: paging::time("updated_since", self.updated_since.as_deref())?,
        };
        Ok(filter)
    }
}

/// List items, a page at a time.
#[utoipa::path(
    get, path = "/items", tag = "items",
    params(ListQuery),
    responses(
        (status = 200, description = "A page of items; `Link` names the next page", body = ItemPage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
        (status = 400, description = "A parameter is not understood (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn list_items(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    RawQuery(raw): RawQuery,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let mut asked = paging::query::<ListQuery>(raw.as_deref())?;
        let order = paging::order(asked.sort.take().as_deref())?;
        let limit = paging::limit(asked.limit.take().as_deref())?;
        let after = paging::after(order, asked.cursor.take().as_deref())?;
        let filter = asked.filter()?;
        // One more than asked says whether another page follows.
        let mut found = item_query::page(&state.db, &filter, order, after, limit + 1)
            .await
            .map_err(AppError::from)?;
        let next_cursor = paging::next_page(&mut found, limit, order, |last| After {
            at: last.sorted_at(order.key),
            id: last.item.id,
        });
        Ok::<_, Problem>(ItemPage {
            items: found.into_iter().map(Item::from).collect(),
            next_cursor,
        })
    };
    match listed.await {
        Ok(page) => {
            let next = page.next_cursor.clone();
            paging::answer(Json(page), next.as_deref(), "/api/v1/items", raw.as_deref())
        }
        Err(problem) => problem.into_response(),
    }
}

fn item_id(raw: &str) -> Result<Uuid, Problem> {
    Uuid::parse_str(raw).map_err(|_| Problem::from(AppError::not_found("that item")))
}

async fn read(state: &AppState, id: Uuid) -> Result<Located, Problem> {
    Ok(item_query::one(&state.db, id)
        .await
        .map_err(AppError::from)?)
}

/// The item as answered: its JSON, its `ETag`, and its address when just made.
fn answer(status: StatusCode, item: Located) -> Response {
    let (version, location) = (item.item.version, format!("/api/v1/items/{}", item.item.id));
    versioned(status, Item::from(item), version, &location)
}

/// Read one item.
#[utoipa::path(
    get, path = "/items/{id}", tag = "items",
    params(("id" = Uuid, Path, description = "The item's id"),
        ("If-None-Match" = Option<String>, Header, description = "An `ETag` you hold: 304 if it is still current")),
    responses(
        (status = 200, description = "The item", body = Item,
            headers(("ETag" = String, description = "Its version, for `If-Match`"))),
        (status = 304, description = "The item is still at the version `If-None-Match` names"),
        (status = 404, description = "No such item", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn get_item(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let found = async {
        read_allowed(&identity)?;
        read(&state, item_id(&raw_id)?).await
    };
    match found.await {
        Ok(item) if not_modified(&headers, item.item.version) => {
            let mut response = StatusCode::NOT_MODIFIED.into_response();
            response
                .headers_mut()
                .insert(header::ETAG, etag(item.item.version));
            response
        }
        Ok(item) => answer(StatusCode::OK, item),
        Err(problem) => problem.into_response(),
    }
}

const EPICS: &[ItemKind] = &[ItemKind::Epic];
const FEATURES: &[ItemKind] = &[ItemKind::Feature];
const WORK_ITEMS: &[ItemKind] = &[ItemKind::WorkItem];
const ESTIMATED: &[ItemKind] = &[ItemKind::Epic, ItemKind::Feature];
const SIZED: &[ItemKind] = &[ItemKind::Feature, ItemKind::WorkItem];

/// The fields a client may write, and the kinds that have them. Each is the
/// form's field of the same name, but for [`form_field`]'s two.
const FIELDS: &[(&str, &[ItemKind])] = &[
    ("title", &KINDS),
    ("description", &KINDS),
    ("parent_id", &KINDS),
    ("target_date", &KINDS),
    ("owner", EPICS),
    ("acceptance_criteria", FEATURES),
    ("size", SIZED),
    ("business_value", ESTIMATED),
    ("time_criticality", ESTIMATED),
    ("risk_reduction", ESTIMATED),
    ("job_size", ESTIMATED),
    ("work_type", WORK_ITEMS),
    ("assignee", WORK_ITEMS),
    ("blocked", WORK_ITEMS),
    ("blocked_reason", WORK_ITEMS),
    ("class_of_service", WORK_ITEMS),
    ("hypothesis_for", EPICS),
    ("hypothesis_who", EPICS),
    ("hypothesis_the", EPICS),
    ("hypothesis_is_a", EPICS),
    ("hypothesis_that", EPICS),
    ("hypothesis_unlike", EPICS),
    ("hypothesis_our_solution", EPICS),
    ("business_outcome", EPICS),
    ("leading_indicators", EPICS),
    ("nonfunctional_requirements", EPICS),
    ("mvp_cost", EPICS),
    ("full_cost", EPICS),
    ("decision", EPICS),
    ("decision_date", EPICS),
    ("decision_reason", EPICS),
];

/// The form's name of an API field of `kind`: the parent is the form's
/// `theme_id`, `epic_id` or `feature_id`; the work type its `kind`.
fn form_field(kind: ItemKind, api: &'static str) -> &'static str {
    match api {
        "parent_id" => parent_field(kind),
        "work_type" => "kind",
        same => same,
    }
}

/// The API's name of a form's field, for the errors the form's rules give.
fn api_field(kind: ItemKind, form: &str) -> String {
    FIELDS
        .iter()
        .find(|(api, kinds)| kinds.contains(&kind) && form_field(kind, api) == form)
        .map_or(form, |(api, _)| *api)
        .to_owned()
}

/// A refusal from the form's rules or the store, naming the API's field.
fn refusal(kind: ItemKind, error: AppError) -> Problem {
    let mut problem = Problem::from(error);
    problem.field = problem.field.map(|field| api_field(kind, &field));
    problem
}

/// The item form `base` of `kind` with `fields` written over it.
fn item_form<F: Serialize + DeserializeOwned>(
    base: &F,
    kind: ItemKind,
    fields: &Map<String, Value>,
) -> Result<F, Problem> {
    written_over(base, fields, |name| {
        match FIELDS.iter().find(|(api, _)| *api == name) {
            Some((api, kinds)) if kinds.contains(&kind) => {
                let typed = if *api == "blocked" {
                    Typed::Checkbox
                } else {
                    Typed::Text
                };
                Ok((form_field(kind, api), typed))
            }
            Some(_) => Err(Problem::invalid(
                name,
                format!("{}s have no {name}", kind.label().to_lowercase()),
            )),
            None => Err(Problem::invalid(name, unwritable(name))),
        }
    })
}

fn unwritable(name: &str) -> String {
    match name {
        "column_id" | "before_id" => {
            "an item changes column by a move: POST /api/v1/items/{id}/move".into()
        }
        "kind" | "board_id" | "id" | "version" | "rank" | "column" | "state" | "created_at"
        | "updated_at" | "entered_column_at" | "source_key" => {
            format!("{name} cannot be written here")
        }
        _ => format!("items have no field {name}"),
    }
}

/// A new item: its kind, its board, and any writable fields (`title` at least).
// The document's description of the body: the handler reads the body as a JSON
// object instead, so that each refusal names the field at fault.
#[allow(dead_code)]
#[derive(Debug, Deserialize, ToSchema)]
pub struct NewItem {
    #[schema(schema_with = kinds)]
    pub kind: String,
    /// A feature's product (feature board) or a work item's team board; an
    /// epic goes on the portfolio (its id may be given or left out).
    pub board_id: Option<Uuid>,
    #[schema(inline)]
    #[serde(flatten)]
    pub fields: ItemFields,
}

/// The fields a client writes; each applies to the kinds named (a field of
/// another kind is refused). `null` clears a field.
#[allow(dead_code)] // Described, not read: see `NewItem`.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ItemFields {
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    pub description: Option<String>,
    /// The theme (epic), epic (feature) or feature (work item) above it.
    pub parent_id: Option<Uuid>,
    /// `YYYY-MM-DD`; fixed-date work items need one.
    pub target_date: Option<NaiveDate>,
    /// Epics.
    pub owner: Option<String>,
    /// Features.
    pub acceptance_criteria: Option<String>,
    /// Features and work items: 1, 2, 3, 5, 8, 13 or 20.
    pub size: Option<i32>,
    /// Epics and features: 1, 2, 3, 5, 8, 13 or 20 (WSJF).
    pub business_value: Option<i32>,
    pub time_criticality: Option<i32>,
    pub risk_reduction: Option<i32>,
    pub job_size: Option<i32>,
    /// Work items.
    #[schema(schema_with = work_types)]
    pub work_type: Option<String>,
    /// Work items: one of the team's people.
    pub assignee: Option<String>,
    /// Work items.
    pub blocked: Option<bool>,
    /// Work items, when blocked.
    pub blocked_reason: Option<String>,
    /// Work items.
    #[schema(schema_with = classes_of_service)]
    pub class_of_service: Option<String>,
    /// Epics: the hypothesis statement's parts.
    pub hypothesis_for: Option<String>,
    pub hypothesis_who: Option<String>,
    pub hypothesis_the: Option<String>,
    pub hypothesis_is_a: Option<String>,
    pub hypothesis_that: Option<String>,
    pub hypothesis_unlike: Option<String>,
    pub hypothesis_our_solution: Option<String>,
    pub business_outcome: Option<String>,
    pub leading_indicators: Option<String>,
    pub nonfunctional_requirements: Option<String>,
    /// Epics: whole currency units; the MVP's at most the whole epic's.
    pub mvp_cost: Option<i64>,
    pub full_cost: Option<i64>,
    /// Epics: `go` or `no_go`, with `decision_date` and `decision_reason`.
    #[schema(schema_with = decisions)]
    pub decision: Option<String>,
    pub decision_date: Option<NaiveDate>,
    pub decision_reason: Option<String>,
}

/// Create an item at the bottom of its board's first column.
#[utoipa::path(
    post, path = "/items", tag = "items",
    request_body = NewItem,
    responses(
        (status = 201, description = "Made; `Location` is its address", body = Item,
            headers(("Location" = String), ("ETag" = String))),
        (status = 400, description = "A field breaks a rule (named in `field`)", body = ProblemDetails, content_type = PROBLEM),
        (status = 404, description = "No such board or parent", body = ProblemDetails, content_type = PROBLEM),
        (status = 409, description = "A hard WIP limit is full", body = ProblemDetails, content_type = PROBLEM),
        CallRefusals,
    )
)]
pub async fn create_item(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let made = async {
        read_allowed(&identity)?;
        let mut fields = object(&body)?;
        let kind = match fields.remove("kind") {
            Some(Value::String(raw)) => self::kind("kind", &raw)?,
            _ => {
                return Err(Problem::invalid(
                    "kind",
                    "say the kind: epic, feature or work_item",
                ))
            }
        };
        let board = match fields.remove("board_id") {
            None | Some(Value::Null) => None,
            Some(Value::String(raw)) => Some(
                Uuid::parse_str(&raw)
                    .map_err(|_| Problem::invalid("board_id", format!("“{raw}” is not an id")))?,
            ),
            Some(_) => return Err(Problem::invalid("board_id", "board_id is a board's id")),
        };
        let board = match board {
            Some(id) => Some(
                app::store::boards::find(&state.db, id)
                    .await
                    .map_err(|_| Problem::invalid("board_id", "there is no such board"))?,
            ),
            None => None,
        };
        let wrong_board = |board: &app::entities::board::Model| {
            Problem::invalid(
                "board_id",
                format!(
                    "“{}” holds {}s, not {}s",
                    board.name,
                    board.kind.cards().label().to_lowercase(),
                    kind.label().to_lowercase()
                ),
            )
        };
        let id = match (kind, board) {
            (_, Some(board)) if board.kind.cards() != kind => return Err(wrong_board(&board)),
            (ItemKind::Epic, _) => {
                let form = item_form(&EpicForm::default(), kind, &fields)?;
                as_server_function(&state, parts, app::api::planning::create_epic(form)).await
            }
            (ItemKind::Feature, Some(board)) => {
                let form = item_form(&FeatureForm::default(), kind, &fields)?;
                as_server_function(
                    &state,
                    parts,
                    app::api::planning::create_feature(board.id, form),
                )
                .await
            }
            (_, Some(board)) => {
                let team = board.team_id.ok_or_else(|| wrong_board(&board))?;
                let form = item_form(&WorkItemForm::default(), kind, &fields)?;
                as_server_function(
                    &state,
                    parts,
                    app::api::planning::create_work_item(team, form),
                )
                .await
            }
            (_, None) => {
                return Err(Problem::invalid(
                    "board_id",
                    format!(
                        "say which board the {} goes on",
                        kind.label().to_lowercase()
                    ),
                ))
            }
        }
        .map_err(|error| refusal(kind, error))?;
        read(&state, item_id(&id)?).await
    };
    match made.await {
        Ok(item) => answer(StatusCode::CREATED, item),
        Err(problem) => problem.into_response(),
    }
}

/// The item named by the path, and the version `If-Match` holds it to.
async fn to_change(
    state: &AppState,
    identity: &RequestIdentity,
    raw_id: &str,
    headers: &HeaderMap,
) -> Result<(Located, i32), Problem> {
    read_allowed(identity)?;
    let item = read(state, item_id(raw_id)?).await?;
    let version = if_match(headers, item.item.version)?;
    Ok((item, version))
}

/// Change some fields of an item; the others stay as they are.
#[utoipa::path(
    patch, path = "/items/{id}", tag = "items",
    params(("id" = Uuid, Path, description = "The item's id"),
        ("If-Match" = String, Header, description = "The `ETag` of the version you change")),
    request_body = ItemFields,
    responses(
        (status = 200, description = "Changed", body = Item, headers(("ETag" = String))),
        ChangeRefusals,
        CallRefusals,
    )
)]
pub async fn patch_item(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let changed = async {
        let (item, version) = to_change(&state, &identity, &raw_id, &parts.headers).await?;
        let fields = object(&body)?;
        let (kind, id) = (item.item.kind, item.item.id);
        let (saved, _) = app::store::detail::form(&state.db, &item.item)
            .await
            .map_err(AppError::from)?;
        use app::api::planning::{update_epic, update_feature, update_work_item};
        match saved {
            ItemForm::Epic(form) => {
                let form = item_form(form.as_ref(), kind, &fields)?;
                as_server_function(&state, parts, update_epic(id, version, form)).await
            }
            ItemForm::Feature(form) => {
                let form = item_form(&form, kind, &fields)?;
                as_server_function(&state, parts, update_feature(id, version, form)).await
            }
            ItemForm::WorkItem(form) => {
                let form = item_form(&form, kind, &fields)?;
                as_server_function(&state, parts, update_work_item(id, version, form)).await
            }
        }
        .map_err(|error| refusal(kind, error))?;
        read(&state, id).await
    };
    match changed.await {
        Ok(item) => answer(StatusCode::OK, item),
        Err(problem) => problem.into_response(),
    }
}

/// Where to move an item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Move {
    /// A column of the item's board.
    pub column_id: Uuid,
    /// The card to place it just above; without it, the bottom of the column.
    pub before_id: Option<Uuid>,
    /// Why, when the move takes a soft WIP limit over or finishes an item that
    /// others wait on (409 asks for it).
    pub reason: Option<String>,
}

/// Move an item to a column of its board, under the board's WIP limits and
/// process rules (the same as a move on the board).
#[utoipa::path(
    post, path = "/items/{id}/move", tag = "items",
    params(("id" = Uuid, Path, description = "The item's id"),
        ("If-Match" = String, Header, description = "The `ETag` of the version you move")),
    request_body = Move,
    responses(
        (status = 200, description = "Moved", body = Item, headers(("ETag" = String))),
        ChangeRefusals,
        CallRefusals,
    )
)]
pub async fn move_item(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    parts: Parts,
    body: Bytes,
) -> Response {
    let moved = async {
        let (item, version) = to_change(&state, &identity, &raw_id, &parts.headers).await?;
        let wanted: Move = serde_json::from_slice(&body).map_err(|error| {
            Problem::invalid(
                "body",
                format!("the body must be {{\"column_id\", \"before_id\"?, \"reason\"?}}: {error}"),
            )
        })?;
        let (kind, id) = (item.item.kind, item.item.id);
        as_server_function(
            &state,
            parts,
            app::api::planning::move_item(
                kind.key().to_owned(),
                id,
                wanted.column_id,
                version,
                wanted.before_id.map(|before| before.to_string()),
                wanted.reason,
            ),
        )
        .await
        .map_err(|error| refusal(kind, error))?;
        read(&state, id).await
    };
    match moved.await {
        Ok(item) => answer(StatusCode::OK, item),
        Err(problem) => problem.into_response(),
    }
}

/// What becomes of the children of an item being deleted.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeleteQuery {
    /// `delete` (with it) or `move` (under `move_children_to`); required when
    /// it has children.
    children: Option<String>,
    /// The item of its own kind to move its children under.
    move_children_to: Option<String>,
}

/// Delete an item.
#[utoipa::path(
    delete, path = "/items/{id}", tag = "items",
    params(("id" = Uuid, Path, description = "The item's id"),
        ("If-Match" = String, Header, description = "The `ETag` of the version you delete"),
        DeleteQuery),
    responses(
        (status = 204, description = "Deleted"),
        ChangeRefusals,
        CallRefusals,
    )
)]
pub async fn delete_item(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    Path(raw_id): Path<String>,
    RawQuery(raw): RawQuery,
    parts: Parts,
) -> Response {
    let deleted = async {
        let (item, version) = to_change(&state, &identity, &raw_id, &parts.headers).await?;
        let choice = paging::query::<DeleteQuery>(raw.as_deref())?;
        let kind = item.item.kind;
        as_server_function(
            &state,
            parts,
            app::api::planning::delete_item(
                kind.key().to_owned(),
                item.item.id,
                version,
                choice.children,
                choice.move_children_to,
            ),
        )
        .await
        .map_err(|error| refusal(kind, error))?;
        Ok::<_, Problem>(())
    };
    match deleted.await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(problem) => problem.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(json: Value) -> Map<String, Value> {
        match json {
            Value::Object(map) => map,
            _ => unreachable!(),
        }
    }

    #[test]
    fn written_fields_land_in_the_form_as_typed_in_and_the_rest_stay() {
        let saved = WorkItemForm {
            title: "Old".into(),
            assignee: "Ana".into(),
            ..WorkItemForm::default()
        };
        let form = item_form(
            &saved,
            ItemKind::WorkItem,
            &fields(serde_json::json!({
                "title": "New", "size": 5, "blocked": true, "work_type": "defect",
                "parent_id": "7d0c0d3e-8a4c-4b63-9a6a-2f0f0f0f0f0f", "target_date": null
            })),
        )
        .unwrap();
        assert_eq!(form.title, "New");
        assert_eq!(form.assignee, "Ana");
        assert_eq!(form.size, "5");
        assert_eq!(form.blocked, "on");
        assert_eq!(form.kind, "defect");
        assert_eq!(form.feature_id, "7d0c0d3e-8a4c-4b63-9a6a-2f0f0f0f0f0f");
        assert_eq!(form.target_date, "");
    }

    #[test]
    fn a_field_of_another_kind_or_of_no_kind_is_refused_by_name() {
        let refused = |json: Value| {
            item_form(&EpicForm::default(), ItemKind::Epic, &fields(json))
                .unwrap_err()
                .field
        };
        assert_eq!(
            refused(serde_json::json!({"assignee": "Ana"})).as_deref(),
            Some("assignee")
        );
        assert_eq!(
            refused(serde_json::json!({"colour": "red"})).as_deref(),
            Some("colour")
        );
        assert_eq!(
            refused(serde_json::json!({"column_id": "x"})).as_deref(),
            Some("column_id")
        );
        assert_eq!(
            refused(serde_json::json!({"title": ["a"]})).as_deref(),
            Some("title")
        );
    }

    #[test]
    fn the_form_s_field_names_become_the_api_s_in_refusals() {
        assert_eq!(api_field(ItemKind::WorkItem, "feature_id"), "parent_id");
        assert_eq!(api_field(ItemKind::Epic, "theme_id"), "parent_id");
        assert_eq!(api_field(ItemKind::WorkItem, "kind"), "work_type");
        assert_eq!(api_field(ItemKind::Feature, "size"), "size");
    }

    #[test]
    fn the_documented_fields_are_the_written_ones() {
        use crate::rest::forms::{documented_fields, sorted};
        let written = sorted(FIELDS.iter().map(|(api, _)| *api));
        assert_eq!(documented_fields::<ItemFields>(), written);
    }
}
