use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::account::SignIn;
use crate::components::{submission_error, FormError};
use crate::error::AppError;

/// `/login`: email and password. Works as a plain HTML form before (or without)
/// the WebAssembly; a refusal then comes back with the page the post returns to.
#[component]
pub fn SignInPage() -> impl IntoView {
    let sign_in = ServerAction::<SignIn>::new();
    let query = use_query_map();
    // Without `next`, the server picks the user's landing page.
    let next = move || query.read().get("next").unwrap_or_default();
    Effect::new(move |_| {
        if let Some(Ok(destination)) = sign_in.value().get() {
            // A full load: everything on screen depends on who is now signed in.
            let _ = window().location().set_href(&destination);
        }
    });
    let refused = submission_error(sign_in);
    let error = move || refused.get().map(in_own_words);
    view! {
        <PageTitle text="Sign in · Throughline" />
        <section class="auth-card">
            <h1>"Sign in"</h1>
            <ActionForm action=sign_in>
                <input type="hidden" name="next" value=next />
                <label>
                    "Email" <input type="email" name="email" autocomplete="username" required />
                </label>
                <label>
                    "Password"
                    <input
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                    />
                </label>
                <button type="submit">"Sign in"</button>
            </ActionForm>
            <FormError error />
        </section>
    }
}

/// The sign-in page says only its own sentences: an error read back from the URL
/// (after a form post without JavaScript) could have been written by anyone who
/// sent the victim a link, so only its kind is believed.
fn in_own_words(error: AppError) -> AppError {
    match error {
        AppError::WrongCredentials => AppError::WrongCredentials,
        AppError::TooManyAttempts { .. } => AppError::TooManyAttempts {
            reason: "Too many failed sign-ins: wait a while before trying again.".into(),
        },
        AppError::Invalid { .. } | AppError::InvalidField { .. } => AppError::Invalid {
            detail: "Enter your email address and password.".into(),
        },
        _ => AppError::Request {
            detail: "please try again.".into(),
        },
    }
}
