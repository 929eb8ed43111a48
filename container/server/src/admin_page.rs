//! The admin page's server side: `/admin` gets its data (telemetry sums and the
//! registry's history) only for admins, and its rollback buttons post to
//! `POST /admin/remotes/{name}/rollback`, which rolls back through the registry
//! and comes back to `/admin` with the outcome.

use axum::extract::{Path, Query, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use container_app::admin::{AdminPage, DeployEvent, RemoteHistory};
use container_app::CurrentUser;
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

/// `?rolled_back=<remote>` or `?not_rolled_back=<remote>&because=<code>` on
/// `/admin`, after a rollback. Only names and codes: the words shown are the
/// server's own, so a link cannot put text on the admin page.
#[derive(Deserialize, Default)]
pub(crate) struct Outcome {
    rolled_back: Option<String>,
    not_rolled_back: Option<String>,
    because: Option<String>,
}

/// What the admin page says for a registry error's code.
fn reason(code: &str) -> &'static str {
    match code {
        "registry_nothing_to_roll_back_to" => "there is no earlier version to go back to.",
        "registry_unhealthy" | "registry_unknown_version" => {
            "the earlier version's files are missing or changed (see the deploy history)."
        }
        "registry_incompatible" => "the earlier version's contract is not compatible with this container.",
        "registry_origin_not_allowed" => "the earlier version is on an origin no longer allowed.",
        _ => "the registry refused; see the server log.",
    }
}

fn is_admin(request: &Request) -> Option<String> {
    Some(request.extensions().get::<CurrentUser>()?.admin()?.email.clone())
}

/// Middleware on pages: for `/admin` and an admin, puts the page's data in the
/// request (others get the page's 403).
pub(crate) async fn data(State(sources): State<AdminSources>, mut request: Request, next: Next) -> Response {
    if request.uri().path() == "/admin" && is_admin(&request).is_some() {
        let outcome: Outcome = Query::try_from_uri(request.uri()).map(|q| q.0).unwrap_or_default();
        match page(&sources, outcome).await {
            Ok(page) => {
                request.extensions_mut().insert(page);
            }
            Err(problem) => {
                tracing::error!("the admin page's data: {problem}");
                return (
                    http::StatusCode::INTERNAL_SERVER_ERROR,
                    "The admin page's data could not be read; see the server log.",
                )
                    .into_response();
            }
        }
    }
    next.run(request).await
}

async fn page(sources: &AdminSources, outcome: Outcome) -> Result<AdminPage, String> {
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
        .collect::<Vec<RemoteHistory>>();
    let named = |name: &Option<String>| name.as_deref().and_then(|n| remotes.iter().find(|r| r.name == n));
    let notice = match (named(&outcome.rolled_back), named(&outcome.not_rolled_back)) {
        (Some(remote), _) => {
            Some(format!("Rolled back {}: {} is live.", remote.name, remote.live.as_deref().unwrap_or("nothing")))
        }
        (None, Some(remote)) => {
            Some(format!("{} was not rolled back: {}", remote.name, reason(outcome.because.as_deref().unwrap_or(""))))
        }
        _ => None,
    };
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
        Ok(_) => format!("/admin?rolled_back={remote}"),
        Err(problem) => {
            tracing::warn!("rollback of {remote} by {email} refused: {problem}");
            format!("/admin?not_rolled_back={remote}&because={}", problem.code())
        }
    };
    Redirect::to(&to).into_response()
}
