//! Entries of an item's history and of the activity feed, as sentences.

use crate::domain::history::AuditEntry;

/// One line of history: "Tina moved it from In Progress to Review".
impl AuditEntry {
    pub fn describe(&self) -> String {
        let who = self.who.as_deref().unwrap_or("a deleted user");
        let how = if self.via_token { " (API token)" } else { "" };
        match (self.field.as_str(), &self.old_value, &self.new_value) {
            ("column", Some(from), Some(to)) => format!("{who}{how} moved it from {from} to {to}"),
            ("created", _, Some(place)) => format!("{who}{how} created it in {place}"),
            ("order", _, Some(what)) => format!("{who}{how} {what}"),
            ("deleted", Some(title), _) => format!("{who}{how} deleted “{title}”"),
            ("waits on", None, Some(upstream)) => {
                format!("{who}{how} made it wait on “{upstream}”")
            }
            ("waits on", Some(upstream), None) => {
                format!("{who}{how} stopped it waiting on “{upstream}”")
            }
            ("finished waiting", _, reason) => format!(
                "{who}{how} finished it while it waited on open work: {}",
                reason.as_deref().unwrap_or("no reason given")
            ),
            (field, old, new) => format!(
                "{who}{how} changed {field} from {} to {}",
                old.as_deref().unwrap_or("nothing"),
                new.as_deref().unwrap_or("nothing")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::hierarchy::ItemKind;
    use chrono::{DateTime, Utc};
    use uuid::Uuid;

    fn entry(field: &str, old: Option<&str>, new: Option<&str>, via_token: bool) -> AuditEntry {
        AuditEntry {
            item_kind: ItemKind::WorkItem,
            item_id: Uuid::nil(),
            field: field.into(),
            old_value: old.map(Into::into),
            new_value: new.map(Into::into),
            who: Some("Tina".into()),
            via_token,
            at: DateTime::<Utc>::from_timestamp(0, 0).unwrap(),
        }
    }

    #[test]
    fn history_lines_read_as_sentences() {
        let cases = [
            (
                entry("column", Some("To Do"), Some("Review"), false),
                "Tina moved it from To Do to Review",
            ),
            (
                entry("column", Some("A"), Some("B"), true),
                "Tina (API token) moved it from A to B",
            ),
            (
                entry("size", None, Some("5"), false),
                "Tina changed size from nothing to 5",
            ),
            (
                entry("waits on", None, Some("Battery API"), false),
                "Tina made it wait on “Battery API”",
            ),
            (
                entry("waits on", Some("Battery API"), None, false),
                "Tina stopped it waiting on “Battery API”",
            ),
            (
                entry(
                    "finished waiting",
                    None,
                    Some("the API shipped early"),
                    false,
                ),
                "Tina finished it while it waited on open work: the API shipped early",
            ),
        ];
        for (entry, expected) in cases {
            assert_eq!(entry.describe(), expected);
        }
    }
}
