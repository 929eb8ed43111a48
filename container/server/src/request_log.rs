//! Every request gets an id (`x-request-id`: a proxy's is kept behind one, else
//! a fresh one), sent back on the response, and one structured log line with it:
//! method, path, status and latency, in the request's `tracing` span so
//! anything logged while handling it carries the id too.

use axum::Router;
use http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Fresh ids: 64 random bits, hex.
#[derive(Clone, Copy, Default)]
struct RandomId;

impl MakeRequestId for RandomId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&crate::security::random_hex::<8>()).ok().map(RequestId::new)
    }
}

/// Whether an incoming id may be kept: a proxy's (`MF_BEHIND_PROXY`), short and
/// plain, so nobody can write into the log lines through it.
fn keepable(id: &HeaderValue) -> bool {
    let id = id.as_bytes();
    (1..=64).contains(&id.len()) && id.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
}

/// `router` with request ids and the request log; an incoming `x-request-id` is
/// kept only `behind_proxy` and when plain.
pub(crate) fn with_request_log(router: Router, behind_proxy: bool) -> Router {
    let screen = axum::middleware::map_request(move |mut request: Request<axum::body::Body>| async move {
        let keep = behind_proxy && request.headers().get("x-request-id").is_some_and(keepable);
        if !keep {
            request.headers_mut().remove("x-request-id");
        }
        request
    });
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<axum::body::Body>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
        })
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(tower_http::LatencyUnit::Millis));
    // Outermost last: the id is set before the span opens, and copied to the response.
    router
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(trace)
        .layer(SetRequestIdLayer::x_request_id(RandomId))
        .layer(screen)
}
