use crate::components::{changed_elsewhere, PageTitle};
use crate::loaded::loaded;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map};

use crate::api::dependencies::{AddDependency, RemoveDependency};
use crate::api::metrics::{LinkMetric, UnlinkMetric};
use crate::api::planning::{
    item_detail, CreateFeature, CreateWorkItem, DeleteItem, MoveItem, UpdateEpic, UpdateFeature,
    UpdateWorkItem,
};
use crate::components::{
    data_changes, enum_options, scale_options, submission_error, ErrorList, FormError, History,
    MetricBadge, MetricLinks, ProgressBar, SelectField, TextField,
};
use crate::domain::dependency::DependencyRow;
use crate::domain::flow::FlowLink;
use crate::domain::hierarchy::TreeNode;
use crate::domain::hierarchy::{ClassOfService, ItemKind, ItemRef, WorkItemType};
use crate::domain::planning::ItemForm;
use crate::domain::planning::{EpicForm, EstimatesForm, FeatureForm, GoDecision, WorkItemForm};
use crate::domain::NamedRef;
use crate::error::AppError;
use crate::views::planning::{item_href, ForecastView, ItemDetailView};

/// `/epics/:item_id`, `/features/:item_id`, `/work-items/:item_id`: one item, the
/// chain it serves up to the vision, everything below it, its forms and history.
#[component]
pub fn ItemPage(kind: ItemKind) -> impl IntoView {
    let params = use_params_map();
    let actions = PageActions::new();
    let changes = actions.data_changes();
    let detail = loaded(
        move || {
            (
                params.read().get("item_id").unwrap_or_default(),
                changes.map(|c| c.get()),
            )
        },
        move |(id, _)| async move {
            item_detail(kind.key().to_owned(), super::path_id(&id, &kind.that())?).await
        },
    );
    let reload = Callback::new(move |()| detail.refetch());
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    detail.await.map(|detail| view! { <ItemView detail actions reload /> })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// Every form of an item page; a submission that changed something reloads the
/// page's data.
#[derive(Clone, Copy)]
struct PageActions {
    epic: ServerAction<UpdateEpic>,
    feature: ServerAction<UpdateFeature>,
    work_item: ServerAction<UpdateWorkItem>,
    add_feature: ServerAction<CreateFeature>,
    add_work_item: ServerAction<CreateWorkItem>,
    delete: ServerAction<DeleteItem>,
    moved: ServerAction<MoveItem>,
    link: ServerAction<LinkMetric>,
    unlink: ServerAction<UnlinkMetric>,
    depend: ServerAction<AddDependency>,
    undepend: ServerAction<RemoveDependency>,
}

impl PageActions {
    fn new() -> Self {
        let actions = PageActions {
            epic: ServerAction::new(),
            feature: ServerAction::new(),
            work_item: ServerAction::new(),
            add_feature: ServerAction::new(),
            add_work_item: ServerAction::new(),
            delete: ServerAction::new(),
            moved: ServerAction::new(),
            link: ServerAction::new(),
            unlink: ServerAction::new(),
            depend: ServerAction::new(),
            undepend: ServerAction::new(),
        };
        let navigate = use_navigate();
        Effect::new(move |_| {
            if let Some(Ok(board)) = actions.delete.value().get() {
                navigate(&board, Default::default());
            }
        });
        actions
    }

    /// What the page's data reloads on (see `data_changes`); made once per page.
    fn data_changes(&self) -> [Signal<usize>; 10] {
        [
            data_changes(self.epic),
            data_changes(self.feature),
            data_changes(self.work_item),
            data_changes(self.add_feature),
            data_changes(self.add_work_item),
            data_changes(self.moved),
            data_changes(self.link),
            data_changes(self.unlink),
            data_changes(self.depend),
            data_changes(self.undepend),
        ]
    }
}

#[component]
fn ItemView(detail: ItemDetailView, actions: PageActions, reload: Callback<()>) -> impl IntoView {
    let changed = changed_elsewhere(
        detail.board.id,
        detail.id,
        detail.version,
        detail.events_seen,
    );
    // Shown, never applied by itself: the page may hold a half-made edit.
    let changed_notice = move || {
        changed.get().map(|actor| {
            view! {
                <p class="changed-elsewhere" role="status">
                    {format!("{actor} changed this item since this page was read.")}
                    " "
                    <button type="button" on:click=move |_| reload.run(())>
                        "Show the changes"
                    </button>
                </p>
            }
        })
    };
    let crumbs = detail
        .chain
        .iter()
        .rev()
        .map(|link| {
            view! {
                <li data-kind=link.kind.key()>
                    <span class="chain-kind">{link.kind.label()}</span>
                    " "
                    <a href=item_href(link.kind, link.id)>{link.title.clone()}</a>
                </li>
            }
        })
        .collect_view();
    let unaligned = detail.chain.is_empty().then(|| {
        view! { <li class="unaligned">"Unaligned: not linked to the strategy"</li> }
    });
    let progress = detail.tree.as_ref().and_then(|node| node.progress);
    let children = detail
        .tree
        .clone()
        .map(|node| node.children)
        .unwrap_or_default();
    let child_label = match detail.kind {
        ItemKind::Epic => "Features",
        _ => "Work items",
    };
    let has_children = !children.is_empty();
    let outcomes = outcome_section(&detail, actions);
    let mover = detail
        .may_edit
        .then(|| view! { <MoveForm detail=detail.clone() action=actions.moved /> });
    let fields = item_fields(&detail.form);
    let editor = detail.may_edit.then(|| edit_form(&detail, actions));
    let adder = add_child_form(&detail, actions);
    let deleter = detail
        .may_edit
        .then(|| view! { <DeleteForm detail=detail.clone() has_children action=actions.delete /> });
    view! {
        <PageTitle text=format!("{} · Throughline", detail.title) />
        <article class="item-page" data-kind=detail.kind.key()>
            <nav aria-label="Chain to the vision">
                <ol class="breadcrumb">{crumbs} {unaligned}</ol>
            </nav>
            <h1>{detail.title.clone()}</h1>
            {changed_notice}
            <p class="item-facts">
                {detail.kind.label()} " · " <span class="item-column">{detail.column.clone()}</span>
                " on " <a href=detail.board.href()>{detail.board.name.clone()}</a>
                {detail.wsjf.map(|score| format!(" · WSJF {score:.1}"))}
            </p>
            {progress.map(|progress| view! { <ProgressBar progress /> })}
            {fields}
            {editor}
            {mover}
            {outcomes}
            {(detail.kind != ItemKind::WorkItem)
                .then(|| {
                    view! {
                        <section class="children" aria-label=child_label>
                            <h2>{child_label}</h2>
                            {if has_children {
                                view! { <ul class="tree">{children.into_iter().map(child_node).collect_view()}</ul> }
                                    .into_any()
                            } else {
                                view! { <p class="hint">"Nothing below it yet."</p> }.into_any()
                            }}
                            {adder}
                            <FlowBelow links=detail.flow_below.clone() />
                        </section>
                    }
                })}
            {detail.forecast.clone().map(forecast_section)}
            {dependencies_section(&detail, actions)}
            {deleter}
            <h2>"History"</h2>
            <History entries=detail.history.clone() />
        </article>
    }
}

/// Links to the flow of what is under the item, on each board holding it.
#[component]
fn FlowBelow(links: Vec<FlowLink>) -> impl IntoView {
    (!links.is_empty()).then(|| {
        let links = links
            .into_iter()
            .map(|link| view! { <li><a href=link.href()>{link.board.clone()}</a></li> })
            .collect_view();
        view! {
            <nav class="flow-below" aria-label="Flow of the work under it">
                "Flow of the work under it: "
                <ul>{links}</ul>
            </nav>
        }
    })
}

/// When the work left under an epic or a feature is done, at its teams' pace, or
/// why no forecast is given.
fn forecast_section(forecast: ForecastView) -> impl IntoView {
    use crate::domain::forecast::{HISTORY_DAYS, LIKELIHOODS};
    let body = match forecast.outcome {
        Ok(outcome) => {
            let teams = match forecast.teams.as_slice() {
                [] => "its teams".to_owned(),
                [one] => one.clone(),
                [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
            };
            let pace = format!(
                "At the pace of {teams} over the last {HISTORY_DAYS} days ({} work items finished), the {} work items left are done by:",
                outcome.finished_in_history, outcome.remaining
            );
            let dates = LIKELIHOODS
                .iter()
                .zip(outcome.done_by)
                .map(|(percent, date)| view! { <li>{format!("{date} ({percent} % likely)")}</li> })
                .collect_view();
            let target = outcome
                .meets_target
                .zip(forecast.target)
                .map(|(likely, target)| {
                    view! {
                        <p class="forecast-target">
                            {format!("Target date {target}: {:.0} % likely.", likely * 100.0)}
                        </p>
                    }
                });
            view! {
                <p>{pace}</p>
                <ul class="forecast-dates">{dates}</ul>
                {target}
            }
            .into_any()
        }
        Err(why) => view! { <p class="hint">{format!("No forecast: {why}.")}</p> }.into_any(),
    };
    view! {
        <section class="forecast" aria-labelledby="forecast-heading">
            <h2 id="forecast-heading">"Forecast"</h2>
            {body}
        </section>
    }
}

/// What the item waits on and what waits on it, each with its state and whether
/// it is late; with the form to make it wait on another item.
fn dependencies_section(detail: &ItemDetailView, actions: PageActions) -> impl IntoView {
    let error: Signal<Option<AppError>> = {
        let add = submission_error(actions.depend);
        let remove = submission_error(actions.undepend);
        Signal::derive(move || add.get().or_else(|| remove.get()))
    };
    let may_edit = detail.may_edit;
    let item_id = detail.id;
    let list = |rows: Vec<DependencyRow>, none: &'static str, removable: bool| {
        if rows.is_empty() {
            return view! { <p class="hint">{none}</p> }.into_any();
        }
        let rows = rows
            .into_iter()
            .map(|row| {
                let dates = [
                    row.needed_by.map(|d| format!("needed by {d}")),
                    row.expected
                        .filter(|_| !row.done)
                        .map(|d| format!("expected {d}")),
                ]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
                let remove_label = format!("Remove “{}”", row.title);
                let remover = (removable && may_edit).then(|| {
                    view! {
                        <ActionForm action=actions.undepend attr:class="inline-form">
                            <input type="hidden" name="item_id" value=item_id.to_string() />
                            <input type="hidden" name="dependency_id" value=row.id.to_string() />
                            <button type="submit" class="link-button">
                                {remove_label}
                            </button>
                        </ActionForm>
                    }
                });
                view! {
                    <li class:late=row.late class:done=row.done>
                        <span class="chain-kind">{row.kind.label()}</span>
                        " "
                        <a href=item_href(row.kind, row.item_id)>{row.title.clone()}</a>
                        " "
                        <span class="node-state">{row.state.clone()}</span>
                        {format!(" on {}", row.board)}
                        {(!dates.is_empty()).then(|| format!(" · {dates}"))}
                        {row.late.then(|| view! { " " <strong class="late-mark">"Late"</strong> })}
                        {(!row.note.is_empty()).then(|| view! { <p class="dependency-note">{row.note.clone()}</p> })}
                        {remover}
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="dependency-list">{rows}</ul> }.into_any()
    };
    let adder = may_edit.then(|| {
        let groups = detail
            .dependency_choices
            .iter()
            .map(|(kind, items)| (kind.label(), options(items)))
            .collect();
        view! {
            <ActionForm action=actions.depend attr:class="inline-form add-dependency">
                <input type="hidden" name="item_id" value=item_id.to_string() />
                <SelectField label="Waits on" name="dependency[upstream_id]".into() field="upstream_id" value="" options=Vec::new() groups error empty="Choose an item" />
                <TextField label="Needed by" name="dependency[needed_by]".into() field="needed_by" value="" error iso_date=true />
                <TextField label="Note" name="dependency[note]".into() field="note" value="" error />
                <button type="submit">"Add dependency"</button>
            </ActionForm>
        }
    });
    view! {
        <section class="dependencies" aria-labelledby="dependencies-heading">
            <h2 id="dependencies-heading">"Dependencies"</h2>
            <h3>"Waits on"</h3>
            {list(detail.dependencies.upstream.clone(), "It waits on nothing.", true)}
            <h3>"Waited on by"</h3>
            {list(detail.dependencies.downstream.clone(), "Nothing waits on it.", false)}
            {adder}
            <FormError error=move || error.get() fields_inline=true />
        </section>
    }
}

/// The metrics the item claims to move (linkable here) and those it serves
/// through the items above it: from a single task, the outcome is one look away.
fn outcome_section(detail: &ItemDetailView, actions: PageActions) -> impl IntoView {
    let own = detail
        .tree
        .as_ref()
        .map(|node| node.metrics.clone())
        .unwrap_or_default();
    let error: Signal<Option<AppError>> = {
        let link = submission_error(actions.link);
        let unlink = submission_error(actions.unlink);
        Signal::derive(move || link.get().or_else(|| unlink.get()))
    };
    let inherited = (!detail.served_through.is_empty()).then(|| {
        let rows = detail
            .served_through
            .iter()
            .map(|served| {
                view! {
                    <li>
                        <MetricBadge metric=served.metric.clone() />
                        " through the "
                        {served.via.kind.label().to_lowercase()}
                        " "
                        <a href=item_href(served.via.kind, served.via.id)>{served.via.title.clone()}</a>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="metric-links served-through">{rows}</ul> }
    });
    let nothing = (own.is_empty() && detail.served_through.is_empty())
        .then(|| view! { <p class="hint">"No outcome metric: what is this meant to move?"</p> });
    view! {
        <section class="outcomes" aria-labelledby="outcomes">
            <h2 id="outcomes">"Outcome metrics"</h2>
            <MetricLinks
                item=ItemRef { kind: detail.kind, id: detail.id }
                metrics=own
                choices=detail.metric_choices.clone()
                may_link=detail.may_link
                link=actions.link
                unlink=actions.unlink
            />
            {inherited}
            {nothing}
            <FormError error=move || error.get() />
        </section>
    }
}

/// A child with its own children, as links.
fn child_node(node: TreeNode) -> AnyView {
    view! {
        <li data-kind=node.kind.key()>
            <span class="chain-kind">{node.kind.label()}</span>
            " "
            <a href=item_href(node.kind, node.id)>{node.title}</a>
            {node.state.map(|state| view! { <span class="node-state">{state}</span> })}
            {node.blocked.then(|| view! { <span class="blocked-reason">"Blocked"</span> })}
            {node.progress.map(|progress| view! { <ProgressBar progress /> })}
            {(!node.children.is_empty())
                .then(|| {
                    view! { <ul>{node.children.into_iter().map(child_node).collect_view()}</ul> }
                })}
        </li>
    }
    .into_any()
}

fn options(refs: &[NamedRef]) -> Vec<(String, String)> {
    refs.iter()
        .map(|r| (r.id.to_string(), r.name.clone()))
        .collect()
}

/// The item's form behind "Edit": closed until asked for, open again when a save
/// was refused (its messages stand by their fields), and closed by a save, whose
/// "Saved." stays in sight.
fn edit_form(detail: &ItemDetailView, actions: PageActions) -> AnyView {
    let id = detail.id.to_string();
    let version = detail.version.to_string();
    let parents = options(&detail.parent_choices);
    let (form, error, saved) = match detail.form.clone() {
        ItemForm::Epic(form) => (
            view! { <EpicEditor id version form=*form parents action=actions.epic /> }.into_any(),
            submission_error(actions.epic),
            saved(actions.epic),
        ),
        ItemForm::Feature(form) => (
            view! { <FeatureEditor id version form parents action=actions.feature /> }.into_any(),
            submission_error(actions.feature),
            saved(actions.feature),
        ),
        ItemForm::WorkItem(form) => (
            view! {
                <WorkItemEditor
                    id
                    version
                    form
                    parents
                    people=detail.assignee_choices.clone()
                    action=actions.work_item
                />
            }
            .into_any(),
            submission_error(actions.work_item),
            saved(actions.work_item),
        ),
    };
    view! {
        <details class="edit" open=move || error.get().is_some()>
            <summary>{format!("Edit this {}", detail.kind.label().to_lowercase())}</summary>
            {form}
        </details>
        {move || saved.get().then(|| view! { <p class="form-ok" role="status">"Saved."</p> })}
    }
    .into_any()
}

fn saved<S>(action: ServerAction<S>) -> Signal<bool>
where
    S: leptos::server_fn::ServerFn<Output = ()> + Clone + Send + Sync + 'static,
    S::Error: Clone + Send + Sync + 'static,
{
    Signal::derive(move || matches!(action.value().get(), Some(Ok(()))))
}

/// What the item says, as everyone reads it; long texts keep their line breaks.
fn item_fields(form: &ItemForm) -> impl IntoView {
    let facts: Vec<(&'static str, String)> = match form {
        ItemForm::Epic(epic) => {
            let decision = epic.decision.parse::<GoDecision>().map(|decision| {
                format!(
                    "{} on {}. {}",
                    decision.label(),
                    epic.decision_date,
                    epic.decision_reason
                )
            });
            vec![
                ("Owner", epic.owner.clone()),
                ("Target date", epic.target_date.clone()),
                ("Description", epic.description.clone()),
                (
                    "Hypothesis",
                    epic.hypothesis_statement().unwrap_or_default(),
                ),
                ("Business outcome hypothesis", epic.business_outcome.clone()),
                ("Leading indicators", epic.leading_indicators.clone()),
                (
                    "Non-functional requirements",
                    epic.nonfunctional_requirements.clone(),
                ),
                ("MVP cost", epic.mvp_cost.clone()),
                ("Full cost estimate", epic.full_cost.clone()),
                ("Go / no-go", decision.unwrap_or_default()),
                ("WSJF estimates", estimates(&epic.estimates)),
            ]
        }
        ItemForm::Feature(feature) => vec![
            ("Size", feature.size.clone()),
            ("Target date", feature.target_date.clone()),
            ("Description", feature.description.clone()),
            ("Acceptance criteria", feature.acceptance_criteria.clone()),
            ("WSJF estimates", estimates(&feature.estimates)),
        ],
        ItemForm::WorkItem(item) => {
            let kind = item.kind.parse::<WorkItemType>().map(WorkItemType::label);
            let class = item
                .class_of_service
                .parse::<ClassOfService>()
                .map(ClassOfService::label);
            let blocked = (!item.blocked.is_empty()).then(|| match item.blocked_reason.trim() {
                "" => "Yes".to_owned(),
                reason => reason.to_owned(),
            });
            vec![
                ("Type", kind.unwrap_or_default().to_owned()),
                ("Assignee", item.assignee.clone()),
                ("Size", item.size.clone()),
                ("Class of service", class.unwrap_or_default().to_owned()),
                ("Target date", item.target_date.clone()),
                ("Blocked", blocked.unwrap_or_default()),
                ("Description", item.description.clone()),
            ]
        }
    };
    let rows = facts
        .into_iter()
        .filter(|(_, value)| !value.trim().is_empty())
        .map(|(label, value)| view! { <div><dt>{label}</dt><dd>{value}</dd></div> })
        .collect::<Vec<_>>();
    (!rows.is_empty()).then(|| view! { <dl class="item-fields">{rows}</dl> })
}

/// The four WSJF estimates written so far, named.
fn estimates(form: &EstimatesForm) -> String {
    [
        ("business value", &form.business_value),
        ("time criticality", &form.time_criticality),
        ("risk reduction", &form.risk_reduction),
        ("job size", &form.job_size),
    ]
    .into_iter()
    .filter(|(_, value)| !value.is_empty())
    .map(|(name, value)| format!("{name} {value}"))
    .collect::<Vec<_>>()
    .join(" · ")
}

/// The four WSJF estimates, each chosen on the scale.
#[component]
fn EstimateFields(
    prefix: &'static str,
    form: EstimatesForm,
    error: Signal<Option<AppError>>,
) -> impl IntoView {
    view! {
        <fieldset class="estimates">
            <legend>"WSJF: cost of delay ÷ job size"</legend>
            <SelectField label="User-business value" name=format!("{prefix}[business_value]") field="business_value" value=form.business_value options=scale_options() error empty="–" />
            <SelectField label="Time criticality" name=format!("{prefix}[time_criticality]") field="time_criticality" value=form.time_criticality options=scale_options() error empty="–" />
            <SelectField label="Risk reduction / opportunity enablement" name=format!("{prefix}[risk_reduction]") field="risk_reduction" value=form.risk_reduction options=scale_options() error empty="–" />
            <SelectField label="Job size" name=format!("{prefix}[job_size]") field="job_size" value=form.job_size options=scale_options() error empty="–" />
        </fieldset>
    }
}

/// A save button and why the last save was refused.
#[component]
fn SaveButton(error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <button type="submit">"Save"</button>
        <FormError error=move || error.get() fields_inline=true />
    }
}

#[component]
fn EpicEditor(
    id: String,
    version: String,
    form: EpicForm,
    parents: Vec<(String, String)>,
    action: ServerAction<UpdateEpic>,
) -> impl IntoView {
    let error = submission_error(action);
    let f = |name: &str| format!("epic[{name}]");
    view! {
        <ActionForm action attr:class="stacked-form">
            <input type="hidden" name="epic_id" value=id />
            <input type="hidden" name="version" value=version />
            <TextField label="Title" name=f("title") field="title" value=form.title error required=true />
            <TextField label="Owner" name=f("owner") field="owner" value=form.owner error />
            <TextField label="Target date" name=f("target_date") field="target_date" value=form.target_date error iso_date=true />
            <SelectField label="Strategic theme" name=f("theme_id") field="theme_id" value=form.theme_id options=parents error empty="None (unaligned)" />
            <TextField label="Description" name=f("description") field="description" value=form.description error multiline=true />
            <fieldset class="hypothesis">
                <legend>"Epic hypothesis statement"</legend>
                <TextField label="For (customers)" name=f("hypothesis_for") field="hypothesis_for" value=form.hypothesis_for error />
                <TextField label="who (do something)" name=f("hypothesis_who") field="hypothesis_who" value=form.hypothesis_who error />
                <TextField label="the (solution)" name=f("hypothesis_the") field="hypothesis_the" value=form.hypothesis_the error />
                <TextField label="is a (something)" name=f("hypothesis_is_a") field="hypothesis_is_a" value=form.hypothesis_is_a error />
                <TextField label="that (provides this value)" name=f("hypothesis_that") field="hypothesis_that" value=form.hypothesis_that error />
                <TextField label="Unlike (competitor, current solution)" name=f("hypothesis_unlike") field="hypothesis_unlike" value=form.hypothesis_unlike error />
                <TextField label="our solution (does something better)" name=f("hypothesis_our_solution") field="hypothesis_our_solution" value=form.hypothesis_our_solution error />
                <TextField label="Business outcome hypothesis" name=f("business_outcome") field="business_outcome" value=form.business_outcome error multiline=true />
                <TextField label="Leading indicators" name=f("leading_indicators") field="leading_indicators" value=form.leading_indicators error multiline=true />
                <TextField label="Non-functional requirements" name=f("nonfunctional_requirements") field="nonfunctional_requirements" value=form.nonfunctional_requirements error multiline=true />
            </fieldset>
            <fieldset class="business-case">
                <legend>"Lean business case"</legend>
                <TextField label="MVP cost" name=f("mvp_cost") field="mvp_cost" value=form.mvp_cost error />
                <TextField label="Full cost estimate" name=f("full_cost") field="full_cost" value=form.full_cost error />
                <SelectField label="Go / no-go" name=f("decision") field="decision" value=form.decision options=enum_options(GoDecision::ALL, GoDecision::key, GoDecision::label) error empty="Not decided" />
                <TextField label="Decision date" name=f("decision_date") field="decision_date" value=form.decision_date error iso_date=true />
                <TextField label="Reason" name=f("decision_reason") field="decision_reason" value=form.decision_reason error multiline=true />
            </fieldset>
            <EstimateFields prefix="epic" form=form.estimates error />
            <SaveButton error />
        </ActionForm>
    }
}

#[component]
fn FeatureEditor(
    id: String,
    version: String,
    form: FeatureForm,
    parents: Vec<(String, String)>,
    action: ServerAction<UpdateFeature>,
) -> impl IntoView {
    let error = submission_error(action);
    let f = |name: &str| format!("feature[{name}]");
    view! {
        <ActionForm action attr:class="stacked-form">
            <input type="hidden" name="feature_id" value=id />
            <input type="hidden" name="version" value=version />
            <TextField label="Title" name=f("title") field="title" value=form.title error required=true />
            <SelectField label="Epic" name=f("epic_id") field="epic_id" value=form.epic_id options=parents error empty="None (unaligned)" />
            <SelectField label="Size" name=f("size") field="size" value=form.size options=scale_options() error empty="–" />
            <TextField label="Target date" name=f("target_date") field="target_date" value=form.target_date error iso_date=true />
            <TextField label="Description" name=f("description") field="description" value=form.description error multiline=true />
            <TextField label="Acceptance criteria" name=f("acceptance_criteria") field="acceptance_criteria" value=form.acceptance_criteria error multiline=true />
            <EstimateFields prefix="feature" form=form.estimates error />
            <SaveButton error />
        </ActionForm>
    }
}

#[component]
fn WorkItemEditor(
    id: String,
    version: String,
    form: WorkItemForm,
    parents: Vec<(String, String)>,
    /// The team's people; whoever holds the item now stays a choice.
    people: Vec<String>,
    action: ServerAction<UpdateWorkItem>,
) -> impl IntoView {
    let error = submission_error(action);
    let f = |name: &str| format!("item[{name}]");
    let blocked = !form.blocked.is_empty();
    let mut people = people;
    if !form.assignee.is_empty() && !people.contains(&form.assignee) {
        people.push(form.assignee.clone());
    }
    let people: Vec<(String, String)> = people
        .into_iter()
        .map(|name| (name.clone(), name))
        .collect();
    view! {
        <ActionForm action attr:class="stacked-form">
            <input type="hidden" name="item_id" value=id />
            <input type="hidden" name="version" value=version />
            <TextField label="Title" name=f("title") field="title" value=form.title error required=true />
            <SelectField label="Type" name=f("kind") field="kind" value=form.kind options=enum_options(WorkItemType::ALL, WorkItemType::key, WorkItemType::label) error />
            <SelectField label="Feature" name=f("feature_id") field="feature_id" value=form.feature_id options=parents error empty="None (unaligned)" />
            <SelectField label="Size" name=f("size") field="size" value=form.size options=scale_options() error empty="–" />
            <SelectField label="Assignee" name=f("assignee") field="assignee" value=form.assignee options=people error empty="Unassigned" />
            <SelectField label="Class of service" name=f("class_of_service") field="class_of_service" value=form.class_of_service options=enum_options(ClassOfService::ALL, ClassOfService::key, ClassOfService::label) error />
            <TextField label="Target date (fixed date: required)" name=f("target_date") field="target_date" value=form.target_date error iso_date=true />
            <label class="check">
                <input type="checkbox" name=f("blocked") value="on" checked=blocked />
                "Blocked"
            </label>
            <TextField label="Blocked because" name=f("blocked_reason") field="blocked_reason" value=form.blocked_reason error />
            <TextField label="Description" name=f("description") field="description" value=form.description error multiline=true />
            <SaveButton error />
        </ActionForm>
    }
}

/// Under an epic: add a feature to one of the products the user plans. Under a
/// feature: add a work item to one of the user's teams.
fn add_child_form(detail: &ItemDetailView, actions: PageActions) -> Option<AnyView> {
    if detail.child_boards.is_empty() {
        return None;
    }
    let boards = options(&detail.child_boards);
    let parent = detail.id.to_string();
    Some(match detail.kind {
        ItemKind::Epic => {
            let error = submission_error(actions.add_feature);
            view! {
                <ActionForm action=actions.add_feature attr:class="inline-form add-child">
                    <input type="hidden" name="feature[epic_id]" value=parent />
                    <SelectField label="Product" name="product_id".into() field="product_id" value="" options=boards error />
                    <TextField label="New feature" name="feature[title]".into() field="title" value="" error required=true />
                    <button type="submit">"Add feature"</button>
                </ActionForm>
                <FormError error=move || error.get() fields_inline=true />
            }
            .into_any()
        }
        _ => {
            let error = submission_error(actions.add_work_item);
            view! {
                <ActionForm action=actions.add_work_item attr:class="inline-form add-child">
                    <input type="hidden" name="item[feature_id]" value=parent />
                    <SelectField label="Team" name="team_id".into() field="team_id" value="" options=boards error />
                    <TextField label="New work item" name="item[title]".into() field="title" value="" error required=true />
                    <SelectField label="Type" name="item[kind]".into() field="kind" value="story" options=enum_options(WorkItemType::ALL, WorkItemType::key, WorkItemType::label) error />
                    <SelectField label="Size" name="item[size]".into() field="size" value="" options=scale_options() error empty="–" />
                    <button type="submit">"Add work item"</button>
                </ActionForm>
                <FormError error=move || error.get() fields_inline=true />
            }
            .into_any()
        }
    })
}

/// Moving the item to another column of its board, the way a board's cards link
/// to without JavaScript; a move over a soft WIP limit needs the reason.
#[component]
fn MoveForm(detail: ItemDetailView, action: ServerAction<MoveItem>) -> impl IntoView {
    let error = submission_error(action);
    view! {
        <section id="move" class="item-move" aria-labelledby="move-heading">
            <h2 id="move-heading">"Move"</h2>
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="kind" value=detail.kind.key() />
                <input type="hidden" name="item_id" value=detail.id.to_string() />
                <input type="hidden" name="version" value=detail.version.to_string() />
                <SelectField label="Move to" name="to_column_id".into() field="to_column_id" value=detail.column_id.to_string() options=options(&detail.columns) error />
                <TextField label="Reason, if the move goes over a WIP limit or finishes waiting work" name="reason".into() field="reason" value="" error />
                <button type="submit">"Move"</button>
            </ActionForm>
            <FormError error=move || error.get() fields_inline=true />
        </section>
    }
}

/// Deleting asks what becomes of the children, if there are any.
#[component]
fn DeleteForm(
    detail: ItemDetailView,
    has_children: bool,
    action: ServerAction<DeleteItem>,
) -> impl IntoView {
    let error = submission_error(action);
    let what = match detail.kind {
        ItemKind::Epic => "its features",
        _ => "its work items",
    };
    let choices = has_children.then(|| {
        let siblings = options(&detail.siblings);
        view! {
            <fieldset>
                <legend>{format!("It has children: what becomes of {what}?")}</legend>
                <label class="check">
                    <input type="radio" name="children" value="move" checked=true />
                    "Move them"
                </label>
                <SelectField label="under" name="move_children_to".into() field="move_children_to" value="" options=siblings error />
                <label class="check">
                    <input type="radio" name="children" value="delete" />
                    "Delete them too"
                </label>
            </fieldset>
        }
    });
    view! {
        <details class="delete">
            <summary>{format!("Delete this {}", detail.kind.label().to_lowercase())}</summary>
            <ActionForm action attr:class="stacked-form">
                <input type="hidden" name="kind" value=detail.kind.key() />
                <input type="hidden" name="item_id" value=detail.id.to_string() />
                <input type="hidden" name="version" value=detail.version.to_string() />
                {choices}
                <button type="submit" class="danger">"Delete"</button>
            </ActionForm>
            <FormError error=move || error.get() fields_inline=true />
        </details>
    }
}
