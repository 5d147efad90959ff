//! Webhooks' rules: the events one can subscribe to, which targets are accepted,
//! when a failed delivery is tried again and when it is given up.

use std::net::IpAddr;

use chrono::Duration;

use super::labels::labelled_enum;
use super::planning::FieldError;

labelled_enum! {
    /// What happened, as a subscriber chooses it and as a delivery names it.
    EventType, "webhook event" {
        ItemCreated => ("item.created", "Item created"),
        ItemChanged => ("item.changed", "Item changed"),
        ItemMoved => ("item.moved", "Item moved"),
        ItemDeleted => ("item.deleted", "Item deleted"),
        /// A move took a soft WIP limit over (allowed with a reason).
        WipLimitExceeded => ("wip_limit.exceeded", "WIP limit exceeded"),
        /// A move was refused by a hard WIP limit.
        WipLimitRefused => ("wip_limit.refused", "WIP limit refused a move"),
        MeasurementRecorded => ("measurement.recorded", "Measurement recorded"),
        MetricStatusChanged => ("metric.status_changed", "Metric status changed"),
        DeploymentRecorded => ("deployment.recorded", "Deployment recorded"),
        IncidentRecorded => ("incident.recorded", "Incident recorded"),
    }
}

impl EventType {
    /// Outcome metrics belong to no team: only a workspace subscription (an
    /// admin's) hears of them.
    pub fn workspace_only(self) -> bool {
        matches!(
            self,
            EventType::MeasurementRecorded | EventType::MetricStatusChanged
        )
    }
}

labelled_enum! {
    /// Where a delivery stands.
    DeliveryState, "delivery state" {
        /// Not yet sent, or failed and waiting for its next try.
        Pending => ("pending", "Pending"),
        Delivered => ("delivered", "Delivered"),
        /// Given up after [`MAX_ATTEMPTS`] tries (it can still be redelivered).
        Failed => ("failed", "Failed"),
    }
}

/// Tries before a delivery is given up: with the default first delay of 30 s,
/// the last is about 64 minutes after the one before, a little over 2 hours
/// after the first.
pub const MAX_ATTEMPTS: i32 = 8;

/// The longest URL accepted.
pub const URL_MAX: usize = 2048;

/// What a subscription asks for, as checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscription {
    pub url: String,
    pub events: Vec<EventType>,
    /// `Some`: only events about this team.
    pub team: Option<uuid::Uuid>,
}

/// Checks a subscription's form: an http(s) URL and at least one event, each one
/// a team's subscription may hear of when it is for a team.
pub fn check_subscription(
    url: &str,
    events: &[String],
    team: Option<uuid::Uuid>,
) -> Result<Subscription, FieldError> {
    let url = check_target(url)?;
    let refuse = |message: String| FieldError {
        field: "events",
        message,
    };
    let mut chosen = Vec::new();
    for raw in events {
        let event = raw
            .trim()
            .parse::<EventType>()
            .map_err(|e| refuse(e.to_string()))?;
        if team.is_some() && event.workspace_only() {
            return Err(refuse(format!(
                "“{}” is about outcome metrics, which belong to no team: only a subscription for the whole workspace hears of it",
                event.label()
            )));
        }
        if !chosen.contains(&event) {
            chosen.push(event);
        }
    }
    if chosen.is_empty() {
        return Err(refuse("choose at least one event".into()));
    }
    Ok(Subscription {
        url,
        events: chosen,
        team,
    })
}

/// An absolute `http` or `https` URL with a host and no credentials (they would
/// show on the subscription page), trimmed.
pub fn check_target(raw: &str) -> Result<String, FieldError> {
    let refuse = |message: &str| FieldError {
        field: "url",
        message: message.to_owned(),
    };
    let url = raw.trim();
    if url.is_empty() {
        return Err(refuse("give the URL to deliver to"));
    }
    if url.len() > URL_MAX {
        return Err(refuse("the URL is longer than 2,048 characters"));
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(refuse("a URL has no spaces or control characters"));
    }
    let lower = url.to_ascii_lowercase();
    let Some(rest) = ["https://", "http://"]
        .iter()
        .find_map(|scheme| lower.starts_with(scheme).then(|| &url[scheme.len()..]))
    else {
        return Err(refuse("deliveries go to http:// or https:// URLs only"));
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(refuse(
            "put no user name or password in the URL: deliveries are signed instead",
        ));
    }
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if host.is_empty() {
        return Err(refuse("the URL names no host"));
    }
    let port = match authority.rsplit_once(']') {
        Some((_, after)) => after.strip_prefix(':'),
        None => authority.split_once(':').map(|(_, port)| port),
    };
    if let Some(port) = port {
        if port.parse::<u16>().map_or(true, |port| port == 0) {
            return Err(refuse("the URL's port is not a number from 1 to 65535"));
        }
    }
    if url.contains('#') {
        return Err(refuse("a delivery URL has no #fragment"));
    }
    Ok(url.to_owned())
}

/// Whether `address` is one a hosted installation keeps deliveries away from:
/// loopback, private, link-local (cloud metadata services live there), shared,
/// unspecified or multicast, in IPv4 or IPv6 (IPv4-mapped ones included).
pub fn is_private(address: IpAddr) -> bool {
    match address {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || v4.is_broadcast()
                // 100.64.0.0/10, carrier-grade NAT.
                || (a == 100 && (64..128).contains(&b))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_private(IpAddr::V4(v4)),
            None => {
                let first = v6.segments()[0];
                v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    // fc00::/7 unique local, fe80::/10 link-local.
                    || (first & 0xfe00) == 0xfc00
                    || (first & 0xffc0) == 0xfe80
            }
        },
    }
}

/// Whether the receiver's status means it took the delivery.
pub fn accepted(status: u16) -> bool {
    (200..300).contains(&status)
}

/// When to try again after `attempts` failed tries: `first`, doubling each time;
/// `None` once [`MAX_ATTEMPTS`] were made (the delivery is given up).
pub fn retry_after(attempts: i32, first: Duration) -> Option<Duration> {
    if attempts >= MAX_ATTEMPTS {
        return None;
    }
    let doublings = (attempts.max(1) - 1) as u32;
    Some(first * 2_i32.pow(doublings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_event_key_parses_back() {
        for event in EventType::ALL {
            assert_eq!(event.key().parse::<EventType>(), Ok(*event));
        }
        assert!("item.exploded".parse::<EventType>().is_err());
    }

    #[test]
    fn targets_are_absolute_http_urls_without_credentials() {
        for good in [
            "https://hooks.example.com/throughline",
            "http://127.0.0.1:8080/in?x=1",
            "  HTTPS://Example.com  ",
            "http://[::1]:9000/",
        ] {
            assert!(check_target(good).is_ok(), "{good}");
        }
        for (bad, says) in [
            ("", "give the URL"),
            ("ftp://example.com/", "http:// or https://"),
            ("javascript:alert(1)", "http:// or https://"),
            ("https://", "no host"),
            ("https://user:pw@example.com/", "no user name"),
            ("https://example.com:99999/", "port"),
            ("https://example.com:0/", "port"),
            ("https://exa mple.com/", "no spaces"),
            ("https://example.com/#top", "fragment"),
        ] {
            let error = check_target(bad).unwrap_err();
            assert_eq!(error.field, "url");
            assert!(error.message.contains(says), "{bad}: {}", error.message);
        }
        assert!(check_target(&format!("https://e.com/{}", "a".repeat(URL_MAX))).is_err());
    }

    #[test]
    fn a_subscription_needs_known_events_and_a_team_hears_only_of_its_own() {
        let url = "https://example.com/hook";
        let events = |keys: &[&str]| keys.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        let team = Some(uuid::Uuid::from_u128(1));
        let ok = check_subscription(url, &events(&["item.moved", "item.moved"]), team).unwrap();
        assert_eq!(ok.events, vec![EventType::ItemMoved], "duplicates dropped");
        assert_eq!(
            check_subscription(url, &[], None).unwrap_err().field,
            "events"
        );
        let unknown = check_subscription(url, &events(&["item.kissed"]), None).unwrap_err();
        assert!(
            unknown.message.contains("item.kissed"),
            "{}",
            unknown.message
        );
        let metric = check_subscription(url, &events(&["measurement.recorded"]), team);
        assert!(metric.unwrap_err().message.contains("whole workspace"));
        assert!(check_subscription(url, &events(&["measurement.recorded"]), None).is_ok());
    }

    #[test]
    fn private_addresses_are_told_apart_from_public_ones() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "100.128.0.1", "2606:2800:220:1::1"] {
            assert!(!is_private(public.parse().unwrap()), "{public}");
        }
    }

    #[test]
    fn retries_double_until_given_up() {
        let first = Duration::seconds(30);
        assert_eq!(retry_after(1, first), Some(Duration::seconds(30)));
        assert_eq!(retry_after(2, first), Some(Duration::seconds(60)));
        assert_eq!(retry_after(7, first), Some(Duration::seconds(30 * 64)));
        assert_eq!(retry_after(MAX_ATTEMPTS, first), None);
        assert!(accepted(204) && !accepted(302) && !accepted(500));
    }
}
