//! `<RemoteView/>`: where a remote's module goes in a server-rendered page.
//!
//! The server renders the mount point with a loading state; the host runtime in the
//! browser finds it by its `data-mf-*` attributes, loads the remote, mounts the
//! module in place of the loading state, shows an error with Retry when that fails,
//! and unmounts it when the route changes.

use std::sync::{Arc, Mutex};

use leptos::prelude::*;

use crate::{RemoteMap, RemoteName};

/// The URLs of a remote's glue and wasm, and of its stylesheet with its integrity.
struct PreloadFiles {
    code: [String; 2],
    css: Option<(String, String)>,
}

/// What `<RemoteView/>` needs to have the browser download a remote's files
/// while the page loads: the page's remote map. Provide it (as context) around
/// the app when rendering on the server.
#[derive(Clone, Debug, Default)]
pub struct Preloads {
    map: RemoteMap,
    /// Remotes already preloaded on this page.
    sent: Arc<Mutex<Vec<RemoteName>>>,
}

impl Preloads {
    /// Preloads for a page that uses `map`.
    pub fn new(map: RemoteMap) -> Self {
        Self { map, sent: Arc::default() }
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
) -> impl IntoView {
    let loading = loading.unwrap_or_else(|| "Loading…".to_owned());
    // The remote's glue and wasm download in parallel with the container's own
    // runtime instead of after it (no waterfall); the loader's fetches of the same
    // URLs are then served from the preload, and still check the integrity
    // (Chromium ignores `integrity` on `as="fetch"` preloads, with a console
    // warning, so it is left out here).
    let preloads = use_context::<Preloads>().and_then(|p| p.first_time(&remote)).map(|PreloadFiles { code, css }| {
        let code = code
            .into_iter()
            .map(|href| view! { <link rel="preload" r#as="fetch" crossorigin="anonymous" href=href/> })
            .collect_view();
        let css = css.map(|(href, integrity)| {
            view! { <link rel="preload" r#as="style" crossorigin="anonymous" href=href integrity=integrity/> }
        });
        (code, css)
    });
    view! {
        <div class="mf-remote" data-mf-remote=remote data-mf-module=module data-mf-props=props data-mf-skeleton=skeleton data-mf-shadow=shadow.then_some("") aria-busy="true">
            {preloads}
            <div class="mf-loading" role="status">
                <span class="mf-spinner" aria-hidden="true"></span>
                <span>{loading}</span>
            </div>
        </div>
    }
}
