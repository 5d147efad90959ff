//! What a move answers: `items::next_in_column` and `boards::change`, from which
//! the browser applies a change in place.

use std::collections::HashMap;

use app::domain::hierarchy::ItemKind::WorkItem;
use app::store::{boards, items, wip, StoreError};
use uuid::Uuid;

use crate::helpers::{above, bottom_of, fresh_store};

#[tokio::test]
async fn the_next_card_in_a_column_is_the_one_just_below_and_none_at_the_bottom() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let in_progress = store.column(&board, "In Progress").await;
    let first = store.work_item(&board, "First", None).await;
    let elsewhere = store.work_item(&board, "Elsewhere", None).await;
    let second = store.work_item(&board, "Second", None).await;
    store
        .move_card(WorkItem, elsewhere, bottom_of(&in_progress), None)
        .await
        .expect("moved");

    for (card, next) in [(first, Some(second)), (second, None), (elsewhere, None)] {
        assert_eq!(
            items::next_in_column(&store.db, card).await.expect("read"),
            next
        );
    }
}

#[tokio::test]
async fn the_next_card_below_a_missing_card_is_not_found() {
    let store = fresh_store().await;

    let missing = items::next_in_column(&store.db, Uuid::new_v4()).await;

    assert!(
        matches!(&missing, Err(StoreError::NotFound { what }) if what == "that item"),
        "{missing:?}"
    );
}

#[tokio::test]
async fn a_change_answers_the_card_where_it_now_sits_and_the_boards_loads() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let columns = items::columns_of(&store.db, board.id)
        .await
        .expect("columns");
    let in_progress = store.column(&board, "In Progress").await;
    let first = store.work_item(&board, "First", None).await;
    store.work_item(&board, "Waiting", None).await;
    let last = store.work_item(&board, "Last", None).await;
    store
        .move_card(WorkItem, last, bottom_of(&in_progress), None)
        .await
        .expect("moved");
    let moved = store
        .move_card(WorkItem, first, above(last, &in_progress), None)
        .await
        .expect("moved");

    // The move's own answer, and the answer read afresh, say the same.
    let answered = boards::after_move(board.id, moved);
    let change = boards::change(&store.db, &board, &[first])
        .await
        .expect("the change");
    assert_eq!(answered.column_loads, change.column_loads);
    assert_eq!(answered.limit_loads, change.limit_loads);
    let (moved, read) = (&answered.placed[0], &change.placed[0]);
    assert_eq!(
        (moved.id, moved.version, moved.column_id, moved.before),
        (read.id, read.version, read.column_id, read.before)
    );
    assert_eq!(moved.card, None, "a moved card's content is the page's own");

    assert_eq!(change.board_id, board.id);
    assert_eq!(change.placed.len(), 1);
    let placed = &change.placed[0];
    assert_eq!(
        (placed.column_id, placed.before),
        (in_progress.id, Some(last))
    );
    let card = placed.card.as_ref().expect("the whole card");
    assert_eq!(
        (placed.id, card.id, card.title.as_str(), card.version),
        (first, first, "First", 2)
    );
    let expected: Vec<_> = columns
        .iter()
        .map(|column| {
            let load = match column.name.as_str() {
                "To Do" => 1,
                "In Progress" => 2,
                _ => 0,
            };
            (column.id, load)
        })
        .collect();
    assert_eq!(change.column_loads, expected);
    let limit_loads: HashMap<Uuid, u32> = change.limit_loads.into_iter().collect();
    let expected: HashMap<Uuid, u32> = wip::limit_rows(&store.db, board.id)
        .await
        .expect("limits")
        .into_iter()
        .map(|limit| {
            let load = if limit.column_id == Some(in_progress.id) {
                2
            } else {
                0
            };
            (limit.id, load)
        })
        .collect();
    assert_eq!(expected.len(), 2, "In Progress and Review are limited");
    assert_eq!(limit_loads, expected);
}
