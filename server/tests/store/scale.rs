//! Boards bigger than one statement can bind: SQLite takes at most 32,766
//! parameters, and a team with years of history has more cards than that.

use app::domain::hierarchy::ItemKind;
use app::entities::item;
use app::store::boards::{self, DoneCards};
use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

use crate::helpers::fresh_store;

/// More cards than a statement binds: the board loads with every one of them,
/// what each card waits on and its chain up asked a few hundred ids at a time;
/// its done column's years of work are counted, not read.
#[tokio::test]
async fn a_board_with_more_cards_than_a_statement_binds_loads() {
    const CARDS: usize = 33_000;
    const FINISHED_LONG_AGO: usize = 2_000;
    let store = fresh_store().await;
    let board = store.team_board("Years of work").await;
    let (to_do, done) = (
        store.column(&board, "To Do").await,
        store.column(&board, "Done").await,
    );
    let now = Utc::now();
    let cards: Vec<item::ActiveModel> = (0..CARDS + FINISHED_LONG_AGO)
        .map(|n| item::ActiveModel {
            id: Set(Uuid::new_v4()),
            kind: Set(ItemKind::WorkItem),
            column_id: Set(if n < CARDS { to_do.id } else { done.id }),
            entered_column_at: Set((n >= CARDS).then(|| now - Duration::days(400))),
            title: Set(format!("Card {n}")),
            description: Set(String::new()),
            rank: Set(n as i64 * 1000),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
            blocked: Set(false),
            ..Default::default()
        })
        .collect();
    for batch in cards.chunks(1_000) {
        item::Entity::insert_many(batch.to_vec())
            .exec(&store.db)
            .await
            .expect("cards stored");
    }

    let team = board.team_id.expect("a team's board");
    let loaded = boards::team(&store.db, team, DoneCards::Recent { now })
        .await
        .expect("the board loads");
    let column = |id: Uuid| loaded.columns.iter().find(|c| c.id == id).unwrap();
    assert_eq!(column(to_do.id).cards.len(), CARDS);
    assert!(column(done.id).cards.is_empty());
    assert_eq!(column(done.id).earlier_done.cards, FINISHED_LONG_AGO as u32);
}
