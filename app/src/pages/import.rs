use crate::loaded::loaded;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::import::{
    import_desk, import_preview, DiscardImport, MapImportStatuses, StartImport,
};
use crate::components::{data_changes, posted_error, ErrorList, FormError, PageTitle};
use crate::domain::import::{ImportState, Tool};
use crate::views::import::{
    preview_href, ImportDeskView, ImportPreviewView, StatusRow, UploadRow, IMPORT_PAGE, UPLOAD_PATH,
};

/// `/admin/import`: upload a Jira or Trello export, and the latest uploads.
#[component]
pub fn ImportPage() -> impl IntoView {
    let desk = loaded(|| (), |_| import_desk());
    view! {
        <PageTitle text="Import · Throughline" />
        <section class="account import">
            <h1>"Import from Jira or Trello"</h1>
            <Suspense>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        desk.await.map(|desk| view! { <UploadForm desk /> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// A plain multipart form: the file goes to the server as it is, with or without
/// JavaScript.
#[component]
fn UploadForm(desk: ImportDeskView) -> impl IntoView {
    let ImportDeskView {
        team_boards,
        product_boards,
        uploads,
    } = desk;
    view! {
        <p>
            "Bring a team's work in with its history: a Jira issue search exported as CSV (all fields), or a Trello board exported as JSON. You see what would be imported before anything is; importing the same file again updates what it imported before, never duplicates it."
        </p>
        <form
            method="post"
            action=UPLOAD_PATH
            enctype="multipart/form-data"
            class="stacked-form"
        >
            <label>
                "Exported from"
                <select name="tool">
                    {Tool::ALL
                        .iter()
                        .map(|tool| view! { <option value=tool.key()>{tool.label()}</option> })
                        .collect_view()}
                </select>
            </label>
            <label>"File" <input type="file" name="file" accept=".csv,.json" required /></label>
            <label>
                "Work items go to the team board"
                <select name="team_board_id" required>
                    {team_boards
                        .into_iter()
                        .map(|board| {
                            view! { <option value=board.id.to_string()>{board.name}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                "Jira epics go, as features, to the product"
                <select name="product_board_id">
                    <option value="">"None: epics are not imported"</option>
                    {product_boards
                        .into_iter()
                        .map(|board| {
                            view! { <option value=board.id.to_string()>{board.name}</option> }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit">"Upload and preview"</button>
        </form>
        <FormError error=|| posted_error(UPLOAD_PATH) />
        <UploadList uploads />
    }
}

#[component]
fn UploadList(uploads: Vec<UploadRow>) -> impl IntoView {
    if uploads.is_empty() {
        return view! { <p>"Nothing uploaded yet."</p> }.into_any();
    }
    view! {
        <h2>"Latest uploads"</h2>
        <table class="uploads">
            <thead>
                <tr>
                    <th>"File"</th>
                    <th>"Onto"</th>
                    <th>"Uploaded"</th>
                    <th>"State"</th>
                </tr>
            </thead>
            <tbody>
                {uploads
                    .into_iter()
                    .map(|upload| {
                        let href = preview_href(upload.id);
                        let state = match upload.state {
                            ImportState::Imported => {
                                format!(
                                    "Imported: {} created, {} updated, {} unchanged",
                                    upload.created,
                                    upload.updated,
                                    upload.unchanged,
                                )
                            }
                            state => state.label().to_owned(),
                        };
                        view! {
                            <tr>
                                <td>
                                    <a href=href>{upload.file_name}</a>
                                    " "
                                    <small>{upload.tool.label()}</small>
                                </td>
                                <td>{upload.board}</td>
                                <td>
                                    {upload.uploaded_at.format("%Y-%m-%d %H:%M UTC").to_string()}
                                    " by "
                                    {upload.uploaded_by}
                                </td>
                                <td>{state}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

#[derive(Clone, Copy)]
struct PreviewActions {
    map: ServerAction<MapImportStatuses>,
    start: ServerAction<StartImport>,
    discard: ServerAction<DiscardImport>,
}

/// `/admin/import/:upload_id`: what an uploaded file would import, its statuses'
/// columns to confirm, the import's progress and its result.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let actions = PreviewActions {
        map: ServerAction::new(),
        start: ServerAction::new(),
        discard: ServerAction::new(),
    };
    let changes = [data_changes(actions.map), data_changes(actions.start)];
    let preview = loaded(
        move || {
            (
                params.read().get("upload_id").unwrap_or_default(),
                changes.map(|c| c.get()),
            )
        },
        |(upload_id, _)| async move { import_preview(super::path_id(&upload_id, "that upload")?).await },
    );
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = actions.discard.value().get() {
            navigate(IMPORT_PAGE, Default::default());
        }
    });
    let last_error = move || {
        actions
            .map
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| actions.start.value().get().and_then(Result::err))
            .or_else(|| actions.discard.value().get().and_then(Result::err))
    };
    view! {
        <section class="account import">
            <Suspense>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        preview
                            .await
                            .map(|preview| {
                                view! {
                                    <Preview preview actions />
                                    <FormError error=last_error />
                                }
                            })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn Preview(preview: ImportPreviewView, actions: PreviewActions) -> impl IntoView {
    let title = format!("Import “{}”", preview.file_name);
    let id = preview.id.to_string();
    let kinds = preview
        .kinds
        .iter()
        .map(|(kind, count)| format!("{count} {kind}"))
        .collect::<Vec<_>>()
        .join(", ");
    let onto = match &preview.product {
        Some(product) => format!(
            "Onto the team board {}, epics onto the product {}.",
            preview.team.name, product
        ),
        None => format!("Onto the team board {}.", preview.team.name),
    };
    let locked = preview.underway;
    let actions_view = (!locked).then(|| {
        let label = if preview.state == ImportState::Imported {
            format!("Import again ({} items)", preview.ready)
        } else {
            format!("Import {} items", preview.ready)
        };
        let (start_id, discard_id) = (id.clone(), id.clone());
        view! {
            <div class="import-actions">
                <ActionForm action=actions.start attr:class="inline-form">
                    <input type="hidden" name="upload_id" value=start_id />
                    <button type="submit" disabled=preview.ready == 0>
                        {label}
                    </button>
                </ActionForm>
                <ActionForm action=actions.discard attr:class="inline-form">
                    <input type="hidden" name="upload_id" value=discard_id />
                    <button type="submit" class="secondary">
                        "Discard this upload"
                    </button>
                </ActionForm>
            </div>
        }
    });
    view! {
        <PageTitle text=format!("{title} · Throughline") />
        <p>
            <a href=IMPORT_PAGE>"← Imports"</a>
        </p>
        <h1>{title}</h1>
        <p>
            {format!(
                "{} file uploaded {} by {}. ",
                preview.tool.label(),
                preview.uploaded_at.format("%Y-%m-%d %H:%M UTC"),
                preview.uploaded_by,
            )} {onto}
        </p>
        <Outcome preview=preview.clone() />
        <h2>"What the file holds"</h2>
        <p class="import-counts">
            {format!("{} items: {kinds}. ", preview.items)}
            <strong>{format!("Ready to import: {} of {}.", preview.ready, preview.items)}</strong>
        </p>
        {(!preview.notes.is_empty())
            .then(|| {
                view! {
                    <ul class="import-notes">
                        {preview
                            .notes
                            .iter()
                            .map(|note| view! { <li>{note.clone()}</li> })
                            .collect_view()}
                    </ul>
                }
            })}
        <StatusMapping
            id
            statuses=preview.statuses.clone()
            columns=preview.columns.clone()
            locked
            map=actions.map
        />
        <EpicStatuses statuses=preview.epic_statuses.clone() />
        <Skipped preview=preview.clone() />
        {actions_view}
    }
}

/// The import's progress (the page reloads itself while it runs) or its result.
#[component]
fn Outcome(preview: ImportPreviewView) -> impl IntoView {
    let board = format!("/teams/{}", preview.team.id);
    if preview.underway {
        return view! {
            // Works with and without JavaScript, however the import was started.
            <leptos_meta::Meta http_equiv="refresh" content="1" />
            <div class="import-progress" role="status">
                <p>{format!("Importing: {} of {} items written…", preview.done, preview.total)}</p>
                <progress max=preview.total value=preview.done></progress>
            </div>
        }
        .into_any();
    }
    match preview.state {
        ImportState::Imported => view! {
            <div class="import-result" role="status">
                <p>
                    {format!(
                        "Imported: {} created, {} updated, {} unchanged, {} moves recorded.",
                        preview.created,
                        preview.updated,
                        preview.unchanged,
                        preview.moves,
                    )}
                </p>
                <p>
                    <a href=board>{format!("Open the board {}", preview.team.name)}</a>
                </p>
            </div>
        }
        .into_any(),
        ImportState::Failed | ImportState::Importing => view! {
            <div class="import-result failed" role="alert">
                <p>
                    {format!(
                        "The import stopped after {} of {} items: {}",
                        preview.done,
                        preview.total,
                        preview.failure.clone().unwrap_or_else(|| "its server stopped".into()),
                    )}
                </p>
                <p>"Import again to finish it: what was written is found again, not duplicated."</p>
            </div>
        }
        .into_any(),
        ImportState::Ready => ().into_any(),
    }
}

/// Each work item status with its column, to confirm or change.
#[component]
fn StatusMapping(
    id: String,
    statuses: Vec<StatusRow>,
    columns: Vec<String>,
    locked: bool,
    map: ServerAction<MapImportStatuses>,
) -> impl IntoView {
    view! {
        <h2>"Statuses onto the board's columns"</h2>
        <ActionForm action=map attr:class="import-mapping">
            <input type="hidden" name="upload_id" value=id />
            <table>
                <thead>
                    <tr>
                        <th>"Status in the file"</th>
                        <th>"Items"</th>
                        <th>"Column"</th>
                        <th>"Why"</th>
                    </tr>
                </thead>
                <tbody>
                    {statuses
                        .into_iter()
                        .enumerate()
                        .map(|(n, row)| {
                            let label = format!("Column for {}", row.status);
                            view! {
                                <tr>
                                    <td>
                                        {row.status.clone()}
                                        <input
                                            type="hidden"
                                            name=format!("statuses[{n}]")
                                            value=row.status.clone()
                                        />
                                    </td>
                                    <td>{row.items}</td>
                                    <td>
                                        <select
                                            name=format!("columns[{n}]")
                                            aria-label=label
                                            disabled=locked
                                        >
                                            {row
                                                .column
                                                .is_none()
                                                .then(|| {
                                                    view! {
                                                        <option value="" selected>
                                                            "No column: not imported"
                                                        </option>
                                                    }
                                                })}
                                            {columns
                                                .iter()
                                                .map(|column| {
                                                    let chosen = row.column.as_deref()
                                                        == Some(column.as_str());
                                                    view! {
                                                        <option value=column.clone() selected=chosen>
                                                            {column.clone()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </td>
                                    <td>{row.by}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <button type="submit" disabled=locked>
                "Update the preview"
            </button>
        </ActionForm>
    }
}

#[component]
fn EpicStatuses(statuses: Vec<StatusRow>) -> impl IntoView {
    (!statuses.is_empty()).then(|| {
        view! {
            <h2>"Epics' statuses onto the product's columns"</h2>
            <ul>
                {statuses
                    .into_iter()
                    .map(|row| {
                        let column = row.column.unwrap_or_else(|| "no column".into());
                        view! {
                            <li>
                                {format!("{} ({} items) → {column} ({})", row.status, row.items, row.by)}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

#[component]
fn Skipped(preview: ImportPreviewView) -> impl IntoView {
    (!preview.skipped.is_empty()).then(|| {
        view! {
            <details class="import-skipped">
                <summary>{format!("Not imported: {}", preview.skipped.len())}</summary>
                <ul>
                    {preview
                        .skipped
                        .into_iter()
                        .map(|row| view! { <li>{format!("{}: {}", row.label, row.reason)}</li> })
                        .collect_view()}
                </ul>
            </details>
        }
    })
}
