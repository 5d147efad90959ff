//! A Trello board export (JSON, "Print and export > Export as JSON"): lists become
//! columns, open cards work items, their checklists and labels part of the
//! description, and the `updateCard` actions that moved a card between lists its
//! history. Actions are exported newest first, and only the board's latest ones.

use std::collections::HashMap;

use super::{SourceHistory, SourceItem};
use crate::domain::hierarchy::{ItemKind, WorkItemType};
use chrono::{DateTime, Utc};
use serde_json::Value;

use super::{clean_title, BadFile, SourceFile};

pub fn read(text: &str) -> Result<SourceFile, BadFile> {
    let board: Value = serde_json::from_str(text)
        .map_err(|error| BadFile(format!("this is not JSON: {error}")))?;
    let (Some(lists), Some(cards)) = (board["lists"].as_array(), board["cards"].as_array()) else {
        return Err(BadFile(
            "this is not a Trello board export: it has no lists and cards".into(),
        ));
    };
    let text_of = |value: &Value, field: &str| value[field].as_str().unwrap_or_default().to_owned();
    let list_names: HashMap<String, (String, bool)> = lists
        .iter()
        .map(|list| {
            (
                text_of(list, "id"),
                (
                    text_of(list, "name"),
                    list["closed"].as_bool().unwrap_or(false),
                ),
            )
        })
        .collect();
    let members: HashMap<String, String> = board["members"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|member| (text_of(member, "id"), text_of(member, "fullName")))
        .collect();
    let mut checklists: HashMap<String, Vec<&Value>> = HashMap::new();
    for checklist in board["checklists"].as_array().into_iter().flatten() {
        checklists
            .entry(text_of(checklist, "idCard"))
            .or_default()
            .push(checklist);
    }
    // Oldest first: each card's creation and list moves.
    let mut actions: Vec<&Value> = board["actions"].as_array().into_iter().flatten().collect();
    actions.sort_by_key(|action| text_of(action, "date"));
    let mut created: HashMap<String, (DateTime<Utc>, String)> = HashMap::new();
    let mut moves: HashMap<String, Vec<(DateTime<Utc>, String, String)>> = HashMap::new();
    for action in actions {
        let (Some(at), card) = (
            time(&action["date"]),
            text_of(&action["data"]["card"], "id"),
        ) else {
            continue;
        };
        let data = &action["data"];
        match action["type"].as_str() {
            Some("createCard") => {
                created.insert(card, (at, text_of(&data["list"], "name")));
            }
            Some("updateCard") if data["listAfter"].is_object() => {
                moves.entry(card).or_default().push((
                    at,
                    text_of(&data["listBefore"], "name"),
                    text_of(&data["listAfter"], "name"),
                ));
            }
            _ => {}
        }
    }

    let mut file = SourceFile::new("Trello");
    for (name, closed) in lists
        .iter()
        .map(|list| (text_of(list, "name"), list["closed"].as_bool()))
    {
        if closed != Some(true) && !file.statuses.iter().any(|(status, _)| *status == name) {
            file.statuses.push((name, None));
        }
    }
    let mut archived = 0;
    for card in cards {
        let id = text_of(card, "id");
        let name = clean_title(&text_of(card, "name"));
        if card["closed"].as_bool() == Some(true) {
            archived += 1;
            continue;
        }
        let Some((list, list_closed)) = list_names.get(&text_of(card, "idList")) else {
            file.skipped
                .push((name, "its list is not in the file".into()));
            continue;
        };
        if *list_closed {
            file.skipped
                .push((name, format!("its list “{list}” is archived")));
            continue;
        }
        let card_moves = moves.remove(&id).unwrap_or_default();
        // Without its createCard (older than the export's actions), a card was
        // created when its id says, in the list its first move left.
        let (born, born_in) = created.remove(&id).unwrap_or_else(|| {
            let list_first = card_moves
                .first()
                .map_or(list.clone(), |(_, before, _)| before.clone());
            (
                id_time(&id).unwrap_or_else(|| card_moves.first().map_or(Utc::now(), |m| m.0)),
                list_first,
            )
        });
        let mut history = vec![(born, born_in)];
        history.extend(card_moves.into_iter().map(|(at, _, after)| (at, after)));
        let mut description = text_of(card, "desc");
        for checklist in checklists.get(&id).into_iter().flatten() {
            let mut items: Vec<&Value> = checklist["checkItems"]
                .as_array()
                .into_iter()
                .flatten()
                .collect();
            items.sort_by(|a, b| {
                a["pos"]
                    .as_f64()
                    .partial_cmp(&b["pos"].as_f64())
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            description.push_str(&format!("\n\n{}:", text_of(checklist, "name")));
            for item in items {
                let done = if item["state"] == "complete" {
                    "x"
                } else {
                    " "
                };
                description.push_str(&format!("\n- [{done}] {}", text_of(item, "name")));
            }
        }
        let labels: Vec<String> = card["labels"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|label| text_of(label, "name"))
            .filter(|name| !name.is_empty())
            .collect();
        if !labels.is_empty() {
            description.push_str(&format!("\n\nLabels: {}", labels.join(", ")));
        }
        let assignee = card["idMembers"]
            .as_array()
            .and_then(|ids| ids.first())
            .and_then(|id| members.get(id.as_str()?))
            .cloned();
        let updated = time(&card["dateLastActivity"]).unwrap_or(born).max(born);
        file.items.push(SourceItem {
            key: format!("trello:{id}"),
            label: name.clone(),
            kind: ItemKind::WorkItem,
            work_type: Some(WorkItemType::Story),
            title: name,
            description: description.trim().to_owned(),
            assignee,
            size: None,
            parent: None,
            status: list.clone(),
            created: born,
            updated,
            due: time(&card["due"]).map(|due| due.date_naive()),
            history: SourceHistory::Moves(history),
        });
    }
    if archived > 0 {
        file.notes
            .push(format!("{archived} archived cards are left out"));
    }
    Ok(file)
}

fn time(value: &Value) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(value.as_str()?)
        .ok()
        .map(|time| time.with_timezone(&Utc))
}

/// A Trello id begins with the second it was made, in hex.
fn id_time(id: &str) -> Option<DateTime<Utc>> {
    let seconds = i64::from_str_radix(id.get(..8)?, 16).ok()?;
    DateTime::from_timestamp(seconds, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_tells_when_its_card_was_made() {
        assert_eq!(
            id_time("6ada0c5483876a16cb078d21")
                .map(|t| t.to_rfc3339())
                .as_deref(),
            Some("2026-10-22T13:15:00+00:00")
        );
    }

    #[test]
    fn json_without_lists_and_cards_is_not_a_trello_export() {
        assert_eq!(
            read("{\"issues\":[]}").unwrap_err().to_string(),
            "this is not a Trello board export: it has no lists and cards"
        );
    }
}
