//! The board's one move dialog: where a card goes, and why when the move takes a
//! soft WIP limit over. A card's "Move…" opens it, and so does a drag or an arrow
//! key whose move needs a reason. Without JavaScript a card's "Move…" leads to the
//! item's own move form instead.

use leptos::prelude::*;

use super::card::CardMover;

#[component]
pub fn MoveDialog(mover: CardMover) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let column = NodeRef::<leptos::html::Select>::new();
    let reason = NodeRef::<leptos::html::Input>::new();
    // The dialog follows the question: open (modal) while there is one; the field
    // to answer gets the focus, the reason once the move turns out to need one.
    Effect::new(move |_| {
        let asking = mover.asking.get();
        let Some(dialog) = dialog.get() else { return };
        match asking {
            Some(asking) => {
                if !dialog.open() {
                    let _ = dialog.show_modal();
                }
                if asking.over.is_some() {
                    if let Some(input) = reason.get() {
                        let _ = input.focus();
                    }
                } else if let Some(select) = column.get() {
                    let _ = select.focus();
                }
            }
            None if dialog.open() => dialog.close(),
            None => {}
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = column.get().and_then(|select| select.value().parse().ok());
        let why = reason.get().map(|input| input.value()).unwrap_or_default();
        if let Some(chosen) = chosen {
            mover.answer(chosen, why);
        }
    };
    let content = move || {
        mover.asking.get().map(|asking| {
            let chosen = asking.column.or_else(|| mover.column_of(asking.card.id));
            let options = mover
                .columns()
                .into_iter()
                .map(|c| {
                    view! {
                        <option value=c.id.to_string() selected=Some(c.id) == chosen>
                            {c.name}
                        </option>
                    }
                })
                .collect_view();
            let asked = asking.over.is_some();
            view! {
                <h2 id="move-dialog-title">
                    {format!("Move “{}”", mover.title(asking.card.id))}
                </h2>
                <form class="stacked-form" on:submit=on_submit>
                    <label for="move-dialog-column">"Move to"</label>
                    <select id="move-dialog-column" node_ref=column>
                        {options}
                    </select>
                    <label for="move-dialog-reason">
                        "Reason, if the move goes over a WIP limit or finishes waiting work"
                    </label>
                    <input
                        id="move-dialog-reason"
                        type="text"
                        node_ref=reason
                        aria-invalid=asked.then_some("true")
                        aria-describedby=asked.then_some("move-dialog-question")
                    />
                    {asking
                        .over
                        .map(|question| {
                            view! {
                                <p class="form-error" id="move-dialog-question" role="alert">
                                    {question}
                                </p>
                            }
                        })}
                    <p class="dialog-buttons">
                        <button type="submit">"Move"</button>
                        <button type="button" on:click=move |_| mover.cancel()>
                            "Cancel"
                        </button>
                    </p>
                </form>
            }
        })
    };
    view! {
        <dialog
            class="move-dialog"
            node_ref=dialog
            aria-labelledby="move-dialog-title"
            on:cancel=move |ev: leptos::ev::Event| {
                // Escape: nothing moves; the dialog closes when the question goes.
                ev.prevent_default();
                mover.cancel();
            }
        >
            {content}
        </dialog>
    }
}
