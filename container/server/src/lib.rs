//! The container's server: renders the shell with Leptos, serves the container's
//! browser runtime and every remote's bundles with the right encodings and caching,
//! and the platform's JSON API (accounts, exams) over SQLite or PostgreSQL.

mod accounts;
mod admin_page;
mod api;
mod config;
pub mod db;
mod exams;
mod metrics;
mod page_render;
mod page_tail;
mod pages;
mod registry;
mod remote_overrides;
mod request_log;
mod security;
mod server_render;
mod static_files;
mod telemetry;

pub use config::{AdminToken, Config};
pub use security::LoginLimit;

use axum::Router;
use container_app::{shell, App};
use leptos_axum::{generate_route_list, render_app_to_stream_with_context, LeptosRoutes};
use registry::Registry;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::set_header::SetResponseHeaderLayer;

/// The whole HTTP application, with its database opened (and created, migrated and
/// seeded if needed).
pub async fn app(config: &Config) -> Result<Router, db::DbError> {
    metrics::install();
    let db = db::open(&config.database_url).await?;
    let registry = Registry::new(
        db.clone(),
        config.remotes_dir.clone(),
        contract::fingerprinted_info(),
        config.remote_origins.clone(),
    );
    registry.follow_remotes_folder().await.map_err(|e| db::DbError::Registry(e.to_string()))?;
    match accounts::sync_admins(&db, &config.admin_emails).await {
        Ok(admins) => tracing::info!(admins, "admins from MF_ADMIN_EMAILS"),
        Err(problem) => tracing::error!("could not set the admins from MF_ADMIN_EMAILS: {problem}"),
    }
    let live = registry.remote_map().await.map_err(|e| db::DbError::Registry(e.to_string()))?;
    tracing::info!(remotes = ?live.iter().map(|(r, l)| format!("{r}@{}", l.version)).collect::<Vec<_>>(), "live remotes");
    let telemetry = telemetry::Telemetry::new(db.clone(), config.telemetry_days, config.remote_budget_bytes);
    let admin_sources = admin_page::AdminSources { telemetry: telemetry.clone(), registry: registry.clone() };
    let api_state = api::ApiState {
        db: db.clone(),
        secure_cookies: config.secure_cookies,
        registry: registry.clone(),
        admin_tokens: config.admin_tokens.clone(),
        login_limiter: security::LoginLimiter::new(config.login_limit),
        behind_proxy: config.behind_proxy,
        telemetry,
    };
    let same_origin =
        security::SameOrigin { public_origin: config.public_url.as_deref().and_then(security::public_origin) };
    let api = api::router(api_state, same_origin.clone());
    let context = || {};
    let options = config.leptos.clone();
    let render = {
        let options = options.clone();
        move || shell(options.clone())
    };
    let routes = generate_route_list(App);
    // The admin page's rollback buttons: a form post, from this site only.
    let rollback = axum::routing::post(admin_page::rollback)
        .with_state(admin_sources.clone())
        .layer(axum::middleware::from_fn_with_state(same_origin, security::same_origin_writes));
    let pages = Router::new()
        .leptos_routes_with_context(&options, routes, context, render.clone())
        .route("/admin/remotes/{name}/rollback", rollback)
        .fallback(render_app_to_stream_with_context(context, render))
        // Innermost: what Leptos renders, before the page's own headers and compression.
        .layer(axum::middleware::map_response(page_tail::trim))
        .layer(axum::middleware::from_fn_with_state(admin_sources, admin_page::data))
        .layer(axum::middleware::from_fn_with_state(
            pages::PageSettings {
                registry,
                api: api.clone(),
                load_timeout_ms: config.load_timeout_ms,
                policy: security::ContentPolicy::new(
                    &config.remote_origins,
                    std::env::var_os("LEPTOS_WATCH").is_some(),
                ),
                overrides: remote_overrides::OverridePolicy {
                    any_origin: config.dev,
                    origins: config.override_origins.clone(),
                },
                dev: config.dev,
                dev_runtime: dev_runtime(config),
                secure_cookies: config.secure_cookies,
                shell_styles: shell_styles(config),
                inline_styles: config.inline_styles,
            },
            pages::page_data,
        ))
        // Outermost: the user is known to the page data (overrides need an admin).
        .layer(axum::middleware::from_fn_with_state(db, pages::session_and_guards))
        .with_state(options);
    if config.dev {
        tracing::info!("dev mode: pages run the dev runtime (devtools panel: ?devtools or the ` key)");
    }
    let [nosniff, referrer] = security::common_headers();
    // Pages and API answers are compressed as they are sent (remote and runtime
    // files are precompressed at build time and pass through untouched). Brotli
    // level 4: within 5% of level 5's bytes, for less CPU (see the README).
    let compression = CompressionLayer::new().quality(CompressionLevel::Precise(4));
    let pages = pages.layer(compression.clone());
    Ok(request_log::with_request_log(
        Router::new()
            .route("/metrics", axum::routing::get(metrics::render))
            .nest("/api", api.layer(compression))
            .nest_service(
                static_files::delta::MOUNT,
                static_files::remotes(&config.remotes_dir, config.delta_downloads),
            )
            .nest_service("/pkg", static_files::pkg(&config.pkg_dir()))
            .route("/sw.js", static_files::service_worker(&config.pkg_dir()))
            .merge(pages)
            .layer(SetResponseHeaderLayer::overriding(nosniff.0, nosniff.1))
            .layer(SetResponseHeaderLayer::overriding(referrer.0, referrer.1))
            .layer(axum::middleware::from_fn(metrics::track)),
        config.behind_proxy,
    ))
}

/// The dev runtime this server can serve: when run by cargo-leptos, the runtime
/// it builds (with the `devtools` feature, see `Cargo.toml`); otherwise
/// `container-dev`, as `cargo xtask build` writes it, if it is there.
fn dev_runtime(config: &Config) -> Option<String> {
    if std::env::var_os("LEPTOS_OUTPUT_NAME").is_some() {
        Some(config.leptos.output_name.to_string())
    } else if config.pkg_dir().join("container-dev.js").is_file() {
        Some("container-dev".to_owned())
    } else {
        None
    }
}

/// The shell's stylesheet text, which every page inlines: read once, from
/// `/pkg/container.css`. None when styles are not inlined, under cargo-leptos or
/// in dev mode (pages link the file, which cargo-leptos reloads when it
/// changes), or when the file cannot be used (then pages link it too, and the
/// log says why).
fn shell_styles(config: &Config) -> Option<registry::InlineStyles> {
    if !config.inline_styles || std::env::var_os("LEPTOS_OUTPUT_NAME").is_some() {
        return None;
    }
    let path = config.pkg_dir().join("container.css");
    match std::fs::read_to_string(&path) {
        Ok(text) => registry::InlineStyles::new(text).or_else(|| {
            tracing::warn!("{} cannot be inlined in a <style> (it has `</` or `<!--`): pages link it", path.display());
            None
        }),
        Err(problem) => {
            tracing::warn!(
                "{} is not inlined in pages ({problem}): pages link it; run `cargo xtask build`",
                path.display()
            );
            None
        }
    }
}
