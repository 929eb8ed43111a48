//! Summing loads up per remote and version, for the admin page.

pub(crate) use container_app::admin::LoadSummary as VersionSummary;

/// One stored load, as the summary reads it.
pub(crate) struct LoadRow {
    pub(crate) remote: String,
    pub(crate) version: String,
    pub(crate) download_ms: i64,
    pub(crate) instantiate_ms: i64,
    pub(crate) mount_ms: i64,
    pub(crate) total_ms: i64,
    pub(crate) bytes: i64,
    pub(crate) error_code: String,
    pub(crate) slow: bool,
    pub(crate) over_budget: bool,
}

/// The summary of `rows`, by remote then version.
pub(crate) fn summarize(rows: &[LoadRow]) -> Vec<VersionSummary> {
    let mut keys: Vec<(&str, &str)> = rows.iter().map(|r| (r.remote.as_str(), r.version.as_str())).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|(remote, version)| {
            let all: Vec<&LoadRow> = rows.iter().filter(|r| r.remote == remote && r.version == version).collect();
            let ok: Vec<&LoadRow> = all.iter().copied().filter(|r| r.error_code.is_empty()).collect();
            let errors = (all.len() - ok.len()) as u64;
            let mut codes: Vec<(String, u64)> = Vec::new();
            for row in all.iter().filter(|r| !r.error_code.is_empty()) {
                match codes.iter_mut().find(|(c, _)| *c == row.error_code) {
                    Some((_, n)) => *n += 1,
                    None => codes.push((row.error_code.clone(), 1)),
                }
            }
            codes.sort();
            let of = |f: fn(&LoadRow) -> i64| ok.iter().map(|r| f(r)).collect::<Vec<_>>();
            VersionSummary {
                remote: remote.to_owned(),
                version: version.to_owned(),
                loads: all.len() as u64,
                errors,
                error_rate: errors as f64 / all.len().max(1) as f64,
                error_codes: codes,
                p50_ms: percentile(of(|r| r.total_ms), 50),
                p95_ms: percentile(of(|r| r.total_ms), 95),
                download_p50_ms: percentile(of(|r| r.download_ms), 50),
                instantiate_p50_ms: percentile(of(|r| r.instantiate_ms), 50),
                mount_p50_ms: percentile(ok.iter().map(|r| r.mount_ms).filter(|ms| *ms >= 0).collect(), 50),
                bytes_p50: percentile(all.iter().map(|r| r.bytes).filter(|b| *b > 0).collect(), 50),
                slow: all.iter().filter(|r| r.slow).count() as u64,
                over_budget: all.iter().filter(|r| r.over_budget).count() as u64,
            }
        })
        .collect()
}

/// The `p`th percentile (nearest rank) of `values`; 0 for none.
fn percentile(mut values: Vec<i64>, p: usize) -> i64 {
    if values.is_empty() {
        return 0;
    }
    values.sort_unstable();
    let rank = (p * values.len()).div_ceil(100).max(1);
    values[rank - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(version: &str, total_ms: i64, error: &str) -> LoadRow {
        LoadRow {
            remote: "auth".into(),
            version: version.into(),
            download_ms: total_ms / 2,
            instantiate_ms: total_ms / 4,
            mount_ms: 10,
            total_ms,
            bytes: 70_000,
            error_code: error.into(),
            slow: total_ms > 3000,
            over_budget: true,
        }
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        assert_eq!(percentile((1..=100).collect(), 50), 50);
        assert_eq!(percentile((1..=100).collect(), 95), 95);
        assert_eq!(percentile(vec![7], 95), 7);
        assert_eq!(percentile(vec![], 50), 0);
    }

    #[test]
    fn versions_are_summed_up_apart_and_errors_leave_the_times_alone() {
        let mut rows: Vec<LoadRow> = (1..=20).map(|i| row("0.1.0", i * 100, "")).collect();
        rows.push(row("0.1.0", 50, "FED-005"));
        rows.push(row("0.2.0", 4000, ""));
        let summary = summarize(&rows);
        assert_eq!(summary.len(), 2);
        let v1 = &summary[0];
        assert_eq!((v1.loads, v1.errors, v1.p50_ms, v1.p95_ms), (21, 1, 1000, 1900));
        assert_eq!(v1.error_codes, vec![("FED-005".to_owned(), 1)]);
        assert!((v1.error_rate - 1.0 / 21.0).abs() < 1e-9);
        assert_eq!((summary[1].version.as_str(), summary[1].slow), ("0.2.0", 1));
    }
}
