//! What can go wrong reading or writing the database, by what it means for the
//! caller, with the context to say so. The store writes no sentences for people:
//! `api::wire_errors` turns each error into the wire error, its HTTP status and
//! the words people read, once.

use crate::domain::board::{BoardKind, MoveRefused};
use crate::domain::dependency::FinishesWaiting;
use crate::domain::hierarchy::ItemKind;
use crate::domain::planning::FieldError;
use crate::domain::wip::Breach;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Nothing stored answers to `what` ("that epic", "team `x`").
    #[error("{what} was not found")]
    NotFound { what: String },
    /// `what` changed since the caller read it (its version moved on).
    #[error("{what} was changed since it was read")]
    Stale { what: String },
    /// Someone else changed `what` between this change's read and its write.
    #[error("{what} was changed by another writer at the same moment")]
    Raced { what: String },
    /// The change reaches something the caller may not change (a cascade into
    /// another team's work).
    #[error("not allowed to {}", .0.describe())]
    Forbidden(crate::domain::access::Action),
    /// The change breaks a rule of the data or of the process.
    #[error("refused: {0:?}")]
    Refused(Refusal),
    /// The stored data contradicts itself (a bug or a hand edit, never the caller).
    #[error("stored data is inconsistent: {detail}")]
    Inconsistent { detail: String },
    /// The database failed, or refused the write (a unique key, a gone reference).
    #[error(transparent)]
    Database(#[from] sea_orm::DbErr),
}

/// A change the stored data or a rule does not allow, with what it concerns.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// A field of a form breaks a domain rule (the rule's own words).
    Field(FieldError),
    /// A board's process forbids the move (the rule's own words).
    Process(MoveRefused),
    /// The columns would not make a valid board (the rule's own words).
    Layout(String),
    /// The move would take a hard WIP limit over.
    HardLimit(Breach),
    /// The move takes soft limits over, or finishes an item that waits on open
    /// work, and needs a reason.
    ReasonNeeded {
        breaches: Vec<Breach>,
        finishes_waiting: Option<FinishesWaiting>,
    },
    /// A work item's assignee must be one of its team's people.
    NotOnTeam { person: String, team: String },
    /// A column cannot move past the end of its board.
    ColumnAtEnd { column: String },
    /// A column still holding cards cannot be removed.
    ColumnNotEmpty { column: String, cards: u64 },
    /// A card cannot move to a column of another board.
    ColumnOnAnotherBoard { column: String },
    /// The board already has a limit covering the same (its label).
    LimitExists { label: String },
    /// A limit's column (named by `field`) is not on the limit's board.
    LimitColumnElsewhere { field: &'static str, board: String },
    /// The card to place another above has left `column`.
    NeighbourLeft { column: String },
    /// The parent named for an item of `kind` does not exist.
    NoSuchParent { kind: ItemKind },
    /// New items of `kind` start in the first column of a board of `board`.
    StartsInFirstColumn {
        kind: ItemKind,
        column: String,
        board: BoardKind,
    },
    /// The item has children: delete them with it or move them first.
    HasChildren {
        title: String,
        kind: ItemKind,
        child: ItemKind,
        children: usize,
    },
    /// The item chosen to take the children (of a deleted `kind`) does not exist.
    NoSuchNewParent { kind: ItemKind },
    /// A board's flow narrowed to an item not above its cards.
    NotAbove { cards: ItemKind, ancestor: ItemKind },
    /// Another thing of `what` already carries `name`.
    NameTaken { what: Named, name: String },
    /// The account exists already.
    EmailTaken { email: String },
    /// The last admin cannot stop being one.
    LastAdmin { name: String },
    /// There is one vision, and it exists.
    VisionExists { title: String },
    /// The item already claims the metric.
    AlreadyClaimed { item: String, metric: String },
    /// A machine's message names a team there is none of.
    UnknownTeam { named: String },
    /// The item to wait on does not exist.
    NoSuchUpstream,
    /// The item already waits on that one.
    AlreadyWaitsOn { item: String, upstream: String },
    /// Waiting on that item would close a cycle: the titles round it.
    DependencyCycle { titles: Vec<String> },
    /// An incident's `caused_by` names no deployment stored.
    UnknownDeployment { named: String },
    /// An incident names no team and no deployment of its service says whose it is.
    IncidentWithoutTeam { service: String },
    /// The file named is being imported: it cannot be changed, imported again or
    /// discarded until that ends.
    ImportUnderway { file: String },
    /// A board chosen for an import is not of the kind it must be.
    NotAnImportTarget {
        field: &'static str,
        board: BoardKind,
    },
}

/// What kind of thing has a name that must be unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    Team,
    Product,
}

impl StoreError {
    pub fn not_found(what: impl Into<String>) -> StoreError {
        StoreError::NotFound { what: what.into() }
    }
}

impl From<Refusal> for StoreError {
    fn from(refusal: Refusal) -> Self {
        StoreError::Refused(refusal)
    }
}

impl From<crate::domain::UnknownValue> for StoreError {
    fn from(error: crate::domain::UnknownValue) -> Self {
        StoreError::Inconsistent {
            detail: error.to_string(),
        }
    }
}

impl From<crate::domain::wsjf::OffScale> for StoreError {
    fn from(error: crate::domain::wsjf::OffScale) -> Self {
        StoreError::Inconsistent {
            detail: error.to_string(),
        }
    }
}

impl From<FieldError> for StoreError {
    fn from(error: FieldError) -> Self {
        StoreError::Refused(Refusal::Field(error))
    }
}

impl From<MoveRefused> for StoreError {
    fn from(refused: MoveRefused) -> Self {
        StoreError::Refused(Refusal::Process(refused))
    }
}
