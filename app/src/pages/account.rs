use crate::components::PageTitle;
use crate::loaded::loaded;
use leptos::prelude::*;

use crate::api::account::{current_user, ChangePassword, ChooseTheme};
use crate::api::boards::team_directory;
use crate::api::metrics::metric_directory;
use crate::api::tokens::{api_tokens, CreateApiToken, RevokeApiToken};
use crate::components::{data_changes, reload_on_success, ErrorList, FormError};
use crate::domain::access::Capability;
use crate::domain::account::Theme;
use crate::views::tokens::ApiTokenView;

/// `/account`: the signed-in user's password, theme and API tokens.
#[component]
pub fn AccountPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let create = ServerAction::<CreateApiToken>::new();
    let revoke = ServerAction::<RevokeApiToken>::new();
    let changes = [data_changes(create), data_changes(revoke)];
    let tokens = loaded(move || changes.map(|c| c.get()), |_| api_tokens());
    let metrics = loaded(|| (), |_| metric_directory());
    let teams = loaded(|| (), |_| team_directory());
    view! {
        <PageTitle text="Your account · Throughline" />
        <section class="account">
            <h1>"Your account"</h1>

            <h2>"Password"</h2>
            <ActionForm action=change attr:class="stacked-form">
                <label>
                    "Current password"
                    <input
                        type="password"
                        name="current_password"
                        autocomplete="current-password"
                        required
                    />
                </label>
                <label>
                    "New password (at least 10 characters)"
                    <input
                        type="password"
                        name="new_password"
                        autocomplete="new-password"
                        minlength="10"
                        required
                    />
                </label>
                <button type="submit">"Change password"</button>
            </ActionForm>
            {move || {
                matches!(change.value().get(), Some(Ok(())))
                    .then(|| {
                        view! {
                            <p class="form-ok" role="status">
                                "Password changed; your other sessions were signed out."
                            </p>
                        }
                    })
            }}
            <FormError error=move || change.value().get().and_then(Result::err) />

            <ThemeChoice />

            <h2>"API tokens"</h2>
            <p>
                "For machines: a token acts as you, limited to what you tick. A token for one metric can only record that metric's measurements; a token for some teams can only record their deployments and incidents."
            </p>
            <p>
                "Tokens call the REST API: see the "
                // External: the server serves them, not the app's router.
                <a href=crate::views::tokens::API_REFERENCE_PAGE rel="external">
                    "API reference"
                </a>
                " (try it out with a token) or its "
                <a href=crate::views::tokens::API_DOCUMENT rel="external">
                    "OpenAPI document"
                </a>
                "."
            </p>
            <p>
                "To have Throughline call your systems when items change, WIP limits are crossed or telemetry arrives, subscribe a URL on the "
                <a href=crate::views::webhooks::WEBHOOKS_PAGE>"webhooks page"</a>
                "."
            </p>
            <ActionForm action=create attr:class="stacked-form">
                <label>"Name" <input type="text" name="name" placeholder="deploy pipeline" required /></label>
                <fieldset>
                    <legend>"May"</legend>
                    {Capability::ALL
                        .iter()
                        .map(|capability| {
                            view! {
                                <label class="check">
                                    <input type="checkbox" name=capability.key() />
                                    {capability.label()}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <Suspense>
                    {move || Suspend::new(async move {
                        let metrics = metrics.await.map(|d| d.metrics).unwrap_or_default();
                        view! {
                            <label>
                                "For"
                                <select name="metric_id">
                                    <option value="">"The whole workspace"</option>
                                    {metrics
                                        .into_iter()
                                        .map(|m| {
                                            view! {
                                                <option value=m.id.to_string()>
                                                    {format!("Only the metric “{}”", m.name)}
                                                </option>
                                            }
                                        })
                                        .collect_view()}
                                </select>
                            </label>
                        }
                    })}
                </Suspense>
                <Suspense>
                    {move || Suspend::new(async move {
                        let teams = teams.await.unwrap_or_default();
                        view! {
                            <fieldset>
                                <legend>"Or only these teams' deployments and incidents"</legend>
                                {teams
                                    .into_iter()
                                    .enumerate()
                                    .map(|(n, team)| {
                                        view! {
                                            <label class="check">
                                                <input
                                                    type="checkbox"
                                                    name=format!("team_ids[{n}]")
                                                    value=team.id.to_string()
                                                />
                                                {team.name}
                                            </label>
                                        }
                                    })
                                    .collect_view()}
                            </fieldset>
                        }
                    })}
                </Suspense>
                <button type="submit">"Create token"</button>
            </ActionForm>
            {move || {
                create
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|created| {
                        view! {
                            <p class="new-token" role="status">
                                "Copy this token now; it will not be shown again: "
                                <code>{created.token}</code>
                            </p>
                        }
                    })
            }}
            <FormError error=move || create.value().get().and_then(Result::err) />
            <Suspense>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        tokens.await.map(|tokens| view! { <TokenTable tokens revoke /> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn TokenTable(tokens: Vec<ApiTokenView>, revoke: ServerAction<RevokeApiToken>) -> impl IntoView {
    let when = |at: Option<chrono::DateTime<chrono::Utc>>| {
        at.map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
            .unwrap_or_else(|| "never".into())
    };
    view! {
        <table class="tokens">
            <thead>
                <tr>
                    <th>"Name"</th>
                    <th>"May"</th>
                    <th>"For"</th>
                    <th>"Created"</th>
                    <th>"Last used"</th>
                    <th>"State"</th>
                </tr>
            </thead>
            <tbody>
                {tokens
                    .into_iter()
                    .map(|token| {
                        let capabilities = token
                            .capabilities
                            .iter()
                            .map(|c| c.label())
                            .collect::<Vec<_>>()
                            .join(", ");
                        let revoked = token.revoked_at.is_some();
                        let name = token.name.clone();
                        let scope = token_scope(&token);
                        view! {
                            <tr data-token=name>
                                <td>{token.name}</td>
                                <td>{capabilities}</td>
                                <td>
                                    {scope}
                                </td>
                                <td>{when(Some(token.created_at))}</td>
                                <td class="last-used">{when(token.last_used_at)}</td>
                                <td>
                                    {if revoked {
                                        view! { <span class="revoked">"Revoked"</span> }.into_any()
                                    } else {
                                        view! {
                                            <ActionForm action=revoke>
                                                <input type="hidden" name="id" value=token.id.to_string() />
                                                <button type="submit">"Revoke"</button>
                                            </ActionForm>
                                        }
                                            .into_any()
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// What a token is for, in words: one metric, some teams, or everything.
fn token_scope(token: &ApiTokenView) -> String {
    match (&token.metric, token.teams.as_slice()) {
        (Some(metric), _) => metric.clone(),
        (None, []) => "The whole workspace".into(),
        (None, teams) => format!("Deliveries of {}", teams.join(", ")),
    }
}

/// The colour theme, as radio buttons. A choice is saved and the page loaded again,
/// so the server renders it in the new colours (without JavaScript the form's answer
/// does the same).
#[component]
fn ThemeChoice() -> impl IntoView {
    let choose = ServerAction::<ChooseTheme>::new();
    reload_on_success(choose.value(), || "/account".to_owned());
    let user = loaded(|| (), |_| current_user());
    view! {
        <h2>"Theme"</h2>
        <Suspense>
            {move || Suspend::new(async move {
                let chosen = user.await.ok().flatten().map_or(Theme::System, |user| user.theme);
                view! {
                    <ActionForm action=choose attr:class="stacked-form theme-choice">
                        <fieldset>
                            <legend>"Show Throughline in"</legend>
                            {Theme::ALL
                                .iter()
                                .map(|theme| {
                                    view! {
                                        <label class="check">
                                            <input
                                                type="radio"
                                                name="theme"
                                                value=theme.key()
                                                checked=*theme == chosen
                                            />
                                            {theme.label()}
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </fieldset>
                        <button type="submit">"Save theme"</button>
                    </ActionForm>
                }
            })}
        </Suspense>
        <FormError error=move || choose.value().get().and_then(Result::err) />
    }
}
