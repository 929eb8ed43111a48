//! Data prefetch: the API reads a module's first render makes, declared by its
//! remote (`#[prefetch(...)]` in `expose!`) and recorded in its manifest. The
//! server's page starts them as `<link rel="preload" as="fetch">` next to the
//! remote's code, so the data downloads while the wasm does, and the module's
//! own `fetch` of the same URL is answered from the preload: one round trip
//! fewer between the remote mounting and its content showing.
//!
//! An entry applies to the pages whose path matches its `page` pattern (`*` for
//! every page, or a path in which a `{name}` segment matches any one segment),
//! and its `url` may use those segments: `/exam/attempt/{id}/question/{n}` →
//! `/api/attempts/{id}`.

use alloc::{string::String, vec::Vec};

use alloc::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ExposedModule;

/// One API read of a module's first render, on the pages `page` matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prefetch {
    /// The pages it applies to: `*`, or a path pattern such as
    /// `/exam/attempt/{id}/question/{n}`.
    pub page: String,
    /// The same-origin path to read, with `{name}` segments of `page` filled in,
    /// such as `/api/attempts/{id}`.
    pub url: String,
}

/// Each module's prefetches, in a manifest.
pub type PrefetchMap = BTreeMap<ExposedModule, Vec<Prefetch>>;

/// The most prefetches a module may declare (each is a request on every page
/// that mounts it).
pub const MAX_PREFETCHES: usize = 8;

/// The name of the wasm custom section in which `expose!` records prefetches,
/// one `module<TAB>page<TAB>url` per line, for the build tool.
pub const PREFETCH_SECTION: &str = "mf_prefetch";

impl Prefetch {
    /// Checks the pattern and the URL; the problem, in words, if they are unusable.
    pub fn check(&self) -> Result<(), String> {
        let mut names = Vec::new();
        if self.page != "*" {
            for segment in segments(&self.page).ok_or_else(|| format!("page `{}` is not `*` or a path", self.page))? {
                match capture_name(segment) {
                    Some(name) => names.push(name),
                    None if is_plain(segment) => {}
                    None => return Err(format!("page `{}` has an unusable segment `{segment}`", self.page)),
                }
            }
        }
        let (path, query) = split_query(&self.url);
        let query = query.unwrap_or_default();
        let url_segments = segments(path).ok_or_else(|| format!("url `{}` is not a same-origin path", self.url))?;
        for segment in url_segments {
            match capture_name(segment) {
                Some(name) if !names.contains(&name) => {
                    return Err(format!(
                        "url `{}` uses `{{{name}}}`, which page `{}` does not have",
                        self.url, self.page
                    ));
                }
                Some(_) => {}
                None if is_plain(segment) => {}
                None => return Err(format!("url `{}` has an unusable segment `{segment}`", self.url)),
            }
        }
        if !query.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~=&".contains(&b)) {
            return Err(format!("url `{}` has an unusable query", self.url));
        }
        if self.page.len() + self.url.len() > 300 {
            return Err(String::from("page and url are too long (300 characters at most)"));
        }
        Ok(())
    }

    /// The URL to read on the page at `path`, when the entry applies to it.
    /// Segments taken from the page must be plain (letters, digits, `-._~`).
    /// A trailing slash is the same page (`/exam/` is `/exam`), as the router has it.
    pub fn url_for(&self, path: &str) -> Option<String> {
        // Checked again here, not only when the manifest was read.
        self.check().ok()?;
        let path = path.strip_suffix('/').filter(|p| !p.is_empty()).unwrap_or(path);
        let mut captured: Vec<(&str, &str)> = Vec::new();
        if self.page != "*" {
            let (pattern, page) = (segments(&self.page)?, segments(path)?);
            if pattern.len() != page.len() {
                return None;
            }
            for (want, have) in pattern.iter().zip(&page) {
                match capture_name(want) {
                    Some(name) if is_plain(have) && !have.is_empty() => captured.push((name, have)),
                    None if want == have => {}
                    _ => return None,
                }
            }
        }
        let mut url = String::new();
        let (path_part, query) = split_query(&self.url);
        for segment in segments(path_part)? {
            url.push('/');
            match capture_name(segment) {
                Some(name) => url.push_str(captured.iter().find(|(n, _)| *n == name)?.1),
                None => url.push_str(segment),
            }
        }
        if url.is_empty() {
            url.push('/');
        }
        if let Some(query) = query {
            url.push('?');
            url.push_str(query);
        }
        Some(url)
    }
}

/// The segments of an absolute path (`/a/b` → `a`, `b`; `/` → none); `None`
/// for anything else (a scheme, `//host`, a backslash, `..`).
fn segments(path: &str) -> Option<Vec<&str>> {
    let rest = path.strip_prefix('/')?;
    if rest.starts_with('/') || path.contains('\\') {
        return None;
    }
    if rest.is_empty() {
        return Some(Vec::new());
    }
    let parts: Vec<&str> = rest.split('/').collect();
    parts.iter().all(|s| *s != ".." && *s != ".").then_some(parts)
}

/// A URL's path and, after `?`, its query.
fn split_query(url: &str) -> (&str, Option<&str>) {
    url.split_once('?').map_or((url, None), |(path, query)| (path, Some(query)))
}

/// `id` for the segment `{id}`.
fn capture_name(segment: &str) -> Option<&str> {
    let name = segment.strip_prefix('{')?.strip_suffix('}')?;
    (!name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')).then_some(name)
}

/// Letters, digits and `-._~` only: nothing that needs escaping in a URL or HTML.
fn is_plain(segment: &str) -> bool {
    segment.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(page: &str, url: &str) -> Prefetch {
        Prefetch { page: page.into(), url: url.into() }
    }

    #[test]
    fn every_page_or_a_matching_one() {
        assert_eq!(entry("*", "/api/attempts").url_for("/dashboard").as_deref(), Some("/api/attempts"));
        let chooser = entry("/exam", "/api/topics?limit=5");
        assert_eq!(chooser.url_for("/exam").as_deref(), Some("/api/topics?limit=5"));
        assert_eq!(chooser.url_for("/exam/attempt/3/question/1"), None);
        assert_eq!(chooser.url_for("/"), None);
        assert_eq!(chooser.url_for("/exam/").as_deref(), Some("/api/topics?limit=5"), "a trailing slash");
        assert_eq!(chooser.url_for("/exam//"), None, "one trailing slash, not two");
        assert_eq!(entry("*", "/api/attempts").url_for("/").as_deref(), Some("/api/attempts"));
    }

    #[test]
    fn segments_of_the_page_fill_the_url() {
        let question = entry("/exam/attempt/{id}/question/{n}", "/api/attempts/{id}");
        assert!(question.check().is_ok());
        assert_eq!(question.url_for("/exam/attempt/12/question/3").as_deref(), Some("/api/attempts/12"));
        assert_eq!(question.url_for("/exam/attempt/12/question/3/").as_deref(), Some("/api/attempts/12"));
        assert_eq!(question.url_for("/exam/attempt/12/question"), None);
        assert_eq!(question.url_for("/exam/attempt/1%22%3E/question/3"), None, "only plain segments");
        assert_eq!(question.url_for("/exam/attempt//question/3"), None);
        assert_eq!(entry("*", "//elsewhere.example/x").url_for("/"), None, "unchecked entries give nothing");
    }

    #[test]
    fn unusable_entries_say_why() {
        for (page, url, problem) in [
            ("exam", "/api/topics", "not `*` or a path"),
            ("*", "https://elsewhere.example/api", "not a same-origin path"),
            ("*", "//elsewhere.example/api", "not a same-origin path"),
            ("*", "/api/../admin", "not a same-origin path"),
            ("*", "/api/attempts/{id}", "does not have"),
            ("/exam/{id}", "/api/\"x", "unusable segment"),
            ("/exam/<b>", "/api/topics", "unusable segment"),
            ("*", "/api/topics?a=<b>", "unusable query"),
            ("*", "/\t/elsewhere.example", "unusable segment"),
            ("*", "/api%2f..%2fadmin", "unusable segment"),
            ("*", "/user@elsewhere.example", "unusable segment"),
            ("*", "/api:80/x", "unusable segment"),
        ] {
            let error = entry(page, url).check().unwrap_err();
            assert!(error.contains(problem), "{page} {url}: {error}");
        }
    }
}
