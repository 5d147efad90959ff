//! `flow::board_history` with `domain::flow`: the figures of a board read from
//! its real history, for ranges in the past.

use app::domain::flow::{flow_report, DayRange};
use app::domain::hierarchy::ItemKind::WorkItem;
use app::entities::{item, transition};
use app::store::flow::{board_history, FlowScope};
use app::store::{items, wip};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{bottom_of, fresh_store};

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
    item::Entity::update_many()
        .col_expr(item::Column::CreatedAt, Expr::value(day(6, 9)))
        .filter(item::Column::Id.eq(card))
        .exec(&store.db)
        .await
        .unwrap();
    transition::Entity::update_many()
        .col_expr(transition::Column::At, Expr::value(day(6, 9)))
        .filter(transition::Column::ItemId.eq(card))
        .exec(&store.db)
        .await
        .unwrap();
    for (to, at) in [
        (&in_progress, day(5, 10)),
        (&done, day(4, 10)),
        (&in_progress, day(3, 10)),
        (&done, day(2, 10)),
    ] {
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
