use leptos::prelude::*;

use crate::error::AppError;

/// Once `result` holds a success, loads `target` afresh: after signing in or out,
/// everything on screen depends on who is now signed in.
pub fn reload_on_success(
    result: impl Get<Value = Option<Result<(), AppError>>> + Send + Sync + 'static,
    target: impl Fn() -> String + Send + Sync + 'static,
) {
    Effect::new(move |_| {
        if let Some(Ok(())) = result.get() {
            let _ = window().location().set_href(&target());
        }
    });
}
