//! Boards bigger than one statement can bind: SQLite takes at most 32,766
//! parameters, and a team with years of history has more cards than that.

use app::domain::hierarchy::ItemKind;
use app::entities::item;
use app::store::boards;
use chrono::Utc;
use sea_orm::{ActiveValue::Set, EntityTrait};
use uuid::Uuid;

use crate::helpers::fresh_store;

/// More cards than a statement binds: the board loads with every one of them,
/// what each card waits on and its chain up asked a few hundred ids at a time.
#[tokio::test]
async fn a_board_with_more_cards_than_a_statement_binds_loads() {
    const CARDS: usize = 33_000;
    let store = fresh_store().await;
    let board = store.team_board("Years of work").await;
    let to_do = store.column(&board, "To Do").await;
    let now = Utc::now();
    let cards: Vec<item::ActiveModel> = (0..CARDS)
        .map(|n| item::ActiveModel {
            id: Set(Uuid::new_v4()),
            kind: Set(ItemKind::WorkItem),
            column_id: Set(to_do.id),
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
    let loaded = boards::team(&store.db, team)
        .await
        .expect("the board loads");
    let column = loaded.columns.iter().find(|c| c.id == to_do.id).unwrap();
    assert_eq!(column.cards.len(), CARDS);
}
