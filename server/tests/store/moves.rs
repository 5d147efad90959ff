//! `items::move_item`: the one move of every kind of card, with its history, its
//! order within a column, its process and its WIP limits.

use app::domain::hierarchy::ItemKind::{Epic, Feature, WorkItem};
use app::domain::planning::RANK_GAP;
use app::domain::wip::Enforcement;
use app::entities::item;
use app::error::AppError;
use app::store::{Refusal, StoreError};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::helpers::{above, bottom_of, fresh_store, said};

#[tokio::test]
async fn a_move_into_another_column_records_a_transition_and_an_audit_row() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let (to_do, in_progress) = (
        store.column(&board, "To Do").await,
        store.column(&board, "In Progress").await,
    );
    let card = store.work_item(&board, "Fix the login", None).await;

    store
        .move_card(WorkItem, card, bottom_of(&in_progress), None)
        .await
        .expect("moved");

    let row = store.item(card).await;
    assert_eq!((row.column_id, row.version), (in_progress.id, 2));
    let transitions = store.transitions(card).await;
    assert_eq!(transitions.len(), 2, "its creation and its move");
    let moved = &transitions[1];
    // It entered the column when it moved there.
    assert_eq!(row.entered_column_at, Some(moved.at));
    assert_eq!(
        (moved.from_column_id, moved.to_column_id),
        (Some(to_do.id), in_progress.id)
    );
    assert_eq!(moved.by, store.actor.user_id.to_string());
    let history = store.history(card).await;
    let last = history.last().expect("a history row");
    assert_eq!(last.field, "column");
    assert_eq!(last.old_value.as_deref(), Some("To Do"));
    assert_eq!(last.new_value.as_deref(), Some("In Progress"));
    assert_eq!(last.user_id, Some(store.actor.user_id));
    assert_eq!(last.via, "ui");
}

#[tokio::test]
async fn a_reorder_within_a_column_places_the_card_above_before() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let to_do = store.column(&board, "To Do").await;
    let first = store.work_item(&board, "First", None).await;
    let second = store.work_item(&board, "Second", None).await;
    let third = store.work_item(&board, "Third", None).await;

    store
        .move_card(WorkItem, third, above(first, &to_do), None)
        .await
        .expect("reordered");

    assert_eq!(store.ranked(&to_do).await, [third, first, second]);
    assert_eq!(store.item(third).await.version, 2);
    assert_eq!(
        store.transitions(third).await.len(),
        1,
        "a reorder is no change of state"
    );
    let history = store.history(third).await;
    let last = history.last().expect("a history row");
    assert_eq!(last.field, "order");
    assert_eq!(last.new_value.as_deref(), Some("reordered within To Do"));
}

#[tokio::test]
async fn placing_a_card_above_one_that_has_since_left_the_column_puts_it_at_the_bottom() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let (to_do, in_progress) = (
        store.column(&board, "To Do").await,
        store.column(&board, "In Progress").await,
    );
    let first = store.work_item(&board, "First", None).await;
    let second = store.work_item(&board, "Second", None).await;
    let third = store.work_item(&board, "Third", None).await;
    // Someone moves "First" on; a page that missed it puts "Third" above it.
    store
        .move_card(WorkItem, first, bottom_of(&in_progress), None)
        .await
        .expect("moved");

    let moved = store
        .move_card(WorkItem, third, above(first, &to_do), None)
        .await
        .expect("placed all the same");

    assert_eq!(moved.before, None, "at the bottom");
    assert_eq!(store.ranked(&to_do).await, [second, third]);
    // A card that names nothing on the board is still refused.
    let nowhere = above(uuid::Uuid::new_v4(), &to_do);
    let refused = store.move_card(WorkItem, second, nowhere, None).await;
    assert!(
        matches!(
            refused,
            Err(StoreError::Refused(Refusal::NeighbourLeft { .. }))
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_reorder_with_no_room_left_renumbers_the_column() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let to_do = store.column(&board, "To Do").await;
    let first = store.work_item(&board, "First", None).await;
    let second = store.work_item(&board, "Second", None).await;
    let third = store.work_item(&board, "Third", None).await;
    // Neighbours with no rank left between them, as many reorders leave them.
    for (card, rank) in [(first, 1), (second, 2), (third, 3)] {
        item::Entity::update_many()
            .col_expr(item::Column::Rank, Expr::value(rank))
            .filter(item::Column::Id.eq(card))
            .exec(&store.db)
            .await
            .expect("rank set");
    }

    store
        .move_card(WorkItem, third, above(second, &to_do), None)
        .await
        .expect("reordered");

    assert_eq!(store.ranked(&to_do).await, [first, third, second]);
    let mut ranks = Vec::new();
    for card in [first, third, second] {
        ranks.push(store.item(card).await.rank);
    }
    assert_eq!(ranks, [RANK_GAP, 2 * RANK_GAP, 3 * RANK_GAP]);
}

#[tokio::test]
async fn a_move_at_a_stale_version_is_refused_and_changes_nothing() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let (to_do, in_progress) = (
        store.column(&board, "To Do").await,
        store.column(&board, "In Progress").await,
    );
    let card = store.work_item(&board, "Fix the login", None).await;
    store
        .move_card(WorkItem, card, bottom_of(&in_progress), None)
        .await
        .expect("moved by someone else");

    let refused = store
        .move_at(WorkItem, card, bottom_of(&to_do), 1, None)
        .await;

    assert!(
        matches!(&refused, Err(StoreError::Stale { what }) if what == "“Fix the login”"),
        "{refused:?}"
    );
    let row = store.item(card).await;
    assert_eq!((row.column_id, row.version), (in_progress.id, 2));
    assert_eq!(store.transitions(card).await.len(), 2);
}

#[tokio::test]
async fn a_move_to_another_boards_column_is_refused() {
    let store = fresh_store().await;
    let software = store.team_board("Software").await;
    let hardware = store.team_board("Hardware").await;
    let card = store.work_item(&software, "Fix the login", None).await;
    let elsewhere = store.column(&hardware, "In Progress").await;

    let refused = store
        .move_card(WorkItem, card, bottom_of(&elsewhere), None)
        .await;

    assert_eq!(
        said(&refused),
        AppError::Invalid {
            detail: "the column “In Progress” is on another board".into()
        }
    );
    let row = store.item(card).await;
    assert_eq!(row.column_id, store.column(&software, "To Do").await.id);
    assert_eq!(row.version, 1);
}

#[tokio::test]
async fn a_process_board_moves_an_item_forward_one_state_at_a_time() {
    let store = fresh_store().await;
    let portfolio = store.portfolio().await;
    let product = store.product("Drones").await;
    let epic = store.epic(&portfolio, "Subscriptions").await;
    let feature = store.feature(&product, "Flight software", None).await;
    let cases = [
        (
            Epic,
            epic,
            store.column(&portfolio, "Analyzing").await,
            "on the portfolio kanban an item moves forward one state at a time: \
             from Funnel the next state is Reviewing, not Analyzing",
        ),
        (
            Feature,
            feature,
            store.column(&product, "Backlog").await,
            "on the feature kanban an item moves forward one state at a time: \
             from Funnel the next state is Analyzing, not Backlog",
        ),
    ];
    for (kind, id, skipping, sentence) in cases {
        let refused = store.move_card(kind, id, bottom_of(&skipping), None).await;
        assert!(
            matches!(&refused, Err(StoreError::Refused(Refusal::Process(_)))),
            "{kind:?}: {refused:?}"
        );
        assert_eq!(
            said(&refused),
            AppError::Invalid {
                detail: sentence.into()
            },
            "{kind:?}"
        );
        assert_eq!(store.item(id).await.version, 1, "{kind:?} stays put");
    }

    let reviewing = store.column(&portfolio, "Reviewing").await;
    store
        .move_card(Epic, epic, bottom_of(&reviewing), None)
        .await
        .expect("the next state is allowed");
    assert_eq!(store.item(epic).await.column_id, reviewing.id);
}

#[tokio::test]
async fn a_move_into_a_column_at_its_hard_limit_is_refused() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let (to_do, in_progress) = (
        store.column(&board, "To Do").await,
        store.column(&board, "In Progress").await,
    );
    store
        .limit(&board, &in_progress, 1, Enforcement::Hard)
        .await;
    let first = store.work_item(&board, "First", None).await;
    let second = store.work_item(&board, "Second", None).await;
    store
        .move_card(WorkItem, first, bottom_of(&in_progress), None)
        .await
        .expect("room for one");

    let refused = store
        .move_card(
            WorkItem,
            second,
            bottom_of(&in_progress),
            Some("a reason does not lift a hard limit"),
        )
        .await;

    assert_eq!(
        said(&refused),
        AppError::Conflict {
            detail: "“In Progress” is at its hard WIP limit of 1: “First” hold it. \
                     Finish or move one of them first."
                .into()
        }
    );
    assert_eq!(store.item(second).await.column_id, to_do.id);
    assert!(store.infractions().await.is_empty());
}

#[tokio::test]
async fn a_move_over_a_soft_limit_needs_a_reason_and_records_an_infraction() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let (to_do, in_progress) = (
        store.column(&board, "To Do").await,
        store.column(&board, "In Progress").await,
    );
    let limit = store
        .limit(&board, &in_progress, 1, Enforcement::Soft)
        .await;
    let first = store.work_item(&board, "First", None).await;
    let second = store.work_item(&board, "Second", None).await;
    store
        .move_card(WorkItem, first, bottom_of(&in_progress), None)
        .await
        .expect("room for one");

    for unexplained in [None, Some("  ")] {
        let refused = store
            .move_card(WorkItem, second, bottom_of(&in_progress), unexplained)
            .await;
        assert_eq!(
            said(&refused),
            AppError::InvalidField {
                field: "reason".into(),
                detail: "This move would exceed the soft WIP limit of In Progress (2/1): \
                         say why it should go over."
                    .into()
            },
            "{unexplained:?}"
        );
        assert_eq!(store.item(second).await.column_id, to_do.id);
    }
    assert!(store.infractions().await.is_empty());

    store
        .move_card(
            WorkItem,
            second,
            bottom_of(&in_progress),
            Some(" a customer is down "),
        )
        .await
        .expect("over with a reason");

    assert_eq!(store.item(second).await.column_id, in_progress.id);
    let infractions = store.infractions().await;
    assert_eq!(infractions.len(), 1);
    let infraction = &infractions[0];
    assert_eq!(infraction.limit_id, Some(limit));
    assert_eq!(infraction.board_id, board.id);
    assert_eq!(
        (infraction.label.as_str(), infraction.max, infraction.load),
        ("In Progress", 1, 2)
    );
    assert_eq!(
        (infraction.item_id, infraction.item_title.as_str()),
        (second, "Second")
    );
    assert_eq!(infraction.reason, "a customer is down");
    assert_eq!(infraction.user_id, Some(store.actor.user_id));
    assert_eq!(infraction.resolved_at, None);
}

#[tokio::test]
async fn moving_a_card_out_of_a_column_over_its_soft_limit_resolves_the_infraction() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let (to_do, in_progress) = (
        store.column(&board, "To Do").await,
        store.column(&board, "In Progress").await,
    );
    store
        .limit(&board, &in_progress, 1, Enforcement::Soft)
        .await;
    let first = store.work_item(&board, "First", None).await;
    let second = store.work_item(&board, "Second", None).await;
    for (card, reason) in [(first, None), (second, Some("a customer is down"))] {
        store
            .move_card(WorkItem, card, bottom_of(&in_progress), reason)
            .await
            .expect("moved in");
    }
    assert_eq!(store.infractions().await[0].resolved_at, None);

    store
        .move_card(WorkItem, second, bottom_of(&to_do), None)
        .await
        .expect("moved back");

    let infractions = store.infractions().await;
    assert_eq!(infractions.len(), 1);
    assert!(
        infractions[0].resolved_at.is_some(),
        "within its limit again"
    );
}

#[tokio::test]
async fn a_reorder_keeps_the_time_a_card_entered_its_column_and_a_move_renews_it() {
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let (to_do, in_progress) = (
        store.column(&board, "To Do").await,
        store.column(&board, "In Progress").await,
    );
    let first = store.work_item(&board, "First", None).await;
    let second = store.work_item(&board, "Second", None).await;
    let created = store.item(second).await;
    assert_eq!(created.entered_column_at, Some(created.created_at));

    store
        .move_card(WorkItem, second, above(first, &to_do), None)
        .await
        .expect("reordered");
    let reordered = store.item(second).await;
    assert_eq!(reordered.entered_column_at, created.entered_column_at);

    let moved = store
        .move_card(WorkItem, second, bottom_of(&in_progress), None)
        .await
        .expect("moved");
    let row = store.item(second).await;
    assert!(row.entered_column_at > created.entered_column_at);
    assert_eq!(row.entered_column_at, Some(moved.entered_column_at));
}

#[tokio::test]
async fn a_board_read_as_counts_weighs_what_its_cards_weigh() {
    use app::domain::board::StateCategory;
    use app::domain::hierarchy::ClassOfService;
    use app::domain::wip::{Load, Measure, Scope};
    use app::store::{items::columns_of, wip};
    let store = fresh_store().await;
    let board = store.team_board("Software").await;
    let columns = columns_of(&store.db, board.id).await.expect("columns");
    let mut cards = Vec::new();
    // Two columns, three holders, two classes: 24 cards in at most 12 groups.
    for n in 0..24_usize {
        let card = store.work_item(&board, &format!("Card {n}"), None).await;
        let column = &columns[n % 2];
        item::Entity::update_many()
            .col_expr(item::Column::ColumnId, Expr::value(column.id))
            .col_expr(
                item::Column::Assignee,
                Expr::value(["Tina", "tina", "Ben"][n % 3]),
            )
            .col_expr(
                item::Column::Size,
                Expr::value([Some(3), None, Some(5), Some(8)][n % 4]),
            )
            .col_expr(
                item::Column::ClassOfService,
                Expr::value([ClassOfService::Standard, ClassOfService::Expedite][n / 12]),
            )
            .filter(item::Column::Id.eq(card))
            .exec(&store.db)
            .await
            .expect("card placed");
        cards.push(card);
    }
    // Every card one by one, as a limit sees it.
    let every: Vec<Load> = item::Entity::find()
        .filter(item::Column::Id.is_in(cards.iter().copied()))
        .all(&store.db)
        .await
        .expect("every card")
        .into_iter()
        .map(|row| Load {
            id: row.id,
            title: row.title,
            column: row.column_id,
            class_of_service: row.class_of_service,
            assignee: row.assignee,
            size: row.size.map(|size| size.unsigned_abs()),
            cards: 1,
            started: columns
                .iter()
                .any(|c| c.id == row.column_id && c.state_category == StateCategory::Started),
        })
        .collect();
    let moving = store.item(cards[4]).await;
    for except in [None, Some(&moving)] {
        let counted = wip::counted_loads(&store.db, &columns, except)
            .await
            .expect("counted");
        assert!(counted.len() < every.len(), "read as groups: {counted:?}");
        let mut scopes: Vec<Scope> = columns.iter().map(|c| Scope::Column(c.id)).collect();
        scopes.extend(["Tina", "Ben", "Nobody"].map(|who| Scope::Person(who.into())));
        scopes.push(Scope::Lane(columns[1].id, ClassOfService::Expedite));
        for measure in [Measure::Cards, Measure::Size] {
            for scope in &scopes {
                assert_eq!(
                    scope.load(&counted, measure),
                    scope.load(&every, measure),
                    "{scope:?} by {measure:?}"
                );
            }
        }
        if let Some(moving) = except {
            let alone: Vec<_> = counted.iter().filter(|load| load.id == moving.id).collect();
            assert_eq!(alone.len(), 1, "the moving card is read on its own");
            assert_eq!(alone[0].cards, 1);
        }
    }

    // An epic's person is its owner.
    let portfolio = store.portfolio().await;
    let epic = store.epic(&portfolio, "Owned").await;
    item::Entity::update_many()
        .col_expr(item::Column::Owner, Expr::value("Tina"))
        .filter(item::Column::Id.eq(epic))
        .exec(&store.db)
        .await
        .expect("owner set");
    let columns = columns_of(&store.db, portfolio.id).await.expect("columns");
    let started = columns
        .iter()
        .find(|c| c.state_category == app::domain::board::StateCategory::Started)
        .expect("a started column");
    item::Entity::update_many()
        .col_expr(item::Column::ColumnId, Expr::value(started.id))
        .filter(item::Column::Id.eq(epic))
        .exec(&store.db)
        .await
        .expect("epic started");
    let counted = wip::counted_loads(&store.db, &columns, None)
        .await
        .expect("counted");
    assert_eq!(
        Scope::Person("tina".into()).load(&counted, Measure::Cards),
        1
    );
}

#[tokio::test]
async fn the_dashboard_counts_epics_in_flight_one_by_one_however_they_group() {
    use app::domain::board::StateCategory;
    let store = fresh_store().await;
    let portfolio = store.portfolio().await;
    let columns = app::store::items::columns_of(&store.db, portfolio.id)
        .await
        .expect("columns");
    let started = columns
        .iter()
        .find(|c| c.state_category == StateCategory::Started)
        .expect("a started column");
    // One column, one owner, no class of service: one counted group of three.
    for title in ["Lift", "Range", "Noise"] {
        let epic = store.epic(&portfolio, title).await;
        item::Entity::update_many()
            .col_expr(item::Column::ColumnId, Expr::value(started.id))
            .col_expr(item::Column::Owner, Expr::value("Tina"))
            .filter(item::Column::Id.eq(epic))
            .exec(&store.db)
            .await
            .expect("epic started");
    }
    let (in_flight, _) = app::store::dashboard::portfolio(&store.db)
        .await
        .expect("portfolio figures");
    assert_eq!(in_flight, 3);
}
