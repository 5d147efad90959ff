use crate::loaded::loaded;
use leptos::prelude::*;

use crate::api::account::SignOut;
use crate::api::boards::navigation;

/// The top bar: the portfolio, every team's board, and who is signed in.
#[component]
pub fn NavBar() -> impl IntoView {
    let navigation = loaded(|| (), |_| navigation());
    let sign_out = ServerAction::<SignOut>::new();
    super::reload_on_success(sign_out.value(), || "/login".to_owned());
    view! {
        <nav class="top-nav" aria-label="Boards">
            <a href="/" class="brand">
                "Throughline"
            </a>
            // On a narrow screen the links fold into a popover the button opens,
            // which needs no JavaScript; on a wide one CSS shows them in the bar.
            <button type="button" class="menu-button" popovertarget="nav-menu">
                "Menu"
            </button>
            <div id="nav-menu" class="nav-menu" popover>
                <Suspense>
                {move || Suspend::new(async move {
                    // A failed read shows on the page itself; the bar just stays short.
                    navigation
                        .await
                        .ok()
                        .flatten()
                        .map(|navigation| {
                            view! {
                                <a href="/dashboard">"Dashboard"</a>
                                <a href="/">"Portfolio"</a>
                                <a href="/strategy">"Strategy"</a>
                                <a href="/roadmap">"Roadmap"</a>
                                <a href="/metrics">"Metrics"</a>
                                <a href="/reports/wip">"WIP report"</a>
                                {navigation
                                    .products
                                    .into_iter()
                                    .map(|product| {
                                        view! {
                                            <a href=format!("/products/{}", product.id)>
                                                {product.name}
                                            </a>
                                        }
                                    })
                                    .collect_view()}
                                {navigation
                                    .teams
                                    .into_iter()
                                    .map(|team| {
                                        view! {
                                            <a href=format!("/teams/{}", team.id)>{team.name}</a>
                                        }
                                    })
                                    .collect_view()}
                                {navigation
                                    .may_manage_users
                                    .then(|| {
                                        view! {
                                            <a href="/admin/users">"Users"</a>
                                            <a href="/activity">"Activity"</a>
                                        }
                                    })}
                                {match navigation.user {
                                    Some(user) => {
                                        view! {
                                            <leptos_meta::Html {..} data-theme=user.theme.key() />
                                            <a href="/my-work">"My work"</a>
                                            <a href="/account" class="signed-in" title=user.email>
                                                {user.display_name}
                                                " · "
                                                {user.role.label()}
                                            </a>
                                            <ActionForm action=sign_out attr:class="sign-out">
                                                <button type="submit">"Sign out"</button>
                                            </ActionForm>
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <a href="/login" class="signed-in">
                                                "Guest (read only) · Sign in"
                                            </a>
                                        }
                                            .into_any()
                                    }
                                }}
                            }
                        })
                })}
                </Suspense>
            </div>
        </nav>
    }
}
