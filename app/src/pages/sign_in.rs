use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::account::SignIn;
use crate::components::{error_in_url, FormError};

/// `/login`: email and password. Works as a plain HTML form before (or without)
/// the WebAssembly; errors then come back in the URL.
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
    let error = move || {
        sign_in
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| error_in_url(&query.read().get("__err")?))
    };
    view! {
        <Title text="Sign in · Throughline" />
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
