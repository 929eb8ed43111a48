//! Every request gets an id (`x-request-id`: a proxy's is kept, else a fresh
//! one), sent back on the response, and one structured log line with it:
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

/// `router` with request ids and the request log.
pub(crate) fn with_request_log(router: Router) -> Router {
    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<axum::body::Body>| {
            let id = request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
            tracing::info_span!("request", id = %id, method = %request.method(), path = %request.uri().path())
        })
        .on_request(())
        .on_response(DefaultOnResponse::new().level(Level::INFO).latency_unit(tower_http::LatencyUnit::Millis));
    // Outermost last: the id is set before the span opens, and copied to the response.
    router.layer(PropagateRequestIdLayer::x_request_id()).layer(trace).layer(SetRequestIdLayer::x_request_id(RandomId))
}
