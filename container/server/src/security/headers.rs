//! The content security policy of every page: scripts only from this server, the
//! page's nonce (its inline boot scripts) and verified remote glue (`blob:` URLs
//! minted by the loader after the sha384 check: no remote origin needs to be a
//! script source); wasm compiled with `'wasm-unsafe-eval'`, never
//! `'unsafe-eval'`; fetches and styles only from this server and the allowed
//! remote origins, and inline styles only those the server inlined (by hash);
//! no framing.

use federation::Integrity;
use http::HeaderValue;

/// The policy, built once from the configuration; only the nonce changes per page.
#[derive(Clone, Debug)]
pub(crate) struct ContentPolicy {
    /// The policy's text up to the nonce, and after it.
    around_nonce: (String, String),
    /// What it was built from, for a page that also needs other origins.
    remote_origins: Vec<String>,
    live_reload: bool,
}

impl ContentPolicy {
    /// The policy for a server whose remotes may also come from `remote_origins`;
    /// `live_reload` under `cargo leptos watch` (its websocket may connect).
    pub(crate) fn new(remote_origins: &[String], live_reload: bool) -> Self {
        let origins: String = remote_origins.iter().map(|o| format!(" {o}")).collect();
        let reload = if live_reload { " ws: wss:" } else { "" };
        // `{styles}`: the hashes of the page's inlined styles.
        let after = format!(
            "' 'wasm-unsafe-eval' blob:; \
             connect-src 'self'{origins}{reload}; \
             style-src 'self'{{styles}}{origins}; \
             img-src 'self' data:; \
             font-src 'self'; \
             object-src 'none'; \
             base-uri 'none'; \
             form-action 'self'; \
             frame-ancestors 'none'"
        );
        Self {
            around_nonce: ("default-src 'self'; script-src 'self' 'nonce-".to_owned(), after),
            remote_origins: remote_origins.to_vec(),
            live_reload,
        }
    }

    /// The header for a page that also fetches files and styles from `more`
    /// origins (a developer's remote overrides).
    pub(crate) fn header_with(&self, nonce: &str, styles: &[&Integrity], more: &[String]) -> HeaderValue {
        if more.is_empty() {
            return self.header(nonce, styles);
        }
        let origins = [self.remote_origins.as_slice(), more].concat();
        Self::new(&origins, self.live_reload).header(nonce, styles)
    }

    /// The `Content-Security-Policy` value for a page rendered with `nonce`
    /// whose inlined `<style>` elements have the hashes `styles` (the shell's,
    /// and each prerendered remote's: the same on every page, so the styles of
    /// a page fetched for client-side navigation are allowed too).
    pub(crate) fn header(&self, nonce: &str, styles: &[&Integrity]) -> HeaderValue {
        let (before, after) = &self.around_nonce;
        let styles: String = styles.iter().map(|hash| [" '", hash.as_str(), "'"].concat()).collect();
        let policy = [before.as_str(), nonce, &after.replace("{styles}", &styles)].concat();
        HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'"))
    }
}

/// A fresh nonce for one page: 128 bits from the operating system, hex.
pub(crate) fn new_nonce() -> String {
    super::random_hex::<16>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_the_nonce_and_the_remote_origins_and_nothing_unsafe_for_scripts() {
        let policy = ContentPolicy::new(&["https://cdn.example".to_owned()], false);
        let shell = Integrity::of(b"body{margin:0}");
        let header = policy.header("abc123", &[&shell]);
        let text = header.to_str().unwrap();
        let script = text.split(';').find(|d| d.trim().starts_with("script-src")).unwrap();
        assert!(script.contains("'nonce-abc123'") && !script.contains("https://cdn.example"), "{script}");
        assert!(text.contains("connect-src 'self' https://cdn.example;"), "{text}");
        assert!(!script.contains("unsafe-inline") && !script.contains("'unsafe-eval'"), "{script}");
        assert!(text.contains("frame-ancestors 'none'") && !text.contains("ws:"), "{text}");
        assert!(ContentPolicy::new(&[], true)
            .header("n", &[])
            .to_str()
            .unwrap()
            .contains("connect-src 'self' ws: wss:"));
        let more = policy.header_with("n", &[], &["http://127.0.0.1:3001".to_owned()]);
        let more = more.to_str().unwrap();
        assert!(more.contains("connect-src 'self' https://cdn.example http://127.0.0.1:3001;"), "{more}");
        assert!(more.contains("style-src 'self' https://cdn.example http://127.0.0.1:3001;"), "{more}");
        let style = text.split(';').find(|d| d.trim().starts_with("style-src")).unwrap();
        assert_eq!(style.trim(), format!("style-src 'self' '{}' https://cdn.example", shell.as_str()));
    }

    #[test]
    fn nonces_differ() {
        let (a, b) = (new_nonce(), new_nonce());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
