use crate::components::PageTitle;
use leptos::prelude::*;

use crate::api::account::CreateFirstAdmin;
use crate::components::{reload_on_success, submission_error, FormError};

/// `/setup`: on an empty installation, creates the first account, an admin.
#[component]
pub fn SetupPage() -> impl IntoView {
    let create = ServerAction::<CreateFirstAdmin>::new();
    reload_on_success(create.value(), || "/".to_owned());
    let error = submission_error(create);
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
            <FormError error=move || error.get() />
        </section>
    }
}
