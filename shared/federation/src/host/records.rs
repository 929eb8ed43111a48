//! What the loader did, load by load (feature `records`): for the devtools
//! panel, and for load-time reports.

use alloc::{string::String, vec::Vec};

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
    /// When its files had answered and its glue had run (milliseconds after
    /// the start): the rest was receiving and compiling the wasm, and
    /// instantiating it.
    pub downloaded_ms: Option<f64>,
    /// How long it took, once it ended.
    pub took_ms: Option<f64>,
    /// Its error's stable code and message, when it failed.
    pub error: Option<(&'static str, String)>,
    /// How long mounting its first module took.
    pub mount_ms: Option<f64>,
}

impl Loader {
    /// Every load so far, oldest first.
    pub fn records(&self) -> Vec<LoadRecord> {
        self.records.borrow().clone()
    }

    /// Runs `read` on every load so far, oldest first, without copying them.
    pub fn read_records<T>(&self, read: impl FnOnce(&[LoadRecord]) -> T) -> T {
        read(&self.records.borrow())
    }

    pub(super) fn record_start(&self, remote: &RemoteName, location: &RemoteLocation) -> usize {
        let url = |file: &str| {
            let base = location.bases.first();
            base.and_then(|base| super::fetch::absolute_url(file, base).ok()).unwrap_or_default()
        };
        let mut records = self.records.borrow_mut();
        records.push(LoadRecord {
            remote: remote.clone(),
            version: location.version.clone(),
            urls: [url(&location.js.file), url(&location.wasm.file)],
            started_ms: js_sys::Date::now(),
            downloaded_ms: None,
            took_ms: None,
            error: None,
            mount_ms: None,
        });
        records.len() - 1
    }

    pub(super) fn record_downloaded(&self, index: usize) {
        if let Some(record) = self.records.borrow_mut().get_mut(index) {
            record.downloaded_ms = Some(js_sys::Date::now() - record.started_ms);
        }
    }

    /// Records how long mounting a module of `remote` took, on its latest load
    /// (the first mount only: later ones are not part of loading it).
    pub fn record_mount(&self, remote: &RemoteName, ms: f64) {
        let mut records = self.records.borrow_mut();
        if let Some(record) = records.iter_mut().rev().find(|r| r.remote == *remote) {
            record.mount_ms.get_or_insert(ms);
        }
    }

    pub(super) fn record_end<T>(&self, index: usize, outcome: &Result<T, FederationError>) {
        if let Some(record) = self.records.borrow_mut().get_mut(index) {
            record.took_ms = Some(js_sys::Date::now() - record.started_ms);
            record.error = outcome.as_ref().err().map(|e| (e.code(), e.message()));
        }
    }
}
