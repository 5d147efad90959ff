//! Keyboard shortcuts for those who update boards all day, and a `?` overlay that
//! lists them. None fires while the user types in a field or holds a modifier.

use leptos::prelude::*;

/// Every shortcut, as the overlay lists it.
const SHORTCUTS: &[(&str, &str)] = &[
    ("?", "Show or hide this list"),
    ("/", "Filter the board"),
    ("n", "Add a card where the board takes new ones"),
    ("g then p", "Go to the portfolio"),
    ("g then s", "Go to the strategy"),
    ("g then d", "Go to the executive dashboard"),
];

/// Where `g` then a key goes.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))] // the browser's listener only
fn destination(key: &str) -> Option<&'static str> {
    match key {
        "p" => Some("/"),
        "s" => Some("/strategy"),
        "d" => Some("/dashboard"),
        _ => None,
    }
}

#[component]
pub fn Shortcuts() -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    #[cfg(feature = "hydrate")]
    listen(dialog);
    let rows = SHORTCUTS
        .iter()
        .map(|(keys, what)| {
            view! {
                <dt><kbd>{*keys}</kbd></dt>
                <dd>{*what}</dd>
            }
        })
        .collect_view();
    view! {
        <dialog class="shortcuts" node_ref=dialog aria-labelledby="shortcuts-title">
            <h2 id="shortcuts-title">"Keyboard shortcuts"</h2>
            <dl>{rows}</dl>
            <form method="dialog">
                <button type="submit">"Close"</button>
            </form>
        </dialog>
    }
}

/// Answers the keys anywhere on the page but in a field.
#[cfg(feature = "hydrate")]
fn listen(dialog: NodeRef<leptos::html::Dialog>) {
    use std::cell::Cell;
    use std::rc::Rc;
    let navigate = leptos_router::hooks::use_navigate();
    // `g` waits for the key that says where to go.
    let going = Rc::new(Cell::new(false));
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if is_typing(&ev) {
            return;
        }
        let key = ev.key();
        if going.replace(false) {
            if let Some(to) = destination(&key) {
                ev.prevent_default();
                navigate(to, Default::default());
            }
            return;
        }
        match key.as_str() {
            "?" => {
                if let Some(dialog) = dialog.get_untracked() {
                    ev.prevent_default();
                    if dialog.open() {
                        dialog.close();
                    } else {
                        let _ = dialog.show_modal();
                    }
                }
            }
            "/" => focus(&ev, ".board-filter input[name=\"q\"]"),
            "n" => focus(&ev, ".quick-add input[type=\"text\"]"),
            "g" => going.set(true),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

/// Whether the key belongs to something else: typing in a field, or a shortcut of
/// the browser's or the system's (a modifier held).
#[cfg(feature = "hydrate")]
fn is_typing(ev: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return true;
    }
    ev.target()
        .and_then(|target| target.dyn_into::<web_sys::HtmlElement>().ok())
        .is_some_and(|element| {
            matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || element.is_content_editable()
        })
}

/// Focuses the first element `selector` finds, if the page has one.
#[cfg(feature = "hydrate")]
fn focus(ev: &leptos::ev::KeyboardEvent, selector: &str) {
    use wasm_bindgen::JsCast;
    let found = document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = found {
        ev.prevent_default();
        let _ = element.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_go_to_shortcut_listed_leads_somewhere() {
        for (keys, _) in SHORTCUTS {
            if let Some(key) = keys.strip_prefix("g then ") {
                assert!(destination(key).is_some(), "{keys}");
            }
        }
        assert_eq!(destination("x"), None);
    }
}
