//! What the loader did, load by load (feature `records`): for the devtools
//! panel, and for load-time reports.

use super::Loader;
use crate::{FederationError, RemoteLocation, RemoteName, Version};

/// One load of a remote: when it started and ended, and how.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadRecord {
    /// The remote.
    pub remote: RemoteName,
    /// The version loaded.
    pub version: Version,
    /// The URLs of its JS glue and wasm at the first base.
    pub urls: [String; 2],
    /// When it started, in milliseconds since the epoch.
    pub started_ms: f64,
    /// How long it took, once it ended.
    pub took_ms: Option<f64>,
    /// Its error, with the code, when it failed.
    pub error: Option<String>,
}

impl Loader {
    /// Every load so far, oldest first.
    pub fn records(&self) -> Vec<LoadRecord> {
        self.records.borrow().clone()
    }

    pub(super) fn record_start(&self, remote: &RemoteName, location: &RemoteLocation) -> usize {
        let url = |file: &str| super::fetch::absolute_url(file, &location.bases[0]).unwrap_or_default();
        let mut records = self.records.borrow_mut();
        records.push(LoadRecord {
            remote: remote.clone(),
            version: location.version.clone(),
            urls: [url(&location.js.file), url(&location.wasm.file)],
            started_ms: js_sys::Date::now(),
            took_ms: None,
            error: None,
        });
        records.len() - 1
    }

    pub(super) fn record_end<T>(&self, index: usize, outcome: &Result<T, FederationError>) {
        if let Some(record) = self.records.borrow_mut().get_mut(index) {
            record.took_ms = Some(js_sys::Date::now() - record.started_ms);
            record.error = outcome.as_ref().err().map(ToString::to_string);
        }
    }
}
