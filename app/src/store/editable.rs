//! An item as stored ([`Stored`]: its row, and an epic's case) and how each kind's
//! validated draft changes it ([`Draft`]). What differs between the kinds is here;
//! creating and updating (in `planning`) is the same for all.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
};
use uuid::Uuid;

use super::error::StoreError;
use crate::domain::hierarchy::ItemKind;
use crate::domain::planning::{EpicDraft, FeatureDraft, WorkItemDraft};
use crate::domain::wip::Load;
use crate::domain::wsjf::ScaleValue;
use crate::entities::{epic_case, item};

/// Fields as the history shows them: (name, value).
pub(crate) type Shown = Vec<(&'static str, Option<String>)>;

pub(crate) fn shown_text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

fn shown_number<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn stored_estimate(value: Option<ScaleValue>) -> Option<i16> {
    value.map(|v| i16::from(v.get()))
}

fn stored_size(value: Option<ScaleValue>) -> Option<i32> {
    value.map(|v| i32::from(v.get()))
}

/// Every field of `item` to write, but its finish time: the database keeps that
/// from the item's moves (migration 23) and an edit never writes it back.
fn to_write(item: item::Model) -> item::ActiveModel {
    let mut row = item.into_active_model().reset_all();
    row.finished_at = sea_orm::ActiveValue::NotSet;
    row
}

/// An item as stored: its row and, for an epic, its hypothesis and business case.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Stored {
    pub item: item::Model,
    pub case: Option<epic_case::Model>,
}

impl Stored {
    /// A new item of `kind` with nothing filled in yet, at `rank` in `column_id`.
    pub fn blank(kind: ItemKind, column_id: Uuid, rank: i64, now: DateTime<Utc>) -> Stored {
        let id = Uuid::new_v4();
        Stored {
            item: item::Model {
                id,
                kind,
                parent_id: None,
                column_id,
                title: String::new(),
                description: String::new(),
                rank,
                size: None,
                business_value: None,
                time_criticality: None,
                risk_reduction: None,
                job_size: None,
                owner: None,
                acceptance_criteria: String::new(),
                work_type: None,
                assignee: None,
                blocked: false,
                blocked_reason: None,
                class_of_service: None,
                created_at: now,
                updated_at: now,
                version: 1,
                entered_column_at: Some(now),
                target_date: None,
                source_key: None,
                finished_at: None,
            },
            case: (kind == ItemKind::Epic).then(|| epic_case::Model {
                item_id: id,
                hypothesis_for: String::new(),
                hypothesis_who: String::new(),
                hypothesis_the: String::new(),
                hypothesis_is_a: String::new(),
                hypothesis_that: String::new(),
                hypothesis_unlike: String::new(),
                hypothesis_our_solution: String::new(),
                business_outcome: String::new(),
                leading_indicators: String::new(),
                nonfunctional_requirements: String::new(),
                mvp_cost: None,
                full_cost: None,
                decision: None,
                decision_date: None,
                decision_reason: String::new(),
            }),
        }
    }

    /// `item` with what is stored beside it (an epic's case).
    pub async fn of(db: &impl ConnectionTrait, item: item::Model) -> Result<Stored, StoreError> {
        let case = match item.kind {
            ItemKind::Epic => Some(case_of(db, item.id).await?),
            _ => None,
        };
        Ok(Stored { item, case })
    }

    pub async fn insert(self, db: &impl ConnectionTrait) -> Result<(), StoreError> {
        to_write(self.item).insert(db).await?;
        if let Some(case) = self.case {
            case.into_active_model().reset_all().insert(db).await?;
        }
        Ok(())
    }

    /// Writes every field if the stored row is still at `version`; answers whether
    /// it was (another writer's change in between makes it a no-op).
    pub async fn save_over(
        self,
        db: &impl ConnectionTrait,
        version: i32,
    ) -> Result<bool, StoreError> {
        let id = self.item.id;
        let written = item::Entity::update_many()
            .set(to_write(self.item))
            .filter(item::Column::Id.eq(id))
            .filter(item::Column::Version.eq(version))
            .exec(db)
            .await?;
        if written.rows_affected == 0 {
            return Ok(false);
        }
        if let Some(case) = self.case {
            case.into_active_model().reset_all().update(db).await?;
        }
        Ok(true)
    }

    /// Its fields as the history shows them, given its parent's title.
    pub fn shown(&self, parent: Option<String>) -> Shown {
        let item = &self.item;
        let estimates = [
            ("business value", shown_number(item.business_value)),
            ("time criticality", shown_number(item.time_criticality)),
            ("risk reduction", shown_number(item.risk_reduction)),
            ("job size", shown_number(item.job_size)),
        ];
        let mut shown = vec![
            ("title", shown_text(&item.title)),
            ("description", shown_text(&item.description)),
            ("target date", item.target_date.map(|date| date.to_string())),
        ];
        match (item.kind, &self.case) {
            (ItemKind::Epic, Some(case)) => {
                let decision = case.decision.map(|decision| match case.decision_date {
                    Some(date) => format!("{} on {date}", decision.key()),
                    None => decision.key().to_owned(),
                });
                shown.extend([
                    ("owner", item.owner.clone()),
                    ("theme", parent),
                    ("hypothesis: for", shown_text(&case.hypothesis_for)),
                    ("hypothesis: who", shown_text(&case.hypothesis_who)),
                    ("hypothesis: the", shown_text(&case.hypothesis_the)),
                    ("hypothesis: is a", shown_text(&case.hypothesis_is_a)),
                    ("hypothesis: that", shown_text(&case.hypothesis_that)),
                    ("hypothesis: unlike", shown_text(&case.hypothesis_unlike)),
                    (
                        "hypothesis: our solution",
                        shown_text(&case.hypothesis_our_solution),
                    ),
                    ("business outcome", shown_text(&case.business_outcome)),
                    ("leading indicators", shown_text(&case.leading_indicators)),
                    (
                        "non-functional requirements",
                        shown_text(&case.nonfunctional_requirements),
                    ),
                    ("MVP cost", shown_number(case.mvp_cost)),
                    ("full cost", shown_number(case.full_cost)),
                    ("decision", decision),
                    ("decision reason", shown_text(&case.decision_reason)),
                ]);
                shown.extend(estimates);
            }
            (ItemKind::Feature, _) => {
                shown.extend([
                    ("acceptance criteria", shown_text(&item.acceptance_criteria)),
                    ("size", shown_number(item.size)),
                    ("epic", parent),
                ]);
                shown.extend(estimates);
            }
            _ => shown.extend([
                ("type", item.work_type.map(|t| t.key().to_owned())),
                ("size", shown_number(item.size)),
                ("assignee", item.assignee.clone()),
                (
                    "blocked",
                    item.blocked
                        .then(|| item.blocked_reason.clone().unwrap_or_else(|| "yes".into())),
                ),
                (
                    "class of service",
                    item.class_of_service.map(|c| c.key().to_owned()),
                ),
                ("feature", parent),
            ]),
        }
        shown
    }

    pub fn stamp(&mut self, version: i32, now: DateTime<Utc>) {
        self.item.version = version;
        self.item.updated_at = now;
    }
}

/// An epic's hypothesis and business case, which every epic has.
pub(crate) async fn case_of(
    db: &impl ConnectionTrait,
    epic: Uuid,
) -> Result<epic_case::Model, StoreError> {
    epic_case::Entity::find_by_id(epic)
        .one(db)
        .await?
        .ok_or_else(|| StoreError::Inconsistent {
            detail: format!("the epic {epic} has no business case"),
        })
}

/// The item as WIP limits see it, in a column that is `started` or not: an epic's
/// owner counts as its person, a work item's assignee as its.
pub(crate) fn wip_load(item: &item::Model, started: bool) -> Load {
    Counted {
        id: item.id,
        kind: item.kind,
        column_id: item.column_id,
        title: item.title.clone(),
        class_of_service: item.class_of_service,
        owner: item.owner.clone(),
        assignee: item.assignee.clone(),
        size: item.size,
    }
    .load(started)
}

/// The columns of an item that WIP limits count.
pub(crate) struct Counted {
    pub id: Uuid,
    pub kind: ItemKind,
    pub column_id: Uuid,
    pub title: String,
    pub class_of_service: Option<crate::domain::hierarchy::ClassOfService>,
    pub owner: Option<String>,
    pub assignee: Option<String>,
    pub size: Option<i32>,
}

impl Counted {
    pub(crate) fn load(self, started: bool) -> Load {
        Load {
            id: self.id,
            title: self.title,
            column: self.column_id,
            class_of_service: self.class_of_service,
            assignee: match self.kind {
                ItemKind::Epic => self.owner,
                _ => self.assignee,
            },
            size: self.size.and_then(|s| u32::try_from(s).ok()),
            cards: 1,
            started,
        }
    }
}

/// A validated form of one kind of item, which changes a stored item of that kind.
pub(crate) trait Draft: Send {
    const KIND: ItemKind;
    fn parent(&self) -> Option<Uuid>;
    /// The person the draft assigns the item to, where its kind has one.
    fn assignee_mut(&mut self) -> Option<&mut Option<String>> {
        None
    }
    fn apply_to(self, stored: &mut Stored);
}

impl Draft for EpicDraft {
    const KIND: ItemKind = ItemKind::Epic;

    fn parent(&self) -> Option<Uuid> {
        self.theme_id
    }

    fn apply_to(self, stored: &mut Stored) {
        let hypothesis = self.hypothesis;
        let business_case = self.business_case;
        let item = &mut stored.item;
        item.title = self.title;
        item.description = self.description;
        item.owner = self.owner;
        item.parent_id = self.theme_id;
        item.target_date = self.target_date;
        item.business_value = stored_estimate(self.estimates.business_value);
        item.time_criticality = stored_estimate(self.estimates.time_criticality);
        item.risk_reduction = stored_estimate(self.estimates.risk_reduction);
        item.job_size = stored_estimate(self.estimates.job_size);
        if let Some(case) = stored.case.as_mut() {
            case.hypothesis_for = hypothesis.for_customers;
            case.hypothesis_who = hypothesis.who;
            case.hypothesis_the = hypothesis.the;
            case.hypothesis_is_a = hypothesis.is_a;
            case.hypothesis_that = hypothesis.that;
            case.hypothesis_unlike = hypothesis.unlike;
            case.hypothesis_our_solution = hypothesis.our_solution;
            case.business_outcome = hypothesis.business_outcome;
            case.leading_indicators = hypothesis.leading_indicators;
            case.nonfunctional_requirements = hypothesis.nonfunctional_requirements;
            case.mvp_cost = business_case.mvp_cost;
            case.full_cost = business_case.full_cost;
            case.decision = business_case.decision.map(|(decision, _)| decision);
            case.decision_date = business_case.decision.map(|(_, date)| date);
            case.decision_reason = business_case.decision_reason;
        }
    }
}

impl Draft for FeatureDraft {
    const KIND: ItemKind = ItemKind::Feature;

    fn parent(&self) -> Option<Uuid> {
        self.epic_id
    }

    fn apply_to(self, stored: &mut Stored) {
        let item = &mut stored.item;
        item.title = self.title;
        item.description = self.description;
        item.acceptance_criteria = self.acceptance_criteria;
        item.size = stored_size(self.size);
        item.parent_id = self.epic_id;
        item.target_date = self.target_date;
        item.business_value = stored_estimate(self.estimates.business_value);
        item.time_criticality = stored_estimate(self.estimates.time_criticality);
        item.risk_reduction = stored_estimate(self.estimates.risk_reduction);
        item.job_size = stored_estimate(self.estimates.job_size);
    }
}

impl Draft for WorkItemDraft {
    const KIND: ItemKind = ItemKind::WorkItem;

    fn parent(&self) -> Option<Uuid> {
        self.feature_id
    }

    fn assignee_mut(&mut self) -> Option<&mut Option<String>> {
        Some(&mut self.assignee)
    }

    fn apply_to(self, stored: &mut Stored) {
        let item = &mut stored.item;
        item.title = self.title;
        item.description = self.description;
        item.work_type = Some(self.kind);
        item.size = stored_size(self.size);
        item.assignee = self.assignee;
        item.blocked = self.blocked.is_some();
        item.blocked_reason = self.blocked.filter(|reason| !reason.is_empty());
        item.class_of_service = Some(self.class_of_service);
        item.parent_id = self.feature_id;
        item.target_date = self.target_date;
    }
}
