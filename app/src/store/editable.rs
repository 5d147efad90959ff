//! How each kind of planning item is changed by its validated draft, shows its
//! fields in the history, and starts out blank (see [`Editable`]).

use chrono::{DateTime, Utc};
use sea_orm::EntityTrait;
use uuid::Uuid;

use super::planning::{Editable, Shown};
use crate::domain::hierarchy::{ClassOfService, ItemKind};
use crate::domain::planning::{EpicDraft, FeatureDraft, WorkItemDraft};
use crate::domain::wip::Load;
use crate::domain::wsjf::ScaleValue;
use crate::entities::{epic, feature, work_item};

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

impl Editable for epic::Model {
    type Draft = EpicDraft;
    type Entity = epic::Entity;
    type Active = epic::ActiveModel;
    const KIND: ItemKind = ItemKind::Epic;

    fn find(id: Uuid) -> sea_orm::Select<epic::Entity> {
        epic::Entity::find_by_id(id)
    }

    fn blank(column_id: Uuid, rank: i64, now: DateTime<Utc>) -> Self {
        epic::Model {
            id: Uuid::new_v4(),
            theme_id: None,
            column_id,
            title: String::new(),
            description: String::new(),
            rank,
            size: None,
            business_value: None,
            time_criticality: None,
            risk_reduction: None,
            job_size: None,
            created_at: now,
            updated_at: now,
            version: 1,
            owner: None,
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
        }
    }

    fn id(&self) -> Uuid {
        self.id
    }

    fn parent(&self) -> Option<Uuid> {
        self.theme_id
    }

    fn draft_parent(draft: &EpicDraft) -> Option<Uuid> {
        draft.theme_id
    }

    fn apply(mut self, draft: EpicDraft) -> Self {
        let hypothesis = draft.hypothesis;
        let case = draft.business_case;
        self.title = draft.title;
        self.description = draft.description;
        self.owner = draft.owner;
        self.theme_id = draft.theme_id;
        self.hypothesis_for = hypothesis.for_customers;
        self.hypothesis_who = hypothesis.who;
        self.hypothesis_the = hypothesis.the;
        self.hypothesis_is_a = hypothesis.is_a;
        self.hypothesis_that = hypothesis.that;
        self.hypothesis_unlike = hypothesis.unlike;
        self.hypothesis_our_solution = hypothesis.our_solution;
        self.business_outcome = hypothesis.business_outcome;
        self.leading_indicators = hypothesis.leading_indicators;
        self.nonfunctional_requirements = hypothesis.nonfunctional_requirements;
        self.mvp_cost = case.mvp_cost;
        self.full_cost = case.full_cost;
        self.decision = case.decision.map(|(d, _)| d.key().to_owned());
        self.decision_date = case.decision.map(|(_, date)| date);
        self.decision_reason = case.decision_reason;
        self.business_value = stored_estimate(draft.estimates.business_value);
        self.time_criticality = stored_estimate(draft.estimates.time_criticality);
        self.risk_reduction = stored_estimate(draft.estimates.risk_reduction);
        self.job_size = stored_estimate(draft.estimates.job_size);
        self
    }

    fn shown(&self, theme: Option<String>) -> Shown {
        let decision = self
            .decision
            .as_ref()
            .map(|decision| match self.decision_date {
                Some(date) => format!("{decision} on {date}"),
                None => decision.clone(),
            });
        vec![
            ("title", shown_text(&self.title)),
            ("description", shown_text(&self.description)),
            ("owner", self.owner.clone()),
            ("theme", theme),
            ("hypothesis: for", shown_text(&self.hypothesis_for)),
            ("hypothesis: who", shown_text(&self.hypothesis_who)),
            ("hypothesis: the", shown_text(&self.hypothesis_the)),
            ("hypothesis: is a", shown_text(&self.hypothesis_is_a)),
            ("hypothesis: that", shown_text(&self.hypothesis_that)),
            ("hypothesis: unlike", shown_text(&self.hypothesis_unlike)),
            (
                "hypothesis: our solution",
                shown_text(&self.hypothesis_our_solution),
            ),
            ("business outcome", shown_text(&self.business_outcome)),
            ("leading indicators", shown_text(&self.leading_indicators)),
            (
                "non-functional requirements",
                shown_text(&self.nonfunctional_requirements),
            ),
            ("MVP cost", shown_number(self.mvp_cost)),
            ("full cost", shown_number(self.full_cost)),
            ("decision", decision),
            ("decision reason", shown_text(&self.decision_reason)),
            ("business value", shown_number(self.business_value)),
            ("time criticality", shown_number(self.time_criticality)),
            ("risk reduction", shown_number(self.risk_reduction)),
            ("job size", shown_number(self.job_size)),
        ]
    }

    fn wip_load(&self, started: bool) -> Load {
        let (id, column) = (self.id, self.column_id);
        load(
            id,
            &self.title,
            column,
            None,
            self.owner.as_ref(),
            self.size,
            started,
        )
    }

    fn stamp(&mut self, version: i32, now: DateTime<Utc>) {
        self.version = version;
        self.updated_at = now;
    }
}

fn load(
    id: Uuid,
    title: &str,
    column: Uuid,
    class_of_service: Option<ClassOfService>,
    assignee: Option<&String>,
    size: Option<i32>,
    started: bool,
) -> Load {
    Load {
        id,
        title: title.to_owned(),
        column,
        class_of_service,
        assignee: assignee.cloned(),
        size: size.and_then(|s| u32::try_from(s).ok()),
        started,
    }
}

impl Editable for feature::Model {
    type Draft = FeatureDraft;
    type Entity = feature::Entity;
    type Active = feature::ActiveModel;
    const KIND: ItemKind = ItemKind::Feature;

    fn find(id: Uuid) -> sea_orm::Select<feature::Entity> {
        feature::Entity::find_by_id(id)
    }

    fn blank(column_id: Uuid, rank: i64, now: DateTime<Utc>) -> Self {
        feature::Model {
            id: Uuid::new_v4(),
            epic_id: None,
            column_id,
            title: String::new(),
            description: String::new(),
            rank,
            size: None,
            business_value: None,
            time_criticality: None,
            risk_reduction: None,
            job_size: None,
            created_at: now,
            updated_at: now,
            version: 1,
            acceptance_criteria: String::new(),
        }
    }

    fn id(&self) -> Uuid {
        self.id
    }

    fn parent(&self) -> Option<Uuid> {
        self.epic_id
    }

    fn draft_parent(draft: &FeatureDraft) -> Option<Uuid> {
        draft.epic_id
    }

    fn apply(mut self, draft: FeatureDraft) -> Self {
        self.title = draft.title;
        self.description = draft.description;
        self.acceptance_criteria = draft.acceptance_criteria;
        self.size = stored_size(draft.size);
        self.epic_id = draft.epic_id;
        self.business_value = stored_estimate(draft.estimates.business_value);
        self.time_criticality = stored_estimate(draft.estimates.time_criticality);
        self.risk_reduction = stored_estimate(draft.estimates.risk_reduction);
        self.job_size = stored_estimate(draft.estimates.job_size);
        self
    }

    fn shown(&self, epic: Option<String>) -> Shown {
        vec![
            ("title", shown_text(&self.title)),
            ("description", shown_text(&self.description)),
            ("acceptance criteria", shown_text(&self.acceptance_criteria)),
            ("size", shown_number(self.size)),
            ("epic", epic),
            ("business value", shown_number(self.business_value)),
            ("time criticality", shown_number(self.time_criticality)),
            ("risk reduction", shown_number(self.risk_reduction)),
            ("job size", shown_number(self.job_size)),
        ]
    }

    fn wip_load(&self, started: bool) -> Load {
        load(
            self.id,
            &self.title,
            self.column_id,
            None,
            None,
            self.size,
            started,
        )
    }

    fn stamp(&mut self, version: i32, now: DateTime<Utc>) {
        self.version = version;
        self.updated_at = now;
    }
}

impl Editable for work_item::Model {
    type Draft = WorkItemDraft;
    type Entity = work_item::Entity;
    type Active = work_item::ActiveModel;
    const KIND: ItemKind = ItemKind::WorkItem;

    fn find(id: Uuid) -> sea_orm::Select<work_item::Entity> {
        work_item::Entity::find_by_id(id)
    }

    fn blank(column_id: Uuid, rank: i64, now: DateTime<Utc>) -> Self {
        work_item::Model {
            id: Uuid::new_v4(),
            feature_id: None,
            column_id,
            title: String::new(),
            description: String::new(),
            rank,
            size: None,
            business_value: None,
            time_criticality: None,
            risk_reduction: None,
            job_size: None,
            created_at: now,
            updated_at: now,
            version: 1,
            kind: String::new(),
            assignee: None,
            blocked: false,
            blocked_reason: None,
            class_of_service: String::new(),
        }
    }

    fn id(&self) -> Uuid {
        self.id
    }

    fn parent(&self) -> Option<Uuid> {
        self.feature_id
    }

    fn draft_parent(draft: &WorkItemDraft) -> Option<Uuid> {
        draft.feature_id
    }

    fn apply(mut self, draft: WorkItemDraft) -> Self {
        self.title = draft.title;
        self.description = draft.description;
        self.kind = draft.kind.key().to_owned();
        self.size = stored_size(draft.size);
        self.assignee = draft.assignee;
        self.blocked = draft.blocked.is_some();
        self.blocked_reason = draft.blocked.filter(|reason| !reason.is_empty());
        self.class_of_service = draft.class_of_service.key().to_owned();
        self.feature_id = draft.feature_id;
        self
    }

    fn shown(&self, feature: Option<String>) -> Shown {
        vec![
            ("title", shown_text(&self.title)),
            ("description", shown_text(&self.description)),
            ("type", Some(self.kind.clone())),
            ("size", shown_number(self.size)),
            ("assignee", self.assignee.clone()),
            (
                "blocked",
                self.blocked
                    .then(|| self.blocked_reason.clone().unwrap_or_else(|| "yes".into())),
            ),
            ("class of service", Some(self.class_of_service.clone())),
            ("feature", feature),
        ]
    }

    fn wip_load(&self, started: bool) -> Load {
        let class = self.class_of_service.parse().ok();
        let (id, column) = (self.id, self.column_id);
        load(
            id,
            &self.title,
            column,
            class,
            self.assignee.as_ref(),
            self.size,
            started,
        )
    }

    fn stamp(&mut self, version: i32, now: DateTime<Utc>) {
        self.version = version;
        self.updated_at = now;
    }
}
