use std::future::Future;

use crate::components::PageTitle;
use crate::loaded::{loaded, Loaded};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};

use crate::api::boards::{portfolio_board, product_board, team_board};
use crate::api::dashboard::team_delivery;
use crate::api::planning::{CreateEpic, MoveItem};
use crate::components::{
    submission_error, Board, DeliveryTable, ErrorList, FormError, MoveFeedback, TextField,
};
use crate::domain::dora::TeamKeys;
use crate::domain::hierarchy::{ClassOfService, ItemKind};
use crate::domain::NamedRef;
use crate::error::AppError;
use crate::views::board::{BoardFilter, BoardView};
use crate::views::packed_board::PackedBoardView;
use crate::views::planning::item_href;

/// `/`: the portfolio kanban of epics, where new epics enter the Funnel.
#[component]
pub fn PortfolioPage() -> impl IntoView {
    let create = ServerAction::<CreateEpic>::new();
    open_created(create, ItemKind::Epic);
    let error = submission_error(create);
    let new_epic = move |board: &BoardView| {
        board.may_edit.then(|| {
            view! {
                <details class="new-item">
                    <summary>"New epic"</summary>
                    <ActionForm action=create attr:class="inline-form">
                        <TextField
                            label="Title"
                            name="epic[title]".into()
                            field="title"
                            value=""
                            error
                            required=true
                        />
                        <TextField label="Owner" name="epic[owner]".into() field="owner" value="" error />
                        <button type="submit">"Add to Funnel"</button>
                    </ActionForm>
                    <FormError error=move || error.get() fields_inline=true />
                </details>
            }
        })
    };
    board_page(
        "",
        |_, all_done| portfolio_board(all_done),
        new_epic,
        create.version(),
    )
}

/// `/products/:product_id`: a product's feature kanban.
#[component]
pub fn ProductBoardPage() -> impl IntoView {
    board_page(
        "product_id",
        |id, all_done| async move {
            product_board(super::path_id(&id, "that product")?, all_done).await
        },
        |_| (),
        Signal::stored(0),
    )
}

/// `/teams/:team_id`: a team's own board of work items.
#[component]
pub fn TeamBoardPage() -> impl IntoView {
    // Made here, not with the board's view: that view is made again once the
    // board has loaded, and a resource made in it would be read twice.
    let params = use_params_map();
    let delivery = loaded(
        move || params.read().get("team_id").and_then(|id| id.parse().ok()),
        |team| async move {
            match team {
                Some(team) => team_delivery(team).await.ok(),
                None => None,
            }
        },
    );
    let extras = move |board: &BoardView| {
        let team = board.board.team_id?;
        let configure = board.may_edit.then(|| {
            view! {
                <p class="board-links">
                    <a href=format!("/teams/{team}/columns")>"Configure columns"</a>
                </p>
            }
        });
        Some(view! {
            {configure}
            <TeamDeliveryKeys delivery />
        })
    };
    board_page(
        "team_id",
        |id, all_done| async move {
            team_board(super::path_id(&id, &format!("team `{id}`"))?, all_done).await
        },
        extras,
        Signal::stored(0),
    )
}

/// The team's four keys over the last 30 days with their trend, above its board
/// (none when they could not be read: the board still works).
#[component]
fn TeamDeliveryKeys(delivery: Loaded<Option<TeamKeys>>) -> impl IntoView {
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                delivery
                    .await
                    .map(|row| {
                        view! {
                            <details class="delivery-strip" open=true>
                                <summary>"Delivery, last 30 days"</summary>
                                <DeliveryTable rows=vec![row] />
                            </details>
                        }
                    })
            })}
        </Suspense>
    }
}

/// Once an item is created with JavaScript on, opens its page (a plain form post is
/// redirected there by the server).
fn open_created<S>(action: ServerAction<S>, kind: ItemKind)
where
    S: leptos::server_fn::ServerFn<Output = String, Error = AppError>
        + Clone
        + Send
        + Sync
        + 'static,
{
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            if let Ok(id) = id.parse() {
                navigate(&item_href(kind, id), Default::default());
            }
        }
    });
}

/// A board named by the route parameter `param`, filtered as its URL says (and with
/// every finished card, not only the recent ones, when it says `done=all`), its
/// cards movable by those allowed; `extra` adds what the board offers above it.
fn board_page<F, Fut, E, V>(
    param: &'static str,
    load: F,
    extra: E,
    reload: impl Get<Value = usize> + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    F: Fn(String, Option<bool>) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<BoardView, AppError>> + Send + 'static,
    E: Fn(&BoardView) -> V + Copy + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let params = use_params_map();
    let query = use_query_map();
    let mover = ServerAction::<MoveItem>::new();
    let feedback = MoveFeedback::provide();
    // A move is applied in place; when the page turns out stale, the board is read
    // again and only what changed is redrawn (`load_again`); only a board whose
    // columns changed is drawn anew (`redraw`).
    let all_done =
        Memo::new(move |_| (query.read().get("done").as_deref() == Some("all")).then_some(true));
    let board = loaded(
        move || {
            (
                params.read().get(param).unwrap_or_default(),
                all_done.get(),
                reload.get(),
            )
        },
        // Packed: the page carries its board for the browser to take over.
        move |(id, all_done, _)| async move { load(id, all_done).await.map(PackedBoardView) },
    );
    let load_again = Action::new(move |_: &()| {
        load(
            params.read_untracked().get(param).unwrap_or_default(),
            all_done.get_untracked(),
        )
    });
    let redraw = Callback::new(move |()| board.refetch());
    let filter = Memo::new(move |_| {
        let query = query.read();
        BoardFilter::from_query(|key| query.get(key))
    });
    // A move refused after a plain form post says why here; with JavaScript, the
    // refused card says why itself.
    let move_error = submission_error(mover);
    let posted_move_error = move || {
        mover
            .value()
            .with(Option::is_none)
            .then(|| move_error.get())
            .flatten()
    };
    view! {
        <FormError error=posted_move_error />
        {feedback.live_region()}
        <Transition fallback=|| view! { <p class="loading">"Loading the board…"</p> }>
            <ErrorBoundary fallback=|errors| view! { <ErrorList errors /> }>
                {move || Suspend::new(async move {
                    board
                        .await
                        .map(|PackedBoardView(board)| {
                            let title = board.board.name.clone();
                            let extra = extra(&board);
                            let teams = board.board.teams.clone();
                            let toolbar = view! {
                                {extra}
                                {move || {
                                    view! { <FilterForm filter=filter.get() teams=teams.clone() /> }
                                }}
                            }
                                .into_any();
                            view! {
                                <PageTitle text=format!("{title} · Throughline") />
                                <Board board filter=filter.into() mover load_again redraw toolbar />
                            }
                        })
                })}
            </ErrorBoundary>
        </Transition>
    }
}

/// The board's filter as a plain GET form: the URL it produces is the link to share.
#[component]
fn FilterForm(filter: BoardFilter, teams: Vec<NamedRef>) -> impl IntoView {
    let active = filter.is_active() || filter.by_wsjf;
    view! {
        <form method="get" class="board-filter" role="search" aria-label="Filter the board">
            <label>"Text" <input type="search" name="q" value=filter.text /></label>
            <label>"Owner or assignee" <input type="search" name="owner" value=filter.owner /></label>
            <label>
                "Class of service"
                <select name="cos">
                    <option value="">"Any"</option>
                    {ClassOfService::ALL
                        .iter()
                        .map(|class| {
                            let selected = filter.class_of_service == Some(*class);
                            view! {
                                <option value=class.key() selected=selected>
                                    {class.label()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            {(!teams.is_empty())
                .then(|| {
                    view! {
                        <label>
                            "Team"
                            <select name="team">
                                <option value="">"Any"</option>
                                {teams
                                    .into_iter()
                                    .map(|team| {
                                        let selected = filter.team == Some(team.id);
                                        view! {
                                            <option value=team.id.to_string() selected=selected>
                                                {team.name}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </label>
                    }
                })}
            <label class="check">
                <input type="checkbox" name="sort" value="wsjf" checked=filter.by_wsjf />
                "Highest WSJF first"
            </label>
            <button type="submit">"Filter"</button>
            {active.then(|| view! { <a href="?">"Clear"</a> })}
        </form>
    }
}
