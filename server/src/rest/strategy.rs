//! `/api/v1/visions`: the vision and its strategic themes, the top of the chain
//! every epic hangs under (`parent_id` of an epic names a theme).

use app::error::AppError;
use app::security::guard::RequestIdentity;
use axum::{extract::State, response::Response, Extension};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::problem::{CallRefusals, Problem};
use super::{json_or_problem, read_allowed};
use crate::startup::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct Vision {
    pub id: Uuid,
    pub title: String,
    pub statement: String,
    /// In their rank order.
    pub themes: Vec<Theme>,
    pub version: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Theme {
    pub id: Uuid,
    pub title: String,
    pub statement: String,
    pub version: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Visions {
    pub visions: Vec<Vision>,
}

/// List the visions with their strategic themes.
#[utoipa::path(
    get, path = "/visions", tag = "strategy",
    responses((status = 200, description = "The visions and their themes", body = Visions), CallRefusals)
)]
pub async fn list_visions(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
) -> Response {
    let listed = async {
        read_allowed(&identity)?;
        let visions = app::store::vision::all(&state.db)
            .await
            .map_err(AppError::from)?;
        Ok::<_, Problem>(Visions {
            visions: visions
                .into_iter()
                .map(|(vision, themes)| Vision {
                    id: vision.id,
                    title: vision.title,
                    statement: vision.statement,
                    themes: themes
                        .into_iter()
                        .map(|theme| Theme {
                            id: theme.id,
                            title: theme.title,
                            statement: theme.description,
                            version: theme.version,
                        })
                        .collect(),
                    version: vision.version,
                })
                .collect(),
        })
    };
    json_or_problem(listed.await)
}
