use crate::components::PageTitle;
use crate::loaded::loaded;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::wip::{wip_report, wip_settings, RemoveWipLimit, SaveWipLimit, SetWipMeasure};
use crate::components::{
    data_changes, enum_options, submission_error, ErrorList, FormError, SelectField, TextField,
};
use crate::domain::hierarchy::ClassOfService;
use crate::domain::wip::{Enforcement, LimitForm, Measure, ScopeKind};
use crate::domain::NamedRef;
use crate::error::AppError;
use crate::views::wip::{LimitRow, WipReportView, WipSettingsView};

/// `/boards/:board_id/limits`: a board's WIP limits of every kind.
#[component]
pub fn WipLimitsPage() -> impl IntoView {
    let params = use_params_map();
    let actions = LimitActions {
        save: ServerAction::new(),
        remove: ServerAction::new(),
        measure: ServerAction::new(),
    };
    let changes = [
        data_changes(actions.save),
        data_changes(actions.remove),
        data_changes(actions.measure),
    ];
    let settings = loaded(
        move || {
            (
                params.read().get("board_id").unwrap_or_default(),
                changes.map(|c| c.get()),
            )
        },
        |(board_id, _)| async move { wip_settings(super::path_id(&board_id, "that board")?).await },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    settings.await.map(|settings| view! { <LimitSettings settings actions /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[derive(Clone, Copy)]
struct LimitActions {
    save: ServerAction<SaveWipLimit>,
    remove: ServerAction<RemoveWipLimit>,
    measure: ServerAction<SetWipMeasure>,
}

fn column_options(columns: &[NamedRef]) -> Vec<(String, String)> {
    columns
        .iter()
        .map(|c| (c.id.to_string(), c.name.clone()))
        .collect()
}

#[component]
fn LimitSettings(settings: WipSettingsView, actions: LimitActions) -> impl IntoView {
    let board_id = settings.board_id.to_string();
    let save_error = submission_error(actions.save);
    let other_error: Signal<Option<AppError>> = {
        let remove = submission_error(actions.remove);
        let measure = submission_error(actions.measure);
        Signal::derive(move || remove.get().or_else(|| measure.get()))
    };
    let rows = settings
        .limits
        .into_iter()
        .map(|limit| {
            view! {
                <LimitEditor
                    board_id=board_id.clone()
                    limit
                    columns=settings.columns.clone()
                    actions
                    error=save_error
                    may_edit=settings.may_edit
                />
            }
        })
        .collect_view();
    let editor = settings.may_edit.then(|| {
        let measure_board = board_id.clone();
        let new_board = board_id.clone();
        let columns = settings.columns.clone();
        view! {
            <ActionForm action=actions.measure attr:class="inline-form">
                <input type="hidden" name="board_id" value=measure_board />
                <SelectField label="Limits count" name="measure".into() field="measure" value=settings.measure.key() options=enum_options(Measure::ALL, Measure::key, Measure::label) error=other_error scope="measure" />
                <button type="submit">"Save"</button>
            </ActionForm>
            <h2>"Add a limit"</h2>
            <ActionForm action=actions.save attr:class="stacked-form">
                <input type="hidden" name="board_id" value=new_board />
                <LimitFields form=LimitForm { kind: "column".into(), enforcement: "soft".into(), ..LimitForm::default() } columns error=save_error scope="new".into() />
                <button type="submit">"Add limit"</button>
            </ActionForm>
        }
    });
    view! {
        <PageTitle text=format!("WIP limits of {} · Throughline", settings.board.name) />
        <section class="wip-settings">
            <h1>{format!("WIP limits of {}", settings.board.name)}</h1>
            <p>
                <a href=settings.board.href()>"Back to the board"</a>
            </p>
            <p class="hint">
                "A soft limit lets a move go over it with a written reason, recorded in the WIP report; a hard limit refuses the move. A move inside a group, or out of a column, is never stopped."
            </p>
            <FormError error=move || other_error.get() />
            // A saved limit's refusal that no one field owns (one that exists, a
            // stale version) is said here; a field's, beside the field.
            <FormError error=move || save_error.get() fields_inline=true />
            <ol class="limit-list">{rows}</ol>
            {editor}
        </section>
    }
}

/// The fields of a limit; which ones matter depends on its kind.
#[component]
fn LimitFields(
    form: LimitForm,
    columns: Vec<NamedRef>,
    error: Signal<Option<AppError>>,
    scope: String,
) -> impl IntoView {
    let f = |name: &str| format!("limit[{name}]");
    let options = column_options(&columns);
    // Each kind's own fields (`ScopeKind::fields`); the stylesheet shows only the
    // chosen kind's, with or without JavaScript.
    let kinds = |field: &str| {
        ScopeKind::reading(field)
            .map(ScopeKind::key)
            .collect::<Vec<_>>()
            .join(" ")
    };
    view! {
        <div class="limit-fields">
            <SelectField label="Kind" name=f("kind") field="kind" value=form.kind options=enum_options(ScopeKind::ALL, ScopeKind::key, ScopeKind::label) error scope=scope.clone() />
            <div class="limit-field" data-kinds=kinds("column_id")>
                <SelectField label="Column (first of a group)" name=f("column_id") field="column_id" value=form.column_id options=options.clone() error empty="–" scope=scope.clone() />
            </div>
            <div class="limit-field" data-kinds=kinds("last_column_id")>
                <SelectField label="Last column of a group" name=f("last_column_id") field="last_column_id" value=form.last_column_id options=options error empty="–" scope=scope.clone() />
            </div>
            <div class="limit-field" data-kinds=kinds("class_of_service")>
                <SelectField label="Class of service (lane)" name=f("class_of_service") field="class_of_service" value=form.class_of_service options=enum_options(ClassOfService::ALL, ClassOfService::key, ClassOfService::label) error empty="–" scope=scope.clone() />
            </div>
            <div class="limit-field" data-kinds=kinds("person")>
                <TextField label="Person" name=f("person") field="person" value=form.person error scope=scope.clone() />
            </div>
            <TextField label="Limit" name=f("max") field="max" value=form.max error scope=scope.clone() />
            <SelectField label="Enforcement" name=f("enforcement") field="enforcement" value=form.enforcement options=enum_options(Enforcement::ALL, Enforcement::key, Enforcement::label) error scope />
        </div>
    }
}

#[component]
fn LimitEditor(
    board_id: String,
    limit: LimitRow,
    columns: Vec<NamedRef>,
    actions: LimitActions,
    error: Signal<Option<AppError>>,
    may_edit: bool,
) -> impl IntoView {
    let label = limit.label.clone();
    let summary = format!(
        "{}: {} ({})",
        limit.label, limit.form.max, limit.form.enforcement
    );
    if !may_edit {
        return view! { <li>{summary}</li> }.into_any();
    }
    let (save_board, remove_board) = (board_id.clone(), board_id);
    let (save_id, remove_id) = (limit.id.to_string(), limit.id.to_string());
    let remove_label = format!("Remove the limit of {label}");
    view! {
        <li class="limit-row" aria-label=label>
            <details>
                <summary>{summary}</summary>
                <ActionForm action=actions.save attr:class="stacked-form">
                    <input type="hidden" name="board_id" value=save_board />
                    <input type="hidden" name="limit_id" value=save_id />
                    <input type="hidden" name="version" value=limit.version.to_string() />
                    <LimitFields form=limit.form columns error scope=format!("l{}-", limit.id) />
                    <button type="submit">"Save limit"</button>
                </ActionForm>
            </details>
            // Removing asks first: a limit once gone no longer guards the board.
            <details class="remove-limit">
                <summary aria-label=remove_label>"Remove…"</summary>
                <p>{format!("Remove the limit of {label}? Moves are no longer checked against it.")}</p>
                <ActionForm action=actions.remove attr:class="inline-form">
                    <input type="hidden" name="board_id" value=remove_board />
                    <input type="hidden" name="limit_id" value=remove_id />
                    <button type="submit" class="danger">"Remove the limit"</button>
                </ActionForm>
            </details>
        </li>
    }
    .into_any()
}

/// `/reports/wip`: every time a soft limit was gone over, and what is over now.
#[component]
pub fn WipReportPage() -> impl IntoView {
    let report = loaded(|| (), |_| wip_report());
    view! {
        <PageTitle text="WIP report · Throughline" />
        <section class="wip-report">
            <h1>"WIP report"</h1>
            // `download` keeps the router out of it.
            <p>
                <a href="/reports/wip.csv" download>
                    "Download as CSV"
                </a>
            </p>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        report.await.map(|report| view! { <Report report /> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

/// "2 h 5 min", "3 d 4 h", "40 s".
fn duration(seconds: i64) -> String {
    let (days, hours, minutes) = (seconds / 86_400, seconds / 3_600 % 24, seconds / 60 % 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

#[component]
fn Report(report: WipReportView) -> impl IntoView {
    let over_now = if report.over_now.is_empty() {
        view! { <p>"No limit is over its maximum."</p> }.into_any()
    } else {
        view! {
            <ul class="over-now">
                {report
                    .over_now
                    .into_iter()
                    .map(|row| {
                        view! {
                            <li data-wip="over">
                                <a href=row.board.href()>{row.board.name.clone()}</a>
                                ": "
                                {row.limit}
                                " "
                                {format!("{} / {} ({})", row.load, row.max, row.enforcement.key())}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };
    let now = report.read_at;
    let rows = report
        .infractions
        .into_iter()
        .map(|row| {
            let lasted = match row.resolved_at {
                Some(end) => duration((end - row.at).num_seconds()),
                None => format!("still over ({})", duration((now - row.at).num_seconds())),
            };
            view! {
                <tr>
                    <td>
                        <time datetime=row.at.to_rfc3339()>
                            {row.at.format("%Y-%m-%d %H:%M UTC").to_string()}
                        </time>
                    </td>
                    <td>{row.board}</td>
                    <td>{format!("{} ({}/{})", row.limit, row.load, row.max)}</td>
                    <td>{row.item}</td>
                    <td>{row.who.unwrap_or_else(|| "a deleted user".into())}</td>
                    <td class="reason">{row.reason}</td>
                    <td>{lasted}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>"Over a limit now"</h2>
        {over_now}
        <h2>"Soft limits gone over"</h2>
        <table class="infractions">
            <thead>
                <tr>
                    <th>"When"</th>
                    <th>"Board"</th>
                    <th>"Limit"</th>
                    <th>"Card"</th>
                    <th>"Who"</th>
                    <th>"Reason"</th>
                    <th>"Over for"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
