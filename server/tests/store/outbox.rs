//! The webhook outbox: deliveries exist only with the change that made them,
//! reach the subscriptions that asked, are taken by one worker at a time, and
//! finish delivered, due again, or given up.

use app::domain::webhook::{DeliveryState, EventType, Subscription, MAX_ATTEMPTS};
use app::entities::webhook_delivery;
use app::store::webhooks::{self, Attempt, Occurrence};
use chrono::{Duration, Utc};
use sea_orm::{EntityTrait, PaginatorTrait};
use uuid::Uuid;

use crate::helpers::{fresh_store, Store};

async fn subscribe(store: &Store, team: Option<Uuid>, events: &[EventType]) -> Uuid {
    let subscription = Subscription {
        url: "https://hooks.example.com/in".into(),
        events: events.to_vec(),
        team,
    };
    webhooks::subscribe(&store.db, subscription, store.actor.user_id, Utc::now())
        .await
        .expect("subscribed")
        .0
        .id
}

fn created(team: Option<Uuid>) -> Occurrence {
    Occurrence {
        event: EventType::ItemCreated,
        team,
        data: serde_json::json!({ "item": { "title": "x" } }),
        at: Utc::now(),
    }
}

async fn deliveries(store: &Store) -> u64 {
    webhook_delivery::Entity::find()
        .count(&store.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_occurrence_reaches_the_subscriptions_that_asked_and_only_with_its_commit() {
    let store = fresh_store().await;
    let software = store.team_board("Software").await.team_id;
    let hardware = store.team_board("Hardware").await.team_id;
    subscribe(&store, None, &[EventType::ItemCreated]).await;
    subscribe(&store, software, &[EventType::ItemCreated]).await;
    subscribe(&store, None, &[EventType::ItemMoved]).await;

    let txn = app::store::begin_writing(&store.db).await.unwrap();
    assert_eq!(
        webhooks::enqueue(&txn, [created(software)]).await.unwrap(),
        2
    );
    txn.rollback().await.unwrap();
    assert_eq!(
        deliveries(&store).await,
        0,
        "a change rolled back tells nothing"
    );

    let txn = app::store::begin_writing(&store.db).await.unwrap();
    assert_eq!(
        webhooks::enqueue(&txn, [created(software)]).await.unwrap(),
        2
    );
    assert_eq!(
        webhooks::enqueue(&txn, [created(hardware)]).await.unwrap(),
        1
    );
    txn.commit().await.unwrap();
    assert_eq!(deliveries(&store).await, 3);
}

#[tokio::test]
async fn a_delivery_is_taken_by_one_worker_until_its_lease_runs_out() {
    let store = fresh_store().await;
    subscribe(&store, None, &[EventType::ItemCreated]).await;
    // Whether any is due, asked before taking the writer's turn, agrees with claims.
    let any_due = |at| webhooks::any_due(&store.db, at);
    assert!(!any_due(Utc::now()).await.unwrap(), "nothing enqueued yet");
    webhooks::enqueue(&store.db, [created(None)]).await.unwrap();
    let (now, lease) = (Utc::now(), Duration::seconds(30));
    assert!(any_due(now).await.unwrap());

    let first = webhooks::claim(&store.db, now, lease, 10).await.unwrap();
    assert_eq!(first.len(), 1);
    assert!(!any_due(now).await.unwrap(), "held by the first worker");
    assert!(webhooks::claim(&store.db, now, lease, 10)
        .await
        .unwrap()
        .is_empty());
    let later = now + lease + Duration::seconds(1);
    assert!(any_due(later).await.unwrap(), "its lease ran out");
    let second = webhooks::claim(&store.db, later, lease, 10).await.unwrap();
    assert_eq!(second.len(), 1, "a dead worker's lease runs out");

    // The first worker's answer comes too late: the delivery is the second's now.
    let ok = Attempt {
        status: Some(200),
        failure: None,
    };
    let late = webhooks::record(&store.db, &first[0], ok.clone(), lease, later).await;
    assert_eq!(late.unwrap(), None);
    let recorded = webhooks::record(&store.db, &second[0], ok, lease, later).await;
    assert_eq!(recorded.unwrap(), Some(DeliveryState::Delivered));
    assert!(!any_due(later + lease * 10).await.unwrap(), "delivered");
    assert!(webhooks::claim(&store.db, later + lease * 10, lease, 10)
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn failures_wait_longer_each_time_and_the_last_gives_up_until_redelivered() {
    let store = fresh_store().await;
    let subscription = subscribe(&store, None, &[EventType::ItemCreated]).await;
    webhooks::enqueue(&store.db, [created(None)]).await.unwrap();
    let first_retry = Duration::seconds(30);
    let failed = Attempt {
        status: Some(500),
        failure: Some("the receiver answered 500".into()),
    };
    let mut now = Utc::now();
    let mut waits = Vec::new();
    for attempt in 1..=MAX_ATTEMPTS {
        let claimed = webhooks::claim(&store.db, now, Duration::seconds(60), 10)
            .await
            .unwrap();
        assert_eq!(claimed.len(), 1, "try {attempt}");
        let state = webhooks::record(&store.db, &claimed[0], failed.clone(), first_retry, now)
            .await
            .unwrap();
        let row = webhook_delivery::Entity::find_by_id(claimed[0].delivery.id)
            .one(&store.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.attempts, attempt);
        if attempt < MAX_ATTEMPTS {
            assert_eq!(state, Some(DeliveryState::Pending));
            waits.push((row.next_attempt_at - now).num_seconds());
            assert!(
                webhooks::claim(&store.db, now, Duration::seconds(60), 10)
                    .await
                    .unwrap()
                    .is_empty(),
                "not due before its wait"
            );
            now = row.next_attempt_at;
        } else {
            assert_eq!(state, Some(DeliveryState::Failed));
        }
    }
    assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920]);
    let id = webhook_delivery::Entity::find()
        .one(&store.db)
        .await
        .unwrap()
        .unwrap()
        .id;

    let again = webhooks::redeliver(&store.db, subscription, id, now)
        .await
        .unwrap();
    assert_eq!((again.state.as_str(), again.attempts), ("pending", 0));
    assert_eq!(
        webhooks::claim(&store.db, now, Duration::seconds(60), 10)
            .await
            .unwrap()
            .len(),
        1
    );
    let elsewhere = webhooks::redeliver(&store.db, Uuid::new_v4(), id, now).await;
    assert!(
        elsewhere.is_err(),
        "a delivery is redelivered by its own subscription"
    );
}

#[tokio::test]
async fn finished_deliveries_are_pruned_after_a_while_and_pending_ones_never() {
    let store = fresh_store().await;
    subscribe(&store, None, &[EventType::ItemCreated]).await;
    webhooks::enqueue(&store.db, [created(None)]).await.unwrap();
    webhooks::enqueue(&store.db, [created(None)]).await.unwrap();
    let now = Utc::now();
    let claimed = webhooks::claim(&store.db, now, Duration::seconds(60), 1)
        .await
        .unwrap();
    let ok = Attempt {
        status: Some(204),
        failure: None,
    };
    webhooks::record(&store.db, &claimed[0], ok, Duration::seconds(30), now)
        .await
        .unwrap();

    assert_eq!(
        webhooks::prune(&store.db, now).await.unwrap(),
        0,
        "not old yet"
    );
    let later = now + Duration::days(31);
    assert_eq!(webhooks::prune(&store.db, later).await.unwrap(), 1);
    assert_eq!(deliveries(&store).await, 1, "the pending one stays");
}
