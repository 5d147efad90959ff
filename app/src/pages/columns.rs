use crate::components::PageTitle;
use crate::loaded::loaded;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::boards::team_board;
use crate::api::columns::{AddColumn, MoveColumn, RemoveColumn, UpdateColumn};
use crate::components::{
    data_changes, submission_error, ErrorList, FormError, SelectField, TextField,
};
use crate::domain::board::{Activity, Board, Column, StateCategory};
use crate::error::AppError;

/// `/teams/:team_id/columns`: the team reshapes its board. Each column is mapped to
/// not started / started / done and marked active or waiting, which flow metrics read.
#[component]
pub fn ColumnsPage() -> impl IntoView {
    let params = use_params_map();
    let actions = ColumnActions {
        add: ServerAction::new(),
        update: ServerAction::new(),
        shift: ServerAction::new(),
        remove: ServerAction::new(),
    };
    let changes = [
        data_changes(actions.add),
        data_changes(actions.update),
        data_changes(actions.shift),
        data_changes(actions.remove),
    ];
    let board = loaded(
        move || {
            (
                params.read().get("team_id").unwrap_or_default(),
                changes.map(|c| c.get()),
            )
        },
        |(team_id, _)| async move {
            team_board(super::path_id(&team_id, "that team")?, Some(true)).await
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    board.await.map(|board| view! { <ColumnSettings board=board.board actions /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct ColumnActions {
    add: ServerAction<AddColumn>,
    update: ServerAction<UpdateColumn>,
    shift: ServerAction<MoveColumn>,
    remove: ServerAction<RemoveColumn>,
}

fn category_options() -> Vec<(String, String)> {
    StateCategory::ALL
        .iter()
        .map(|c| (c.key().to_owned(), c.label().to_owned()))
        .collect()
}

fn activity_options() -> Vec<(String, String)> {
    Activity::ALL
        .iter()
        .map(|a| (a.key().to_owned(), a.label().to_owned()))
        .collect()
}

#[component]
fn ColumnSettings(board: Board, actions: ColumnActions) -> impl IntoView {
    let team_id = board.team_id.map(|t| t.to_string()).unwrap_or_default();
    let add_error = submission_error(actions.add);
    let update_error = submission_error(actions.update);
    let shift_error = submission_error(actions.shift);
    let remove_error = submission_error(actions.remove);
    let error: Signal<Option<AppError>> =
        Signal::derive(move || shift_error.get().or_else(|| remove_error.get()));
    let rows = board
        .columns
        .into_iter()
        .map(|column| view! { <ColumnRow column actions update_error /> })
        .collect_view();
    view! {
        <PageTitle text=format!("Columns of {} · Throughline", board.name) />
        <section class="column-settings">
            <h1>{format!("Columns of {}", board.name)}</h1>
            <p>
                <a href=format!("/teams/{team_id}")>"Back to the board"</a>
            </p>
            <p class="hint">
                "Columns run not started, started, done from left to right. Flow metrics count a card as started from its first started column, and as waiting while it sits in a wait column."
            </p>
            <FormError error=move || error.get() />
            <FormError error=move || update_error.get() fields_inline=true />
            <ol class="column-list">{rows}</ol>
            <h2>"Add a column"</h2>
            <ActionForm action=actions.add attr:class="inline-form">
                <input type="hidden" name="team_id" value=team_id />
                <TextField label="Name" name="column[name]".into() field="name" value="" error=add_error required=true scope="new" />
                <SelectField label="State" name="column[category]".into() field="category" value="started" options=category_options() error=add_error scope="new" />
                <SelectField label="Activity" name="column[activity]".into() field="activity" value="active" options=activity_options() error=add_error scope="new" />
                <button type="submit">"Add column"</button>
            </ActionForm>
            <FormError error=move || add_error.get() fields_inline=true />
        </section>
    }
}

#[component]
fn ColumnRow(
    column: Column,
    actions: ColumnActions,
    update_error: Signal<Option<AppError>>,
) -> impl IntoView {
    let id = column.id.to_string();
    let (update_id, shift_id) = (id.clone(), id.clone());
    let scope = format!("c{}-", column.id);
    let name = column.name.clone();
    let (left, right, remove) = (
        format!("Move {name} left"),
        format!("Move {name} right"),
        format!("Remove {name}"),
    );
    view! {
        <li class="column-row" aria-label=name>
            <ActionForm action=actions.update attr:class="inline-form">
                <input type="hidden" name="column_id" value=update_id />
                <input type="hidden" name="version" value=column.version.to_string() />
                <TextField label="Name" name="column[name]".into() field="name" value=column.name error=update_error required=true scope=scope.clone() />
                <SelectField label="State" name="column[category]".into() field="category" value=column.category.key() options=category_options() error=update_error scope=scope.clone() />
                <SelectField label="Activity" name="column[activity]".into() field="activity" value=column.activity.key() options=activity_options() error=update_error scope=scope />
                <button type="submit">"Save"</button>
            </ActionForm>
            <ActionForm action=actions.shift attr:class="inline-form">
                <input type="hidden" name="column_id" value=shift_id />
                <button type="submit" name="direction" value="left" aria-label=left>
                    "←"
                </button>
                <button type="submit" name="direction" value="right" aria-label=right>
                    "→"
                </button>
            </ActionForm>
            <ActionForm action=actions.remove attr:class="inline-form">
                <input type="hidden" name="column_id" value=id />
                <button type="submit" class="danger" aria-label=remove>
                    "Remove"
                </button>
            </ActionForm>
        </li>
    }
}
