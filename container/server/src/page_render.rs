//! The route's module rendered on the server, with the student's data, before
//! the page is: the module's `#[prefetch]` reads answered in-process by the API
//! (with the page request's cookies, so as the student), then its remote's
//! server render run on them (see `server_render`). The page shows that HTML in
//! the mount point, styled, in its first paint, and carries the answers, from
//! which the live module's first reads are answered when it takes over: the
//! student sees the same content throughout, and nothing is read twice.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Body;
use axum::http::{header, HeaderMap, Request};
use axum::Router;
use contract::state::SessionUser;
use federation::server_render::RenderRequest;
use serde_json::Value;
use tower::ServiceExt;

use container_app::{json_for_script, server_state};

use crate::registry::PageExtras;

/// The largest API answer a server render takes (a larger one is left to the browser).
const MAX_ANSWER_BYTES: usize = 512 * 1024;

/// A module the server rendered for a page.
#[derive(Debug)]
pub(crate) struct RenderedModule {
    /// The remote's name.
    pub(crate) remote: String,
    /// The module's name.
    pub(crate) module: String,
    /// Its HTML, followed by the answers it was rendered with (`<script
    /// type="application/json" data-mf-answers>`).
    pub(crate) html: String,
    /// The URLs those answers are of: the page does not preload them.
    pub(crate) answered: Vec<String>,
}

/// What a page needs to render its route's module on the server.
pub(crate) struct PageRequest<'a> {
    /// The page's path.
    pub(crate) path: &'a str,
    /// The page request's headers (its cookies go with the API reads).
    pub(crate) headers: &'a HeaderMap,
    /// The signed-in student, for the `session` shared state.
    pub(crate) user: Option<SessionUser>,
    /// Remotes a developer's override replaces on this page: not rendered here.
    pub(crate) overridden: &'a [String],
}

/// Renders the module `page`'s route mounts, when its remote has a server render;
/// `None` (the page shows the skeleton) otherwise or when that fails (logged).
pub(crate) async fn render(api: &Router, page: PageRequest<'_>, extras: &PageExtras) -> Option<RenderedModule> {
    let target = container_app::route_module(page.path)?;
    if page.overridden.iter().any(|name| name == target.remote) {
        return None;
    }
    let renderer = Arc::clone(extras.server_renders.get(target.remote)?);
    let started = Instant::now();
    let urls: Vec<String> = extras
        .prefetch
        .get(target.remote)
        .and_then(|modules| modules.iter().find(|(name, _)| name.as_str() == target.module))
        .map(|(_, entries)| entries.iter().filter_map(|entry| entry.url_for(page.path)).collect())
        .unwrap_or_default();
    let mut reads = BTreeMap::new();
    for url in urls {
        if let Some(answer) = read(api, &url, page.headers).await {
            reads.insert(url, answer);
        }
    }
    let request = RenderRequest {
        module: target.module.to_owned(),
        props: target.props,
        reads,
        state: server_state(page.user)
            .into_iter()
            .map(|(key, value)| (key.to_owned(), serde_json::to_value(value).unwrap_or(Value::Null)))
            .collect(),
        utc_offset_minutes: utc_offset_minutes(page.headers),
    };
    let answers = json_for_script(&request.reads);
    let answered: Vec<String> = request.reads.keys().cloned().collect();
    let rendered = tokio::task::spawn_blocking(move || renderer.render(&request)).await;
    let html = match rendered {
        Ok(Ok(Some(html))) => html,
        Ok(Ok(None)) => {
            tracing::debug!(remote = target.remote, module = target.module, "the module declined this page");
            return None;
        }
        Ok(Err(problem)) => {
            tracing::warn!(remote = target.remote, module = target.module, "server render failed: {problem}");
            return None;
        }
        Err(problem) => {
            tracing::error!(remote = target.remote, module = target.module, "server render stopped: {problem}");
            return None;
        }
    };
    tracing::debug!(
        remote = target.remote,
        module = target.module,
        ms = started.elapsed().as_millis() as u64,
        "server render"
    );
    Some(RenderedModule {
        remote: target.remote.to_owned(),
        module: target.module.to_owned(),
        html: format!("{html}<script type=\"application/json\" data-mf-answers=\"\">{answers}</script>"),
        answered,
    })
}

/// The JSON answer of a GET of `url` (an `/api/…` path) from the API, as the
/// page's request: `None` unless it answered 2xx with JSON.
async fn read(api: &Router, url: &str, headers: &HeaderMap) -> Option<Value> {
    let inner = url.strip_prefix("/api")?;
    let mut request = Request::get(inner).body(Body::empty()).ok()?;
    if let Some(cookie) = headers.get(header::COOKIE) {
        request.headers_mut().insert(header::COOKIE, cookie.clone());
    }
    let response = api.clone().oneshot(request).await.ok()?;
    if !response.status().is_success() {
        return None;
    }
    let bytes = axum::body::to_bytes(response.into_body(), MAX_ANSWER_BYTES).await.ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// The browser's offset from UTC in minutes, from the `mf-tz` cookie the page
/// sets (JS's `getTimezoneOffset()`: minutes behind UTC, so negated here), when
/// it is a real one (within 18 hours).
fn utc_offset_minutes(headers: &HeaderMap) -> Option<i32> {
    let behind: i32 = crate::api::cookie(headers, "mf-tz")?.parse().ok()?;
    (behind.abs() <= 18 * 60).then_some(-behind)
}

#[cfg(test)]
mod tests {
    use super::utc_offset_minutes;
    use axum::http::{header, HeaderMap, HeaderValue};

    #[test]
    fn the_time_zone_comes_from_the_pages_cookie() {
        let with = |cookie: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::COOKIE, HeaderValue::from_str(cookie).unwrap());
            utc_offset_minutes(&headers)
        };
        assert_eq!(with("mf-session=x; mf-tz=-480"), Some(480), "Manila");
        assert_eq!(with("mf-tz=300"), Some(-300), "New York");
        assert_eq!(with("mf-tz=0"), Some(0));
        assert_eq!(with("mf-tz=99999"), None);
        assert_eq!(with("mf-tz=east"), None);
        assert_eq!(utc_offset_minutes(&HeaderMap::new()), None);
    }
}
