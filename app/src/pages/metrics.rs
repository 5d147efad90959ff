use crate::components::PageTitle;
use crate::loaded::loaded;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::metrics::{
    metric_directory, metric_page, CorrectMeasurement, CreateMetric, DeleteMeasurement, LinkMetric,
    RecordMeasurement, UnlinkMetric, UpdateMetric,
};
use crate::components::{
    data_changes, enum_options, status_words, submission_error, value_with_unit, ErrorList,
    FormError, LinkedItems, MetricBadge, MetricProgress, SelectField, TextField, TrendChartView,
};
use crate::domain::outcome::{Direction, MetricForm};
use crate::domain::trend::{trend_chart, Sample};
use crate::error::AppError;
use crate::views::metrics::{MeasurementRow, MetricDirectoryView, MetricPageView};

/// `/metrics`: every outcome metric with its status, and (for those who may) the
/// form that defines a new one.
#[component]
pub fn MetricsPage() -> impl IntoView {
    let create = ServerAction::<CreateMetric>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = create.value().get() {
            navigate(&format!("/metrics/{id}"), Default::default());
        }
    });
    let created = data_changes(create);
    let directory = loaded(move || created.get(), |_| metric_directory());
    view! {
        <PageTitle text="Outcome metrics · Throughline" />
        <section class="metrics">
            <h1>"Outcome metrics"</h1>
            <p class="hint">
                "What the work is meant to move. Status compares progress with the straight line from the baseline date to the target date: on track at or above it, at risk up to a tenth of the way behind, off track further behind."
            </p>
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        directory.await.map(|directory| view! { <MetricTable directory create /> })
                    })}
                </ErrorBoundary>
            </Transition>
        </section>
    }
}

#[component]
fn MetricTable(
    directory: MetricDirectoryView,
    create: ServerAction<CreateMetric>,
) -> impl IntoView {
    let rows = directory
        .metrics
        .into_iter()
        .map(|metric| {
            let (key, label) = status_words(metric.status);
            view! {
                <tr data-metric=metric.name.clone()>
                    <th scope="row">
                        <a href=format!("/metrics/{}", metric.id)>{metric.name.clone()}</a>
                        {metric.leading.then(|| view! { <span class="leading">"Leading"</span> })}
                    </th>
                    <td>{value_with_unit(metric.current, &metric.unit)}</td>
                    <td>{value_with_unit(Some(metric.target), &metric.unit)}</td>
                    <td>
                        <MetricProgress metric=metric.clone() />
                    </td>
                    <td class=format!("status status-{key}")>{label}</td>
                    <td>{metric.owner.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    let definer = directory.may_define.then(|| {
        let error = submission_error(create);
        view! {
            <details class="edit" open=false>
                <summary>"Define a metric"</summary>
                <ActionForm action=create attr:class="stacked-form">
                    <MetricFields form=MetricForm { direction: "increase".into(), ..MetricForm::default() } error scope="new" />
                    <button type="submit">"Define metric"</button>
                </ActionForm>
                <FormError error=move || error.get() fields_inline=true />
            </details>
        }
    });
    view! {
        <table class="metric-table">
            <thead>
                <tr>
                    <th scope="col">"Metric"</th>
                    <th scope="col">"Current"</th>
                    <th scope="col">"Target"</th>
                    <th scope="col">"Progress"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Owner"</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {definer}
    }
}

/// The fields of a metric's definition.
#[component]
fn MetricFields(
    form: MetricForm,
    error: Signal<Option<AppError>>,
    scope: &'static str,
) -> impl IntoView {
    let f = |name: &str| format!("metric[{name}]");
    let leading = !form.leading.is_empty();
    view! {
        <TextField label="Name" name=f("name") field="name" value=form.name error required=true scope />
        <TextField label="Description" name=f("description") field="description" value=form.description error multiline=true scope />
        <TextField label="Unit" name=f("unit") field="unit" value=form.unit error scope />
        <SelectField label="Should" name=f("direction") field="direction" value=form.direction options=enum_options(Direction::ALL, Direction::key, Direction::label) error scope />
        <TextField label="Baseline" name=f("baseline") field="baseline" value=form.baseline error scope />
        <TextField label="Baseline date" name=f("baseline_date") field="baseline_date" value=form.baseline_date error iso_date=true scope />
        <TextField label="Target" name=f("target") field="target" value=form.target error scope />
        <TextField label="Target date" name=f("target_date") field="target_date" value=form.target_date error iso_date=true scope />
        <label class="check">
            <input type="checkbox" name=f("leading") value="on" checked=leading />
            "Leading indicator"
        </label>
        <TextField label="Owner" name=f("owner") field="owner" value=form.owner error scope />
    }
}

/// Every form of a metric's page; a completed submission reloads its data.
#[derive(Clone, Copy)]
struct MetricActions {
    update: ServerAction<UpdateMetric>,
    record: ServerAction<RecordMeasurement>,
    correct: ServerAction<CorrectMeasurement>,
    delete: ServerAction<DeleteMeasurement>,
    link: ServerAction<LinkMetric>,
    unlink: ServerAction<UnlinkMetric>,
}

/// `/metrics/:metric_id`: the metric's value, progress, status and trend chart,
/// its history, everything that claims to move it, and its forms.
#[component]
pub fn MetricPage() -> impl IntoView {
    let params = use_params_map();
    let actions = MetricActions {
        update: ServerAction::new(),
        record: ServerAction::new(),
        correct: ServerAction::new(),
        delete: ServerAction::new(),
        link: ServerAction::new(),
        unlink: ServerAction::new(),
    };
    let changes = [
        data_changes(actions.update),
        data_changes(actions.record),
        data_changes(actions.correct),
        data_changes(actions.delete),
        data_changes(actions.link),
        data_changes(actions.unlink),
    ];
    let page = loaded(
        move || {
            (
                params.read().get("metric_id").unwrap_or_default(),
                changes.map(|c| c.get()),
            )
        },
        |(id, _)| async move { metric_page(super::path_id(&id, "that metric")?).await },
    );
    #[cfg(feature = "hydrate")]
    crate::components::follow_from_read(
        move || page.with(|read| read.as_ref()?.as_ref().ok().map(|view| view.events_seen)),
        move |after| {
            crate::components::follow_metrics(
                after,
                Callback::new(move |changed: uuid::Uuid| {
                    let shown = params.read_untracked().get("metric_id");
                    if shown.is_some_and(|id| id == changed.to_string()) {
                        page.refetch();
                    }
                }),
            );
        },
    );
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    page.await.map(|page| view! { <MetricView page actions /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

#[component]
fn MetricView(page: MetricPageView, actions: MetricActions) -> impl IntoView {
    let metric = page.metric.clone();
    let id = metric.id.to_string();
    let samples: Vec<Sample> = page
        .measurements
        .iter()
        .map(|m| Sample {
            at: m.measured_at,
            value: m.value,
        })
        .collect();
    let goal = page.goal;
    let chart = trend_chart(
        &samples,
        metric.baseline,
        metric.target,
        goal.as_ref(),
        &metric.unit,
        page.read_at,
    );
    let chart_title = format!(
        "{} over time: {} measurements, baseline {}, target {}",
        metric.name,
        samples.len(),
        value_with_unit(Some(metric.baseline), &metric.unit),
        value_with_unit(Some(metric.target), &metric.unit)
    );
    let dates = goal
        .map(|g| format!(" · from {} to {}", g.baseline_date, g.target_date))
        .unwrap_or_default();
    let changeable = page.measurements.iter().any(|m| m.may_change);
    let history = page
        .measurements
        .iter()
        .rev()
        .enumerate()
        .map(|(n, m)| {
            let change = changeable.then(|| {
                view! { <td>{m.may_change.then(|| change_forms(&id, n, m, actions))}</td> }
            });
            view! {
                <tr>
                    <td>{m.measured_at.format("%Y-%m-%d %H:%M UTC").to_string()}</td>
                    <td>{value_with_unit(Some(m.value), &metric.unit)}</td>
                    <td>{m.source.clone().unwrap_or_default()}</td>
                    {change}
                </tr>
            }
        })
        .collect_view();
    let change_error: Signal<Option<AppError>> = {
        let correct = submission_error(actions.correct);
        let delete = submission_error(actions.delete);
        Signal::derive(move || correct.get().or_else(|| delete.get()))
    };
    let corrections = (!page.corrections.is_empty()).then(|| {
        let unit = metric.unit.clone();
        let lines = page
            .corrections
            .iter()
            .map(|c| {
                let was = format!(
                    "{} ({})",
                    value_with_unit(Some(c.old_value), &unit),
                    c.old_measured_at.format("%Y-%m-%d %H:%M")
                );
                let what = match c.new {
                    Some((value, at)) => format!(
                        "corrected {was} to {} ({})",
                        value_with_unit(Some(value), &unit),
                        at.format("%Y-%m-%d %H:%M")
                    ),
                    None => format!("deleted {was}"),
                };
                let who = c.who.clone().unwrap_or_else(|| "a deleted user".into());
                view! {
                    <li>
                        <time datetime=c.at.to_rfc3339()>
                            {c.at.format("%Y-%m-%d %H:%M UTC").to_string()}
                        </time>
                        {format!(" {who} {what}")}
                    </li>
                }
            })
            .collect_view();
        view! {
            <h2>"Corrections"</h2>
            <ol class="history">{lines}</ol>
        }
    });
    let claimed = if page.claimed_by.is_empty() {
        view! { <p class="hint">"Nothing claims to move this metric yet."</p> }.into_any()
    } else {
        view! { <LinkedItems items=page.claimed_by.clone() /> }.into_any()
    };
    let recorder = page.may_record.then(|| {
        let error = submission_error(actions.record);
        let id = id.clone();
        view! {
            <h2>"Record a measurement"</h2>
            <ActionForm action=actions.record attr:class="inline-form">
                <input type="hidden" name="metric_id" value=id />
                <TextField label="Value" name="measurement[value]".into() field="value" value="" error required=true scope="record" />
                <TextField label="Measured at (UTC, YYYY-MM-DD or YYYY-MM-DD HH:MM; empty for now)" name="measurement[measured_at]".into() field="measured_at" value="" error scope="record" />
                {move || far_outside_question(error.get())}
                <button type="submit">"Record"</button>
            </ActionForm>
            <FormError error=move || error.get() fields_inline=true />
        }
    });
    let linker = page.may_edit.then(|| link_forms(&page, actions));
    let direction = page.form.direction.clone();
    let editor = page.may_edit.then(|| {
        let error = submission_error(actions.update);
        let form = page.form.clone();
        view! {
            <details class="edit">
                <summary>"Change the definition"</summary>
                <ActionForm action=actions.update attr:class="stacked-form">
                    <input type="hidden" name="metric_id" value=id.clone() />
                    <input type="hidden" name="version" value=metric.version.to_string() />
                    <MetricFields form error scope="edit" />
                    <button type="submit">"Save metric"</button>
                </ActionForm>
                <FormError error=move || error.get() fields_inline=true />
            </details>
        }
    });
    view! {
        <PageTitle text=format!("{} · Throughline", metric.name) />
        <article class="metric-page">
            <p>
                <a href="/metrics">"All outcome metrics"</a>
            </p>
            <h1>{metric.name.clone()}</h1>
            <p class="item-facts">
                <MetricBadge metric=metric.clone() />
                {format!(
                    " · should {} from {} to {}{dates}",
                    direction,
                    value_with_unit(Some(metric.baseline), &metric.unit),
                    value_with_unit(Some(metric.target), &metric.unit),
                )}
                {metric.leading.then_some(" · leading indicator")}
                {metric.owner.clone().map(|owner| format!(" · owned by {owner}"))}
            </p>
            <MetricProgress metric=metric.clone() />
            <p class="description">{page.description.clone()}</p>
            <TrendChartView chart title=chart_title />
            <h2>"Claimed to move it"</h2>
            {claimed}
            {linker}
            {recorder}
            <h2>"Measurements"</h2>
            <table class="measurements">
                <thead>
                    <tr>
                        <th scope="col">"Measured at"</th>
                        <th scope="col">"Value"</th>
                        <th scope="col">"Source"</th>
                        {changeable.then(|| view! { <th scope="col">"Change"</th> })}
                    </tr>
                </thead>
                <tbody>{history}</tbody>
            </table>
            <FormError error=move || change_error.get() />
            {corrections}
            {editor}
        </article>
    }
}

/// After a value far outside the history was refused: why, and the box that says
/// it is right.
fn far_outside_question(error: Option<AppError>) -> Option<impl IntoView> {
    match error {
        Some(AppError::InvalidField { field, detail }) if field == "confirm" => Some(view! {
            <p class="form-error" role="alert">{detail}</p>
            <label class="check">
                <input type="checkbox" name="confirm" value="on" />
                "It is right: store it anyway"
            </label>
        }),
        _ => None,
    }
}

/// Correcting (behind "Correct") and deleting one measurement; the `n`th row's
/// fields get ids of their own.
fn change_forms(
    metric_id: &str,
    n: usize,
    m: &MeasurementRow,
    actions: MetricActions,
) -> impl IntoView {
    let no_error = Signal::derive(|| None);
    let scope = format!("m{n}");
    let metric_id = metric_id.to_owned();
    let measurement_id = m.id.to_string();
    let value = crate::domain::trend::format_value(m.value);
    let measured_at = m.measured_at.format("%Y-%m-%d %H:%M").to_string();
    let deleted = (metric_id.clone(), measurement_id.clone());
    view! {
        <details class="correct">
            <summary>"Correct"</summary>
            <ActionForm action=actions.correct attr:class="stacked-form">
                <input type="hidden" name="metric_id" value=metric_id.clone() />
                <input type="hidden" name="measurement_id" value=measurement_id.clone() />
                <TextField label="Value" name="measurement[value]".into() field="value" value error=no_error required=true scope=scope.clone() />
                <TextField label="Measured at (UTC)" name="measurement[measured_at]".into() field="measured_at" value=measured_at error=no_error scope />
                <label class="check">
                    <input type="checkbox" name="confirm" value="on" />
                    "Store it even if far outside the other measurements"
                </label>
                <button type="submit">"Save the correction"</button>
            </ActionForm>
        </details>
        <ActionForm action=actions.delete attr:class="inline-form">
            <input type="hidden" name="metric_id" value=deleted.0 />
            <input type="hidden" name="measurement_id" value=deleted.1 />
            <button type="submit" class="danger">"Delete"</button>
        </ActionForm>
    }
}

/// Link another item to the metric, or withdraw a link, from the metric's side.
fn link_forms(page: &MetricPageView, actions: MetricActions) -> impl IntoView {
    let id = page.metric.id.to_string();
    let error: Signal<Option<AppError>> = {
        let link = submission_error(actions.link);
        let unlink = submission_error(actions.unlink);
        Signal::derive(move || link.get().or_else(|| unlink.get()))
    };
    let options = |items: &[crate::domain::outcome::LinkedItem]| {
        items
            .iter()
            .map(|i| {
                (
                    i.item.key(),
                    format!("{}: {}", i.item.kind.label(), i.title),
                )
            })
            .collect::<Vec<_>>()
    };
    let unlinker = (!page.claimed_by.is_empty()).then(|| {
        let id = id.clone();
        let claimed = options(&page.claimed_by);
        view! {
            <ActionForm action=actions.unlink attr:class="inline-form">
                <input type="hidden" name="metric_id" value=id />
                <SelectField label="Withdraw the claim of" name="item".into() field="item" value="" options=claimed error scope="unlink" />
                <button type="submit">"Unlink"</button>
            </ActionForm>
        }
    });
    let choices = options(&page.link_choices);
    view! {
        <ActionForm action=actions.link attr:class="inline-form">
            <input type="hidden" name="metric_id" value=id />
            <SelectField label="Link an item" name="item".into() field="item" value="" options=choices error scope="link" />
            <button type="submit">"Link"</button>
        </ActionForm>
        {unlinker}
        <FormError error=move || error.get() />
    }
}
