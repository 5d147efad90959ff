//! Sends webhook deliveries from the outbox (`app::store::webhooks`): every
//! replica runs one worker, which takes due deliveries under a lease, posts each
//! signed to its URL with a timeout, and records the answer. A delivery is sent
//! at least once and carries its id, the same on every try, so a receiver that
//! keeps the ids it has handled handles each exactly once.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use app::domain::webhook::is_private;
use app::store::events::EventHub;
use app::store::webhooks::{self, Attempt, Claimed};
use futures::StreamExt;
use hmac::{Hmac, KeyInit, Mac};
use sea_orm::DatabaseConnection;
use sha2::Sha256;

/// How the worker sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// The wait before the second try; it doubles for each one after.
    pub first_retry: Duration,
    /// The longest a receiver may take to answer.
    pub timeout: Duration,
    /// Only to public addresses: a hosted installation keeps deliveries away
    /// from its own network (loopback, private, link-local, cloud metadata).
    pub public_only: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            first_retry: Duration::from_secs(30),
            timeout: Duration::from_secs(10),
            public_only: false,
        }
    }
}

/// Deliveries taken at once, and sent at once.
const BATCH: u64 = 32;
const IN_FLIGHT: usize = 8;

/// How often the worker looks for due deliveries when nothing wakes it.
const IDLE_POLL: Duration = Duration::from_secs(1);

/// How long the worker lets news of changes gather before it looks: a team
/// moving cards all day makes a change every few milliseconds, and each look is a
/// statement its moves queue behind.
const GATHER: Duration = Duration::from_millis(25);

/// Finished deliveries are kept this long for the subscription page, then
/// pruned (each replica looks every [`PRUNE_EVERY`]).
pub const KEEP_FINISHED: chrono::Duration = chrono::Duration::days(30);
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// Starts this process's worker; it stops when the hub closes.
pub fn start(db: &DatabaseConnection, hub: &EventHub, settings: Settings) {
    let client = match client(settings) {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(%error, "webhooks cannot be sent: no HTTP client");
            return;
        }
    };
    tokio::spawn(work(db.clone(), hub.clone(), client, settings));
}

fn client(settings: Settings) -> Result<reqwest::Client, reqwest::Error> {
    let builder = reqwest::Client::builder()
        .timeout(settings.timeout)
        .connect_timeout(settings.timeout)
        // A redirect is an answer like any other: following it could lead anywhere.
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("Throughline-Webhooks/", env!("CARGO_PKG_VERSION")));
    match settings.public_only {
        true => builder.dns_resolver(Arc::new(PublicOnly)).build(),
        false => builder.build(),
    }
}

async fn work(db: DatabaseConnection, hub: EventHub, client: reqwest::Client, settings: Settings) {
    let mut wakes = hub.wakes();
    // A lease outlives its whole batch (sent IN_FLIGHT at a time, each within the
    // timeout) with time to spare; a worker that died mid-try gives its
    // deliveries up when their leases run out.
    let waves = (BATCH as u32).div_ceil(IN_FLIGHT as u32);
    let lease = chrono::Duration::from_std(settings.timeout * (waves + 2))
        .unwrap_or_else(|_| chrono::Duration::minutes(1));
    let first_retry = chrono::Duration::from_std(settings.first_retry)
        .unwrap_or_else(|_| chrono::Duration::seconds(30));
    let mut pruned_at: Option<std::time::Instant> = None;
    loop {
        if wakes.borrow_and_update().closing {
            return;
        }
        if pruned_at.is_none_or(|at| at.elapsed() >= PRUNE_EVERY) {
            pruned_at = Some(std::time::Instant::now());
            if let Err(error) = webhooks::prune(&db, chrono::Utc::now() - KEEP_FINISHED).await {
                tracing::warn!(%error, "old webhook deliveries could not be pruned");
            }
        }
        let sent = match round(&db, &client, settings, lease, first_retry).await {
            Ok(sent) => sent,
            Err(error) => {
                tracing::warn!(%error, "webhook deliveries could not be read or recorded");
                0
            }
        };
        if sent == 0 {
            // News of a change (often one with deliveries) or the poll, whichever
            // first; news, then the changes right behind it, make one look.
            if let Ok(Ok(())) = tokio::time::timeout(IDLE_POLL, wakes.changed()).await {
                tokio::time::sleep(GATHER).await;
            }
        }
    }
}

/// Takes a batch of due deliveries and sends them; answers how many it took.
async fn round(
    db: &DatabaseConnection,
    client: &reqwest::Client,
    settings: Settings,
    lease: chrono::Duration,
    first_retry: chrono::Duration,
) -> Result<usize, app::store::StoreError> {
    if !webhooks::any_due(db, chrono::Utc::now()).await? {
        return Ok(0);
    }
    let claimed = {
        let txn = app::store::begin_writing(db).await?;
        let claimed = webhooks::claim(&txn, chrono::Utc::now(), lease, BATCH).await?;
        txn.commit().await?;
        claimed
    };
    let taken = claimed.len();
    let tries: Vec<_> = futures::stream::iter(claimed)
        .map(|claimed| async move {
            let attempt = send(client, settings, &claimed).await;
            (claimed, attempt)
        })
        .buffer_unordered(IN_FLIGHT)
        .collect()
        .await;
    if tries.is_empty() {
        return Ok(0);
    }
    let txn = app::store::begin_writing(db).await?;
    let now = chrono::Utc::now();
    for (claimed, attempt) in tries {
        let state = webhooks::record(&txn, &claimed, attempt.clone(), first_retry, now).await?;
        tracing::info!(
            delivery = %claimed.delivery.id,
            event = %claimed.delivery.event_type,
            status = ?attempt.status,
            failure = ?attempt.failure,
            state = ?state.map(|state| state.key()),
            "webhook delivery tried"
        );
    }
    txn.commit().await?;
    Ok(taken)
}

/// Posts one delivery, signed; how it went.
async fn send(client: &reqwest::Client, settings: Settings, claimed: &Claimed) -> Attempt {
    let delivery = &claimed.delivery;
    let timestamp = chrono::Utc::now().timestamp();
    let refused = |failure: String| Attempt {
        status: None,
        failure: Some(failure),
    };
    if settings.public_only {
        if let Some(address) = literal_address(&claimed.url) {
            if is_private(address) {
                return refused(format!(
                    "{address} is a private address, and this server delivers to public ones only"
                ));
            }
        }
    }
    let answer = client
        .post(&claimed.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("Throughline-Webhook-Id", delivery.id.to_string())
        .header("Throughline-Event", &delivery.event_type)
        .header("Throughline-Attempt", (delivery.attempts + 1).to_string())
        .header(
            "Throughline-Signature",
            signature(&claimed.secret, timestamp, &delivery.payload),
        )
        .body(delivery.payload.clone())
        .send()
        .await;
    match answer {
        Ok(response) => {
            let status = response.status();
            Attempt {
                status: Some(status.as_u16()),
                failure: (!status.is_success()).then(|| format!("the receiver answered {status}")),
            }
        }
        Err(error) => refused(describe(&error)),
    }
}

/// Why a request got no answer, in words for the subscription page.
fn describe(error: &reqwest::Error) -> String {
    use std::error::Error;
    let mut words = if error.is_timeout() {
        "no answer in time".to_owned()
    } else if error.is_connect() {
        "could not connect".to_owned()
    } else {
        "the request failed".to_owned()
    };
    let mut source = error.source();
    while let Some(cause) = source {
        words = format!("{words}: {cause}");
        source = cause.source();
    }
    words
}

/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" under the secret>`:
/// the receiver recomputes it, compares in constant time, and refuses old
/// timestamps (replays).
pub fn signature(secret: &str, timestamp: i64, body: &str) -> String {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body.as_bytes());
    let digest: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("t={timestamp},v1={digest}")
}

/// The address of a URL whose host is an IP literal (the resolver never sees it).
fn literal_address(url: &str) -> Option<std::net::IpAddr> {
    let url = url::Url::parse(url).ok()?;
    match url.host()? {
        url::Host::Ipv4(v4) => Some(v4.into()),
        url::Host::Ipv6(v6) => Some(v6.into()),
        url::Host::Domain(_) => None,
    }
}

/// Resolves names to their public addresses only: a name that leads only into a
/// private network is refused, at connection time (so a name that changes its
/// answer after the subscription was made gains nothing).
struct PublicOnly;

impl reqwest::dns::Resolve for PublicOnly {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|address| !is_private(address.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!(
                    "{host} has no public address, and this server delivers to public ones only"
                )
                .into());
            }
            Ok(Box::new(found.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_is_hmac_sha256_of_timestamp_dot_body() {
        // Python: hmac.new(b"whsec_test", b'1700000000.{"a":1}', sha256).hexdigest()
        assert_eq!(
            signature("whsec_test", 1_700_000_000, r#"{"a":1}"#),
            "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789"
        );
        assert_ne!(
            signature("whsec_test", 1_700_000_001, r#"{"a":1}"#),
            signature("whsec_test", 1_700_000_000, r#"{"a":1}"#),
            "the timestamp is signed too"
        );
    }

    #[test]
    fn ip_literals_are_found_for_the_private_address_check() {
        assert_eq!(
            literal_address("http://127.0.0.1:9/x"),
            Some("127.0.0.1".parse().unwrap())
        );
        assert_eq!(
            literal_address("http://[::1]/"),
            Some("::1".parse().unwrap())
        );
        assert_eq!(literal_address("https://example.com/"), None);
    }
}
