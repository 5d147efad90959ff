//! `From<StoreError> for AppError`: each store error becomes one wire error, with
//! its status, at the server-function boundary.

use app::domain::access::Action;
use app::domain::board::{BoardKind, MoveRefused};
use app::domain::hierarchy::ItemKind;
use app::domain::planning::FieldError;
use app::domain::wip::{Breach, Enforcement};
use app::error::AppError;
use app::store::{Named, Refusal, StoreError};
use sea_orm::DbErr;

#[test]
fn every_store_error_becomes_its_wire_error_and_status() {
    let cases = [
        (
            StoreError::not_found("that epic"),
            AppError::NotFound {
                what: "that epic".into(),
            },
            404,
        ),
        (
            StoreError::Stale {
                what: "“Subscriptions”".into(),
            },
            AppError::Conflict {
                detail: "“Subscriptions” was changed by someone else since you loaded it: \
                         reload and try again"
                    .into(),
            },
            409,
        ),
        (
            StoreError::Raced {
                what: "“Subscriptions”".into(),
            },
            AppError::Conflict {
                detail: "“Subscriptions” was changed by someone else at the same moment: \
                         reload and try again"
                    .into(),
            },
            409,
        ),
        (
            StoreError::Forbidden(Action::EditEpics),
            AppError::Forbidden {
                action: "change epics".into(),
            },
            403,
        ),
        (
            StoreError::Inconsistent {
                detail: "column x has no board".into(),
            },
            AppError::Inconsistent {
                detail: "column x has no board".into(),
            },
            500,
        ),
        (
            StoreError::Database(DbErr::Custom("disk I/O error in items".into())),
            AppError::Database {
                detail: "please try again shortly".into(),
            },
            503,
        ),
    ];
    for (stored, wire, status) in cases {
        let described = format!("{stored:?}");
        let error = AppError::from(stored);
        assert_eq!(error, wire, "{described}");
        assert_eq!(error.status_code(), status, "{described}");
    }
}

fn breach(enforcement: Enforcement, label: &str) -> Breach {
    Breach {
        limit_id: uuid::Uuid::nil(),
        label: label.into(),
        enforcement,
        load: 4,
        max: 3,
        occupants: vec!["Card 1".into(), "Card 2".into()],
    }
}

/// Every refusal, with the words and the status people get for it.
#[test]
fn every_refusal_reads_as_a_sentence_with_its_status() {
    let invalid = |detail: &str| AppError::Invalid {
        detail: detail.into(),
    };
    let conflict = |detail: &str| AppError::Conflict {
        detail: detail.into(),
    };
    let field = |field: &str, detail: &str| AppError::InvalidField {
        field: field.into(),
        detail: detail.into(),
    };
    let unprocessable = |detail: &str| AppError::Unprocessable {
        detail: detail.into(),
    };
    let cases = [
        (
            Refusal::Field(FieldError {
                field: "title",
                message: "give it a title".into(),
            }),
            field("title", "give it a title"),
        ),
        (
            Refusal::Process(MoveRefused("one state at a time".into())),
            invalid("one state at a time"),
        ),
        (
            Refusal::Layout("a board needs at least one “done” column".into()),
            invalid("a board needs at least one “done” column"),
        ),
        (
            Refusal::HardLimit(breach(Enforcement::Hard, "Review")),
            conflict(
                "“Review” is at its hard WIP limit of 3: “Card 1”, “Card 2” hold it. \
                 Finish or move one of them first.",
            ),
        ),
        (
            Refusal::ReasonNeeded {
                breaches: vec![
                    breach(Enforcement::Soft, "Review"),
                    breach(Enforcement::Soft, "Tina"),
                ],
                finishes_waiting: None,
            },
            field(
                "reason",
                "This move would exceed the soft WIP limit of Review (4/3) and would exceed \
                 the soft WIP limit of Tina (4/3): say why it should go over.",
            ),
        ),
        (
            Refusal::ReasonNeeded {
                breaches: vec![breach(Enforcement::Soft, "Done")],
                finishes_waiting: Some(app::domain::dependency::FinishesWaiting { open: 2 }),
            },
            field(
                "reason",
                "This move would exceed the soft WIP limit of Done (4/3) and finishes it \
                 while it waits on 2 open items: say why it should go ahead.",
            ),
        ),
        (
            Refusal::DependencyCycle {
                titles: vec!["A".into(), "B".into(), "A".into()],
            },
            field(
                "upstream_id",
                "that would make a cycle: “A” waits on “B” waits on “A”",
            ),
        ),
        (
            Refusal::AlreadyWaitsOn {
                item: "A".into(),
                upstream: "B".into(),
            },
            conflict("“A” already waits on “B”"),
        ),
        (
            Refusal::ColumnAtEnd {
                column: "Done".into(),
            },
            invalid("“Done” is already at that end of the board"),
        ),
        (
            Refusal::ColumnNotEmpty {
                column: "Review".into(),
                cards: 1,
            },
            conflict("“Review” still holds 1 card: move them to another column first"),
        ),
        (
            Refusal::ColumnNotEmpty {
                column: "Review".into(),
                cards: 3,
            },
            conflict("“Review” still holds 3 cards: move them to another column first"),
        ),
        (
            Refusal::ColumnOnAnotherBoard {
                column: "In Progress".into(),
            },
            invalid("the column “In Progress” is on another board"),
        ),
        (
            Refusal::NotOnTeam {
                person: "Ben Battery".into(),
                team: "Software".into(),
            },
            field(
                "assignee",
                "“Ben Battery” is not on the team Software: assign one of its people",
            ),
        ),
        (
            Refusal::LimitExists {
                label: "Review".into(),
            },
            conflict("“Review” already has a WIP limit: change that one instead"),
        ),
        (
            Refusal::LimitColumnElsewhere {
                field: "last_column_id",
                board: "Software".into(),
            },
            field("last_column_id", "that column is not on “Software”"),
        ),
        (
            Refusal::NeighbourLeft {
                column: "To Do".into(),
            },
            invalid("the card to place it above is not in “To Do”"),
        ),
        (
            Refusal::NoSuchParent {
                kind: ItemKind::Feature,
            },
            field("epic_id", "there is no such epic"),
        ),
        (
            Refusal::StartsInFirstColumn {
                kind: ItemKind::Epic,
                column: "Funnel".into(),
                board: BoardKind::Portfolio,
            },
            invalid("new epics start in Funnel, the first state of the portfolio kanban"),
        ),
        (
            Refusal::HasChildren {
                title: "Subscriptions".into(),
                kind: ItemKind::Epic,
                child: ItemKind::Feature,
                children: 2,
            },
            conflict(
                "“Subscriptions” has 2 features: delete them with it, or move them under \
                 another epic first",
            ),
        ),
        (
            Refusal::NoSuchNewParent {
                kind: ItemKind::Feature,
            },
            field(
                "move_children_to",
                "choose another existing feature to move them under",
            ),
        ),
        (
            Refusal::NotAbove {
                cards: ItemKind::WorkItem,
                ancestor: ItemKind::Vision,
            },
            invalid(
                "the work items of this board can be narrowed to an item above them, not to \
                 a vision",
            ),
        ),
        (
            Refusal::NameTaken {
                what: Named::Team,
                name: "Platform".into(),
            },
            conflict("there is already a team named “Platform”"),
        ),
        (
            Refusal::NameTaken {
                what: Named::Product,
                name: "Drones".into(),
            },
            conflict("there is already a product named “Drones”"),
        ),
        (
            Refusal::EmailTaken {
                email: "tina@example.com".into(),
            },
            conflict("an account for tina@example.com already exists"),
        ),
        (
            Refusal::LastAdmin {
                name: "Ada Admin".into(),
            },
            conflict("Ada Admin is the last admin: make someone else admin first"),
        ),
        (
            Refusal::VisionExists {
                title: "Quiet skies".into(),
            },
            conflict("the vision “Quiet skies” already exists: change it instead"),
        ),
        (
            Refusal::AlreadyClaimed {
                item: "Subscriptions".into(),
                metric: "Churn".into(),
            },
            conflict("“Subscriptions” already claims to move “Churn”"),
        ),
        (
            Refusal::UnknownTeam {
                named: "Nobody".into(),
            },
            unprocessable("there is no team “Nobody”"),
        ),
        (
            Refusal::IncidentWithoutTeam {
                service: "api".into(),
            },
            unprocessable("no deployment of “api” says whose it is: name the incident's team"),
        ),
        (
            Refusal::UnknownDeployment {
                named: "deploy-9".into(),
            },
            unprocessable(
                "caused_by: there is no deployment “deploy-9”: send the deployment first",
            ),
        ),
        (
            Refusal::NoSuchUpstream,
            field("upstream_id", "there is no such item to wait on"),
        ),
        (
            Refusal::DependencyCycle {
                titles: vec!["A".into(), "A".into()],
            },
            field("upstream_id", "an item cannot wait on itself"),
        ),
    ];
    for (refusal, wire) in cases {
        let described = format!("{refusal:?}");
        assert_eq!(
            AppError::from(StoreError::Refused(refusal)),
            wire,
            "{described}"
        );
    }
}
