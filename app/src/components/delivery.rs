//! The four DORA keys on screen: how each is named, worded and defined, and a
//! table of teams with each key's band and its trend over the window before.

use leptos::prelude::*;

use crate::domain::dora::TeamKeys;
use crate::domain::dora::{FourKeys, Key, Trend};

/// A key as pages show it.
pub struct KeyShown {
    pub name: &'static str,
    pub pick: fn(&FourKeys) -> Option<Key>,
    pub words: fn(f64) -> String,
    pub definition: &'static str,
}

/// "45 min", "10.0 h", "3.2 days".
pub fn hours(h: f64) -> String {
    if h < 1.0 {
        format!("{:.0} min", h * 60.0)
    } else if h < 48.0 {
        format!("{h:.1} h")
    } else {
        format!("{:.1} days", h / 24.0)
    }
}

pub const KEYS: [KeyShown; 4] = [
    KeyShown {
        name: "Deployment frequency",
        pick: |k| k.deployment_frequency,
        words: |v| format!("{v:.2} a day"),
        definition: "Successful deployments to production per day. Elite: daily or more; High: weekly; Medium: monthly; Low: less.",
    },
    KeyShown {
        name: "Lead time for changes",
        pick: |k| k.lead_time_hours,
        words: hours,
        definition: "Median time from commit to its successful production deployment. Elite: under a day; High: under a week; Medium: under a month; Low: longer.",
    },
    KeyShown {
        name: "Change failure rate",
        pick: |k| k.change_failure_rate,
        words: |v| format!("{:.0}%", v * 100.0),
        definition: "Production deployments that failed or caused an incident ÷ all. Elite: ≤ 5%; High: ≤ 10%; Medium: ≤ 15%; Low: more.",
    },
    KeyShown {
        name: "Time to restore",
        pick: |k| k.time_to_restore_hours,
        words: hours,
        definition: "Median time from an incident's start to its end. Elite: under an hour; High: under a day; Medium: under a week; Low: longer.",
    },
];

impl KeyShown {
    /// (value in words, band label, band style key); "no data" without any.
    pub fn of(&self, keys: &FourKeys) -> (String, &'static str, &'static str) {
        match (self.pick)(keys) {
            Some(key) => ((self.words)(key.value), key.band.label(), key.band.key()),
            None => ("no data".into(), "–", "none"),
        }
    }
}

/// Teams' four keys over the last 30 days, each with its trend.
#[component]
pub fn DeliveryTable(rows: Vec<TeamKeys>) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|row| {
            let cells = KEYS
                .iter()
                .map(|shown| {
                    let (value, band, key) = shown.of(&row.keys);
                    let (arrow, trend) =
                        Trend::between((shown.pick)(&row.previous), (shown.pick)(&row.keys))
                            .symbol();
                    view! {
                        <td class=format!("dora-cell band-{key}")>
                            <span class="key-value-small">{value}</span>
                            " "
                            <span class="key-band">{band}</span>
                            " "
                            <span class="trend" role="img" title=trend aria-label=trend>{arrow}</span>
                        </td>
                    }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">
                        <a href=format!("/boards/{}/metrics", row.board_id)>{row.team.name}</a>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="delivery">
            <thead>
                <tr>
                    <th scope="col">"Team"</th>
                    {KEYS.iter().map(|k| view! { <th scope="col">{k.name}</th> }).collect_view()}
                </tr>
            </thead>
            <tbody>{body}</tbody>
        </table>
    }
}
