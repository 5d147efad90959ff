//! A Jira issue-search export (CSV, "all fields"), as Jira Cloud and Server/Data
//! Center write it: multi-valued fields repeat their column (`Labels`,
//! `Labels`, …), parents are named by issue id (`Parent`) or, in older exports,
//! by an epic's key (`Custom field (Epic Link)`), dates read `27/Nov/26 9:05 AM`.

use std::collections::HashMap;

use super::{SourceHistory, SourceItem};
use crate::domain::board::StateCategory;
use crate::domain::hierarchy::{ItemKind, WorkItemType};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::{clean_title, BadFile, SourceFile};

const REQUIRED: [&str; 6] = [
    "Summary",
    "Issue key",
    "Issue id",
    "Issue Type",
    "Status",
    "Created",
];

/// The columns of the header, each name with every position it appears at.
struct Header(HashMap<String, Vec<usize>>);

impl Header {
    fn new(names: &[String]) -> Header {
        let mut columns: HashMap<String, Vec<usize>> = HashMap::new();
        for (n, name) in names.iter().enumerate() {
            columns.entry(name.trim().to_owned()).or_default().push(n);
        }
        Header(columns)
    }

    /// The first non-empty value of the first of `names` the header has.
    fn one<'a>(&self, row: &'a [String], names: &[&str]) -> Option<&'a str> {
        names.iter().find_map(|name| {
            self.0.get(*name)?.iter().find_map(|n| {
                row.get(*n)
                    .map(|value| value.trim())
                    .filter(|value| !value.is_empty())
            })
        })
    }

    /// Every non-empty value of a repeated column.
    fn all<'a>(&self, row: &'a [String], name: &str) -> Vec<&'a str> {
        self.0.get(name).map_or_else(Vec::new, |positions| {
            positions
                .iter()
                .filter_map(|n| row.get(*n).map(|v| v.trim()).filter(|v| !v.is_empty()))
                .collect()
        })
    }
}

pub fn read(text: &str) -> Result<SourceFile, BadFile> {
    let mut records = super::csv::records(text)
        .map_err(|reason| BadFile(format!("the CSV cannot be read: {reason}")))?
        .into_iter();
    let header = Header::new(&records.next().unwrap_or_default());
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|name| !header.0.contains_key(*name))
        .collect();
    if !missing.is_empty() {
        return Err(BadFile(format!(
            "this is not a Jira CSV export: it has no column {}",
            missing
                .iter()
                .map(|name| format!("“{name}”"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let rows: Vec<Vec<String>> = records
        .filter(|row| row.iter().any(|field| !field.trim().is_empty()))
        .collect();
    // Parents are named by issue id; sub-tasks hang under the parent's parent.
    let key_of_id: HashMap<&str, &str> = rows
        .iter()
        .filter_map(|row| {
            Some((
                header.one(row, &["Issue id"])?,
                header.one(row, &["Issue key"])?,
            ))
        })
        .collect();
    let mut file = SourceFile::new("Jira");
    let mut parents: HashMap<String, Option<String>> = HashMap::new();
    let mut sub_tasks = std::collections::HashSet::new();
    for (number, row) in (2..).zip(&rows) {
        let label = header
            .one(row, &["Issue key"])
            .map_or_else(|| format!("row {number}"), str::to_owned);
        match issue(&header, row, &label, &key_of_id) {
            Ok((item, sub_task)) => {
                if sub_task {
                    sub_tasks.insert(item.key.clone());
                }
                let status = (
                    item.status.clone(),
                    category(header.one(row, &["Status Category"])),
                );
                // A status has one category: the first row says which.
                if !file.statuses.iter().any(|(name, _)| *name == status.0) {
                    file.statuses.push(status);
                }
                parents.insert(item.key.clone(), item.parent.clone());
                file.items.push(item);
            }
            Err(reason) => file.skipped.push((label, reason)),
        }
    }
    for item in &mut file.items {
        if sub_tasks.contains(&item.key) {
            // A sub-task's story is a work item like it: it goes under the story's
            // feature, and says whose sub-task it is.
            let story = item.parent.take();
            item.parent = story
                .as_ref()
                .and_then(|story| parents.get(story).cloned().flatten());
            if let Some(story) = story {
                let story = story.trim_start_matches("jira:");
                item.description = format!("Sub-task of {story}.\n\n{}", item.description)
                    .trim_end()
                    .to_owned();
            }
        }
    }
    let known: Vec<String> = file.items.iter().map(|item| item.key.clone()).collect();
    let orphans = file
        .items
        .iter()
        .filter(|item| item.parent.as_ref().is_some_and(|p| !known.contains(p)))
        .count();
    if orphans > 0 {
        file.notes.push(format!(
            "{orphans} issues name a parent that is not in the file: they are imported without one (or under it, if an earlier import brought it)"
        ));
    }
    Ok(file)
}

/// One row as an item (and whether it is a sub-task), or why it cannot be one.
fn issue(
    header: &Header,
    row: &[String],
    label: &str,
    key_of_id: &HashMap<&str, &str>,
) -> Result<(SourceItem, bool), String> {
    let field = |names: &[&str]| header.one(row, names);
    let date = |name: &str| -> Result<Option<DateTime<Utc>>, String> {
        field(&[name])
            .map(|text| parse_time(text).ok_or_else(|| unreadable_date(name, text)))
            .transpose()
    };
    let issue_type = field(&["Issue Type"]).ok_or("it has no Issue Type")?;
    let title = clean_title(field(&["Summary"]).ok_or("it has no Summary")?);
    let created = date("Created")?.ok_or("it has no Created date")?;
    let updated = date("Updated")?.unwrap_or(created);
    let category = category(field(&["Status Category"]));
    let changed = date("Status Category Changed")?;
    let started = match date("Custom field (Start date)")? {
        Some(start) => Some(start),
        None if category == Some(StateCategory::Started) => changed,
        None => None,
    };
    let finished = match category {
        Some(StateCategory::Done) => date("Resolved")?.or(changed),
        _ => None,
    };
    let due = field(&["Due date"])
        .map(|text| {
            parse_time(text)
                .map(|time| time.date_naive())
                .ok_or_else(|| unreadable_date("Due date", text))
        })
        .transpose()?;
    let size = field(&[
        "Custom field (Story Points)",
        "Story Points",
        "Custom field (Story point estimate)",
    ])
    .map(|points| {
        points
            .parse::<f64>()
            .ok()
            .filter(|points| (0.0..=10_000.0).contains(points))
            .map(|points| points.ceil() as i32)
            .ok_or_else(|| format!("its Story Points “{points}” are not a number of points"))
    })
    .transpose()?;
    let parent = field(&["Parent", "Parent id"])
        .map(|id| {
            key_of_id
                .get(id)
                .map_or_else(|| format!("jira-id:{id}"), |key| format!("jira:{key}"))
        })
        .or_else(|| {
            field(&["Custom field (Epic Link)", "Parent key"]).map(|key| format!("jira:{key}"))
        });
    let mut description = field(&["Description"]).unwrap_or_default().to_owned();
    let labels = header.all(row, "Labels");
    if !labels.is_empty() {
        description = format!("{description}\n\nLabels: {}", labels.join(", "))
            .trim_start()
            .to_owned();
    }
    let issue_type = issue_type.to_lowercase();
    let sub_task = matches!(issue_type.as_str(), "sub-task" | "subtask");
    let (kind, work_type) = match issue_type.as_str() {
        "epic" => (ItemKind::Feature, None),
        "story" | "task" => (ItemKind::WorkItem, Some(WorkItemType::Story)),
        _ if sub_task => (ItemKind::WorkItem, Some(WorkItemType::Story)),
        "bug" | "defect" => (ItemKind::WorkItem, Some(WorkItemType::Defect)),
        _ => (ItemKind::WorkItem, Some(WorkItemType::Enabler)),
    };
    let item = SourceItem {
        key: format!("jira:{label}"),
        label: label.to_owned(),
        kind,
        work_type,
        title,
        description,
        assignee: field(&["Assignee"]).map(str::to_owned),
        size,
        parent,
        status: field(&["Status"]).ok_or("it has no Status")?.to_owned(),
        created,
        updated: updated.max(created),
        due,
        history: SourceHistory::Milestones { started, finished },
    };
    Ok((item, sub_task))
}

fn category(text: Option<&str>) -> Option<StateCategory> {
    match text?.to_lowercase().as_str() {
        "to do" | "new" => Some(StateCategory::NotStarted),
        "in progress" | "indeterminate" => Some(StateCategory::Started),
        "done" | "complete" => Some(StateCategory::Done),
        _ => None,
    }
}

fn unreadable_date(name: &str, text: &str) -> String {
    format!(
        "its {name} “{text}” is not a date this import reads (27/Nov/26 9:05 AM, 2026-11-27 09:05 or 2026-11-27)"
    )
}

/// Jira's own format (day/month name/year, 12-hour clock), ISO 8601 with or
/// without a time, and RFC 3339. Times without a zone are taken as UTC.
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    const WITH_TIME: [&str; 4] = [
        "%d/%b/%y %I:%M %p",
        "%d/%b/%Y %I:%M %p",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
    ];
    const DATE_ONLY: [&str; 3] = ["%Y-%m-%d", "%d/%b/%y", "%d/%b/%Y"];
    let text = text.trim();
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    WITH_TIME
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .or_else(|| {
            DATE_ONLY.iter().find_map(|format| {
                NaiveDate::parse_from_str(text, format)
                    .ok()
                    .and_then(|date| date.and_hms_opt(0, 0, 0))
            })
        })
        .map(|time| time.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jira_dates_read_in_every_form_it_writes() {
        let at = |text: &str| parse_time(text).map(|t| t.to_rfc3339());
        assert_eq!(
            at("27/Nov/26 9:05 AM").as_deref(),
            Some("2026-11-27T09:05:00+00:00")
        );
        assert_eq!(
            at("03/Dec/2026 12:30 PM").as_deref(),
            Some("2026-12-03T12:30:00+00:00")
        );
        assert_eq!(
            at("2026-11-27 21:40").as_deref(),
            Some("2026-11-27T21:40:00+00:00")
        );
        assert_eq!(
            at("2026-11-27").as_deref(),
            Some("2026-11-27T00:00:00+00:00")
        );
        assert_eq!(
            at("2026-11-27T09:05:00+01:00").as_deref(),
            Some("2026-11-27T08:05:00+00:00")
        );
        assert_eq!(at("Nov 27, 2026"), None);
    }

    #[test]
    fn a_csv_that_is_not_a_jira_export_names_the_missing_columns() {
        let error = read("Name,Status\nA card,Open\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            "this is not a Jira CSV export: it has no column “Summary”, “Issue key”, “Issue id”, “Issue Type”, “Created”"
        );
    }
}
