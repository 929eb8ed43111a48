//! Telemetry: how remotes load on students' phones. The browser runtime reports
//! each remote load (phase times, bytes, error code) in batches with
//! `navigator.sendBeacon` to `POST /api/telemetry`; reports are validated,
//! rate-limited per client, stored with a retention limit, counted in
//! `/metrics`, and summed up per remote and version for the admin page.

mod report;
mod store;
mod summary;

pub(crate) use report::{LoadReport, Report, MAX_REPORT_BYTES};
pub(crate) use store::Telemetry;
pub(crate) use summary::VersionSummary;

/// A load slower than this breaches the load budget.
pub(crate) const SLOW_LOAD_MS: i64 = 3_000;
