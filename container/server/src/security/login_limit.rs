//! The login rate limit: sign-in attempts are counted per account (its email) and
//! per client (its address; IPv6 by /64) in a fixed window; past either limit,
//! sign-in is refused with 429 before the password is even checked, until the
//! window ends. An attempt counts the moment it starts (so a burst of parallel
//! guesses cannot all slip in before the first failure is recorded); a success
//! takes its count back and clears its account. Kept in memory and bounded: a
//! restart forgets the counts, which only ever errs towards letting a student in.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How many failed sign-ins are allowed, and in what window.
#[derive(Clone, Copy, Debug)]
pub struct LoginLimit {
    /// Failures per account per window (default 5).
    pub per_account: u32,
    /// Failures per client address per window (default 30: a classroom shares one
    /// address behind its school's router).
    pub per_client: u32,
    /// The window (default 15 minutes).
    pub window: Duration,
}

impl Default for LoginLimit {
    fn default() -> Self {
        Self { per_account: 5, per_client: 30, window: Duration::from_secs(15 * 60) }
    }
}

/// A refused sign-in, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    /// Whole seconds until the window ends, rounded up (for `Retry-After`).
    pub(crate) retry_after_secs: u64,
}

/// Counts of attempts; cheap to clone (shared).
#[derive(Clone, Debug)]
pub(crate) struct LoginLimiter {
    limit: LoginLimit,
    counts: Arc<Mutex<HashMap<Key, Window>>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    /// A lowercased email (at most 254 bytes: longer ones fail validation first).
    Account(String),
    Client(IpAddr),
}

#[derive(Clone, Copy, Debug)]
struct Window {
    started: Instant,
    attempts: u32,
}

/// Past this many tracked keys, ended windows are dropped; past the hard cap
/// even after that, every count is forgotten (memory stays bounded).
const PRUNE_ABOVE: usize = 10_000;
const HARD_CAP: usize = 100_000;

impl LoginLimiter {
    pub(crate) fn new(limit: LoginLimit) -> Self {
        Self { limit, counts: Arc::default() }
    }

    /// Starts a sign-in to `email` from `client`: refused past the limits,
    /// otherwise counted at once.
    pub(crate) fn begin(&self, email: &str, client: Option<IpAddr>) -> Result<(), Refused> {
        self.begin_at(email, client, Instant::now())
    }

    /// The sign-in succeeded: its account starts again, and it does not count
    /// against its client.
    pub(crate) fn succeeded(&self, email: &str, client: Option<IpAddr>) {
        let mut counts = self.lock();
        counts.remove(&account(email));
        take_back(&mut counts, client.map(|ip| Key::Client(network(ip))));
    }

    /// The attempt failed on our side (the database, say): it does not count.
    pub(crate) fn release(&self, email: &str, client: Option<IpAddr>) {
        let keys = self.keys(email, client).into_iter().map(|(key, _)| key);
        take_back(&mut self.lock(), keys);
    }

    fn keys(&self, email: &str, client: Option<IpAddr>) -> Vec<(Key, u32)> {
        let mut keys = vec![(account(email), self.limit.per_account)];
        keys.extend(client.map(|ip| (Key::Client(network(ip)), self.limit.per_client)));
        keys
    }

    fn begin_at(&self, email: &str, client: Option<IpAddr>, now: Instant) -> Result<(), Refused> {
        let mut counts = self.lock();
        let keys = self.keys(email, client);
        let live = |w: &Window| now.saturating_duration_since(w.started) < self.limit.window;
        let refused = keys
            .iter()
            .filter_map(|(key, allowed)| {
                let window = counts.get(key).filter(|w| live(w))?;
                (window.attempts >= *allowed).then(|| self.limit.window - now.saturating_duration_since(window.started))
            })
            .max();
        if let Some(left) = refused {
            let whole = left.as_secs() + u64::from(left.subsec_nanos() > 0);
            return Err(Refused { retry_after_secs: whole.max(1) });
        }
        if counts.len() > PRUNE_ABOVE {
            counts.retain(|_, w| live(w));
            if counts.len() > HARD_CAP {
                tracing::warn!("login limiter: {} live keys, forgetting every count", counts.len());
                counts.clear();
            }
        }
        for (key, _) in keys {
            let window = counts.entry(key).or_insert(Window { started: now, attempts: 0 });
            if !live(window) {
                *window = Window { started: now, attempts: 0 };
            }
            window.attempts += 1;
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Window>> {
        // A panic elsewhere while holding the lock leaves plain counts behind: still usable.
        self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One attempt fewer for each of `keys`.
fn take_back(counts: &mut HashMap<Key, Window>, keys: impl IntoIterator<Item = Key>) {
    for key in keys {
        if let Some(window) = counts.get_mut(&key) {
            window.attempts = window.attempts.saturating_sub(1);
        }
    }
}

fn account(email: &str) -> Key {
    Key::Account(email.trim().to_lowercase())
}

/// An IPv6 client is its /64 (one subscriber's network); IPv4 the address.
pub(crate) fn network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: LoginLimit = LoginLimit { per_account: 3, per_client: 5, window: Duration::from_secs(60) };

    #[test]
    fn an_account_is_refused_after_its_attempts_until_the_window_ends() {
        let limiter = LoginLimiter::new(LIMIT);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.begin_at("A@x.ph ", None, start).is_ok());
        }
        let later = start + Duration::from_millis(20_300);
        assert_eq!(limiter.begin_at("a@x.ph", None, later).unwrap_err().retry_after_secs, 40, "rounded up");
        assert!(limiter.begin_at("b@x.ph", None, start).is_ok(), "other accounts are not touched");
        assert!(limiter.begin_at("a@x.ph", None, start + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn a_burst_is_counted_as_it_starts() {
        let limiter = LoginLimiter::new(LIMIT);
        let now = Instant::now();
        let admitted = (0..20).filter(|_| limiter.begin_at("a@x.ph", None, now).is_ok()).count();
        assert_eq!(admitted, 3, "no more in flight than the limit");
    }

    #[test]
    fn a_client_is_refused_after_trying_many_accounts_and_ipv6_counts_by_network() {
        let limiter = LoginLimiter::new(LIMIT);
        let now = Instant::now();
        let address = |last: u16| Some(IpAddr::from([0x2001, 0xdb8, 0, 1, 0, 0, 0, last]));
        for n in 0..5 {
            assert!(limiter.begin_at(&format!("user{n}@x.ph"), address(n), now).is_ok());
        }
        assert!(limiter.begin_at("fresh@x.ph", address(99), now).is_err(), "same /64");
        let other = Some(IpAddr::from([0x2001, 0xdb8, 0, 2, 0, 0, 0, 1]));
        assert!(limiter.begin_at("fresh@x.ph", other, now).is_ok());
    }

    #[test]
    fn an_attempt_that_failed_on_our_side_does_not_count() {
        let limiter = LoginLimiter::new(LIMIT);
        let now = Instant::now();
        for _ in 0..10 {
            assert!(limiter.begin_at("a@x.ph", None, now).is_ok());
            limiter.release("a@x.ph", None);
        }
    }

    #[test]
    fn success_clears_the_account_and_does_not_count_against_the_client() {
        let limiter = LoginLimiter::new(LIMIT);
        let (now, ip) = (Instant::now(), Some(IpAddr::from([10, 0, 0, 7])));
        for _ in 0..6 {
            assert!(limiter.begin_at("a@x.ph", ip, now).is_ok());
            limiter.succeeded("a@x.ph", ip);
        }
        assert!(limiter.begin_at("b@x.ph", ip, now).is_ok());
    }
}
