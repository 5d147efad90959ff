use leptos::prelude::*;

use crate::domain::history::AuditEntry;

/// Changes, newest first; with `link_items`, each line leads to the changed item.
#[component]
pub fn History(entries: Vec<AuditEntry>, #[prop(optional)] link_items: bool) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="history-empty">"No changes recorded yet."</p> }.into_any();
    }
    view! {
        <ol class="history">
            {entries
                .into_iter()
                .map(|entry| {
                    let what = entry.describe();
                    let what = if link_items {
                        view! { <a href=crate::views::planning::item_href(entry.item_kind, entry.item_id)>{what}</a> }
                            .into_any()
                    } else {
                        view! { <span class="what">{what}</span> }.into_any()
                    };
                    view! {
                        <li>
                            <time datetime=entry.at.to_rfc3339()>
                                {entry.at.format("%Y-%m-%d %H:%M UTC").to_string()}
                            </time>
                            " "
                            {what}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
