//! The dependency map: features by team (rows) and target month (columns), with
//! what waits on what drawn between them. Dependencies between any items are
//! rolled up to the features they belong to, so a work item waiting on another
//! team's work item shows as its feature waiting on theirs.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A feature on the map, in its cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapFeature {
    pub id: Uuid,
    pub title: String,
    pub done: bool,
    pub target: Option<NaiveDate>,
    /// When it is expected done (85 % forecast, else its target date).
    pub expected: Option<NaiveDate>,
    /// Its row (team) and column (month), and its place in that cell.
    pub row: usize,
    pub column: usize,
    pub slot: usize,
}

/// One feature waiting on another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapLink {
    pub upstream: Uuid,
    pub downstream: Uuid,
    /// The earliest date any of its dependencies is needed by.
    pub needed_by: Option<NaiveDate>,
    pub late: bool,
}

/// A dependency between two items, and the date it is needed by.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemLink {
    pub upstream: Uuid,
    pub downstream: Uuid,
    pub needed_by: Option<NaiveDate>,
}

/// Rolls dependencies between items up to their features (`feature_of` names an
/// item's feature: itself for a feature, its parent for a work item, none for an
/// epic or unaligned work): one link per pair of features, needed by the earliest
/// of their dates; a feature waiting on its own work is no link.
pub fn roll_up(links: &[ItemLink], feature_of: impl Fn(Uuid) -> Option<Uuid>) -> Vec<ItemLink> {
    let mut pairs: BTreeMap<(Uuid, Uuid), Option<NaiveDate>> = BTreeMap::new();
    for link in links {
        let (Some(upstream), Some(downstream)) =
            (feature_of(link.upstream), feature_of(link.downstream))
        else {
            continue;
        };
        if upstream == downstream {
            continue;
        }
        pairs
            .entry((upstream, downstream))
            .and_modify(|needed| {
                *needed = match (*needed, link.needed_by) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                }
            })
            .or_insert(link.needed_by);
    }
    pairs
        .into_iter()
        .map(|((upstream, downstream), needed_by)| ItemLink {
            upstream,
            downstream,
            needed_by,
        })
        .collect()
}

/// The month a target date falls in (its first day): a map column.
pub fn period(target: NaiveDate) -> NaiveDate {
    target.with_day(1).unwrap_or(target)
}

/// Places features in cells: rows are the teams in the order given (`None`, no
/// team yet, last); columns the target months in time order (`None`, no target
/// date, last); within a cell, in the order given. Answers the rows' and
/// columns' keys and each feature's (row, column, slot), in the order given.
#[allow(clippy::type_complexity)]
pub fn place(
    features: &[(Option<String>, Option<NaiveDate>)],
) -> (
    Vec<Option<String>>,
    Vec<Option<NaiveDate>>,
    Vec<(usize, usize, usize)>,
) {
    let mut rows: Vec<Option<String>> = Vec::new();
    for (team, _) in features {
        if team.is_some() && !rows.contains(team) {
            rows.push(team.clone());
        }
    }
    if features.iter().any(|(team, _)| team.is_none()) {
        rows.push(None);
    }
    let mut months: Vec<NaiveDate> = features
        .iter()
        .filter_map(|(_, target)| target.map(period))
        .collect();
    months.sort_unstable();
    months.dedup();
    let mut columns: Vec<Option<NaiveDate>> = months.into_iter().map(Some).collect();
    if features.iter().any(|(_, target)| target.is_none()) {
        columns.push(None);
    }
    let mut filled: BTreeMap<(usize, usize), usize> = BTreeMap::new();
    let places = features
        .iter()
        .map(|(team, target)| {
            let row = rows.iter().position(|r| r == team).unwrap_or(0);
            let column = columns
                .iter()
                .position(|c| *c == target.map(period))
                .unwrap_or(0);
            let slot = filled.entry((row, column)).or_default();
            *slot += 1;
            (row, column, *slot - 1)
        })
        .collect();
    (rows, columns, places)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn day(d: &str) -> NaiveDate {
        d.parse().unwrap()
    }

    #[test]
    fn item_dependencies_roll_up_to_one_link_per_pair_of_features() {
        // Features 1 and 2; work items 11, 12 under 1 and 21 under 2; epic 9.
        let feature_of = |item: Uuid| match item.as_u128() {
            1 | 11 | 12 => Some(id(1)),
            2 | 21 => Some(id(2)),
            _ => None,
        };
        let link = |up: u128, down: u128, needed: Option<&str>| ItemLink {
            upstream: id(up),
            downstream: id(down),
            needed_by: needed.map(day),
        };
        let rolled = roll_up(
            &[
                link(21, 11, Some("2027-01-20")),
                link(2, 12, Some("2027-01-10")),
                link(21, 12, None),
                link(11, 12, Some("2026-12-01")), // within feature 1
                link(9, 11, None),                // an epic: no feature
            ],
            feature_of,
        );
        assert_eq!(rolled, [link(2, 1, Some("2027-01-10"))]);
    }

    #[test]
    fn features_are_placed_by_team_and_month_with_the_unknown_last() {
        let software = Some("Software".to_owned());
        let battery = Some("Battery".to_owned());
        let (rows, columns, places) = place(&[
            (software.clone(), Some(day("2027-02-14"))),
            (None, Some(day("2026-12-03"))),
            (battery.clone(), None),
            (software.clone(), Some(day("2027-02-01"))),
            (battery.clone(), Some(day("2026-12-31"))),
        ]);
        assert_eq!(rows, [software, battery, None]);
        assert_eq!(
            columns,
            [Some(day("2026-12-01")), Some(day("2027-02-01")), None]
        );
        assert_eq!(
            places,
            [(0, 1, 0), (2, 0, 0), (1, 2, 0), (0, 1, 1), (1, 0, 0)]
        );
    }
}
