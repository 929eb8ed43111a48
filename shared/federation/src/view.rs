//! `<RemoteView/>`: where a remote's module goes in a server-rendered page.
//!
//! The server renders the mount point with a loading state; the host runtime in the
//! browser finds it by its `data-mf-*` attributes, loads the remote, mounts the
//! module in place of the loading state, shows an error with Retry when that fails,
//! and unmounts it when the route changes.

use leptos::prelude::*;

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
    /// Mount only when this DOM event (e.g. `mf:toast`) first happens on
    /// `window`, instead of on page load: a remote that most pages never need
    /// costs no bytes until it is needed. The event is delivered again once the
    /// module is mounted.
    #[prop(optional, into)]
    when: Option<String>,
) -> impl IntoView {
    let loading = loading.unwrap_or_else(|| "Loading…".to_owned());
    view! {
        <div class="mf-remote" data-mf-remote=remote data-mf-module=module data-mf-props=props data-mf-when=when aria-busy="true">
            <div class="mf-loading" role="status">
                <span class="mf-spinner" aria-hidden="true"></span>
                <span>{loading}</span>
            </div>
        </div>
    }
}
