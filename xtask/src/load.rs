//! `cargo xtask load`: a bounded load test on loopback. Starts the built server
//! on its own port with a fresh SQLite database, then drives three kinds of
//! request with `wrk` (100 connections, 10 s each, accepting compression as a
//! browser does): a server-rendered page, an API call that reads the database,
//! and a remote's wasm (precompressed). Prints
//! requests/s and latency percentiles, and fails on any error or non-2xx answer.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::tests::apt_install;
use crate::workspace::Workspace;

const ADDRESS: &str = "127.0.0.1:3290";
const CONNECTIONS: &str = "100";
const SECONDS: &str = "10s";

/// One target's results, read from wrk's report.
struct Measured {
    name: &'static str,
    requests_per_second: f64,
    p50: String,
    p99: String,
    errors: String,
}

/// The server, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub(crate) fn run(workspace: &Workspace) -> Result<(), String> {
    if Command::new("wrk").arg("-v").output().is_err() {
        eprintln!("installing wrk for the load test (once)");
        apt_install("wrk", &workspace.root)?;
    }
    let data = workspace.target.join("load-test-data");
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data).map_err(|e| format!("{}: {e}", data.display()))?;
    let _server = start_server(workspace, &data)?;

    let auth = workspace.remotes(&["auth".to_owned()])?.remove(0);
    let manifest_path = workspace.dist_remotes().join("auth").join(auth.version.to_string()).join("manifest.json");
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| format!("{}: {e} (run `cargo xtask build` first)", manifest_path.display()))?;
    let manifest = federation::Manifest::from_json(&manifest).map_err(|e| e.to_string())?;
    let wasm = format!("/remotes/auth/{}/{}", auth.version, manifest.assets.wasm.file);

    // As a browser asks: compressed (pages and API answers on the fly, files precompressed).
    let targets: [(&'static str, String); 3] = [
        ("page: GET /login (server-rendered, brotli)", "/login".into()),
        ("API: GET /api/topics (database, brotli)", "/api/topics".into()),
        ("asset: auth's wasm (precompressed brotli)", wasm),
    ];
    let mut results = Vec::new();
    for (name, path) in targets {
        eprintln!("load: {name}, {CONNECTIONS} connections for {SECONDS}");
        results.push(measure(name, &format!("http://{ADDRESS}{path}"))?);
    }
    println!("\n| target | requests/s | p50 | p99 | errors |");
    println!("|---|--:|--:|--:|---|");
    for r in &results {
        println!("| {} | {:.0} | {} | {} | {} |", r.name, r.requests_per_second, r.p50, r.p99, r.errors);
    }
    let failed: Vec<&str> = results.iter().filter(|r| r.errors != "none").map(|r| r.name).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("errors under load: {}", failed.join(", ")))
    }
}

fn start_server(workspace: &Workspace, data: &Path) -> Result<Server, String> {
    let binary = workspace.target.join("release").join("container-server");
    if !binary.exists() {
        return Err(format!("{} is missing: run `cargo xtask build` first", binary.display()));
    }
    if std::net::TcpListener::bind(ADDRESS).is_err() {
        return Err(format!("{ADDRESS} is taken: stop what listens there, so the load test measures our server"));
    }
    let child = Command::new(binary)
        .current_dir(&workspace.root)
        .env("LEPTOS_SITE_ADDR", ADDRESS)
        .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", data.join("platform.db").display()))
        // Measure the server, not its request log.
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let mut server = Server(child);
    let started = Instant::now();
    loop {
        // Ours, not something else already on the port.
        if let Ok(Some(status)) = server.0.try_wait() {
            return Err(format!("the server exited ({status}): is {ADDRESS} taken? see its log above"));
        }
        if std::net::TcpStream::connect(ADDRESS).is_ok() {
            break;
        }
        if started.elapsed() > Duration::from_secs(20) {
            return Err(format!("the server did not start listening on {ADDRESS}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok(server)
}

fn measure(name: &'static str, url: &str) -> Result<Measured, String> {
    let mut wrk = Command::new("wrk");
    wrk.args(["--threads", "2", "--connections", CONNECTIONS, "--duration", SECONDS, "--latency"]);
    wrk.args(["--header", "Accept-Encoding: gzip, deflate, br"]);
    wrk.arg(url);
    let report = crate::process::output(wrk).ok_or_else(|| format!("wrk failed on {url}"))?;
    parse(name, &report).ok_or_else(|| format!("unexpected wrk report for {url}:\n{report}"))
}

/// Reads requests/s, the 50% and 99% latencies and any errors from wrk's report.
fn parse(name: &'static str, report: &str) -> Option<Measured> {
    let value =
        |prefix: &str| report.lines().map(str::trim).find_map(|l| l.strip_prefix(prefix)).map(|v| v.trim().to_owned());
    let requests_per_second = value("Requests/sec:")?.parse().ok()?;
    let (p50, p99) = (value("50%")?, value("99%")?);
    let mut errors = Vec::new();
    if let Some(socket) = value("Socket errors:") {
        errors.push(format!("socket errors: {socket}"));
    }
    if let Some(status) = value("Non-2xx or 3xx responses:") {
        errors.push(format!("{status} non-2xx answers"));
    }
    let errors = if errors.is_empty() { "none".to_owned() } else { errors.join("; ") };
    Some(Measured { name, requests_per_second, p50, p99, errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 10s test @ http://127.0.0.1:3290/login
  2 threads and 100 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.21ms    3.10ms  45.00ms   80.00%
  Latency Distribution
     50%    9.80ms
     75%   11.20ms
     90%   13.90ms
     99%   21.40ms
  97000 requests in 10.00s, 500.00MB read
Requests/sec:   9700.12
Transfer/sec:     50.00MB
";

    #[test]
    fn reads_wrks_report() {
        let m = parse("page", REPORT).unwrap();
        assert_eq!((m.p50.as_str(), m.p99.as_str(), m.errors.as_str()), ("9.80ms", "21.40ms", "none"));
        assert!((m.requests_per_second - 9700.12).abs() < 0.01);
        let failing =
            format!("{REPORT}  Non-2xx or 3xx responses: 12\n  Socket errors: connect 0, read 3, write 0, timeout 0\n");
        let m = parse("page", &failing).unwrap();
        assert_eq!(m.errors, "socket errors: connect 0, read 3, write 0, timeout 0; 12 non-2xx answers");
    }
}
