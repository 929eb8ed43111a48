//! What every page request goes through before Leptos renders it: the signed-in
//! user is looked up (so the page carries the session), the routes that need a
//! session send visitors without one to `/login?next=…`, and a page with a user
//! in it is never cached.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use container_app::{CurrentUser, PageData};
use sqlx::AnyPool;

use std::sync::Arc;

use crate::accounts;
use crate::page_render;
use crate::registry::{InlineStyles, Registry};
use crate::remote_overrides::{self, OverridePolicy};
use crate::security::{new_nonce, ContentPolicy};

/// Paths that need a session: `/dashboard`, `/exam` and everything under
/// `/exam/`, and `/admin` (which also needs the admin role).
fn is_guarded(path: &str) -> bool {
    path == "/dashboard" || path == "/exam" || path.starts_with("/exam/") || path == "/admin"
}

/// What every page carries besides the session.
#[derive(Clone)]
pub(crate) struct PageSettings {
    pub(crate) registry: Registry,
    /// The API, which answers a server-rendered module's reads in-process.
    pub(crate) api: axum::Router,
    /// `MF_LOAD_TIMEOUT_MS`.
    pub(crate) load_timeout_ms: u32,
    /// The content security policy pages are sent with.
    pub(crate) policy: ContentPolicy,
    /// Where remote overrides may point, if anywhere.
    pub(crate) overrides: OverridePolicy,
    /// Dev mode: every page runs the dev runtime and follows remotes rebuilt in
    /// the remotes folder.
    pub(crate) dev: bool,
    /// The dev runtime's name in `/pkg`, when this server has one.
    pub(crate) dev_runtime: Option<String>,
    /// Cookies are `Secure` (https).
    pub(crate) secure_cookies: bool,
    /// The shell's stylesheet text, inlined in every page (none in dev mode,
    /// where cargo-leptos reloads the linked one as it changes).
    pub(crate) shell_styles: Option<InlineStyles>,
    /// Prerendered remotes' styles are inlined too (`MF_INLINE_STYLES`).
    pub(crate) inline_styles: bool,
}

/// Puts the page's data in the request: the live remote map (read for every page,
/// so a deploy shows on the next page load), the container's contract, the
/// runtime's load timeout, the nonce of the page's inline scripts, and a
/// developer's remote overrides; sends the page with its content security policy
/// (naming the overrides' origins).
pub(crate) async fn page_data(State(settings): State<PageSettings>, mut request: Request, next: Next) -> Response {
    if settings.dev {
        // A remote rebuilt under `cargo leptos watch` is live on the next page.
        if let Err(problem) = settings.registry.follow_remotes_folder().await {
            tracing::warn!("could not follow the remotes folder: {problem}");
        }
    }
    let remotes = settings.registry.page_map().await;
    let mut extras = settings.registry.page_extras(&remotes);
    if !settings.inline_styles {
        extras.styles.clear();
    }
    let contract = Some(settings.registry.host_contract().clone());
    let load_timeout_ms = Some(settings.load_timeout_ms);
    let nonce = new_nonce();
    let admin = request.extensions().get::<CurrentUser>().and_then(CurrentUser::admin).is_some();
    let cookie = remote_overrides::cookie_value(request.headers());
    let mut overrides = settings.overrides.resolve(request.uri().query(), cookie.as_deref(), admin);
    let wants_dev_runtime = settings.dev || !overrides.active.is_empty();
    if settings.dev_runtime.is_none() && !overrides.active.is_empty() {
        overrides.refused.push(String::from(
            "Overrides need the dev runtime, which this server does not have: build it with `cargo xtask build`.",
        ));
        overrides.active.clear();
    }
    let origins: Vec<String> = overrides.active.iter().map(|o| o.origin.clone()).collect();
    let styles: Vec<_> = settings.shell_styles.iter().chain(extras.styles.values()).map(|s| &s.hash).collect();
    let policy = settings.policy.header_with(&nonce, &styles, &origins);
    let path = request.uri().path().to_owned();
    // The route's module, rendered with the student's data (when its remote
    // has a server render): shown like a prerendered module.
    let overridden: Vec<String> = overrides.active.iter().map(|o| o.remote.as_str().to_owned()).collect();
    let user = request.extensions().get::<CurrentUser>().and_then(|user| user.0.clone());
    let page = page_render::PageRequest { path: &path, headers: request.headers(), user, overridden: &overridden };
    let mut answered = Vec::new();
    if let Some(rendered) = page_render::render(&settings.api, page, &extras).await {
        let mut modules = extras.prerendered.get(&rendered.remote).map(|m| (**m).clone()).unwrap_or_default();
        modules.insert(rendered.module, rendered.html);
        extras.prerendered.insert(rendered.remote, Arc::new(modules));
        answered = rendered.answered;
    }
    request.extensions_mut().insert(PageData {
        remotes,
        prerendered: extras.prerendered,
        prerendered_styles: extras.styles.into_iter().map(|(name, styles)| (name, styles.css)).collect(),
        shell_styles: settings.shell_styles.as_ref().map(|styles| styles.css.clone()),
        prefetch: extras.prefetch,
        answered,
        path,
        contract,
        load_timeout_ms,
        nonce: Some(nonce),
        overrides: overrides.active.iter().map(|o| (o.remote.as_str().to_owned(), o.base.clone())).collect(),
        refused_overrides: overrides.refused,
        dev_runtime: settings.dev_runtime.filter(|_| wants_dev_runtime),
        service_worker: !wants_dev_runtime,
    });
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if let Some(cookie) = overrides.new_cookie {
        if let Ok(value) = HeaderValue::from_str(&remote_overrides::set_cookie(&cookie, settings.secure_cookies)) {
            headers.append(header::SET_COOKIE, value);
        }
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    response
}

pub(crate) async fn session_and_guards(State(db): State<AnyPool>, mut request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let user = match crate::api::session_token(&parts) {
        Some(token) => accounts::session_user(&db, &token).await.unwrap_or_else(|e| {
            tracing::error!("session lookup failed: {e}");
            None
        }),
        None => None,
    };
    let path = parts.uri.path().to_owned();
    if user.is_none() && is_guarded(&path) {
        let wanted = parts.uri.path_and_query().map(|p| p.as_str().to_owned()).unwrap_or(path);
        let to = format!("/login?next={}", encode(&wanted));
        return Redirect::to(&to).into_response();
    }
    let signed_in = user.is_some();
    parts.extensions.insert(CurrentUser(user));
    request = Request::from_parts(parts, body);
    let mut response = next.run(request).await;
    // A page carries its user (the header, `#mf-state`): never kept, so Back after
    // signing out cannot show, or write back, a session that has ended. Pages
    // without a user are revalidated (they carry the live remote map).
    let caching = if signed_in { "no-store" } else { "no-cache" };
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static(caching));
    response
}

/// Percent-encodes a path for a query value.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guarded_paths() {
        assert!(is_guarded("/dashboard") && is_guarded("/exam") && is_guarded("/exam/attempt/3/question/1"));
        assert!(!is_guarded("/") && !is_guarded("/login") && !is_guarded("/examples"));
    }

    #[test]
    fn next_is_encoded() {
        assert_eq!(encode("/exam/attempt/3?x=1&y=2"), "/exam/attempt/3%3Fx%3D1%26y%3D2");
    }
}
