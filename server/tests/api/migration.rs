//! Migration 11 moves epics, features and work items into one `items` table: every
//! field, id, transition, audit row, metric link and WIP infraction must come
//! through, on SQLite and PostgreSQL.

use chrono::{TimeZone, Utc};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sea_query::{Alias, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, EntityTrait, PaginatorTrait};
use uuid::Uuid;

use app::domain::hierarchy::{ClassOfService, ItemKind, WorkItemType};
use app::domain::planning::GoDecision;
use app::entities::{audit_event, epic_case, item, item_metric_link, transition, wip_infraction};

/// The schema version before the items moved.
const BEFORE: u32 = 10;

async fn insert(db: &DatabaseConnection, table: &str, row: Vec<(&str, SimpleExpr)>) {
    let (columns, values): (Vec<_>, Vec<_>) = row.into_iter().unzip();
    let statement = Query::insert()
        .into_table(Alias::new(table))
        .columns(columns.into_iter().map(Alias::new))
        .values_panic(values)
        .to_owned();
    db.execute(&statement)
        .await
        .unwrap_or_else(|e| panic!("insert into {table}: {e}"));
}

fn at(day: u32) -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, 9, 30, 0).unwrap()
}

/// The shared columns of a planning item row in the old tables.
fn planning(id: Uuid, column: Uuid, title: &str, rank: i64) -> Vec<(&'static str, SimpleExpr)> {
    vec![
        ("id", id.into()),
        ("column_id", column.into()),
        ("title", title.into()),
        ("description", format!("About {title}").into()),
        ("rank", rank.into()),
        ("size", Some(5).into()),
        ("business_value", Some(8i16).into()),
        ("time_criticality", Some(5i16).into()),
        ("risk_reduction", Some(3i16).into()),
        ("job_size", Some(2i16).into()),
        ("created_at", at(1).into()),
        ("updated_at", at(2).into()),
        ("version", 4.into()),
    ]
}

async fn items_come_through_the_move_to_one_table(url: &str) {
    let db = Database::connect(url).await.expect("database reachable");
    Migrator::up(&db, Some(BEFORE)).await.expect("old schema");

    let (vision, theme, board, column, metric) = (
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
        Uuid::new_v4(),
    );
    let stamp = |mut row: Vec<(&'static str, SimpleExpr)>| {
        row.extend([
            ("created_at", at(1).into()),
            ("updated_at", at(1).into()),
            ("version", 1.into()),
        ]);
        row
    };
    insert(
        &db,
        "visions",
        stamp(vec![("id", vision.into()), ("title", "Vision".into())]),
    )
    .await;
    insert(
        &db,
        "strategic_themes",
        stamp(vec![
            ("id", theme.into()),
            ("vision_id", vision.into()),
            ("title", "Theme".into()),
            ("rank", 1i64.into()),
        ]),
    )
    .await;
    insert(
        &db,
        "boards",
        stamp(vec![
            ("id", board.into()),
            ("name", "Board".into()),
            ("kind", "team".into()),
        ]),
    )
    .await;
    insert(
        &db,
        "board_columns",
        stamp(vec![
            ("id", column.into()),
            ("board_id", board.into()),
            ("name", "Doing".into()),
            ("position", 0.into()),
            ("state_category", "started".into()),
            ("activity", "active".into()),
        ]),
    )
    .await;

    let (epic, feature, work) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    let mut epic_row = planning(epic, column, "The epic", 1000);
    epic_row.extend([
        ("theme_id", Some(theme).into()),
        ("owner", Some("Erin").into()),
        ("hypothesis_for", "pilots".into()),
        ("hypothesis_our_solution", "lifts more".into()),
        ("business_outcome", "sales".into()),
        ("mvp_cost", Some(50_000i64).into()),
        ("full_cost", Some(200_000i64).into()),
        ("decision", Some("go").into()),
        (
            "decision_date",
            Some(chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()).into(),
        ),
        ("decision_reason", "cheap to try".into()),
    ]);
    insert(&db, "epics", epic_row).await;
    let mut feature_row = planning(feature, column, "The feature", 2000);
    feature_row.extend([
        ("epic_id", Some(epic).into()),
        ("acceptance_criteria", "it flies".into()),
    ]);
    insert(&db, "features", feature_row).await;
    let mut work_row = planning(work, column, "The work", 3000);
    work_row.extend([
        ("feature_id", Some(feature).into()),
        ("kind", "defect".into()),
        ("assignee", Some("Tina").into()),
        ("blocked", true.into()),
        ("blocked_reason", Some("waiting on parts").into()),
        ("class_of_service", "expedite".into()),
    ]);
    insert(&db, "work_items", work_row).await;

    for (kind, id) in [("epic", epic), ("feature", feature), ("work_item", work)] {
        insert(
            &db,
            "transitions",
            vec![
                ("id", Uuid::new_v4().into()),
                ("item_kind", kind.into()),
                ("item_id", id.into()),
                ("to_column_id", column.into()),
                ("at", at(1).into()),
                ("by", "someone".into()),
            ],
        )
        .await;
        insert(
            &db,
            "audit_events",
            vec![
                ("id", Uuid::new_v4().into()),
                ("item_kind", kind.into()),
                ("item_id", id.into()),
                ("field", "created".into()),
                ("new_value", Some("Doing").into()),
                ("via", "ui".into()),
                ("at", at(1).into()),
            ],
        )
        .await;
    }
    insert(
        &db,
        "outcome_metrics",
        stamp(vec![
            ("id", metric.into()),
            ("name", "Payload".into()),
            ("unit", "kg".into()),
            ("direction", "increase".into()),
            ("baseline", 20.0.into()),
            ("target", 40.0.into()),
        ]),
    )
    .await;
    insert(
        &db,
        "item_metric_links",
        vec![
            ("id", Uuid::new_v4().into()),
            ("metric_id", metric.into()),
            ("item_kind", "epic".into()),
            ("item_id", epic.into()),
            ("created_at", at(1).into()),
        ],
    )
    .await;
    insert(
        &db,
        "wip_infractions",
        vec![
            ("id", Uuid::new_v4().into()),
            ("board_id", board.into()),
            ("label", "Doing".into()),
            ("max", 1.into()),
            ("load", 2.into()),
            ("item_kind", "work_item".into()),
            ("item_id", work.into()),
            ("item_title", "The work".into()),
            ("reason", "urgent".into()),
            ("at", at(2).into()),
        ],
    )
    .await;

    Migrator::up(&db, None).await.expect("the items move");

    let items = item::Entity::find().all(&db).await.unwrap();
    assert_eq!(items.len(), 3);
    let find = |id| items.iter().find(|i| i.id == id).expect("kept its id");
    let (e, f, w) = (find(epic), find(feature), find(work));
    assert_eq!(
        (e.kind, f.kind, w.kind),
        (ItemKind::Epic, ItemKind::Feature, ItemKind::WorkItem)
    );
    assert_eq!(
        (e.parent_id, f.parent_id, w.parent_id),
        (Some(theme), Some(epic), Some(feature))
    );
    for (row, title, rank) in [
        (e, "The epic", 1000),
        (f, "The feature", 2000),
        (w, "The work", 3000),
    ] {
        assert_eq!(row.title, title);
        assert_eq!(row.description, format!("About {title}"));
        assert_eq!((row.column_id, row.rank, row.size), (column, rank, Some(5)));
        assert_eq!(
            (
                row.business_value,
                row.time_criticality,
                row.risk_reduction,
                row.job_size
            ),
            (Some(8), Some(5), Some(3), Some(2))
        );
        assert_eq!(
            (row.created_at, row.updated_at, row.version),
            (at(1), at(2), 4)
        );
    }
    assert_eq!(e.owner.as_deref(), Some("Erin"));
    assert_eq!(f.acceptance_criteria, "it flies");
    assert_eq!(w.work_type, Some(WorkItemType::Defect));
    assert_eq!(w.assignee.as_deref(), Some("Tina"));
    assert!(w.blocked);
    assert_eq!(w.blocked_reason.as_deref(), Some("waiting on parts"));
    assert_eq!(w.class_of_service, Some(ClassOfService::Expedite));
    assert!(!e.blocked && !f.blocked);
    assert_eq!((e.work_type, f.class_of_service), (None, None));

    let case = epic_case::Entity::find_by_id(epic)
        .one(&db)
        .await
        .unwrap()
        .expect("the epic's case");
    assert_eq!(case.hypothesis_for, "pilots");
    assert_eq!(case.hypothesis_our_solution, "lifts more");
    assert_eq!(case.business_outcome, "sales");
    assert_eq!(
        (case.mvp_cost, case.full_cost),
        (Some(50_000), Some(200_000))
    );
    assert_eq!(case.decision, Some(GoDecision::Go));
    assert_eq!(
        case.decision_date,
        chrono::NaiveDate::from_ymd_opt(2026, 10, 1)
    );
    assert_eq!(case.decision_reason, "cheap to try");
    assert_eq!(epic_case::Entity::find().count(&db).await.unwrap(), 1);

    // What names items by kind and id still finds them.
    assert_eq!(transition::Entity::find().count(&db).await.unwrap(), 3);
    assert_eq!(audit_event::Entity::find().count(&db).await.unwrap(), 3);
    for history in transition::Entity::find().all(&db).await.unwrap() {
        let moved = find(history.item_id);
        assert_eq!(history.item_kind, moved.kind);
    }
    let link = item_metric_link::Entity::find()
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((link.item_kind, link.item_id), (ItemKind::Epic, epic));
    let infraction = wip_infraction::Entity::find()
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(find(infraction.item_id).title, infraction.item_title);
}

#[tokio::test]
async fn every_item_comes_through_the_move_to_one_table() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/old.db?mode=rwc", dir.path().display());
    items_come_through_the_move_to_one_table(&url).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn every_item_comes_through_the_move_to_one_table_on_postgresql() {
    let url = crate::helpers::fresh_postgres_database().await;
    items_come_through_the_move_to_one_table(&url).await;
}

/// An item of the old tables, as the fixture holds it: (kind, id, title, column).
type OldItem = (ItemKind, Uuid, String, Uuid);

/// Every epic, feature and work item of a database still at the old schema.
async fn old_items(db: &DatabaseConnection) -> Vec<OldItem> {
    let mut found = Vec::new();
    for (table, kind) in [
        ("epics", ItemKind::Epic),
        ("features", ItemKind::Feature),
        ("work_items", ItemKind::WorkItem),
    ] {
        let select = Query::select()
            .columns(["id", "title", "column_id"].map(Alias::new))
            .from(Alias::new(table))
            .to_owned();
        for row in db.query_all(&select).await.expect(table) {
            found.push((
                kind,
                row.try_get("", "id").unwrap(),
                row.try_get("", "title").unwrap(),
                row.try_get("", "column_id").unwrap(),
            ));
        }
    }
    found
}

/// How many rows name items by kind and id: transitions, audit rows, metric links,
/// WIP infractions.
async fn references(db: &DatabaseConnection) -> [u64; 4] {
    [
        transition::Entity::find().count(db).await.unwrap(),
        audit_event::Entity::find().count(db).await.unwrap(),
        item_metric_link::Entity::find().count(db).await.unwrap(),
        wip_infraction::Entity::find().count(db).await.unwrap(),
    ]
}

/// The previous schema's demo, as the last server with three item tables (commit
/// 258af02) loaded it and its users then changed it (fixtures/act_on_old_demo.py:
/// moves, a reorder, a soft limit gone over with a reason, a work item claiming a
/// metric), comes through migration 11 whole, and the server reads it.
async fn the_previous_demo_comes_through(url: String) {
    let db = Database::connect(&url).await.expect("database reachable");
    let before = old_items(&db).await;
    let counted = references(&db).await;
    for kind in [ItemKind::Epic, ItemKind::Feature, ItemKind::WorkItem] {
        assert!(before.iter().any(|item| item.0 == kind), "no {kind:?}");
    }
    assert!(counted.iter().all(|n| *n > 0), "{counted:?}");
    db.close().await.unwrap();

    // The server migrates the database as it starts.
    let mut app = crate::helpers::TestApp::on_database(url.clone(), false).await;
    let db = Database::connect(&url).await.expect("database reachable");
    let after = item::Entity::find().all(&db).await.unwrap();
    assert_eq!(after.len(), before.len());
    for (kind, id, title, column) in &before {
        let moved = after
            .iter()
            .find(|row| row.id == *id)
            .unwrap_or_else(|| panic!("{title} is gone"));
        assert_eq!(
            (moved.kind, &moved.title, moved.column_id),
            (*kind, title, *column)
        );
    }
    assert_eq!(references(&db).await, counted);
    // Migration 22 counted the cards already on the boards.
    crate::helpers::assert_counts_are_the_cards(&db, "migrating").await;
    // Migration 23 worked out the finish time of each card from its moves.
    crate::helpers::assert_finish_times_are_the_timelines(&db, "migrating").await;
    assert!(after.iter().any(|card| card.finished_at.is_some()));
    let transitions = transition::Entity::find().all(&db).await.unwrap();
    for history in &transitions {
        let moved = after.iter().find(|row| row.id == history.item_id).unwrap();
        assert_eq!(history.item_kind, moved.kind);
    }
    // Migration 13: each item entered its column at its latest arrival there, or
    // when it was created if it never arrived by a move.
    for row in &after {
        let arrived = transitions
            .iter()
            .filter(|t| t.item_id == row.id && t.to_column_id == row.column_id)
            .map(|t| t.at)
            .max();
        assert_eq!(
            row.entered_column_at,
            Some(arrived.unwrap_or(row.created_at)),
            "{}",
            row.title
        );
    }
    for infraction in wip_infraction::Entity::find().all(&db).await.unwrap() {
        let over = after
            .iter()
            .find(|row| row.id == infraction.item_id)
            .unwrap();
        assert_eq!(over.title, infraction.item_title);
    }
    let planning_links = item_metric_link::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .filter(|link| !matches!(link.item_kind, ItemKind::Vision | ItemKind::Theme));
    for link in planning_links {
        let claimed = after.iter().find(|row| row.id == link.item_id).unwrap();
        assert_eq!(link.item_kind, claimed.kind);
    }

    // The migrated demo reads as it did: its accounts sign in, its boards show
    // their cards, and its flow counts finished work by type.
    app.sign_in(crate::helpers::TINA, crate::helpers::DEMO_PASSWORD)
        .await;
    let portfolio = app.page("/").await;
    let epic = before
        .iter()
        .find(|(kind, ..)| *kind == ItemKind::Epic)
        .unwrap();
    assert!(portfolio.contains(&epic.2), "{} on the portfolio", epic.2);
    let software = crate::helpers::DemoIds::read(&app).await;
    let metrics = crate::helpers::json(
        app.call("board_metrics", &[("board_id", &software.team_board)])
            .await,
    )
    .await;
    let types = metrics["flow"]["distribution"].as_array().unwrap();
    assert!(!types.is_empty());
    assert!(
        types.iter().all(|share| share[0] != "work_item"),
        "{types:?}"
    );
}

#[tokio::test]
async fn the_previous_schemas_demo_comes_through_whole() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old-demo.db");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/api/fixtures/demo-before-items.sqlite"
        ),
        &file,
    )
    .unwrap();
    the_previous_demo_comes_through(format!("sqlite://{}", file.display())).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn the_previous_schemas_demo_comes_through_whole_on_postgresql() {
    let url = crate::helpers::fresh_postgres_database().await;
    let db = Database::connect(&url).await.expect("database reachable");
    db.execute_unprepared(include_str!("fixtures/demo-before-items.postgres.sql"))
        .await
        .expect("the old demo's dump loads");
    db.close().await.unwrap();
    the_previous_demo_comes_through(url).await;
}
