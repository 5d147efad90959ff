use crate::loaded::loaded;
use leptos::prelude::*;

use crate::api::webhooks::{webhooks, CreateWebhook, DeleteWebhook, RedeliverWebhook};
use crate::components::{data_changes, ErrorList, FormError, PageTitle};
use crate::domain::webhook::{DeliveryState, EventType, MAX_ATTEMPTS};
use crate::views::webhooks::{DeliveryView, SubscriptionView, WebhooksView};

/// `/webhooks`: subscribe URLs to events (the whole workspace's for admins, a
/// team's for its members), see each one's latest deliveries and send one again.
#[component]
pub fn WebhooksPage() -> impl IntoView {
    let create = ServerAction::<CreateWebhook>::new();
    let delete = ServerAction::<DeleteWebhook>::new();
    let redeliver = ServerAction::<RedeliverWebhook>::new();
    let changes = [
        data_changes(create),
        data_changes(delete),
        data_changes(redeliver),
    ];
    let page = loaded(move || changes.map(|c| c.get()), |_| webhooks());
    view! {
        <PageTitle text="Webhooks · Throughline" />
        <section class="webhooks">
            <h1>"Webhooks"</h1>
            <p>
                "Throughline posts each event you subscribe to as JSON to your URL, signed: the "
                <code>"Throughline-Signature"</code>
                " header is "
                <code>"t=<unix time>,v1=<hex HMAC-SHA256 of “<t>.<body>” under the secret>"</code>
                ". The "
                <code>"Throughline-Webhook-Id"</code>
                " header (and the body's "
                <code>"id"</code>
                ") stays the same on every try: keep the ids you have handled and handle each once. An answer other than 2xx is tried again after 30 seconds, then after twice as long each time, "
                {MAX_ATTEMPTS}
                " tries in all."
            </p>
            <Suspense>
                <ErrorBoundary fallback=|errors| view! { <ErrorList errors section=true /> }>
                    {move || Suspend::new(async move {
                        page.await.map(|page| view! { <Subscribe page=page.clone() create /> <Subscriptions page delete redeliver /> })
                    })}
                </ErrorBoundary>
            </Suspense>
        </section>
    }
}

#[component]
fn Subscribe(page: WebhooksView, create: ServerAction<CreateWebhook>) -> impl IntoView {
    view! {
        <h2>"Subscribe"</h2>
        <ActionForm action=create attr:class="stacked-form">
            <label>
                "URL" <input type="url" name="url" placeholder="https://hooks.example.com/throughline" required />
            </label>
            <fieldset>
                <legend>"Events"</legend>
                {EventType::ALL
                    .iter()
                    .enumerate()
                    .filter(|(_, event)| page.workspace || !event.workspace_only())
                    .map(|(n, event)| {
                        view! {
                            <label class="check">
                                <input type="checkbox" name=format!("events[{n}]") value=event.key() />
                                {event.label()}
                                " "
                                <code>{event.key()}</code>
                            </label>
                        }
                    })
                    .collect_view()}
            </fieldset>
            <label>
                "For"
                <select name="team_id">
                    {page.workspace.then(|| view! { <option value="">"The whole workspace"</option> })}
                    {page
                        .teams
                        .into_iter()
                        .map(|team| {
                            view! {
                                <option value=team.id.to_string()>
                                    {format!("Only the team {}", team.name)}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <button type="submit">"Subscribe"</button>
        </ActionForm>
        {move || {
            create
                .value()
                .get()
                .and_then(Result::ok)
                .map(|created| {
                    view! {
                        <p class="new-token" role="status">
                            "Copy this signing secret now; it will not be shown again: "
                            <code>{created.secret}</code>
                        </p>
                    }
                })
        }}
        <FormError error=move || create.value().get().and_then(Result::err) />
    }
}

#[component]
fn Subscriptions(
    page: WebhooksView,
    delete: ServerAction<DeleteWebhook>,
    redeliver: ServerAction<RedeliverWebhook>,
) -> impl IntoView {
    if page.subscriptions.is_empty() {
        return view! { <p class="empty">"No subscriptions yet."</p> }.into_any();
    }
    page.subscriptions
        .into_iter()
        .map(|subscription| view! { <Subscription subscription delete redeliver /> })
        .collect_view()
        .into_any()
}

#[component]
fn Subscription(
    subscription: SubscriptionView,
    delete: ServerAction<DeleteWebhook>,
    redeliver: ServerAction<RedeliverWebhook>,
) -> impl IntoView {
    let events = subscription
        .events
        .iter()
        .map(|event| event.label())
        .collect::<Vec<_>>()
        .join(", ");
    let scope = subscription
        .team
        .as_ref()
        .map(|team| format!("Team {}", team.name))
        .unwrap_or_else(|| "The whole workspace".into());
    let id = subscription.id;
    view! {
        <article class="webhook" data-url=subscription.url.clone()>
            <h2 class="webhook-url"><code>{subscription.url.clone()}</code></h2>
            <p>{scope} " · " {events}</p>
            <ActionForm action=delete>
                <input type="hidden" name="id" value=id.to_string() />
                <button type="submit" class="danger">"Unsubscribe"</button>
            </ActionForm>
            <FormError error=move || redeliver.value().get().and_then(Result::err) />
            {if subscription.deliveries.is_empty() {
                view! { <p class="empty">"No deliveries yet."</p> }.into_any()
            } else {
                view! {
                    <table class="deliveries">
                        <caption>"Latest deliveries"</caption>
                        <thead>
                            <tr>
                                <th>"Event"</th>
                                <th>"Happened"</th>
                                <th>"State"</th>
                                <th>"Tries"</th>
                                <th>"Answer"</th>
                                <th></th>
                            </tr>
                        </thead>
                        <tbody>
                            {subscription
                                .deliveries
                                .into_iter()
                                .map(|delivery| view! { <Delivery subscription=id delivery redeliver /> })
                                .collect_view()}
                        </tbody>
                    </table>
                }
                    .into_any()
            }}
        </article>
    }
}

#[component]
fn Delivery(
    subscription: uuid::Uuid,
    delivery: DeliveryView,
    redeliver: ServerAction<RedeliverWebhook>,
) -> impl IntoView {
    let when = |at: chrono::DateTime<chrono::Utc>| at.format("%Y-%m-%d %H:%M:%S UTC").to_string();
    let state = match delivery.state {
        DeliveryState::Pending if delivery.attempts > 0 => {
            format!("Retrying at {}", when(delivery.next_attempt_at))
        }
        state => state.label().to_owned(),
    };
    let answer = match (delivery.response_status, delivery.failure) {
        (Some(status), _) => status.to_string(),
        (None, Some(failure)) => failure,
        (None, None) => "—".to_owned(),
    };
    view! {
        <tr data-delivery=delivery.id.to_string() data-state=delivery.state.key()>
            <td><code>{delivery.event}</code></td>
            <td>{when(delivery.created_at)}</td>
            <td class="delivery-state">{state}</td>
            <td>{delivery.attempts}</td>
            <td class="delivery-answer">{answer}</td>
            <td>
                <ActionForm action=redeliver>
                    <input type="hidden" name="subscription_id" value=subscription.to_string() />
                    <input type="hidden" name="delivery_id" value=delivery.id.to_string() />
                    <button type="submit">"Redeliver"</button>
                </ActionForm>
            </td>
        </tr>
    }
}
