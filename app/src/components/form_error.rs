use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;

use crate::error::AppError;

/// A form posted without JavaScript that the server refused: (server function
/// path, encoded error), from the cookie the refusal set (see the server's
/// `posted_errors`), shared with the browser bundle so a page hydrates as rendered.
#[derive(Clone)]
struct PostedError(Option<(String, String)>);

/// Reads this request's posted error once, for every form on the page.
pub fn provide_posted_error() {
    let posted = leptos::server::SharedValue::new(|| {
        #[cfg(feature = "ssr")]
        {
            use_context::<http::request::Parts>().and_then(|parts| {
                let (path, encoded) = crate::security::cookie::posted_error_in(&parts.headers)?;
                Some((path.to_owned(), encoded.to_owned()))
            })
        }
        #[cfg(not(feature = "ssr"))]
        {
            None
        }
    });
    provide_context(PostedError(posted.into_inner()));
}

/// The error of the last plain form post to the server function at
/// `function_path`, if the server refused it.
pub fn posted_error(function_path: &str) -> Option<AppError> {
    let PostedError(posted) = use_context()?;
    let (path, encoded) = posted?;
    (path == function_path).then(|| ServerFnUrlError::<AppError>::decode_err(&encoded))
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
