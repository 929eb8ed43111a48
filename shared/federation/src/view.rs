//! `<RemoteView/>`: where a remote's module goes in a server-rendered page.
//!
//! The server renders the mount point with a loading state; the host runtime in the
//! browser finds it by its `data-mf-*` attributes, loads the remote, mounts the
//! module in place of the loading state, shows an error with Retry when that fails,
//! and unmounts it when the route changes.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use leptos::prelude::*;

use crate::{InlineCss, PrefetchMap, PrerenderedModules, RemoteMap, RemoteName};

/// The URLs of a remote's glue and wasm, and of its stylesheet with its integrity.
struct PreloadFiles {
    code: [String; 2],
    css: Option<(String, String)>,
}

/// What `<RemoteView/>` needs to have the browser download a remote's files
/// while the page loads: the page's remote map, the prerendered modules it
/// shows before they mount, and the data prefetches its modules declare (with
/// the page's path they match). Provide it (as context) around the app when
/// rendering on the server.
#[derive(Clone, Debug, Default)]
pub struct Preloads {
    map: RemoteMap,
    /// Remotes already preloaded on this page.
    sent: Arc<Mutex<Vec<RemoteName>>>,
    /// Prerendered modules by remote name.
    prerendered: BTreeMap<String, Arc<PrerenderedModules>>,
    /// The data prefetches of each remote's modules, by remote name.
    prefetch: BTreeMap<String, Arc<PrefetchMap>>,
    /// The path of the page being rendered, which prefetches match.
    page: String,
    /// Data URLs already preloaded on this page, or whose answers it carries.
    data_sent: Arc<Mutex<Vec<String>>>,
    /// The stylesheet text of remotes with prerendered modules, by remote name.
    styles: BTreeMap<String, InlineCss>,
}

impl Preloads {
    /// Preloads for a page that uses `map`.
    pub fn new(map: RemoteMap) -> Self {
        Self { map, ..Self::default() }
    }

    /// With the data prefetches of the page's remotes (by remote name) and the
    /// page's path: a mount point also preloads the API reads its module's first
    /// render makes on this page, so they download with the remote's code.
    pub fn with_prefetch(mut self, prefetch: BTreeMap<String, Arc<PrefetchMap>>, page: &str) -> Self {
        self.prefetch = prefetch;
        self.page = page.to_owned();
        self
    }

    /// With the data URLs whose answers the page carries (a server-rendered
    /// module's reads, in its HTML): not preloaded, since they are not fetched.
    pub fn with_answered(self, answered: Vec<String>) -> Self {
        if let Ok(mut sent) = self.data_sent.lock() {
            sent.extend(answered);
        }
        self
    }

    /// Whether the page loads `remote` (it is in the map, compatible, not overridden).
    fn loads(&self, remote: &str) -> bool {
        self.map.keys().any(|name| name.as_str() == remote)
    }

    /// The data URLs `remote`'s `module` reads first on this page, not yet preloaded.
    fn data_first_time(&self, remote: &str, module: &str) -> Vec<String> {
        if !self.loads(remote) {
            return Vec::new();
        }
        let Some(entries) = self.prefetch.get(remote).and_then(|m| m.iter().find(|(n, _)| n.as_str() == module)) else {
            return Vec::new();
        };
        let Ok(mut sent) = self.data_sent.lock() else { return Vec::new() };
        let mut urls = Vec::new();
        for url in entries.1.iter().filter_map(|entry| entry.url_for(&self.page)) {
            if !sent.contains(&url) {
                sent.push(url.clone());
                urls.push(url);
            }
        }
        urls
    }

    /// With the prerendered modules of the page's remotes (by remote name): a
    /// mount point of one shows its HTML, styled, until the live module mounts.
    pub fn with_prerendered(mut self, prerendered: BTreeMap<String, Arc<PrerenderedModules>>) -> Self {
        self.prerendered = prerendered;
        self
    }

    /// With the stylesheet text of the page's remotes that have prerendered
    /// modules (by remote name): a prerendered module's styles come inline in
    /// the page (the page's policy allows them by their hash), so its HTML paints styled without
    /// waiting for a stylesheet request (one round trip less before the first
    /// paint on a slow network).
    pub fn with_styles(mut self, styles: BTreeMap<String, InlineCss>) -> Self {
        self.styles = styles;
        self
    }

    /// The prerendered HTML of `remote`'s `module`, when the page loads that remote.
    fn prerendered(&self, remote: &str, module: &str) -> Option<String> {
        if !self.loads(remote) {
            return None;
        }
        self.prerendered.get(remote)?.get(module).cloned()
    }

    /// The files of `remote` to preload, the first time it is asked for on this page.
    fn first_time(&self, remote: &str) -> Option<PreloadFiles> {
        let (name, location) = self.map.iter().find(|(name, _)| name.as_str() == remote)?;
        let mut sent = self.sent.lock().ok()?;
        if sent.contains(name) {
            return None;
        }
        sent.push(name.clone());
        let base = location.bases.first()?;
        let css = location.css.as_ref().map(|c| (format!("{base}{}", c.file), c.integrity.as_str().to_owned()));
        Some(PreloadFiles {
            code: [format!("{base}{}", location.js.file), format!("{base}{}", location.wasm.file)],
            css,
        })
    }
}

/// A mount point for `module` of `remote`, showing a loading state until the host
/// runtime has mounted it.
#[component]
pub fn RemoteView(
    /// The remote's name, as in the remote map (`auth`).
    #[prop(into)]
    remote: String,
    /// The exposed module to mount (`LoginForm`).
    #[prop(into)]
    module: String,
    /// Props for the module, as a JSON object.
    #[prop(optional, into)]
    props: Option<String>,
    /// What the loading state says, e.g. "Loading the sign-in form…".
    #[prop(optional, into)]
    loading: Option<String>,
    /// The layout the server shows until the module is mounted (a name the
    /// host's styles draw as a skeleton, e.g. `form`), so nothing moves when it
    /// mounts: `data-mf-skeleton` on the mount point.
    #[prop(optional, into)]
    skeleton: Option<String>,
    /// Mount the module into a shadow root of the mount point
    /// (`data-mf-shadow`): the page's rules cannot reach it and its rules cannot
    /// leave it; the design tokens still apply (custom properties inherit).
    #[prop(optional)]
    shadow: bool,
) -> AnyView {
    let loading = loading.unwrap_or_else(|| "Loading…".to_owned());
    let context = use_context::<Preloads>();
    // The API reads of the module's first render download with its code, and
    // its own requests for them are answered from these preloads.
    let data = context.as_ref().map(|p| p.data_first_time(&remote, &module)).unwrap_or_default();
    // Listed on the mount point too: the runtime uses up the preloads of a module
    // that never mounted, so they cannot answer a later read with old data.
    let reads = (!data.is_empty()).then(|| data.join(" "));
    if let Some(html) = context.as_ref().and_then(|p| p.prerendered(&remote, &module)) {
        let styles = context.as_ref().and_then(|p| p.styles.get(&remote).cloned());
        let files = context.and_then(|p| p.first_time(&remote));
        let inner = prerendered_slot(&remote, files, &data, &html, styles.as_ref());
        return view! {
            <div class="mf-remote" data-mf-remote=remote data-mf-module=module data-mf-props=props data-mf-prerendered="" data-mf-shadow=shadow.then_some("") data-mf-reads=reads aria-busy="true" inner_html=inner></div>
        }
        .into_any();
    }
    // The remote's glue and wasm download in parallel with the container's own
    // runtime instead of after it (no waterfall); the loader's fetches of the same
    // URLs are then served from the preload, and still check the integrity
    // (Chromium ignores `integrity` on `as="fetch"` preloads, with a console
    // warning, so it is left out here).
    let preloads = context.and_then(|p| p.first_time(&remote)).map(|PreloadFiles { code, css }| {
        let code = code
            .into_iter()
            .map(|href| view! { <link rel="preload" r#as="fetch" crossorigin="anonymous" href=href/> })
            .collect_view();
        let css = css.map(|(href, integrity)| {
            view! { <link rel="preload" r#as="style" crossorigin="anonymous" href=href integrity=integrity/> }
        });
        (code, css)
    });
    let data = data
        .into_iter()
        .map(|href| view! { <link rel="preload" r#as="fetch" crossorigin="anonymous" href=href data-mf-data=""/> })
        .collect_view();
    view! {
        <div class="mf-remote" data-mf-remote=remote data-mf-module=module data-mf-props=props data-mf-skeleton=skeleton data-mf-shadow=shadow.then_some("") data-mf-reads=reads aria-busy="true">
            {preloads}
            {data}
            <div class="mf-loading" role="status">
                <span class="mf-spinner" aria-hidden="true"></span>
                <span>{loading}</span>
            </div>
        </div>
    }
    .into_any()
}

/// What a mount point with a prerendered module holds until the module mounts:
/// the preloads of the remote's glue and wasm, its stylesheet (applied, so the
/// HTML shows styled: its text `inline_styles` when the page has it, which the
/// runtime then keeps as the remote's stylesheet; a link otherwise), then the
/// HTML. The rest goes when the live module mounts.
fn prerendered_slot(
    remote: &str,
    files: Option<PreloadFiles>,
    data: &[String],
    html: &str,
    inline_styles: Option<&InlineCss>,
) -> String {
    let mut inner = String::new();
    let (code, css) = files.map_or((None, None), |PreloadFiles { code, css }| (Some(code), css));
    for href in code.into_iter().flatten() {
        inner.push_str(&format!(
            r#"<link rel="preload" as="fetch" crossorigin="anonymous" href="{}">"#,
            attribute(&href)
        ));
    }
    for href in data {
        inner.push_str(&format!(
            r#"<link rel="preload" as="fetch" crossorigin="anonymous" href="{}" data-mf-data="">"#,
            attribute(href)
        ));
    }
    match (css, inline_styles) {
        (Some(_), Some(text)) => {
            // Allowed by its hash in the page's policy (not the page's nonce: the
            // same HTML moves into other pages on client-side navigation).
            let owner = crate::STYLES_OWNER_ATTRIBUTE;
            inner.push_str(&format!(r#"<style {owner}="{}">{}</style>"#, attribute(remote), text.as_str()));
        }
        (Some((href, integrity)), None) => inner.push_str(&format!(
            r#"<link rel="stylesheet" crossorigin="anonymous" href="{}" integrity="{}">"#,
            attribute(&href),
            attribute(&integrity)
        )),
        (None, _) => {}
    }
    inner.push_str(html);
    inner
}

/// `text` escaped for a double-quoted HTML attribute.
fn attribute(text: &str) -> String {
    text.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}
