//! Remote overrides, for developers: `?remote.auth=http://127.0.0.1:3001` points
//! this browser's pages at a remote's dev server instead of the live version (as
//! import-map-overrides and the Module Federation devtools do), until
//! `?remote.auth=` clears it. The override is kept in a cookie, so it holds on
//! every page and reload, and the server knows about it: it names the override's
//! origin in that page's content security policy, serves the dev runtime (which
//! reads the dev server's `manifest.json` and still checks every file's
//! integrity), and shows a banner while any override is active.
//!
//! Overrides work in dev mode (`MF_DEV=1`, `cargo leptos watch`: any origin) or,
//! for a signed-in admin only, from the origins in `MF_OVERRIDE_ORIGINS`;
//! everywhere else they are ignored, so a link cannot point a student's pages at
//! another server.

use federation::RemoteName;

/// The cookie that keeps a browser's overrides.
pub(crate) const COOKIE: &str = "mf_overrides";

/// The query parameters that set overrides: `remote.<name>=<url>`.
const QUERY_PREFIX: &str = "remote.";

/// Which origins an override may point to.
#[derive(Clone, Debug, Default)]
pub(crate) struct OverridePolicy {
    /// Dev mode: any http(s) origin.
    pub(crate) any_origin: bool,
    /// Origins allowed outside dev mode (`MF_OVERRIDE_ORIGINS`), lowercase.
    pub(crate) origins: Vec<String>,
}

/// One remote served from elsewhere for this browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RemoteOverride {
    /// The remote it replaces.
    pub(crate) remote: RemoteName,
    /// The folder with its `manifest.json` and files, ending in `/`.
    pub(crate) base: String,
    /// The base's origin, for the page's content security policy.
    pub(crate) origin: String,
}

/// What a request asked for and was given.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Overrides {
    /// The overrides in force for this page.
    pub(crate) active: Vec<RemoteOverride>,
    /// Why the others were refused, one sentence each.
    pub(crate) refused: Vec<String>,
    /// The cookie's new value when the query changed the overrides (empty: remove it).
    pub(crate) new_cookie: Option<String>,
}

impl OverridePolicy {
    /// Whether overrides work on this server at all.
    pub(crate) fn enabled(&self) -> bool {
        self.any_origin || !self.origins.is_empty()
    }

    /// The overrides of a request with this query string and `mf_overrides`
    /// cookie value: the cookie's, changed by the query's `remote.<name>=<url>`
    /// (an empty URL removes one). Nothing when overrides are off, or, outside
    /// dev mode, when the request is not an admin's (`admin`).
    pub(crate) fn resolve(&self, query: Option<&str>, cookie: Option<&str>, admin: bool) -> Overrides {
        if !self.enabled() || (!self.any_origin && !admin) {
            return Overrides::default();
        }
        let mut wanted: Vec<(String, String)> =
            cookie.map(|c| form_urlencoded::parse(c.as_bytes()).into_owned().collect()).unwrap_or_default();
        let mut changed = false;
        for (key, url) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let Some(name) = key.strip_prefix(QUERY_PREFIX) else { continue };
            changed = true;
            wanted.retain(|(n, _)| n != name);
            if !url.trim().is_empty() {
                wanted.push((name.to_owned(), url.trim().to_owned()));
            }
        }
        let mut overrides = Overrides::default();
        for (name, url) in wanted {
            match self.check(&name, &url) {
                Ok(accepted) => overrides.active.push(accepted),
                Err(why) => overrides.refused.push(why),
            }
        }
        if changed {
            let mut kept = form_urlencoded::Serializer::new(String::new());
            for o in &overrides.active {
                kept.append_pair(o.remote.as_str(), &o.base);
            }
            overrides.new_cookie = Some(kept.finish());
        }
        overrides
    }

    fn check(&self, name: &str, url: &str) -> Result<RemoteOverride, String> {
        let refuse = |why: &str| format!("The override of `{name}` with {url} is ignored: {why}.");
        let remote = RemoteName::new(name).ok_or_else(|| refuse("that is not a remote's name"))?;
        let base = base_of(url).ok_or_else(|| refuse("give the http(s) URL of the folder with its manifest.json"))?;
        let origin = origin_of(&base).ok_or_else(|| refuse("its host is not a plain host name or address"))?;
        if !self.any_origin && !self.origins.contains(&origin) {
            return Err(refuse("its origin is not in MF_OVERRIDE_ORIGINS"));
        }
        Ok(RemoteOverride { remote, base, origin })
    }
}

/// The folder URL of an override: `http://h:3001` → `http://h:3001/`;
/// `…/manifest.json` → its folder.
fn base_of(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let plain = url.chars().all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`'));
    if !plain || !(lower.starts_with("http://") || lower.starts_with("https://")) || url.contains(['?', '#']) {
        return None;
    }
    let folder = url.strip_suffix("manifest.json").unwrap_or(url);
    Some(if folder.ends_with('/') { folder.to_owned() } else { format!("{folder}/") })
}

/// `scheme://host[:port]` of a base URL, lowercase, when its host is a plain
/// name or address (it goes into a content security policy).
fn origin_of(base: &str) -> Option<String> {
    let (scheme, rest) = base.split_once("://")?;
    let host = rest.split('/').next()?.to_ascii_lowercase();
    let plain =
        !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    plain.then(|| format!("{}://{host}", scheme.to_ascii_lowercase()))
}

/// `Set-Cookie` for the overrides (`value` empty: remove the cookie). Kept for
/// the browser session, never sent to other sites; `Secure` over https.
pub(crate) fn set_cookie(value: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    if value.is_empty() {
        format!("{COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}")
    } else {
        // Form encoding leaves nothing a cookie value forbids (`;`, `,`, spaces, quotes).
        format!("{COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax{secure}")
    }
}

/// The overrides cookie's value in a `Cookie` header, if any.
pub(crate) fn cookie_value(headers: &http::HeaderMap) -> Option<String> {
    crate::api::cookie(headers, COOKIE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dev() -> OverridePolicy {
        OverridePolicy { any_origin: true, origins: vec![] }
    }

    #[test]
    fn a_query_sets_an_override_and_the_cookie_keeps_it() {
        let set = dev().resolve(Some("remote.auth=http://127.0.0.1:3001&x=1"), None, false);
        assert_eq!(set.active.len(), 1);
        assert_eq!(set.active[0].base, "http://127.0.0.1:3001/");
        assert_eq!(set.active[0].origin, "http://127.0.0.1:3001");
        let cookie = set.new_cookie.expect("the query changed the overrides");
        let later = dev().resolve(Some("other=1"), Some(&cookie), false);
        assert_eq!(later.active, set.active);
        assert_eq!(later.new_cookie, None, "nothing changed");
    }

    #[test]
    fn an_empty_url_clears_one_override_and_leaves_the_others() {
        let both = dev().resolve(
            Some("remote.auth=http://127.0.0.1:3001/manifest.json&remote.nursing=http://localhost:3003"),
            None,
            false,
        );
        assert_eq!(both.active[0].base, "http://127.0.0.1:3001/");
        let cleared = dev().resolve(Some("remote.auth="), both.new_cookie.as_deref(), false);
        assert_eq!(cleared.active.iter().map(|o| o.remote.as_str()).collect::<Vec<_>>(), ["nursing"]);
        let none = dev().resolve(Some("remote.nursing="), cleared.new_cookie.as_deref(), false);
        assert!(none.active.is_empty());
        assert_eq!(none.new_cookie.as_deref(), Some(""));
        assert!(set_cookie("", false).contains("Max-Age=0"));
        assert!(set_cookie("auth=x", true).ends_with("; Secure"));
    }

    #[test]
    fn outside_dev_mode_only_allowed_origins_and_nothing_when_off() {
        let staging = OverridePolicy { any_origin: false, origins: vec!["https://preview.example".into()] };
        let ok = staging.resolve(Some("remote.auth=https://PREVIEW.example/auth/1.2.0/"), None, true);
        assert_eq!(ok.active.len(), 1);
        let refused = staging.resolve(Some("remote.auth=https://evil.example/"), None, true);
        assert!(refused.active.is_empty());
        assert!(refused.refused[0].contains("MF_OVERRIDE_ORIGINS"), "{:?}", refused.refused);
        let off = OverridePolicy::default().resolve(Some("remote.auth=https://evil.example/"), None, true);
        assert_eq!(off, Overrides::default());
        let student = staging.resolve(Some("remote.auth=https://PREVIEW.example/auth/1.2.0/"), None, false);
        assert_eq!(student, Overrides::default(), "outside dev mode only admins may override");
        let off = OverridePolicy::default().resolve(Some("remote.auth=https://evil.example/"), None, true);
        assert_eq!(off, Overrides::default());
    }

    #[test]
    fn hostile_urls_and_names_are_refused() {
        for query in [
            "remote.auth=javascript:alert(1)",
            "remote.auth=http://a.example;script-src *",
            "remote.auth=http://a'b.example/",
            "remote.auth=http://a.example/?x",
            "remote.auth=http://user@a.example/",
            "remote.Auth!=http://a.example/",
            "remote.auth=http://a.example/<x>",
        ] {
            let result = dev().resolve(Some(query), None, false);
            assert!(result.active.is_empty(), "{query}: {result:?}");
            assert_eq!(result.refused.len(), 1, "{query}");
        }
    }
}
