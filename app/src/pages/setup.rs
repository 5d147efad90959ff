use crate::components::PageTitle;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::account::CreateFirstAdmin;
use crate::components::{error_in_url, reload_on_success, FormError};

/// `/setup`: on an empty installation, creates the first account, an admin.
#[component]
pub fn SetupPage() -> impl IntoView {
    let create = ServerAction::<CreateFirstAdmin>::new();
    let query = use_query_map();
    reload_on_success(create.value(), || "/".to_owned());
    let error = move || {
        create
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| error_in_url(&query.read().get("__err")?))
    };
    view! {
        <PageTitle text="Welcome · Throughline" />
        <section class="auth-card">
            <h1>"Create the first account"</h1>
            <p>"It will be an admin: it can add everyone else."</p>
            <ActionForm action=create>
                <label>
                    "Your name" <input type="text" name="display_name" autocomplete="name" required />
                </label>
                <label>
                    "Email" <input type="email" name="email" autocomplete="username" required />
                </label>
                <label>
                    "Password (at least 10 characters)"
                    <input
                        type="password"
                        name="password"
                        autocomplete="new-password"
                        minlength="10"
                        required
                    />
                </label>
                <button type="submit">"Create the admin account"</button>
            </ActionForm>
            <FormError error />
        </section>
    }
}
