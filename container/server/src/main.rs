//! The container's server binary: `container-server`. Configured by environment
//! (see [`container_server::Config`]); `cargo xtask serve` and `cargo leptos watch`
//! both run it.

use container_server::{app, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt().with_env_filter(filter);
    // MF_LOG_FORMAT=json: one JSON object per line, for a log collector.
    if std::env::var("MF_LOG_FORMAT").is_ok_and(|f| f == "json") {
        logs.json().init();
    } else {
        logs.init();
    }
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("error: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    let address = config.leptos.site_addr;
    let listener = match tokio::net::TcpListener::bind(address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("error: cannot listen on {address}: {error} (is another server running? set LEPTOS_SITE_ADDR to use another address)");
            return std::process::ExitCode::from(2);
        }
    };
    let router = match app(&config).await {
        Ok(router) => router,
        Err(error) => {
            eprintln!("error: {error}");
            return std::process::ExitCode::from(2);
        }
    };
    tracing::info!("serving the platform at http://{address}");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(error) = axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
    {
        eprintln!("error: server stopped: {error}");
        return std::process::ExitCode::FAILURE;
    }
    std::process::ExitCode::SUCCESS
}
