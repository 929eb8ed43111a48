//! The container's server: renders the shell with Leptos, serves the container's
//! browser runtime and every remote's bundles with the right encodings and caching,
//! and the platform's JSON API (accounts, exams) over SQLite or PostgreSQL.

mod accounts;
mod api;
mod config;
pub mod db;
mod exams;
mod pages;
mod remote_map;
mod static_files;

pub use config::Config;
pub use remote_map::scan_remotes;

use axum::Router;
use container_app::{shell, App, PageData};
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, render_app_to_stream_with_context, LeptosRoutes};

/// The whole HTTP application, with its database opened (and created, migrated and
/// seeded if needed).
pub async fn app(config: &Config) -> Result<Router, db::DbError> {
    let db = db::open(&config.database_url).await?;
    let api = api::router(api::ApiState { db: db.clone(), secure_cookies: config.secure_cookies });
    let page = PageData { remotes: scan_remotes(&config.remotes_dir) };
    tracing::info!(remotes = ?page.remotes.keys().map(|r| r.as_str()).collect::<Vec<_>>(), "remote map");
    let context = move || provide_context(page.clone());
    let options = config.leptos.clone();
    let render = {
        let options = options.clone();
        move || shell(options.clone())
    };
    let routes = generate_route_list(App);
    let pages = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), render.clone())
        .fallback(render_app_to_stream_with_context(context, render))
        .layer(axum::middleware::from_fn_with_state(db, pages::session_and_guards))
        .with_state(options);
    Ok(Router::new()
        .nest("/api", api)
        .nest_service("/remotes", static_files::remotes(&config.remotes_dir))
        .nest_service("/pkg", static_files::pkg(&config.pkg_dir()))
        .merge(pages))
}
