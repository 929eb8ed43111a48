//! The login rate limit: failed sign-ins are counted per account (its email) and
//! per client (its IP address) in a fixed window; past either limit, sign-in is
//! refused with 429 before the password is even checked, until the window ends.
//! A successful sign-in clears its account's count. Kept in memory: a restart
//! forgets the counts, which only ever errs towards letting a student in.

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

/// Why a sign-in is refused, and for how long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    /// Whole seconds until the window ends (for `Retry-After`).
    pub(crate) retry_after_secs: u64,
}

/// Counts of failures; cheap to clone (shared).
#[derive(Clone, Debug)]
pub(crate) struct LoginLimiter {
    limit: LoginLimit,
    counts: Arc<Mutex<HashMap<Key, Window>>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Account(String),
    Client(IpAddr),
}

#[derive(Clone, Copy, Debug)]
struct Window {
    started: Instant,
    failures: u32,
}

/// Past this many tracked keys, ended windows are dropped.
const PRUNE_ABOVE: usize = 10_000;

impl LoginLimiter {
    pub(crate) fn new(limit: LoginLimit) -> Self {
        Self { limit, counts: Arc::default() }
    }

    /// Whether a sign-in to `email` from `client` may be tried now.
    pub(crate) fn check(&self, email: &str, client: Option<IpAddr>) -> Result<(), Refused> {
        self.check_at(email, client, Instant::now())
    }

    /// Records a failed sign-in.
    pub(crate) fn failed(&self, email: &str, client: Option<IpAddr>) {
        self.failed_at(email, client, Instant::now());
    }

    /// A successful sign-in: the account's count starts again.
    pub(crate) fn succeeded(&self, email: &str) {
        self.lock().remove(&account(email));
    }

    fn check_at(&self, email: &str, client: Option<IpAddr>, now: Instant) -> Result<(), Refused> {
        let counts = self.lock();
        let mut keys = vec![(account(email), self.limit.per_account)];
        keys.extend(client.map(|ip| (Key::Client(ip), self.limit.per_client)));
        let refused = keys
            .iter()
            .filter_map(|(key, allowed)| {
                let window = counts.get(key)?;
                let elapsed = now.saturating_duration_since(window.started);
                (elapsed < self.limit.window && window.failures >= *allowed).then(|| self.limit.window - elapsed)
            })
            .max();
        match refused {
            Some(left) => Err(Refused { retry_after_secs: left.as_secs().max(1) }),
            None => Ok(()),
        }
    }

    fn failed_at(&self, email: &str, client: Option<IpAddr>, now: Instant) {
        let mut counts = self.lock();
        if counts.len() > PRUNE_ABOVE {
            counts.retain(|_, w| now.saturating_duration_since(w.started) < self.limit.window);
        }
        for key in std::iter::once(account(email)).chain(client.map(Key::Client)) {
            let window = counts.entry(key).or_insert(Window { started: now, failures: 0 });
            if now.saturating_duration_since(window.started) >= self.limit.window {
                *window = Window { started: now, failures: 0 };
            }
            window.failures += 1;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, Window>> {
        // A panic elsewhere while holding the lock leaves plain counts behind: still usable.
        self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn account(email: &str) -> Key {
    Key::Account(email.trim().to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: LoginLimit = LoginLimit { per_account: 3, per_client: 5, window: Duration::from_secs(60) };

    #[test]
    fn an_account_is_refused_after_its_failures_until_the_window_ends() {
        let limiter = LoginLimiter::new(LIMIT);
        let start = Instant::now();
        for _ in 0..3 {
            assert!(limiter.check_at("a@x.ph", None, start).is_ok());
            limiter.failed_at("A@x.ph ", None, start);
        }
        let refused = limiter.check_at("a@x.ph", None, start + Duration::from_secs(20)).unwrap_err();
        assert_eq!(refused.retry_after_secs, 40);
        assert!(limiter.check_at("b@x.ph", None, start).is_ok(), "other accounts are not touched");
        assert!(limiter.check_at("a@x.ph", None, start + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn a_client_is_refused_after_failing_across_accounts() {
        let limiter = LoginLimiter::new(LIMIT);
        let (now, ip) = (Instant::now(), Some(IpAddr::from([10, 0, 0, 7])));
        for n in 0..5 {
            limiter.failed_at(&format!("user{n}@x.ph"), ip, now);
        }
        assert!(limiter.check_at("fresh@x.ph", ip, now).is_err());
        assert!(limiter.check_at("fresh@x.ph", Some(IpAddr::from([10, 0, 0, 8])), now).is_ok());
    }

    #[test]
    fn success_clears_the_account() {
        let limiter = LoginLimiter::new(LIMIT);
        let now = Instant::now();
        for _ in 0..3 {
            limiter.failed_at("a@x.ph", None, now);
        }
        limiter.succeeded("a@x.ph");
        assert!(limiter.check_at("a@x.ph", None, now).is_ok());
    }
}
