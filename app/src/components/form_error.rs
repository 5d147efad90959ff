use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;

use crate::error::AppError;

/// The error a server function left in the URL after a form post without JavaScript.
pub fn error_in_url(encoded: &str) -> Option<AppError> {
    Some(ServerFnUrlError::<AppError>::decode_err(encoded))
}

/// The message of the last failed submission, if any. With `fields_inline`, a
/// refused field is left to the message next to it.
#[component]
pub fn FormError(
    error: impl Fn() -> Option<AppError> + Send + Sync + 'static,
    #[prop(optional)] fields_inline: bool,
) -> impl IntoView {
    move || {
        error()
            .filter(|error| !(fields_inline && matches!(error, AppError::InvalidField { .. })))
            .map(|error| {
                view! {
                    <p class="form-error" role="alert">
                        {error.to_string()}
                    </p>
                }
            })
    }
}
