use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;

use crate::error::AppError;

/// The error a server function left in the URL after a form post without JavaScript.
pub fn error_in_url(encoded: &str) -> Option<AppError> {
    Some(ServerFnUrlError::<AppError>::decode_err(encoded))
}

/// The message of the last failed submission, if any.
#[component]
pub fn FormError(error: impl Fn() -> Option<AppError> + Send + Sync + 'static) -> impl IntoView {
    move || {
        error().map(|error| {
            view! {
                <p class="form-error" role="alert">
                    {error.to_string()}
                </p>
            }
        })
    }
}
