//! `flow::board_history` with `domain::flow`: the figures of a board read from
//! its real history, for ranges in the past.

use app::domain::board::StateCategory;
use app::domain::flow::{flow_report, timelines, BoardHistory, DayRange};
use app::domain::forecast::history_range;
use app::domain::hierarchy::ItemKind::WorkItem;
use app::entities::{item, transition};
use app::store::flow::{board_history, FlowScope};
use app::store::forecast::daily_throughput;
use app::store::{items, wip};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{bottom_of, fresh_store, Store};
use app::entities::{board, board_column};
use uuid::Uuid;

/// Makes `card` as old as `at`: its row and its first transition say so.
async fn created_at(store: &Store, card: Uuid, at: DateTime<Utc>) {
    item::Entity::update_many()
        .col_expr(item::Column::CreatedAt, Expr::value(at))
        .filter(item::Column::Id.eq(card))
        .exec(&store.db)
        .await
        .unwrap();
    transition::Entity::update_many()
        .col_expr(transition::Column::At, Expr::value(at))
        .filter(transition::Column::ItemId.eq(card))
        .exec(&store.db)
        .await
        .unwrap();
}

/// Moves `card` to the bottom of `to` as if at `at`.
async fn move_at(
    store: &Store,
    board: &board::Model,
    card: Uuid,
    to: &board_column::Model,
    at: DateTime<Utc>,
) {
    let txn = wip::begin_locked(&store.db, board.id).await.unwrap();
    let placement = items::placement(&txn, WorkItem, card).await.unwrap();
    let version = placement.row.version;
    items::move_item(
        &txn,
        placement,
        bottom_of(to),
        version,
        None,
        store.actor,
        at,
    )
    .await
    .expect("moved");
    txn.commit().await.unwrap();
}

/// Moves to columns, each so many days ago.
type Moves<'a> = Vec<(&'a board_column::Model, i64)>;

/// The Software team's board and its In Progress, Review and Done columns.
async fn software_board(store: &Store) -> (board::Model, [board_column::Model; 3]) {
    let board = store.team_board("Software").await;
    let columns = [
        store.column(&board, "In Progress").await,
        store.column(&board, "Review").await,
        store.column(&board, "Done").await,
    ];
    (board, columns)
}

/// A card made `created` days before `now` (now at 0) and moved as `moves` say.
async fn card_with_history(
    store: &Store,
    board: &board::Model,
    title: &str,
    created: i64,
    moves: Moves<'_>,
    now: DateTime<Utc>,
) -> Uuid {
    let card = store.work_item(board, title, None).await;
    if created > 0 {
        created_at(store, card, now - Duration::days(created)).await;
    }
    for (to, at) in moves {
        move_at(store, board, card, to, now - Duration::days(at)).await;
    }
    card
}

/// The board's history for flow metrics over `range`.
async fn history_of(store: &Store, board: &board::Model, range: DayRange) -> BoardHistory {
    let scope = FlowScope::of(board, None).unwrap();
    board_history(&store.db, scope, range.start(), range.end())
        .await
        .unwrap()
        .1
}

/// Finished, reopened the next day and finished again: it finished once, on
/// the last of those days, in every range that asks, so adjacent ranges add up;
/// the day it first sat in Done it was not in progress.
#[tokio::test]
async fn an_item_finished_twice_counts_once_in_adjacent_ranges() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let (in_progress, done) = (
        store.column(&board, "In Progress").await,
        store.column(&board, "Done").await,
    );
    let card = store.work_item(&board, "Reopened once", None).await;
    let today = Utc::now().date_naive();
    let day = |days_ago: i64, hour: u32| -> DateTime<Utc> {
        (today - Duration::days(days_ago))
            .and_hms_opt(hour, 0, 0)
            .unwrap()
            .and_utc()
    };
    // Created six days ago: its row and its first transition say so.
    created_at(&store, card, day(6, 9)).await;
    for (to, at) in [
        (&in_progress, day(5, 10)),
        (&done, day(4, 10)),
        (&in_progress, day(3, 10)),
        (&done, day(2, 10)),
    ] {
        move_at(&store, &board, card, to, at).await;
    }

    let report = |first: i64, last: i64| {
        let range = DayRange {
            first: today - Duration::days(first),
            last: today - Duration::days(last),
        };
        let db = &store.db;
        let board = &board;
        async move {
            let scope = FlowScope::of(board, None).unwrap();
            let (_, history) = board_history(db, scope, range.start(), range.end())
                .await
                .unwrap();
            flow_report(&history, range, Utc::now())
        }
    };
    // The day it first finished, then the days after, then all of them.
    let (before, after, both) = (report(4, 4).await, report(3, 1).await, report(4, 1).await);
    assert_eq!(before.finished.len(), 0, "it finished later, as of now");
    assert_eq!(after.finished.len(), 1);
    assert_eq!(both.finished.len(), 1);
    assert_eq!(both.finished[0].cycle_days, 4, "from its first start");
    // That day it ended in Done: in the cumulative flow's Done band, not in
    // progress.
    assert_eq!(before.charts.wip_per_day[0].1, 0);
    assert_eq!(before.charts.cumulative_flow[0].1.last().copied(), Some(1));
    // The next day it was under way again.
    assert_eq!(after.charts.wip_per_day[0].1, 1);
}

/// The history of a range reads the cards that sat finished through it as counts
/// per column; read inside a wider range they come as cards, and every chart of
/// the range (and the pace forecast's days) says the same either way.
#[tokio::test]
async fn a_range_read_alone_or_inside_a_wider_read_gives_the_same_charts() {
    let store = fresh_store().await;
    let (board, [in_progress, review, done]) = software_board(&store).await;
    let now = Utc::now();
    let days_ago = |days: i64| now - Duration::days(days);
    // (title, created, moves): finished long ago, finished before the month,
    // finished in it, reopened in it, under way, not started, just made.
    let cards: [(&str, i64, Moves); 7] = [
        (
            "Finished last year",
            400,
            vec![(&in_progress, 390), (&done, 380)],
        ),
        (
            "Finished last quarter",
            80,
            vec![(&in_progress, 75), (&review, 72), (&done, 70)],
        ),
        (
            "Finished this month",
            40,
            vec![(&in_progress, 35), (&done, 12)],
        ),
        (
            "Reopened this month",
            90,
            vec![(&in_progress, 85), (&done, 60), (&review, 9), (&done, 4)],
        ),
        ("Under way", 50, vec![(&in_progress, 45)]),
        ("Not started", 20, vec![]),
        ("Made today", 0, vec![]),
    ];
    for (title, created, moves) in cards {
        card_with_history(&store, &board, title, created, moves, now).await;
    }
    let read = |range: DayRange| history_of(&store, &board, range);
    let month = DayRange::from_form(None, None, now.date_naive()).unwrap();
    let paced = history_range(now.date_naive());
    let both = DayRange {
        first: paced.first,
        last: month.last,
    };
    let (alone, paced_alone, wide) = (read(month).await, read(paced).await, read(both).await);

    assert_eq!(
        alone.settled.get(&done.id),
        Some(&2),
        "finished last year and last quarter, not moved since"
    );
    assert_eq!(alone.items.len(), 5);
    assert_eq!(wide.settled.get(&done.id), Some(&1), "only last year's");
    assert_eq!(wide.items.len(), 6);
    assert_eq!(
        flow_report(&alone, month, now).charts,
        flow_report(&wide, month, now).charts
    );
    // The pace forecast's days, from the finish times the database keeps, are the
    // throughput chart's over the same days.
    let pace = daily_throughput(&store.db, std::slice::from_ref(&board), now)
        .await
        .unwrap();
    assert_eq!(
        pace.iter().sum::<u32>(),
        3,
        "last quarter's, this month's and the reopened one's last finish"
    );
    let charted: Vec<u32> = flow_report(&paced_alone, paced, now)
        .charts
        .throughput_per_day
        .into_iter()
        .map(|(_, count)| count)
        .collect();
    assert_eq!(pace, charted);

    // A range that ended long ago: the cards finished since, made after it, are
    // not counted as sitting finished in it.
    let last_year = DayRange {
        first: days_ago(420).date_naive(),
        last: days_ago(300).date_naive(),
    };
    let then = read(last_year).await;
    assert_eq!(then.settled.get(&done.id), None);
    assert_eq!(then.items.len(), 1, "finished last year, in the range");
}

/// Each card's finish time, as the database keeps it from the card's moves, is its
/// timeline's finish by the flow metrics' definition: after moves in any order,
/// reopening, and a column becoming a done column (or no longer one).
#[tokio::test]
async fn the_finish_time_kept_on_a_card_is_its_timelines_finish() {
    let store = fresh_store().await;
    let (board, [in_progress, review, done]) = software_board(&store).await;
    let now = Utc::now();
    let days_ago = |days: i64| now - Duration::days(days);
    let cards: [(&str, Moves); 5] = [
        (
            "Finished",
            vec![(&in_progress, 30), (&review, 20), (&done, 10)],
        ),
        (
            "Reopened",
            vec![(&in_progress, 30), (&done, 20), (&review, 9), (&done, 4)],
        ),
        (
            "Reopened and under way",
            vec![(&done, 20), (&in_progress, 3)],
        ),
        ("Under review", vec![(&in_progress, 30), (&review, 5)]),
        ("Not started", vec![]),
    ];
    let mut ids = Vec::new();
    for (title, moves) in cards {
        ids.push(card_with_history(&store, &board, title, 40, moves, now).await);
    }
    let agree = |expected: [Option<i64>; 5]| {
        let store = &store;
        let (board, ids) = (&board, &ids);
        async move {
            let scope = FlowScope::of(board, None).unwrap();
            let range = DayRange {
                first: days_ago(50).date_naive(),
                last: now.date_naive(),
            };
            let (_, history) = board_history(&store.db, scope, range.start(), range.end())
                .await
                .unwrap();
            let by_timeline: Vec<_> = history
                .items
                .iter()
                .zip(timelines(&history))
                .map(|(card, timeline)| (card.id, timeline.finished))
                .collect();
            for (id, days) in ids.iter().zip(expected) {
                let kept = store.item(*id).await.finished_at;
                assert_eq!(kept, days.map(days_ago), "{}", store.item(*id).await.title);
                let timeline = by_timeline.iter().find(|(card, _)| card == id).unwrap().1;
                assert_eq!(kept, timeline, "{}", store.item(*id).await.title);
            }
        }
    };
    agree([Some(10), Some(4), None, None, None]).await;

    // Review becomes a done column: the reopened card never left done columns
    // after its first finish; the finished one and the one under review sit
    // finished since they entered review.
    let set_review = |category: StateCategory| {
        board_column::Entity::update_many()
            .col_expr(
                board_column::Column::StateCategory,
                Expr::value(category.key()),
            )
            .filter(board_column::Column::Id.eq(review.id))
            .exec(&store.db)
    };
    set_review(StateCategory::Done).await.unwrap();
    agree([Some(20), Some(20), None, Some(5), None]).await;
    set_review(StateCategory::Started).await.unwrap();
    agree([Some(10), Some(4), None, None, None]).await;
}

/// A card that finished before the range and moved from one done column to
/// another in it is read as a card, not counted as sitting in its column: the
/// cumulative flow shows it in the first done column until the day it moved, as
/// a wider read that holds its whole stay shows it.
#[tokio::test]
async fn a_card_moved_between_done_columns_in_the_range_is_in_play() {
    use app::domain::board::{Activity, ColumnSpec};
    let store = fresh_store().await;
    let (board, [in_progress, _, done]) = software_board(&store).await;
    let now = Utc::now();
    app::store::columns::add(
        &store.db,
        &board,
        (
            ColumnSpec {
                name: "Released".into(),
                category: StateCategory::Done,
            },
            Activity::Wait,
        ),
        now,
    )
    .await
    .unwrap();
    let released = store.column(&board, "Released").await;
    assert_eq!(released.state_category, StateCategory::Done);
    let card = card_with_history(
        &store,
        &board,
        "Released last quarter, done this month",
        80,
        vec![(&in_progress, 75), (&released, 70), (&done, 10)],
        now,
    )
    .await;
    card_with_history(
        &store,
        &board,
        "Released last quarter",
        80,
        vec![(&in_progress, 75), (&released, 70)],
        now,
    )
    .await;
    let read = |range: DayRange| history_of(&store, &board, range);
    let month = DayRange::from_form(None, None, now.date_naive()).unwrap();
    let wide = DayRange {
        first: month.first - Duration::days(90),
        last: month.last,
    };
    let (alone, whole) = (read(month).await, read(wide).await);

    assert_eq!(
        alone.items.iter().map(|item| item.id).collect::<Vec<_>>(),
        vec![card],
        "the card that moved in the month; the other sat in Released"
    );
    assert_eq!(alone.settled.get(&released.id), Some(&1));
    assert_eq!(alone.settled.get(&done.id), None);
    let band = |column: Uuid| alone.order.iter().position(|c| *c == column).unwrap();
    let (released_band, done_band) = (band(released.id), band(done.id));
    let (alone, whole) = (
        flow_report(&alone, month, now).charts,
        flow_report(&whole, month, now).charts,
    );
    assert_eq!(alone, whole);
    assert_eq!(alone.finished, 0, "both finished last quarter");
    let days = &alone.cumulative_flow;
    let (first, last) = (&days[0].1, &days[days.len() - 1].1);
    assert_eq!((first[released_band], first[done_band]), (2, 0));
    assert_eq!((last[released_band], last[done_band]), (1, 1));
}
