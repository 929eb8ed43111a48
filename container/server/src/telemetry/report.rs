//! What a browser reports, and what is accepted.

use std::collections::BTreeMap;

use federation::{RemoteName, Version};
use serde::Deserialize;

/// The largest report body read (a full batch is well under 4 KB).
pub(crate) const MAX_REPORT_BYTES: usize = 16 * 1024;

/// The most loads one report may carry.
const MAX_LOADS: usize = 50;

/// The longest phase a report may claim, in milliseconds (10 minutes).
const MAX_MS: i64 = 600_000;

/// The largest byte count a report may claim (50 MB).
const MAX_BYTES: i64 = 50_000_000;

/// `POST /api/telemetry`: a batch of loads.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Report {
    /// The loads, oldest first.
    pub(crate) loads: Vec<LoadReport>,
}

/// One load of a remote in a browser.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LoadReport {
    /// The remote.
    pub(crate) remote: String,
    /// Its version.
    pub(crate) version: String,
    /// Fetching its manifest (0: the page carried it).
    #[serde(default)]
    pub(crate) manifest_ms: i64,
    /// Until its files answered and its glue ran.
    pub(crate) download_ms: i64,
    /// Receiving and compiling its wasm, and instantiating it.
    pub(crate) instantiate_ms: i64,
    /// Mounting its module (-1: not mounted).
    #[serde(default = "not_mounted")]
    pub(crate) mount_ms: i64,
    /// The whole load, through mounting.
    pub(crate) total_ms: i64,
    /// Bytes on the wire (0: the browser could not tell).
    #[serde(default)]
    pub(crate) bytes: i64,
    /// The `FED-xxx` code of a failed load.
    #[serde(default)]
    pub(crate) error: Option<String>,
}

fn not_mounted() -> i64 {
    -1
}

impl Report {
    /// Checks every load; the first problems found, by field, for the 400 answer.
    pub(crate) fn validate(&self) -> Result<(), BTreeMap<&'static str, String>> {
        let mut problems = BTreeMap::new();
        if self.loads.is_empty() || self.loads.len() > MAX_LOADS {
            problems.insert("loads", format!("Send 1 to {MAX_LOADS} loads per report."));
        }
        for (i, load) in self.loads.iter().enumerate() {
            if let Err((field, problem)) = load.validate() {
                problems.entry(field).or_insert_with(|| format!("loads[{i}]: {problem}"));
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

impl LoadReport {
    fn validate(&self) -> Result<(), (&'static str, String)> {
        if RemoteName::new(&self.remote).is_none() {
            return Err(("remote", format!("`{}` is not a remote name", self.remote)));
        }
        if self.version.parse::<Version>().is_err() {
            return Err(("version", format!("`{}` is not a version like 1.2.0", self.version)));
        }
        let phases = [
            ("manifest_ms", self.manifest_ms, 0),
            ("download_ms", self.download_ms, 0),
            ("instantiate_ms", self.instantiate_ms, 0),
            ("mount_ms", self.mount_ms, -1),
            ("total_ms", self.total_ms, 0),
        ];
        for (field, ms, least) in phases {
            if !(least..=MAX_MS).contains(&ms) {
                return Err((field, format!("{ms} is not a time in milliseconds from {least} to {MAX_MS}")));
            }
        }
        if !(0..=MAX_BYTES).contains(&self.bytes) {
            return Err(("bytes", format!("{} is not a byte count from 0 to {MAX_BYTES}", self.bytes)));
        }
        if let Some(code) = &self.error {
            let digits = code.strip_prefix("FED-").unwrap_or_default();
            if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(("error", format!("`{code}` is not an error code like FED-005")));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load() -> LoadReport {
        LoadReport {
            remote: "auth".into(),
            version: "0.1.0".into(),
            manifest_ms: 0,
            download_ms: 300,
            instantiate_ms: 200,
            mount_ms: 12,
            total_ms: 512,
            bytes: 71_000,
            error: None,
        }
    }

    #[test]
    fn a_plain_report_passes() {
        assert_eq!(
            Report { loads: vec![load(), LoadReport { error: Some("FED-005".into()), ..load() }] }.validate(),
            Ok(())
        );
    }

    #[test]
    fn bad_loads_are_named_by_field() {
        let cases: [(LoadReport, &str); 6] = [
            (LoadReport { remote: "../etc".into(), ..load() }, "remote"),
            (LoadReport { version: "latest".into(), ..load() }, "version"),
            (LoadReport { total_ms: -5, ..load() }, "total_ms"),
            (LoadReport { download_ms: 9_999_999, ..load() }, "download_ms"),
            (LoadReport { bytes: -1, ..load() }, "bytes"),
            (LoadReport { error: Some("oops".into()), ..load() }, "error"),
        ];
        for (bad, field) in cases {
            let problems = Report { loads: vec![load(), bad] }.validate().unwrap_err();
            assert!(problems.get(field).is_some_and(|p| p.starts_with("loads[1]")), "{field}: {problems:?}");
        }
        assert!(Report { loads: vec![] }.validate().unwrap_err().contains_key("loads"));
        assert!(Report { loads: vec![load(); 51] }.validate().unwrap_err().contains_key("loads"));
    }
}
