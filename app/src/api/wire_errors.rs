//! The one place a store error becomes the wire error: its HTTP status (through
//! the `AppError` variant) and the sentence people read.

use crate::domain::hierarchy::ItemKind;
use crate::domain::wip::Breach;
use crate::error::AppError;
use crate::store::{Named, Refusal, StoreError};

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { what } => AppError::NotFound { what },
            StoreError::Stale { what } => AppError::Conflict {
                detail: format!(
                    "{what} was changed by someone else since you loaded it: reload and try again"
                ),
            },
            StoreError::Raced { what } => AppError::Conflict {
                detail: format!(
                    "{what} was changed by someone else at the same moment: reload and try again"
                ),
            },
            StoreError::Forbidden(action) => AppError::Forbidden {
                action: action.describe().to_owned(),
            },
            StoreError::Refused(refusal) => refused(refusal),
            StoreError::Inconsistent { detail } => {
                tracing::error!(%detail, "stored data is inconsistent");
                AppError::Inconsistent { detail }
            }
            StoreError::Database(error) => AppError::from(error),
        }
    }
}

/// A refusal as people read it: a form field's error where one field is at
/// fault, a conflict where the stored state is in the way, 422 for a machine's
/// message naming what is not there, 400 for the rest.
fn refused(refusal: Refusal) -> AppError {
    let invalid = |detail: String| AppError::Invalid { detail };
    let conflict = |detail: String| AppError::Conflict { detail };
    let field = |field: &str, detail: String| AppError::InvalidField {
        field: field.to_owned(),
        detail,
    };
    let lower = |kind: ItemKind| kind.label().to_lowercase();
    match refusal {
        Refusal::Field(error) => field(error.field, error.message),
        Refusal::Process(refused) => invalid(refused.0),
        Refusal::Layout(detail) => invalid(detail),
        Refusal::HardLimit(breach) => conflict(breach.refusal()),
        Refusal::NotOnTeam { person, team } => field(
            "assignee",
            format!("“{person}” is not on the team {team}: assign one of its people"),
        ),
        Refusal::ReasonNeeded {
            breaches,
            finishes_waiting,
        } => field(
            "reason",
            format!(
                "This move {}: say why it should {}.",
                breaches
                    .iter()
                    .map(Breach::describe)
                    .chain(finishes_waiting.as_ref().map(|f| f.describe()))
                    .collect::<Vec<_>>()
                    .join(" and "),
                match finishes_waiting {
                    Some(_) => "go ahead",
                    None => "go over",
                }
            ),
        ),
        Refusal::NoSuchUpstream => field("upstream_id", "there is no such item to wait on".into()),
        Refusal::AlreadyWaitsOn { item, upstream } => {
            conflict(format!("“{item}” already waits on “{upstream}”"))
        }
        Refusal::DependencyCycle { titles } => field(
            "upstream_id",
            match titles.as_slice() {
                [_, _] => "an item cannot wait on itself".to_owned(),
                _ => format!(
                    "that would make a cycle: {}",
                    titles
                        .iter()
                        .map(|title| format!("“{title}”"))
                        .collect::<Vec<_>>()
                        .join(" waits on ")
                ),
            },
        ),
        Refusal::ColumnAtEnd { column } => {
            invalid(format!("“{column}” is already at that end of the board"))
        }
        Refusal::ColumnNotEmpty { column, cards } => conflict(format!(
            "“{column}” still holds {cards} card{}: move them to another column first",
            if cards == 1 { "" } else { "s" }
        )),
        Refusal::ColumnOnAnotherBoard { column } => {
            invalid(format!("the column “{column}” is on another board"))
        }
        Refusal::LimitExists { label } => conflict(format!(
            "“{label}” already has a WIP limit: change that one instead"
        )),
        Refusal::LimitColumnElsewhere { field: name, board } => {
            field(name, format!("that column is not on “{board}”"))
        }
        Refusal::NeighbourLeft { column } => {
            invalid(format!("the card to place it above is not in “{column}”"))
        }
        Refusal::NoSuchParent { kind } => field(
            crate::domain::planning::parent_field(kind),
            format!(
                "there is no such {}",
                kind.parent_kind().map(lower).unwrap_or_default()
            ),
        ),
        Refusal::StartsInFirstColumn {
            kind,
            column,
            board,
        } => invalid(format!(
            "new {}s start in {column}, the first state of the {}",
            lower(kind),
            board.label().to_lowercase()
        )),
        Refusal::HasChildren {
            title,
            kind,
            child,
            children,
        } => conflict(format!(
            "“{title}” has {children} {}{}: delete them with it, or move them under another {} \
             first",
            lower(child),
            if children == 1 { "" } else { "s" },
            lower(kind)
        )),
        Refusal::NoSuchNewParent { kind } => field(
            "move_children_to",
            format!("choose another existing {} to move them under", lower(kind)),
        ),
        Refusal::NotAbove { cards, ancestor } => invalid(format!(
            "the {}s of this board can be narrowed to an item above them, not to {}",
            lower(cards),
            ancestor.with_article()
        )),
        Refusal::NameTaken { what, name } => conflict(format!(
            "there is already a {} named “{name}”",
            match what {
                Named::Team => "team",
                Named::Product => "product",
            }
        )),
        Refusal::EmailTaken { email } => conflict(format!("an account for {email} already exists")),
        Refusal::LastAdmin { name } => conflict(format!(
            "{name} is the last admin: make someone else admin first"
        )),
        Refusal::VisionExists { title } => conflict(format!(
            "the vision “{title}” already exists: change it instead"
        )),
        Refusal::AlreadyClaimed { item, metric } => {
            conflict(format!("“{item}” already claims to move “{metric}”"))
        }
        Refusal::UnknownDeployment { named } => AppError::Unprocessable {
            detail: format!(
                "caused_by: there is no deployment “{named}”: send the deployment first"
            ),
        },
        Refusal::UnknownTeam { named } => AppError::Unprocessable {
            detail: format!("there is no team “{named}”"),
        },
        Refusal::IncidentWithoutTeam { service } => AppError::Unprocessable {
            detail: format!(
                "no deployment of “{service}” says whose it is: name the incident's team"
            ),
        },
        Refusal::ImportUnderway { file } => conflict(format!(
            "“{file}” is being imported: wait until it is done"
        )),
        Refusal::NotAnImportTarget { field: name, board } => field(
            name,
            format!(
                "that is a {}; work is imported onto a team board, epics onto a product's feature kanban",
                board.label().to_lowercase()
            ),
        ),
    }
}
