//! The admin page's server side: `/admin` gets its data (telemetry sums and the
//! registry's history) only for admins, and its rollback buttons post to
//! `POST /admin/remotes/{name}/rollback`, which rolls back through the registry
//! and comes back to `/admin` with the outcome.

use axum::extract::{Path, Query, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use container_app::admin::{AdminPage, DeployEvent, RemoteHistory};
use container_app::CurrentUser;
use contract::state::Role;
use federation::RemoteName;
use serde::Deserialize;

use crate::registry::Registry;
use crate::telemetry::Telemetry;

/// What the admin page reads.
#[derive(Clone)]
pub(crate) struct AdminSources {
    pub(crate) telemetry: Telemetry,
    pub(crate) registry: Registry,
}

/// `?done=` / `?failed=` on `/admin`, after a rollback.
#[derive(Deserialize, Default)]
pub(crate) struct Outcome {
    done: Option<String>,
    failed: Option<String>,
}

fn is_admin(request: &Request) -> Option<String> {
    let user = request.extensions().get::<CurrentUser>()?.0.as_ref()?;
    (user.role == Role::Admin).then(|| user.email.clone())
}

/// Middleware on pages: for `/admin` and an admin, puts the page's data in the
/// request (others get the page's 403).
pub(crate) async fn data(State(sources): State<AdminSources>, mut request: Request, next: Next) -> Response {
    if request.uri().path() == "/admin" && is_admin(&request).is_some() {
        let outcome: Outcome = Query::try_from_uri(request.uri()).map(|q| q.0).unwrap_or_default();
        let notice = match (outcome.done, outcome.failed) {
            (Some(done), _) => Some(format!("Rolled back: {done} is live.")),
            (None, Some(failed)) => Some(format!("Not rolled back: {failed}")),
            _ => None,
        }
        // The query is the client's: show only plain text of a sane length.
        .filter(|n| n.len() < 300);
        match page(&sources, notice).await {
            Ok(page) => {
                request.extensions_mut().insert(page);
            }
            Err(problem) => tracing::error!("the admin page's data: {problem}"),
        }
    }
    next.run(request).await
}

async fn page(sources: &AdminSources, notice: Option<String>) -> Result<AdminPage, String> {
    let loads = sources.telemetry.summary().await.map_err(|e| e.to_string())?;
    let remotes = sources.registry.list().await.map_err(|e| e.to_string())?;
    let remotes = remotes
        .into_iter()
        .map(|r| RemoteHistory {
            name: r.name,
            live: r.active.map(|a| a.version),
            health: r.health,
            history: r
                .history
                .into_iter()
                .map(|d| DeployEvent { version: d.version, action: d.action, at: d.deployed_at, by: d.deployed_by })
                .collect(),
        })
        .collect();
    Ok(AdminPage { loads, remotes, notice })
}

/// `POST /admin/remotes/{name}/rollback` (the admin page's button): admins only
/// (403), from this site only (the same-origin guard is on the route).
pub(crate) async fn rollback(
    State(sources): State<AdminSources>,
    Path(name): Path<String>,
    request: Request,
) -> Response {
    let Some(email) = is_admin(&request) else {
        return (http::StatusCode::FORBIDDEN, "Only admins may roll back remotes.").into_response();
    };
    let Some(remote) = RemoteName::new(&name) else {
        return (http::StatusCode::NOT_FOUND, "No such remote.").into_response();
    };
    let to = match sources.registry.rollback(&remote, None, &email).await {
        Ok(live) => format!("/admin?done={}", encode(&format!("{remote}@{}", live.version))),
        Err(problem) => format!("/admin?failed={}", encode(&problem.to_string())),
    };
    Redirect::to(&to).into_response()
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
