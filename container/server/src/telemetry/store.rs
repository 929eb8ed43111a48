//! Storing reports: in the database, with a retention limit, counted in the
//! metrics; and the per-client rate limit on reports.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::{AnyPool, Row};

use super::report::LoadReport;
use super::summary::{summarize, LoadRow, VersionSummary};
use super::SLOW_LOAD_MS;
use crate::db::now;

/// How many reports a client address may send per minute (a page sends one as
/// it is left; a classroom behind one carrier address sends many).
const REPORTS_PER_MINUTE: u32 = 120;

/// The most loads kept, whatever their age.
const MAX_ROWS: i64 = 200_000;

/// The most rows the summary reads (the newest).
const SUMMARY_ROWS: i64 = 50_000;

/// The telemetry store. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Telemetry {
    db: AnyPool,
    /// How long loads are kept, in seconds (`MF_TELEMETRY_DAYS`).
    retention_secs: i64,
    /// A remote's byte budget: loads with more bytes on the wire breach it.
    budget_bytes: i64,
    clients: Arc<Mutex<HashMap<IpAddr, (Instant, u32)>>>,
}

/// Too many reports from one client: try again after this many seconds.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TooMany(pub(crate) u64);

impl Telemetry {
    pub(crate) fn new(db: AnyPool, retention_days: u32, budget_bytes: i64) -> Self {
        Self { db, retention_secs: i64::from(retention_days) * 86_400, budget_bytes, clients: Arc::default() }
    }

    /// Counts a report from `client` against its rate limit.
    pub(crate) fn admit(&self, client: Option<IpAddr>) -> Result<(), TooMany> {
        self.admit_at(client, Instant::now())
    }

    fn admit_at(&self, client: Option<IpAddr>, now: Instant) -> Result<(), TooMany> {
        let Some(client) = client.map(crate::security::network) else { return Ok(()) };
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        let window = Duration::from_secs(60);
        // A bounded map: forget windows that ended.
        if clients.len() > 10_000 {
            clients.retain(|_, (started, _)| now.saturating_duration_since(*started) < window);
        }
        let entry = clients.entry(client).or_insert((now, 0));
        if now.saturating_duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        if entry.1 >= REPORTS_PER_MINUTE {
            return Err(TooMany((window - now.saturating_duration_since(entry.0)).as_secs().max(1)));
        }
        entry.1 += 1;
        Ok(())
    }

    /// Stores `loads`, counts them in the metrics, and drops what is past the
    /// retention limit.
    pub(crate) async fn record(&self, loads: &[LoadReport]) -> Result<(), sqlx::Error> {
        let received = now();
        let mut tx = self.db.begin().await?;
        for load in loads {
            let slow = load.error.is_none() && load.total_ms > SLOW_LOAD_MS;
            let over_budget = load.bytes > self.budget_bytes;
            sqlx::query(
                "INSERT INTO remote_loads (received_at, remote, version, manifest_ms, download_ms, instantiate_ms, \
                 mount_ms, total_ms, bytes, error_code, slow, over_budget) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(received)
            .bind(&load.remote)
            .bind(&load.version)
            .bind(load.manifest_ms)
            .bind(load.download_ms)
            .bind(load.instantiate_ms)
            .bind(load.mount_ms)
            .bind(load.total_ms)
            .bind(load.bytes)
            .bind(load.error.clone().unwrap_or_default())
            .bind(i64::from(slow))
            .bind(i64::from(over_budget))
            .execute(&mut *tx)
            .await?;
            crate::metrics::remote_load(load, slow, over_budget);
        }
        sqlx::query("DELETE FROM remote_loads WHERE received_at < $1")
            .bind(received - self.retention_secs)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM remote_loads WHERE id <= (SELECT MAX(id) FROM remote_loads) - $1")
            .bind(MAX_ROWS)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// Per remote and version: loads, errors, load-time percentiles, bytes.
    pub(crate) async fn summary(&self) -> Result<Vec<VersionSummary>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT remote, version, download_ms, instantiate_ms, mount_ms, total_ms, bytes, error_code, slow, \
             over_budget FROM remote_loads ORDER BY id DESC LIMIT $1",
        )
        .bind(SUMMARY_ROWS)
        .fetch_all(&self.db)
        .await?;
        let rows = rows
            .iter()
            .map(|r| {
                Ok(LoadRow {
                    remote: r.try_get("remote")?,
                    version: r.try_get("version")?,
                    download_ms: r.try_get("download_ms")?,
                    instantiate_ms: r.try_get("instantiate_ms")?,
                    mount_ms: r.try_get("mount_ms")?,
                    total_ms: r.try_get("total_ms")?,
                    bytes: r.try_get("bytes")?,
                    error_code: r.try_get("error_code")?,
                    slow: r.try_get::<i64, _>("slow")? != 0,
                    over_budget: r.try_get::<i64, _>("over_budget")? != 0,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(summarize(&rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_client_gets_a_limited_number_of_reports_a_minute() {
        sqlx::any::install_default_drivers();
        let pool = sqlx::pool::PoolOptions::<sqlx::Any>::new().connect_lazy("sqlite::memory:").unwrap();
        let telemetry = Telemetry::new(pool, 30, 25_000);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let start = Instant::now();
        for _ in 0..REPORTS_PER_MINUTE {
            telemetry.admit_at(Some(a), start).unwrap();
        }
        assert_eq!(telemetry.admit_at(Some(a), start + Duration::from_secs(20)), Err(TooMany(40)));
        assert_eq!(telemetry.admit_at(Some(b), start), Ok(()), "another client is not affected");
        assert_eq!(telemetry.admit_at(Some(a), start + Duration::from_secs(61)), Ok(()), "a new minute");
    }
}
