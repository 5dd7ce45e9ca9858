//! Failed sign-ins counted per client address, in memory: the second limit on guessing passwords,
//! beside the per-user-name lockout kept in the database ([`crate::auth::MAX_FAILURES`]). It stops
//! one address trying many user names. Each instance counts its own; behind a load balancer the
//! address is the balancer's unless the app is run with the client's address (the server passes
//! the TCP peer address; `X-Forwarded-For` is not trusted).

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failed sign-ins from one address allowed within [`WINDOW`] (a council office behind one NAT
/// address may have many people mistyping).
pub const MAX_PER_ADDRESS: usize = 50;
/// The window failures are counted over.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// At most this many addresses are remembered; beyond it, the stalest are forgotten first.
const MAX_ADDRESSES: usize = 10_000;

/// The client's address, when the server was run with it (`into_make_service_with_connect_info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(a)| a.ip()),
        ))
    }
}

/// Recent failed sign-ins per address.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl Throttle {
    /// Whether `ip` has had [`MAX_PER_ADDRESS`] failures within [`WINDOW`] before `now`.
    pub fn blocked(&self, ip: IpAddr, now: Instant) -> bool {
        let mut map = self.lock();
        map.get_mut(&ip).is_some_and(|times| {
            prune(times, now);
            times.len() >= MAX_PER_ADDRESS
        })
    }

    /// Records a failed sign-in from `ip` at `now`.
    pub fn failed(&self, ip: IpAddr, now: Instant) {
        let mut map = self.lock();
        if map.len() >= MAX_ADDRESSES && !map.contains_key(&ip) {
            map.retain(|_, times| {
                prune(times, now);
                !times.is_empty()
            });
            if map.len() >= MAX_ADDRESSES {
                // Still full of recent failures: forget the address whose last failure is oldest.
                if let Some(stalest) = map
                    .iter()
                    .min_by_key(|(_, t)| t.back().copied())
                    .map(|(ip, _)| *ip)
                {
                    map.remove(&stalest);
                }
            }
        }
        let times = map.entry(ip).or_default();
        prune(times, now);
        times.push_back(now);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<IpAddr, VecDeque<Instant>>> {
        // A panic while holding the lock leaves counts that are still usable.
        self.failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant) {
    while times
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
    {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IP: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const OTHER: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    #[test]
    fn an_address_is_blocked_after_the_limit_until_the_window_passes() {
        let t = Throttle::default();
        let start = Instant::now();
        for i in 0..MAX_PER_ADDRESS {
            assert!(!t.blocked(IP, start), "after {i}");
            t.failed(IP, start);
        }
        assert!(t.blocked(IP, start));
        assert!(!t.blocked(OTHER, start));
        assert!(t.blocked(IP, start + WINDOW - Duration::from_secs(1)));
        assert!(!t.blocked(IP, start + WINDOW));
    }

    #[test]
    fn the_number_of_addresses_remembered_is_bounded() {
        let t = Throttle::default();
        let now = Instant::now();
        for i in 0..(MAX_ADDRESSES + 10) {
            let ip = IpAddr::V6(std::net::Ipv6Addr::from(u128::try_from(i).expect("fits")));
            t.failed(ip, now);
        }
        assert!(t.lock().len() <= MAX_ADDRESSES);
    }
}
