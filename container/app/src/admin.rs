//! What the admin page shows, put in the request by the server: how each remote
//! version loads on students' phones (from their browsers' telemetry) and each
//! remote's deploy history.

use serde::Serialize;

/// The admin page's data. Absent from the request: the user is not an admin.
#[derive(Clone, Debug, Default)]
pub struct AdminPage {
    /// Per remote and version, newest telemetry first.
    pub loads: Vec<LoadSummary>,
    /// Every remote the registry knows.
    pub remotes: Vec<RemoteHistory>,
    /// The outcome of the last action (a rollback), to show once.
    pub notice: Option<String>,
}

/// How one version of a remote loads.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LoadSummary {
    /// The remote.
    pub remote: String,
    /// Its version.
    pub version: String,
    /// Loads reported.
    pub loads: u64,
    /// Loads that failed.
    pub errors: u64,
    /// Failed loads' share of all loads, 0 to 1.
    pub error_rate: f64,
    /// Each error code with how many times.
    pub error_codes: Vec<(String, u64)>,
    /// Load time through mounting of the loads that worked: median, milliseconds.
    pub p50_ms: i64,
    /// The same, 95th percentile.
    pub p95_ms: i64,
    /// Median time until the files answered.
    pub download_p50_ms: i64,
    /// Median time compiling and instantiating.
    pub instantiate_p50_ms: i64,
    /// Median time mounting.
    pub mount_p50_ms: i64,
    /// Median bytes on the wire.
    pub bytes_p50: i64,
    /// Loads over the 3 s budget.
    pub slow: u64,
    /// Loads over the byte budget.
    pub over_budget: u64,
}

/// A remote's live version and history.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RemoteHistory {
    /// The remote.
    pub name: String,
    /// The live version, if any.
    pub live: Option<String>,
    /// "ok", or what is wrong with the live version's files.
    pub health: String,
    /// Deploys, rollbacks and refusals, newest first.
    pub history: Vec<DeployEvent>,
}

/// One deploy, rollback or refusal.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeployEvent {
    /// The version.
    pub version: String,
    /// deploy, rollback, bootstrap, followed, refused.
    pub action: String,
    /// When, seconds since the epoch.
    pub at: i64,
    /// Who (an admin token's name or an admin's email).
    pub by: String,
}
