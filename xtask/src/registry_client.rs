//! The build tool's side of the remote registry: publish (build one remote, then
//! deploy it), list and roll back, through the server's admin API.
//!
//! The server is `--server URL` or `MF_SERVER` (default http://127.0.0.1:3000);
//! the token is `MF_ADMIN_TOKEN` (one secret from the server's `MF_ADMIN_TOKENS`).
//! Plain HTTP only: run it where the server is, or through a tunnel.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{json, Value};

/// Where the admin API is and how to authenticate.
pub(crate) struct Client {
    host_port: String,
    token: String,
}

impl Client {
    /// From `--server URL` (or `MF_SERVER`) and `MF_ADMIN_TOKEN`.
    pub(crate) fn from_env(server: Option<&str>) -> Result<Self, String> {
        let server = server
            .map(str::to_owned)
            .or_else(|| std::env::var("MF_SERVER").ok())
            .unwrap_or_else(|| "http://127.0.0.1:3000".into());
        let host_port = server
            .strip_prefix("http://")
            .map(|rest| rest.trim_end_matches('/').to_owned())
            .filter(|h| !h.is_empty() && !h.contains('/'))
            .ok_or_else(|| format!("the server `{server}` is not like http://host:port"))?;
        let token = std::env::var("MF_ADMIN_TOKEN")
            .map_err(|_| "set MF_ADMIN_TOKEN to an admin token of the server (its MF_ADMIN_TOKENS)".to_owned())?;
        Ok(Self { host_port, token })
    }

    /// Makes `version` of `remote` live.
    pub(crate) fn deploy(&self, remote: &str, version: &str) -> Result<Value, String> {
        self.request("POST", &format!("/api/admin/remotes/{remote}/deploy"), Some(json!({ "version": version })))
    }

    /// Rolls `remote` back to `version`, or to the version before the live one.
    pub(crate) fn rollback(&self, remote: &str, version: Option<&str>) -> Result<Value, String> {
        let body = match version {
            Some(version) => json!({ "version": version }),
            None => json!({}),
        };
        self.request("POST", &format!("/api/admin/remotes/{remote}/rollback"), Some(body))
    }

    /// Every remote with its live version, health and history.
    pub(crate) fn list(&self) -> Result<Value, String> {
        self.request("GET", "/api/admin/remotes", None)
    }

    fn request(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let unreachable = |e: std::io::Error| format!("cannot reach the server at http://{}: {e}", self.host_port);
        let mut stream = TcpStream::connect(&self.host_port).map_err(unreachable)?;
        stream.set_read_timeout(Some(Duration::from_secs(120))).map_err(unreachable)?;
        let request = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.host_port,
            self.token,
            body.len()
        );
        stream.write_all(request.as_bytes()).map_err(unreachable)?;
        let mut response = Vec::new();
        stream.read_to_end(&mut response).map_err(unreachable)?;
        let (status, body) = parse_response(&response)?;
        let value: Value = serde_json::from_slice(&body)
            .map_err(|_| format!("HTTP {status} from the server, not JSON: {}", String::from_utf8_lossy(&body)))?;
        if (200..300).contains(&status) {
            Ok(value)
        } else {
            let error = &value["error"];
            Err(format!(
                "HTTP {status} {}: {}",
                error["code"].as_str().unwrap_or("?"),
                error["message"].as_str().unwrap_or("no message")
            ))
        }
    }
}

/// The status and the (de-chunked) body of an HTTP/1.1 response.
fn parse_response(response: &[u8]) -> Result<(u16, Vec<u8>), String> {
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").ok_or("the server's answer is not HTTP")?;
    let head = String::from_utf8_lossy(&response[..split]);
    let status =
        head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or("the server's answer has no status")?;
    let body = &response[split + 4..];
    let chunked = head.lines().any(|l| {
        let l = l.to_ascii_lowercase();
        l.starts_with("transfer-encoding:") && l.contains("chunked")
    });
    Ok((status, if chunked { dechunk(body)? } else { body.to_vec() }))
}

fn dechunk(mut body: &[u8]) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n").ok_or("bad chunked body")?;
        let size_text = String::from_utf8_lossy(&body[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| "bad chunk size")?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        out.extend_from_slice(body.get(..size).ok_or("truncated chunk")?);
        body = body.get(size + 2..).ok_or("truncated chunk")?;
    }
}

/// One line per remote: live version, health, last change.
pub(crate) fn print_list(list: &Value) {
    let remotes = list["remotes"].as_array().cloned().unwrap_or_default();
    if remotes.is_empty() {
        println!("no remotes in the registry");
    }
    for remote in remotes {
        let active = &remote["active"];
        println!(
            "{:<16} live {:<10} health {:<6} ({} by {})",
            remote["name"].as_str().unwrap_or("?"),
            active["version"].as_str().unwrap_or("-"),
            remote["health"].as_str().map(|h| if h == "ok" { "ok" } else { "BAD" }).unwrap_or("?"),
            active["action"].as_str().unwrap_or("-"),
            active["deployed_by"].as_str().unwrap_or("-"),
        );
        if remote["health"] != "ok" {
            println!("  {}", remote["health"].as_str().unwrap_or_default());
        }
        for deployment in remote["history"].as_array().into_iter().flatten().take(5) {
            println!(
                "  #{:<4} {:<9} {:<10} by {} ({})",
                deployment["id"],
                deployment["action"].as_str().unwrap_or("?"),
                deployment["version"].as_str().unwrap_or("?"),
                deployment["deployed_by"].as_str().unwrap_or("?"),
                deployment["health"].as_str().unwrap_or("?"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_and_chunked_answers() {
        let plain = b"HTTP/1.1 409 Conflict\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(parse_response(plain).unwrap(), (409, b"{}".to_vec()));
        let chunked = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
        assert_eq!(parse_response(chunked).unwrap(), (200, b"{\"a\":1}".to_vec()));
        assert!(parse_response(b"garbage").is_err());
    }
}
