//! Prometheus metrics at `GET /metrics`, kept by the `metrics` crate and written
//! by `metrics-exporter-prometheus`: HTTP requests and their latency by route,
//! and, from the browsers' telemetry, remote load times by remote and version,
//! load errors by code, and budget breaches.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::telemetry::LoadReport;

/// Histogram buckets for request latency, in seconds.
const REQUEST_BUCKETS: &[f64] = &[0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

/// Histogram buckets for remote load times on phones, in seconds (3 s is the budget).
const LOAD_BUCKETS: &[f64] = &[0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 8.0, 13.0, 30.0];

/// The process's recorder, installed on first use (one per process: tests build
/// several routers).
fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full("http_request_duration_seconds".into()), REQUEST_BUCKETS)
                .and_then(|b| b.set_buckets_for_metric(Matcher::Full("remote_load_seconds".into()), LOAD_BUCKETS));
            match builder.and_then(|b| b.install_recorder()) {
                Ok(handle) => Some(handle),
                Err(problem) => {
                    tracing::error!("metrics are off: {problem}");
                    None
                }
            }
        })
        .as_ref()
}

/// Installs the recorder (call once at start, so the first requests count).
pub(crate) fn install() {
    handle();
}

/// `GET /metrics`: every metric in Prometheus' text format.
pub(crate) async fn render() -> Response {
    let text = handle().map(PrometheusHandle::render).unwrap_or_default();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], text).into_response()
}

/// Middleware: counts every request and its latency by method, route (the
/// route's pattern, never the raw path, so labels stay few) and status.
pub(crate) async fn track(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or("unmatched", |p| p.as_str()).to_owned();
    // Only the methods the platform serves: any other token would be a new series.
    let method = match request.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS") => m,
        _ => "other",
    }
    .to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!("http_request_duration_seconds", "method" => method.clone(), "route" => route.clone())
        .record(started.elapsed().as_secs_f64());
    metrics::counter!("http_requests_total", "method" => method, "route" => route, "status" => status).increment(1);
    response
}

/// Counts one remote load reported by a browser.
pub(crate) fn remote_load(load: &LoadReport, slow: bool, over_budget: bool) {
    let (remote, version) = (load.remote.clone(), load.version.clone());
    let outcome = if load.error.is_some() { "error" } else { "ok" };
    metrics::counter!("remote_loads_total", "remote" => remote.clone(), "version" => version.clone(), "outcome" => outcome)
        .increment(1);
    match &load.error {
        Some(code) => metrics::counter!(
            "remote_load_errors_total", "remote" => remote.clone(), "version" => version.clone(), "code" => code.clone()
        )
        .increment(1),
        None => metrics::histogram!("remote_load_seconds", "remote" => remote.clone(), "version" => version.clone())
            .record(load.total_ms as f64 / 1000.0),
    }
    for (breached, budget) in [(slow, "time"), (over_budget, "bytes")] {
        if breached {
            metrics::counter!(
                "remote_load_budget_breaches_total", "remote" => remote.clone(), "version" => version.clone(), "budget" => budget
            )
            .increment(1);
        }
    }
}
