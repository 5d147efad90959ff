//! What people type into the planning forms, and the rules it must meet before
//! anything is written: each form arrives as text and leaves as a validated draft,
//! or as the first field that is wrong with a sentence saying why.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::hierarchy::{ClassOfService, ItemKind, WorkItemType};
use super::labels::labelled_enum;
use super::wsjf::ScaleValue;

use super::text::{Lines, NAME_MAX, TEXT_MAX, TITLE_MAX};

/// Costs are whole currency units; a trillion is past any real epic.
pub const COST_MAX: i64 = 1_000_000_000_000;

/// A form field that was refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FieldError {
    /// The form field's name.
    pub field: &'static str,
    pub message: String,
}

fn refuse(field: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

/// A required single-line text, trimmed.
pub fn title(field: &'static str, raw: &str) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(refuse(field, "a title is required"));
    }
    limited(field, value, TITLE_MAX, Lines::One)
}

/// An optional single-line text, trimmed; empty means none.
pub fn optional_name(field: &'static str, raw: &str) -> Result<Option<String>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    limited(field, value, NAME_MAX, Lines::One).map(Some)
}

/// Free text, kept as written apart from surrounding whitespace.
pub fn text(field: &'static str, raw: &str) -> Result<String, FieldError> {
    limited(field, raw.trim(), TEXT_MAX, Lines::Many)
}

/// `value` if it meets the text rules of `domain::text`.
pub fn limited(
    field: &'static str,
    value: &str,
    max: usize,
    lines: Lines,
) -> Result<String, FieldError> {
    super::text::check(value, max, lines).map_err(|error| refuse(field, error.to_string()))?;
    Ok(value.to_owned())
}

/// An optional estimate on the modified Fibonacci scale.
pub fn estimate(field: &'static str, raw: &str) -> Result<Option<ScaleValue>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    let number: i32 = value
        .parse()
        .map_err(|_| refuse(field, format!("“{value}” is not a whole number")))?;
    ScaleValue::parse(number)
        .map(Some)
        .map_err(|off| refuse(field, off.to_string()))
}

/// An optional id of another item; `what` names it in the message.
pub fn reference(field: &'static str, raw: &str, what: &str) -> Result<Option<Uuid>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    Uuid::parse_str(value)
        .map(Some)
        .map_err(|_| refuse(field, format!("“{value}” does not name {what}")))
}

fn cost(field: &'static str, raw: &str) -> Result<Option<i64>, FieldError> {
    let value = raw.trim().replace([',', '_', ' '], "");
    if value.is_empty() {
        return Ok(None);
    }
    match value.parse::<i64>() {
        Ok(amount) if (0..=COST_MAX).contains(&amount) => Ok(Some(amount)),
        Ok(_) => Err(refuse(field, format!("a cost is between 0 and {COST_MAX}"))),
        Err(_) => Err(refuse(
            field,
            format!("“{}” is not a whole amount", raw.trim()),
        )),
    }
}

/// An optional ISO date (2026-11-22).
pub fn date(field: &'static str, raw: &str) -> Result<Option<NaiveDate>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| refuse(field, format!("“{value}” is not a date like 2026-11-22")))
}

fn choice<T: std::str::FromStr<Err = super::UnknownValue>>(
    field: &'static str,
    raw: &str,
) -> Result<Option<T>, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse()
        .map(Some)
        .map_err(|unknown: super::UnknownValue| refuse(field, unknown.to_string()))
}

/// The four WSJF estimates as typed; each may be left empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EstimatesForm {
    pub business_value: String,
    pub time_criticality: String,
    pub risk_reduction: String,
    pub job_size: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Estimates {
    pub business_value: Option<ScaleValue>,
    pub time_criticality: Option<ScaleValue>,
    pub risk_reduction: Option<ScaleValue>,
    pub job_size: Option<ScaleValue>,
}

impl EstimatesForm {
    pub fn validate(&self) -> Result<Estimates, FieldError> {
        Ok(Estimates {
            business_value: estimate("business_value", &self.business_value)?,
            time_criticality: estimate("time_criticality", &self.time_criticality)?,
            risk_reduction: estimate("risk_reduction", &self.risk_reduction)?,
            job_size: estimate("job_size", &self.job_size)?,
        })
    }
}

labelled_enum! {
    /// The outcome of an epic's lean business case review.
    GoDecision, "decision" {
        Go => ("go", "Go"),
        NoGo => ("no_go", "No-go"),
    }
}

/// An epic as its form sends it: every field text, empty meaning "not set".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct EpicForm {
    pub title: String,
    pub description: String,
    pub owner: String,
    pub theme_id: String,
    pub hypothesis_for: String,
    pub hypothesis_who: String,
    pub hypothesis_the: String,
    pub hypothesis_is_a: String,
    pub hypothesis_that: String,
    pub hypothesis_unlike: String,
    pub hypothesis_our_solution: String,
    pub business_outcome: String,
    pub leading_indicators: String,
    pub nonfunctional_requirements: String,
    pub mvp_cost: String,
    pub full_cost: String,
    pub decision: String,
    pub decision_date: String,
    pub decision_reason: String,
    /// `YYYY-MM-DD`, or empty.
    pub target_date: String,
    #[serde(flatten)]
    pub estimates: EstimatesForm,
}

/// The epic hypothesis statement: For <customers> who <do something>, the
/// <solution> is a <something> that <provides value>. Unlike <competitor>, our
/// solution <does something better>.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hypothesis {
    pub for_customers: String,
    pub who: String,
    pub the: String,
    pub is_a: String,
    pub that: String,
    pub unlike: String,
    pub our_solution: String,
    pub business_outcome: String,
    pub leading_indicators: String,
    pub nonfunctional_requirements: String,
}

/// The lean business case: what the MVP and the whole epic cost, and the decision.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BusinessCase {
    pub mvp_cost: Option<i64>,
    pub full_cost: Option<i64>,
    pub decision: Option<(GoDecision, NaiveDate)>,
    pub decision_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EpicDraft {
    pub title: String,
    pub description: String,
    pub owner: Option<String>,
    pub theme_id: Option<Uuid>,
    pub hypothesis: Hypothesis,
    pub business_case: BusinessCase,
    pub estimates: Estimates,
    pub target_date: Option<NaiveDate>,
}

/// `Form::titled(title)`: a form with only its title typed in (a card added where
/// its column is), validated like any other.
macro_rules! titled_forms {
    ($($form:ident),*) => {
        $(impl $form {
            pub fn titled(title: String) -> $form {
                $form { title, ..$form::default() }
            }
        })*
    };
}
titled_forms!(EpicForm, FeatureForm, WorkItemForm);

impl EpicForm {
    pub fn validate(&self) -> Result<EpicDraft, FieldError> {
        let mvp_cost = cost("mvp_cost", &self.mvp_cost)?;
        let full_cost = cost("full_cost", &self.full_cost)?;
        if let (Some(mvp), Some(full)) = (mvp_cost, full_cost) {
            if mvp > full {
                return Err(refuse(
                    "mvp_cost",
                    "the MVP cannot cost more than the whole epic",
                ));
            }
        }
        let decision_reason = text("decision_reason", &self.decision_reason)?;
        let decision = match (
            choice::<GoDecision>("decision", &self.decision)?,
            date("decision_date", &self.decision_date)?,
        ) {
            (None, None) => None,
            (Some(decision), Some(date)) => {
                if decision_reason.is_empty() {
                    return Err(refuse("decision_reason", "say why the decision was taken"));
                }
                Some((decision, date))
            }
            (Some(_), None) => {
                return Err(refuse(
                    "decision_date",
                    "a decision needs the date it was taken",
                ))
            }
            (None, Some(_)) => return Err(refuse("decision", "choose go or no-go for this date")),
        };
        Ok(EpicDraft {
            title: title("title", &self.title)?,
            description: text("description", &self.description)?,
            owner: optional_name("owner", &self.owner)?,
            theme_id: reference("theme_id", &self.theme_id, "a strategic theme")?,
            hypothesis: Hypothesis {
                for_customers: text("hypothesis_for", &self.hypothesis_for)?,
                who: text("hypothesis_who", &self.hypothesis_who)?,
                the: text("hypothesis_the", &self.hypothesis_the)?,
                is_a: text("hypothesis_is_a", &self.hypothesis_is_a)?,
                that: text("hypothesis_that", &self.hypothesis_that)?,
                unlike: text("hypothesis_unlike", &self.hypothesis_unlike)?,
                our_solution: text("hypothesis_our_solution", &self.hypothesis_our_solution)?,
                business_outcome: text("business_outcome", &self.business_outcome)?,
                leading_indicators: text("leading_indicators", &self.leading_indicators)?,
                nonfunctional_requirements: text(
                    "nonfunctional_requirements",
                    &self.nonfunctional_requirements,
                )?,
            },
            business_case: BusinessCase {
                mvp_cost,
                full_cost,
                decision,
                decision_reason,
            },
            estimates: self.estimates.validate()?,
            target_date: date("target_date", &self.target_date)?,
        })
    }
}

impl EpicForm {
    /// The hypothesis statement as the reader reads it, from the parts written so
    /// far: "For … who …, the … is a … that …. Unlike …, our solution …."; `None`
    /// before any part is.
    pub fn hypothesis_statement(&self) -> Option<String> {
        let phrase = |lead: &str, part: &str| {
            let part = part.trim();
            (!part.is_empty()).then(|| format!("{lead} {part}"))
        };
        let audience = [
            phrase("For", &self.hypothesis_for),
            phrase("who", &self.hypothesis_who),
        ];
        let solution = [
            phrase("the", &self.hypothesis_the),
            phrase("is a", &self.hypothesis_is_a),
            phrase("that", &self.hypothesis_that),
        ];
        let contrast = [
            phrase("Unlike", &self.hypothesis_unlike),
            phrase("our solution", &self.hypothesis_our_solution),
        ];
        let words = |phrases: &[Option<String>]| {
            phrases
                .iter()
                .flatten()
                .cloned()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let first = [words(&audience), words(&solution)]
            .into_iter()
            .filter(|clause| !clause.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let second = words(&contrast).replacen(" our solution", ", our solution", 1);
        let sentences: Vec<String> = [first, second]
            .into_iter()
            .filter(|sentence| !sentence.is_empty())
            .map(|sentence| format!("{}.", capitalised(&sentence)))
            .collect();
        (!sentences.is_empty()).then(|| sentences.join(" "))
    }
}

fn capitalised(sentence: &str) -> String {
    let mut chars = sentence.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A feature as its form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FeatureForm {
    pub title: String,
    pub description: String,
    pub acceptance_criteria: String,
    pub size: String,
    pub epic_id: String,
    /// `YYYY-MM-DD`, or empty.
    pub target_date: String,
    #[serde(flatten)]
    pub estimates: EstimatesForm,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureDraft {
    pub title: String,
    pub description: String,
    pub acceptance_criteria: String,
    pub size: Option<ScaleValue>,
    pub epic_id: Option<Uuid>,
    pub estimates: Estimates,
    pub target_date: Option<NaiveDate>,
}

impl FeatureForm {
    pub fn validate(&self) -> Result<FeatureDraft, FieldError> {
        Ok(FeatureDraft {
            title: title("title", &self.title)?,
            description: text("description", &self.description)?,
            acceptance_criteria: text("acceptance_criteria", &self.acceptance_criteria)?,
            size: estimate("size", &self.size)?,
            epic_id: reference("epic_id", &self.epic_id, "an epic")?,
            estimates: self.estimates.validate()?,
            target_date: date("target_date", &self.target_date)?,
        })
    }
}

/// A work item as its form sends it. `blocked` is a checkbox: present when ticked.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkItemForm {
    pub title: String,
    pub description: String,
    pub kind: String,
    pub size: String,
    pub assignee: String,
    pub blocked: String,
    pub blocked_reason: String,
    pub class_of_service: String,
    pub feature_id: String,
    /// `YYYY-MM-DD`, or empty; required for the fixed-date class of service.
    pub target_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkItemDraft {
    pub title: String,
    pub description: String,
    pub kind: WorkItemType,
    pub size: Option<ScaleValue>,
    pub assignee: Option<String>,
    /// `Some(reason)` when blocked; the reason may be empty.
    pub blocked: Option<String>,
    pub class_of_service: ClassOfService,
    pub feature_id: Option<Uuid>,
    pub target_date: Option<NaiveDate>,
}

impl WorkItemForm {
    pub fn validate(&self) -> Result<WorkItemDraft, FieldError> {
        let blocked_reason = optional_name("blocked_reason", &self.blocked_reason)?;
        let blocked = !self.blocked.trim().is_empty();
        if !blocked && blocked_reason.is_some() {
            return Err(refuse(
                "blocked_reason",
                "tick “blocked” to give a reason, or clear the reason",
            ));
        }
        let class_of_service =
            choice("class_of_service", &self.class_of_service)?.unwrap_or(ClassOfService::Standard);
        let target_date = date("target_date", &self.target_date)?;
        if class_of_service == ClassOfService::FixedDate && target_date.is_none() {
            return Err(refuse(
                "target_date",
                "fixed-date work needs the date it is due",
            ));
        }
        Ok(WorkItemDraft {
            title: title("title", &self.title)?,
            description: text("description", &self.description)?,
            kind: choice("kind", &self.kind)?.unwrap_or(WorkItemType::Story),
            size: estimate("size", &self.size)?,
            assignee: optional_name("assignee", &self.assignee)?,
            blocked: blocked.then(|| blocked_reason.unwrap_or_default()),
            class_of_service,
            feature_id: reference("feature_id", &self.feature_id, "a feature")?,
            target_date,
        })
    }
}

/// A vision or strategic theme as its form sends it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct StrategyForm {
    pub title: String,
    /// The vision's statement or the theme's description.
    pub statement: String,
}

impl StrategyForm {
    pub fn validate(&self) -> Result<(String, String), FieldError> {
        Ok((
            title("title", &self.title)?,
            text("statement", &self.statement)?,
        ))
    }
}

/// Whether `parent` may sit directly above `child`. Each level links only to the
/// level right above it, so a chain always climbs and can never loop back.
pub fn check_parent(child: ItemKind, parent: ItemKind) -> Result<(), FieldError> {
    match child.parent_kind() {
        Some(expected) if expected == parent => Ok(()),
        Some(expected) => Err(refuse(
            parent_field(child),
            format!(
                "{} belongs to {}, not to {}",
                child.with_article(),
                expected.with_article(),
                parent.with_article()
            ),
        )),
        None => Err(refuse("parent", "the vision has nothing above it")),
    }
}

/// The form field that names an item's parent.
pub fn parent_field(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Vision | ItemKind::Theme => "vision_id",
        ItemKind::Epic => "theme_id",
        ItemKind::Feature => "epic_id",
        ItemKind::WorkItem => "feature_id",
    }
}

/// Ranks are spaced this far apart, so a card usually fits between two others
/// without renumbering the column.
pub const RANK_GAP: i64 = 1024;

/// A rank strictly between `above` and `below` (either end may be open), or `None`
/// when they are adjacent and the column must be renumbered first.
pub fn rank_between(above: Option<i64>, below: Option<i64>) -> Option<i64> {
    match (above, below) {
        (None, None) => Some(RANK_GAP),
        (Some(above), None) => above.checked_add(RANK_GAP),
        (None, Some(below)) => Some(below - RANK_GAP),
        (Some(above), Some(below)) => {
            let middle = above + (below - above) / 2;
            (middle > above && middle < below).then_some(middle)
        }
    }
}

/// An item's form as last saved, to fill the edit form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ItemForm {
    Epic(Box<EpicForm>),
    Feature(FeatureForm),
    WorkItem(WorkItemForm),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn epic(title: &str) -> EpicForm {
        EpicForm {
            title: title.into(),
            ..EpicForm::default()
        }
    }

    #[test]
    fn the_hypothesis_statement_reads_as_sentences_from_the_parts_written() {
        let whole = EpicForm {
            hypothesis_for: "island communities".into(),
            hypothesis_who: "wait days for supplies".into(),
            hypothesis_the: "cargo drone".into(),
            hypothesis_is_a: "heavy-lift drone".into(),
            hypothesis_that: "lands on any pad".into(),
            hypothesis_unlike: "ferries".into(),
            hypothesis_our_solution: "delivers in hours".into(),
            ..epic("Island cargo")
        };
        assert_eq!(
            whole.hypothesis_statement().as_deref(),
            Some(
                "For island communities who wait days for supplies, the cargo drone is a \
                 heavy-lift drone that lands on any pad. Unlike ferries, our solution \
                 delivers in hours."
            )
        );
        let partial = EpicForm {
            hypothesis_the: " cargo drone ".into(),
            hypothesis_our_solution: "delivers in hours".into(),
            ..epic("Island cargo")
        };
        assert_eq!(
            partial.hypothesis_statement().as_deref(),
            Some("The cargo drone. Our solution delivers in hours.")
        );
        assert_eq!(epic("Island cargo").hypothesis_statement(), None);
    }

    #[test]
    fn a_card_added_by_its_title_alone_has_no_parent_and_is_refused_without_one() {
        let epic = EpicForm::titled(" Drone rental ".into())
            .validate()
            .unwrap();
        assert_eq!((epic.title.as_str(), epic.theme_id), ("Drone rental", None));
        let feature = FeatureForm::titled("Docking".into()).validate().unwrap();
        assert_eq!(feature.epic_id, None);
        let work = WorkItemForm::titled("Fix the rig".into())
            .validate()
            .unwrap();
        assert_eq!((work.feature_id, work.kind), (None, WorkItemType::Story));
        let refused = WorkItemForm::titled("  ".into()).validate().unwrap_err();
        assert_eq!(refused.field, "title");
    }

    #[test]
    fn a_title_is_required_trimmed_and_limited() {
        let cases = [
            ("Lift 20 kg", Ok("Lift 20 kg".to_owned())),
            ("  Lift  ", Ok("Lift".to_owned())),
            ("", Err("a title is required".to_owned())),
            ("   ", Err("a title is required".to_owned())),
            (
                &"x".repeat(201),
                Err("at most 200 characters, this has 201".to_owned()),
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                title("title", raw).map_err(|e| e.message),
                expected,
                "{raw:?}"
            );
        }
        assert!(
            title("title", &"é".repeat(200)).is_ok(),
            "characters, not bytes"
        );
    }

    #[test]
    fn estimates_are_empty_or_on_the_scale() {
        let cases: [(&str, Result<Option<u8>, &str>); 6] = [
            ("", Ok(None)),
            ("8", Ok(Some(8))),
            (" 13 ", Ok(Some(13))),
            (
                "4",
                Err("4 is not on the WSJF scale; use one of 1, 2, 3, 5, 8, 13, 20"),
            ),
            (
                "-1",
                Err("-1 is not on the WSJF scale; use one of 1, 2, 3, 5, 8, 13, 20"),
            ),
            ("big", Err("“big” is not a whole number")),
        ];
        for (raw, expected) in cases {
            let got = estimate("size", raw)
                .map(|v| v.map(ScaleValue::get))
                .map_err(|e| e.message);
            assert_eq!(got, expected.map_err(str::to_owned), "{raw:?}");
        }
    }

    #[test]
    fn an_epic_form_names_the_first_wrong_field() {
        let cases: [(EpicForm, &str); 8] = [
            (epic(""), "title"),
            (
                EpicForm {
                    theme_id: "not-an-id".into(),
                    ..epic("E")
                },
                "theme_id",
            ),
            (
                EpicForm {
                    mvp_cost: "ten".into(),
                    ..epic("E")
                },
                "mvp_cost",
            ),
            (
                EpicForm {
                    mvp_cost: "500".into(),
                    full_cost: "100".into(),
                    ..epic("E")
                },
                "mvp_cost",
            ),
            (
                EpicForm {
                    decision: "go".into(),
                    ..epic("E")
                },
                "decision_date",
            ),
            (
                EpicForm {
                    decision: "go".into(),
                    decision_date: "2026-11-22".into(),
                    ..epic("E")
                },
                "decision_reason",
            ),
            (
                EpicForm {
                    decision: "maybe".into(),
                    decision_date: "2026-11-22".into(),
                    ..epic("E")
                },
                "decision",
            ),
            (
                EpicForm {
                    estimates: EstimatesForm {
                        job_size: "7".into(),
                        ..EstimatesForm::default()
                    },
                    ..epic("E")
                },
                "job_size",
            ),
        ];
        for (form, field) in cases {
            assert_eq!(form.validate().unwrap_err().field, field, "{form:?}");
        }
    }

    #[test]
    fn a_complete_epic_form_becomes_a_draft() {
        let form = EpicForm {
            owner: " Erin ".into(),
            hypothesis_for: "Offshore wind operators".into(),
            mvp_cost: "120,000".into(),
            full_cost: "900000".into(),
            decision: "go".into(),
            decision_date: "2026-11-20".into(),
            decision_reason: "MVP lifted 20 kg".into(),
            estimates: EstimatesForm {
                business_value: "13".into(),
                time_criticality: "8".into(),
                risk_reduction: "5".into(),
                job_size: "13".into(),
            },
            ..epic("Heavy lift")
        };
        let draft = form.validate().unwrap();
        assert_eq!(draft.owner.as_deref(), Some("Erin"));
        assert_eq!(draft.business_case.mvp_cost, Some(120_000));
        assert_eq!(
            draft.business_case.decision,
            Some((
                GoDecision::Go,
                NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
            ))
        );
        assert_eq!(draft.estimates.job_size.map(ScaleValue::get), Some(13));
        assert_eq!(draft.hypothesis.for_customers, "Offshore wind operators");
    }

    #[test]
    fn work_items_default_to_a_standard_story_and_need_a_tick_for_a_reason() {
        let draft = WorkItemForm {
            title: "Wire the sensor".into(),
            ..WorkItemForm::default()
        }
        .validate()
        .unwrap();
        assert_eq!(draft.kind, WorkItemType::Story);
        assert_eq!(draft.class_of_service, ClassOfService::Standard);
        assert_eq!(draft.blocked, None);

        let blocked = WorkItemForm {
            title: "Wire".into(),
            blocked: "on".into(),
            blocked_reason: "waiting for parts".into(),
            kind: "defect".into(),
            ..WorkItemForm::default()
        }
        .validate()
        .unwrap();
        assert_eq!(blocked.blocked.as_deref(), Some("waiting for parts"));
        assert_eq!(blocked.kind, WorkItemType::Defect);

        let reason_only = WorkItemForm {
            title: "Wire".into(),
            blocked_reason: "parts".into(),
            ..WorkItemForm::default()
        };
        assert_eq!(reason_only.validate().unwrap_err().field, "blocked_reason");
        let bad_type = WorkItemForm {
            title: "Wire".into(),
            kind: "chore".into(),
            ..WorkItemForm::default()
        };
        assert_eq!(bad_type.validate().unwrap_err().field, "kind");
    }

    #[test]
    fn fixed_date_work_needs_its_date_and_dates_are_iso() {
        let form = |class: &str, date: &str| WorkItemForm {
            title: "Certify the pack".into(),
            class_of_service: class.into(),
            target_date: date.into(),
            ..WorkItemForm::default()
        };
        let refused = form("fixed_date", "").validate().unwrap_err();
        assert_eq!(refused.field, "target_date");
        assert_eq!(refused.message, "fixed-date work needs the date it is due");
        let due = form("fixed_date", " 2026-12-18 ").validate().unwrap();
        assert_eq!(due.target_date, NaiveDate::from_ymd_opt(2026, 12, 18));
        assert_eq!(form("standard", "").validate().unwrap().target_date, None);
        assert_eq!(
            form("standard", "18/12/2026").validate().unwrap_err().field,
            "target_date"
        );
        let feature = FeatureForm {
            title: "Bigger battery".into(),
            target_date: "2027-02-30".into(),
            ..FeatureForm::default()
        };
        assert_eq!(feature.validate().unwrap_err().field, "target_date");
        let epic = EpicForm {
            title: "Heavy lift".into(),
            target_date: "2027-03-31".into(),
            ..EpicForm::default()
        };
        assert_eq!(
            epic.validate().unwrap().target_date,
            NaiveDate::from_ymd_opt(2027, 3, 31)
        );
    }

    #[test]
    fn only_the_level_right_above_may_be_a_parent() {
        for child in ItemKind::ALL {
            for parent in ItemKind::ALL {
                let allowed = child.parent_kind() == Some(*parent);
                assert_eq!(
                    check_parent(*child, *parent).is_ok(),
                    allowed,
                    "{child:?} under {parent:?}"
                );
            }
        }
        assert_eq!(
            check_parent(ItemKind::WorkItem, ItemKind::Epic)
                .unwrap_err()
                .to_string(),
            "a work item belongs to a feature, not to an epic"
        );
    }

    #[test]
    fn no_chain_of_allowed_parents_loops_back() {
        // Following allowed parents from any kind strictly climbs, so it ends.
        for start in ItemKind::ALL {
            let mut seen = vec![*start];
            let mut kind = *start;
            while let Some(parent) = kind.parent_kind() {
                assert!(!seen.contains(&parent), "{start:?} loops at {parent:?}");
                seen.push(parent);
                kind = parent;
            }
        }
    }

    #[test]
    fn a_rank_fits_between_neighbours_until_they_touch() {
        let cases = [
            (None, None, Some(RANK_GAP)),
            (Some(1024), None, Some(2048)),
            (None, Some(1024), Some(0)),
            (Some(1000), Some(2000), Some(1500)),
            (Some(1000), Some(1002), Some(1001)),
            (Some(1000), Some(1001), None),
            (Some(-5), Some(5), Some(0)),
        ];
        for (above, below, expected) in cases {
            assert_eq!(rank_between(above, below), expected, "{above:?} {below:?}");
        }
    }
}
