//! `POST /admin/import/upload`: an admin's file for the import page, as a plain
//! multipart form (it works without JavaScript). The file is read and checked by
//! its tool's reader, kept in the database, and the browser goes on to its
//! preview; a refused file goes back to the form with the reason, as any refused
//! form does.

use app::domain::access::Action;
use app::domain::import::{self, Tool, MAX_FILE_BYTES};
use app::error::AppError;
use app::security::guard::RequestIdentity;
use app::store::import_uploads::NewUpload;
use app::views::import::{preview_href, IMPORT_PAGE, UPLOAD_PATH};
use axum::{
    extract::{multipart::Field, Multipart, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use leptos::server_fn::error::ServerFnUrlError;
use uuid::Uuid;

use crate::security::{authorize, refuse};
use crate::startup::AppState;

/// The largest body: the largest file, and room for the form's other fields.
pub const BODY_MAX: usize = MAX_FILE_BYTES as usize + 64 * 1024;

pub async fn receive(
    State(state): State<AppState>,
    Extension(identity): Extension<RequestIdentity>,
    headers: HeaderMap,
    form: Multipart,
) -> Response {
    if let Err(refusal) = authorize(&identity, Action::ImportWork) {
        return refuse(refusal);
    }
    let Some(principal) = identity.principal else {
        return refuse(AppError::SignInRequired);
    };
    let upload = match read_form(form, principal.user_id).await {
        Ok(upload) => upload,
        Err(error) => return back_to_the_form(&headers, error),
    };
    match app::store::import_uploads::create(&state.db, upload, chrono::Utc::now()).await {
        Ok(id) => Redirect::to(&preview_href(id)).into_response(),
        Err(error) => back_to_the_form(&headers, error.into()),
    }
}

/// The form's fields: `tool`, `team_board_id`, `product_board_id` (may be empty)
/// and `file`, in any order.
async fn read_form(mut form: Multipart, uploaded_by: Uuid) -> Result<NewUpload, AppError> {
    let (mut tool, mut team, mut product, mut file) = (None, None, None, None);
    while let Some(field) = form.next_field().await.map_err(unreadable)? {
        match field.name().unwrap_or_default() {
            "tool" => {
                let key = text(field).await?;
                tool = Some(
                    key.parse::<Tool>()
                        .map_err(|unknown| invalid("tool", unknown.to_string()))?,
                );
            }
            "team_board_id" => team = Some(id(&text(field).await?, "team_board_id")?),
            "product_board_id" => {
                let raw = text(field).await?;
                product = (!raw.trim().is_empty())
                    .then(|| id(&raw, "product_board_id"))
                    .transpose()?;
            }
            "file" => {
                let name = field.file_name().unwrap_or("upload").to_owned();
                let bytes = field.bytes().await.map_err(unreadable)?;
                file = Some((name, bytes.to_vec()));
            }
            _ => {}
        }
    }
    let tool = tool.ok_or_else(|| invalid("tool", "choose the tool the file comes from".into()))?;
    let team_board = team.ok_or_else(|| invalid("team_board_id", "choose a team board".into()))?;
    let (file_name, bytes) = file
        .filter(|(_, bytes)| !bytes.is_empty())
        .ok_or_else(|| invalid("file", "choose the file to import".into()))?;
    let content = import::decode(bytes).map_err(|bad| invalid("file", bad.0))?;
    // Read now, so a file that is not the tool's export is refused at once.
    tool.read(&content).map_err(|bad| invalid("file", bad.0))?;
    Ok(NewUpload {
        tool,
        file_name: clean_file_name(&file_name),
        content,
        team_board,
        product_board: product,
        uploaded_by,
    })
}

async fn text(field: Field<'_>) -> Result<String, AppError> {
    field.text().await.map_err(unreadable)
}

fn id(raw: &str, field: &str) -> Result<Uuid, AppError> {
    raw.trim()
        .parse()
        .map_err(|_| invalid(field, format!("“{raw}” is not the id of a board")))
}

fn invalid(field: &str, detail: String) -> AppError {
    AppError::InvalidField {
        field: field.to_owned(),
        detail,
    }
}

/// A form cut short or too large.
fn unreadable(error: axum::extract::multipart::MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        invalid("file", import::over_the_limit().0)
    } else {
        AppError::Invalid {
            detail: format!("the upload could not be read: {}", error.body_text()),
        }
    }
}

/// A file name as shown: its last path part (some browsers send more), one line.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let line: String = base.chars().filter(|c| !c.is_control()).take(200).collect();
    if line.trim().is_empty() {
        "upload".into()
    } else {
        line
    }
}

/// Back to the import page with the refusal, the way a refused plain form post
/// goes back (`posted_errors` keeps it out of the address).
fn back_to_the_form(headers: &HeaderMap, error: AppError) -> Response {
    // The page's own address (the Referer, same-origin), so the site's scheme
    // and host behind a proxy are kept; else this request's host.
    let page = headers
        .get(header::REFERER)
        .and_then(|referer| url::Url::parse(referer.to_str().ok()?).ok())
        .map(|mut page| {
            page.set_path(IMPORT_PAGE);
            page.set_query(None);
            page.to_string()
        })
        .unwrap_or_else(|| {
            let host = headers
                .get(header::HOST)
                .and_then(|host| host.to_str().ok())
                .unwrap_or("localhost");
            format!("http://{host}{IMPORT_PAGE}")
        });
    match ServerFnUrlError::new(UPLOAD_PATH, error.clone()).to_url(&page) {
        Ok(address) => Redirect::to(address.as_str()).into_response(),
        Err(_) => refuse(error),
    }
}

#[cfg(test)]
mod tests {
    use super::clean_file_name;

    #[test]
    fn a_file_name_is_its_last_part_on_one_line() {
        assert_eq!(clean_file_name("C:\\exports\\jira.csv"), "jira.csv");
        assert_eq!(clean_file_name("board\n.json"), "board.json");
        assert_eq!(clean_file_name(""), "upload");
    }
}
