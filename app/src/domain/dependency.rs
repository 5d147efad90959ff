//! Dependencies between items: one item (downstream) waits on another (upstream),
//! across teams and boards, optionally by a date. The rules: no item waits on
//! itself, directly or round a cycle; finishing an item that still waits on open
//! work needs a reason; a dependency is late when what it waits on is expected
//! after the date it is needed by.

use std::collections::{HashMap, VecDeque};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::board::StateCategory;
use super::hierarchy::ItemKind;
use super::planning::{date, reference, text, FieldError};

/// "The downstream item waits on the upstream one."
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Edge {
    pub upstream: Uuid,
    pub downstream: Uuid,
}

/// The form that makes the page's item wait on another, as typed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DependencyForm {
    #[serde(default)]
    pub upstream_id: String,
    #[serde(default)]
    pub needed_by: String,
    #[serde(default)]
    pub note: String,
}

/// A dependency as checked, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct DependencyDraft {
    pub upstream_id: Uuid,
    pub needed_by: Option<NaiveDate>,
    pub note: String,
}

impl DependencyForm {
    pub fn validate(&self) -> Result<DependencyDraft, FieldError> {
        let upstream_id =
            reference("upstream_id", &self.upstream_id, "an item")?.ok_or_else(|| FieldError {
                field: "upstream_id",
                message: "choose the item it waits on".into(),
            })?;
        Ok(DependencyDraft {
            upstream_id,
            needed_by: date("needed_by", &self.needed_by)?,
            note: text("note", &self.note)?,
        })
    }
}

/// The cycle that making `downstream` wait on `upstream` would close, as the ids
/// around it from `downstream` back to itself (`[a, a]` when an item would wait on
/// itself); `None` when the new edge closes none.
pub fn cycle_closed_by(edges: &[Edge], upstream: Uuid, downstream: Uuid) -> Option<Vec<Uuid>> {
    if upstream == downstream {
        return Some(vec![downstream, downstream]);
    }
    let mut waits_on: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for edge in edges {
        waits_on
            .entry(edge.downstream)
            .or_default()
            .push(edge.upstream);
    }
    // Breadth first from the new upstream along what each item waits on: reaching
    // the new downstream means it would wait on itself. The shortest way round is
    // the one worth naming.
    let mut reached_from: HashMap<Uuid, Uuid> = HashMap::from([(upstream, upstream)]);
    let mut queue = VecDeque::from([upstream]);
    while let Some(item) = queue.pop_front() {
        for &next in waits_on.get(&item).into_iter().flatten() {
            if reached_from.contains_key(&next) {
                continue;
            }
            reached_from.insert(next, item);
            if next == downstream {
                let mut way = vec![downstream];
                let mut at = downstream;
                while at != upstream {
                    at = reached_from[&at];
                    way.push(at);
                }
                way.push(downstream);
                way.reverse();
                return Some(way);
            }
            queue.push_back(next);
        }
    }
    None
}

/// A move that finishes an item while it still waits on open work: allowed with a
/// reason, like a move over a soft WIP limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FinishesWaiting {
    /// How many of the items it waits on are not done.
    pub open: u32,
}

impl FinishesWaiting {
    /// Whether a move into a column of `target` category, from one of `from`, of an
    /// item waiting on `open` unfinished items, needs a reason.
    pub fn judge(from: StateCategory, target: StateCategory, open: u32) -> Option<FinishesWaiting> {
        (finishes(from, target) && open > 0).then_some(FinishesWaiting { open })
    }

    /// "finishes it while it waits on 2 open items"
    pub fn describe(&self) -> String {
        format!(
            "finishes it while it waits on {} open item{}",
            self.open,
            if self.open == 1 { "" } else { "s" }
        )
    }
}

/// Whether a move from a column of `from` category into one of `target` finishes
/// the item (a move between done columns finishes nothing anew).
pub fn finishes(from: StateCategory, target: StateCategory) -> bool {
    target == StateCategory::Done && from != StateCategory::Done
}

/// When an upstream item is expected done: its forecast (85 % likely) if it has
/// one, else its target date. `None`: nobody can say.
pub fn expected_done(
    forecast_85: Option<NaiveDate>,
    target: Option<NaiveDate>,
) -> Option<NaiveDate> {
    forecast_85.or(target)
}

/// A dependency is late while what it waits on is not done and is expected after
/// the date it is needed by, or, when no one can say when it is done, once that
/// date has passed.
pub fn is_late(
    needed_by: Option<NaiveDate>,
    upstream_done: bool,
    expected: Option<NaiveDate>,
    today: NaiveDate,
) -> bool {
    match needed_by {
        Some(by) if !upstream_done => expected.map_or(today > by, |expected| expected > by),
        _ => false,
    }
}

/// One side of a dependency as an item's page lists it: the other item, its state,
/// and what the dependency says.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DependencyRow {
    pub id: Uuid,
    /// The item at the other end.
    pub kind: ItemKind,
    pub item_id: Uuid,
    pub title: String,
    /// Its column, and that column's category.
    pub state: String,
    pub done: bool,
    /// The board it is on.
    pub board: String,
    pub needed_by: Option<NaiveDate>,
    pub note: String,
    /// The other item's target date.
    pub target_date: Option<NaiveDate>,
    /// When the upstream item is expected done, if anyone can say.
    pub expected: Option<NaiveDate>,
    pub late: bool,
}

/// An item's dependencies both ways.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ItemDependencies {
    /// What it waits on.
    pub upstream: Vec<DependencyRow>,
    /// What waits on it.
    pub downstream: Vec<DependencyRow>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn ids(n: usize) -> Vec<Uuid> {
        (0..n).map(|i| Uuid::from_u128(i as u128 + 1)).collect()
    }

    fn edge(upstream: Uuid, downstream: Uuid) -> Edge {
        Edge {
            upstream,
            downstream,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn an_item_cannot_wait_on_itself() {
        let [a] = ids(1)[..] else { unreachable!() };
        assert_eq!(cycle_closed_by(&[], a, a), Some(vec![a, a]));
    }

    #[test]
    fn waiting_back_on_what_waits_on_you_closes_a_cycle_named_in_order() {
        let [a, b, c] = ids(3)[..] else {
            unreachable!()
        };
        // b waits on a, c waits on b: a waiting on c closes a → c → b → a.
        let edges = [edge(a, b), edge(b, c)];
        assert_eq!(cycle_closed_by(&edges, c, a), Some(vec![a, c, b, a]));
    }

    #[test]
    fn a_diamond_is_not_a_cycle() {
        let [a, b, c, d] = ids(4)[..] else {
            unreachable!()
        };
        // d waits on b and c, both wait on a.
        let edges = [edge(a, b), edge(a, c), edge(b, d), edge(c, d)];
        assert_eq!(cycle_closed_by(&edges, a, d), None);
        assert_eq!(cycle_closed_by(&edges, b, c), None);
    }

    #[test]
    fn the_shortest_way_round_is_named() {
        let [a, b, c, d] = ids(4)[..] else {
            unreachable!()
        };
        // d waits on a directly and through b and c.
        let edges = [edge(a, b), edge(b, c), edge(c, d), edge(a, d)];
        assert_eq!(cycle_closed_by(&edges, d, a), Some(vec![a, d, a]));
    }

    #[test]
    fn finishing_needs_a_reason_only_into_done_with_open_work() {
        use StateCategory::*;
        assert_eq!(
            FinishesWaiting::judge(Started, Done, 2),
            Some(FinishesWaiting { open: 2 })
        );
        assert_eq!(FinishesWaiting::judge(Started, Done, 0), None);
        assert_eq!(FinishesWaiting::judge(NotStarted, Started, 3), None);
        // Reordering within done, or between done columns, finishes nothing anew.
        assert_eq!(FinishesWaiting::judge(Done, Done, 3), None);
        assert_eq!(
            FinishesWaiting { open: 1 }.describe(),
            "finishes it while it waits on 1 open item"
        );
    }

    #[test]
    fn late_when_expected_after_the_date_needed_or_past_it_unknown() {
        // Expected after the date needed: late, whatever today is.
        assert!(is_late(Some(day(10)), false, Some(day(12)), day(1)));
        assert!(!is_late(Some(day(10)), false, Some(day(10)), day(1)));
        // Nobody can say: late once the date has passed.
        assert!(!is_late(Some(day(10)), false, None, day(10)));
        assert!(is_late(Some(day(10)), false, None, day(11)));
        // Done, or not needed by a date: never late.
        assert!(!is_late(Some(day(10)), true, Some(day(20)), day(21)));
        assert!(!is_late(None, false, Some(day(20)), day(21)));
        assert_eq!(expected_done(Some(day(5)), Some(day(3))), Some(day(5)));
        assert_eq!(expected_done(None, Some(day(3))), Some(day(3)));
    }

    #[test]
    fn the_form_names_the_field_it_refuses() {
        let form = |upstream: &str, needed_by: &str| DependencyForm {
            upstream_id: upstream.into(),
            needed_by: needed_by.into(),
            note: "  API first  ".into(),
        };
        assert_eq!(form("", "").validate().unwrap_err().field, "upstream_id");
        assert_eq!(form("x", "").validate().unwrap_err().field, "upstream_id");
        let id = Uuid::from_u128(7).to_string();
        assert_eq!(
            form(&id, "12/10").validate().unwrap_err().field,
            "needed_by"
        );
        let draft = form(&id, "2026-12-10").validate().unwrap();
        assert_eq!(draft.needed_by, Some(day(10)));
        assert_eq!(draft.note, "API first");
    }

    proptest! {
        /// Edges added only when they close no cycle always leave a graph in which
        /// every item can be ordered (upstream before downstream).
        #[test]
        fn refusing_cycles_keeps_the_graph_acyclic(pairs in prop::collection::vec((0usize..8, 0usize..8), 0..40)) {
            let items = ids(8);
            let mut edges = Vec::new();
            for (u, d) in pairs {
                let (upstream, downstream) = (items[u], items[d]);
                match cycle_closed_by(&edges, upstream, downstream) {
                    Some(way) => {
                        // The named cycle is real: it starts and ends at the new
                        // downstream, and each step follows an edge or the new one.
                        prop_assert_eq!(way.first(), Some(&downstream));
                        prop_assert_eq!(way.last(), Some(&downstream));
                        for step in way.windows(2) {
                            let (from, to) = (step[0], step[1]);
                            prop_assert!(
                                (from == downstream && to == upstream)
                                    || edges.contains(&edge(to, from))
                            );
                        }
                    }
                    None => edges.push(edge(upstream, downstream)),
                }
            }
            // Kahn's algorithm orders every item only in an acyclic graph.
            let mut waiting: HashMap<Uuid, usize> = items.iter().map(|i| (*i, 0)).collect();
            for e in &edges {
                *waiting.get_mut(&e.downstream).unwrap() += 1;
            }
            let mut ready: Vec<Uuid> = items.iter().copied().filter(|i| waiting[i] == 0).collect();
            let mut ordered = 0;
            while let Some(item) = ready.pop() {
                ordered += 1;
                for e in edges.iter().filter(|e| e.upstream == item) {
                    let left = waiting.get_mut(&e.downstream).unwrap();
                    *left -= 1;
                    if *left == 0 {
                        ready.push(e.downstream);
                    }
                }
            }
            prop_assert_eq!(ordered, items.len());
        }
    }
}
