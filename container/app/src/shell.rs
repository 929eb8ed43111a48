//! The HTML document around the app: styles, the data the browser runtime reads,
//! and the runtime itself.

use federation::{ContractInfo, RemoteMap, CONTRACT_ELEMENT_ID, OVERRIDES_ELEMENT_ID, REMOTE_MAP_ELEMENT_ID};
use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::App;

/// What the server knows that every page must carry to the browser.
#[derive(Clone, Debug, Default)]
pub struct PageData {
    /// The active version of every remote, fixed for the life of the page.
    pub remotes: RemoteMap,
    /// The prerendered modules of those remotes (module → HTML), by remote name:
    /// a mount point of one shows its HTML until the live module replaces it.
    pub prerendered: std::collections::BTreeMap<String, std::sync::Arc<federation::PrerenderedModules>>,
    /// The stylesheet text of the remotes with prerendered modules, by remote
    /// name: inlined where their HTML shows, so it paints styled at once.
    pub prerendered_styles: std::collections::BTreeMap<String, federation::InlineCss>,
    /// The shell's stylesheet text, inlined in the `<head>` (none: the page
    /// links `/pkg/container.css`, as under `cargo leptos watch`, which reloads
    /// that link when the styles change). Inline, the first paint waits for no
    /// stylesheet request: a round trip less on a slow network.
    pub shell_styles: Option<federation::InlineCss>,
    /// The data prefetches of those remotes' modules, by remote name: a mount
    /// point preloads the API reads its module's first render makes on the page.
    pub prefetch: std::collections::BTreeMap<String, std::sync::Arc<federation::PrefetchMap>>,
    /// The API reads whose answers the page carries (its server-rendered
    /// module's data): not preloaded.
    pub answered: Vec<String>,
    /// The page's path (`/exam/attempt/3/question/1`), which prefetches match.
    pub path: String,
    /// The contract the container speaks, with its type fingerprints (the server
    /// computes them; default: [`contract::info`]).
    pub contract: Option<ContractInfo>,
    /// How long the runtime waits for a remote's file to start arriving before it
    /// tries again (milliseconds; `data-mf-load-timeout-ms` on `<html>`).
    pub load_timeout_ms: Option<u32>,
    /// The nonce of this page's inline scripts, also in its content security
    /// policy header (none: the scripts carry no nonce).
    pub nonce: Option<String>,
    /// Remote overrides in force for this browser: remote name and the base URL
    /// of its dev server (see the server's `remote_overrides`).
    pub overrides: Vec<(String, String)>,
    /// Overrides asked for and refused, one sentence each, for the dev banner.
    pub refused_overrides: Vec<String>,
    /// The dev runtime (`/pkg/<name>.js` with overrides and the devtools panel,
    /// and `/pkg/dev.css`) instead of `container`: in dev mode and with overrides.
    pub dev_runtime: Option<String>,
    /// Whether the page registers the service worker (offline start): not in dev
    /// mode, nor with overrides, where it would serve stale builds.
    pub service_worker: bool,
}

/// This request's page data: the server puts it in the request's extensions.
fn page_data() -> PageData {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<PageData>().cloned())
            .or_else(use_context::<PageData>)
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    use_context::<PageData>().unwrap_or_default()
}

/// The signed-in user of this request, if any; the server puts it in the
/// request's extensions before rendering.
#[derive(Clone, Debug, Default)]
pub struct CurrentUser(pub Option<contract::state::SessionUser>);

impl CurrentUser {
    /// The signed-in user when an admin.
    pub fn admin(&self) -> Option<&contract::state::SessionUser> {
        self.0.as_ref().filter(|u| u.role == contract::state::Role::Admin)
    }
}

/// The id of the `<script type="application/json">` with the server's view of the
/// shared state (`{"session": …}`), which the runtime applies before mounting.
pub const STATE_ELEMENT_ID: &str = "mf-state";

/// The current request's user, from the request extensions.
pub fn current_user() -> Option<contract::state::SessionUser> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<CurrentUser>().cloned())
            .and_then(|u| u.0)
    }
    #[cfg(not(feature = "ssr"))]
    None
}

/// Applies the saved theme before first paint, so a dark-theme student never sees
/// a white flash. It must run before the body renders, hence inline.
/// The key is the contract's persistent `theme` shared state (JSON in localStorage).
const THEME_BOOT: &str = "try{var t=JSON.parse(localStorage.getItem('mf:state:theme'));if(t==='dark'||t==='light')document.documentElement.dataset.theme=t}catch(e){}";

/// Holds back a submit in a prerendered or server-rendered module (its live
/// code has not mounted yet: the form would be sent to the page's own URL,
/// password and all) and marks the mount point, so the module submits again
/// once it is live; a click on one of its plain buttons (`type=button`, which
/// nothing answers yet) is noted the same way (`data-mf-click`, the button's
/// place among the point's buttons), and made again on the live button. A
/// click on the shell's own controls (theme, sidebar, sign out) before the
/// runtime is there is held and made again once it is (`data-mf-runtime`).
/// It also keeps the browser's time zone in the `mf-tz` cookie (JS's
/// `getTimezoneOffset()`), so that dates the server renders for the next page
/// are the student's, as the live modules show them.
const PRERENDER_GUARD: &str = concat!(
    "try{document.cookie='mf-tz='+new Date().getTimezoneOffset()+';path=/;max-age=31536000;samesite=lax'}catch(e){}",
    "addEventListener('submit',function(e){var p=e.target.closest&&e.target.closest('[data-mf-prerendered]');if(p){e.preventDefault();p.setAttribute('data-mf-submit','')}},true);",
    "addEventListener('click',function(e){var b=e.target.closest&&e.target.closest('button[type=button]'),p=b&&b.closest('[data-mf-prerendered]');if(p)p.setAttribute('data-mf-click',[].indexOf.call(p.querySelectorAll('button'),b))},true);",
    "(function(){var r=document.documentElement,h=[],a='data-mf-runtime';",
    "addEventListener('click',function(e){var c=!r.hasAttribute(a)&&e.target.closest&&e.target.closest('[data-mf-theme-toggle],[data-mf-sidebar-toggle],[data-mf-session] button');if(c){e.preventDefault();e.stopImmediatePropagation();h.push(c)}},true);",
    "new MutationObserver(function(m,o){if(r.hasAttribute(a)){o.disconnect();h.splice(0).forEach(function(c){c.click()})}}).observe(r,{attributes:true,attributeFilter:[a]})})()"
);

/// Registers the service worker once the page has loaded (so it never competes
/// with the page), then, online, asks it to follow the registry and to keep this
/// page and the runtime for offline starts; it prefetches remotes unless the
/// browser asks to save data (Save-Data, 2g).
const OFFLINE_BOOT: &str = "if('serviceWorker'in navigator)addEventListener('load',function(){var k=!!navigator.serviceWorker.controller;navigator.serviceWorker.register('/sw.js');navigator.serviceWorker.ready.then(function(r){var c=navigator.connection||{};if(navigator.onLine&&r.active)r.active.postMessage({type:'mf:sync',saveData:!!c.saveData||/2g/.test(c.effectiveType||''),page:location.href,controlled:k})})})";

/// On pages without the service worker (dev mode, overrides): removes one
/// registered earlier, which would keep serving what was just rebuilt.
const OFFLINE_OFF: &str =
    "if('serviceWorker'in navigator)navigator.serviceWorker.getRegistrations().then(function(l){l.forEach(function(r){r.unregister()})})";

/// The runtime students get.
const RUNTIME: &str = "container";

/// The inline module that starts the browser runtime `name`. Its files are
/// tried three times, 1 s and 2 s apart, as a connection can drop on mobile data
/// (again under a URL of its own: a browser keeps a module that failed to load
/// as failed); not after a trap in the runtime's start, which would trap again.
/// When they cannot be had, `<html>` gets `data-mf-runtime="failed"` and the
/// page says so in a toast (the shell's links still work: they load pages).
fn runtime_boot(name: &str) -> String {
    format!(
        "const start=n=>import('/pkg/{name}.js'+(n?'?retry='+n:'')).then(m=>m.default({{module_or_path:'/pkg/{name}.wasm'}})).catch(e=>{{\
if(n<2&&!(e instanceof WebAssembly.RuntimeError))return setTimeout(start,1e3*n+1e3,n+1);\
document.documentElement.dataset.mfRuntime='failed';document.querySelector('[data-mf-toasts]')?.insertAdjacentHTML('beforeend',\
'<p class=\"ui-toast ui-toast-error\" role=alert>{RUNTIME_FAILED}</p>');throw e}});start(0);"
    )
}

/// What the page says when the runtime's files could not be had.
const RUNTIME_FAILED: &str = "This page could not finish loading: check your connection, then reload the page.";

/// The whole document for one request.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let page = page_data();
    let host = page.contract.clone().unwrap_or_else(contract::info);
    // The runtime loads what the server accepted, and shows the reason for the
    // rest (a remote forced live with a contract the container refuses).
    let mut remotes = federation::page_map(&page.remotes, &host);
    // Preload only what the loader will run: not a refused remote, nor an
    // overridden one (the dev runtime loads it from elsewhere).
    let overridden = |name: &federation::RemoteName| page.overrides.iter().any(|(n, _)| n == name.as_str());
    let loadable = remotes.iter().filter_map(|(name, entry)| match entry {
        federation::PageEntry::Loadable(location) if !overridden(name) => Some((name.clone(), (**location).clone())),
        _ => None,
    });
    let preloads = federation::Preloads::new(loadable.collect());
    provide_context(
        preloads
            .with_prerendered(page.prerendered.clone())
            .with_styles(page.prerendered_styles.clone())
            .with_prefetch(page.prefetch.clone(), &page.path)
            .with_answered(page.answered.clone()),
    );
    // Contracts (with their type fingerprints) are for the dev runtime's panel
    // only: the students' runtime never reads them.
    let dev = page.dev_runtime.is_some();
    if !dev {
        for entry in remotes.values_mut() {
            if let federation::PageEntry::Loadable(location) = entry {
                location.contract = None;
            }
        }
    }
    let remotes = json_for_script(&federation::PageRows(&remotes));
    let contract = dev.then(|| {
        let contract = json_for_script(&host);
        view! { <script type="application/json" id=CONTRACT_ELEMENT_ID inner_html=contract></script> }
    });
    let state = json_for_script(&server_state(current_user()));
    let runtime = page.dev_runtime.clone().unwrap_or_else(|| RUNTIME.to_owned());
    let (runtime_js, runtime_wasm) = (format!("/pkg/{runtime}.js"), format!("/pkg/{runtime}.wasm"));
    let boot = runtime_boot(&runtime);
    let offline = if page.service_worker { OFFLINE_BOOT } else { OFFLINE_OFF };
    let dev_styles = page.dev_runtime.is_some().then(|| view! { <link rel="stylesheet" href="/pkg/dev.css"/> });
    let overrides = (!page.overrides.is_empty()).then(|| {
        let map: std::collections::BTreeMap<_, _> = page.overrides.iter().cloned().collect();
        view! { <script type="application/json" id=OVERRIDES_ELEMENT_ID inner_html=json_for_script(&map)></script> }
    });
    let banner = DevBanner(page.overrides.clone(), page.refused_overrides.clone());
    // Leptos' own inline scripts (the live-reload one under `cargo leptos watch`) read it too.
    let nonce = page.nonce.map(leptos::nonce::Nonce::from_value);
    if let Some(nonce) = nonce.clone() {
        provide_context(nonce);
    }
    let shell_styles = match page.shell_styles.clone() {
        // Allowed by its hash in the page's policy.
        Some(css) => view! { <style inner_html=css.as_str().to_owned()></style> }.into_any(),
        None => view! { <link rel="stylesheet" href="/pkg/container.css"/> }.into_any(),
    };
    view! {
        <!DOCTYPE html>
        <html lang="en" data-mf-load-timeout-ms=page.load_timeout_ms>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#0b6e4f"/>
                // No favicon request on a slow connection.
                <link rel="icon" href="data:,"/>
                <script nonce=nonce.clone() inner_html=THEME_BOOT></script>
                <script nonce=nonce.clone() inner_html=PRERENDER_GUARD></script>
                {shell_styles}
                {dev_styles}
                <link rel="modulepreload" href=runtime_js/>
                // The runtime's wasm downloads with its JS, not after it.
                <link rel="preload" r#as="fetch" crossorigin="anonymous" href=runtime_wasm/>
                <AutoReload options=options.clone()/>
                <MetaTags/>
            </head>
            <body>
                {banner}
                <App/>
                <script type="application/json" id=REMOTE_MAP_ELEMENT_ID inner_html=remotes></script>
                {contract}
                <script type="application/json" id=STATE_ELEMENT_ID inner_html=state></script>
                {overrides}
                <script type="module" nonce=nonce.clone() inner_html=boot></script>
                <script nonce=nonce inner_html=offline></script>
            </body>
        </html>
    }
}

/// While remote overrides are asked for: which remotes come from where, with a
/// link that clears each, and why any were refused. Never on a student's page.
#[allow(non_snake_case)]
fn DevBanner(active: Vec<(String, String)>, refused: Vec<String>) -> Option<impl IntoView> {
    if active.is_empty() && refused.is_empty() {
        return None;
    }
    let active = active
        .into_iter()
        .map(|(name, base)| {
            let clear = format!("?remote.{name}=");
            view! {
                <li data-mf-override=name.clone()>
                    <code>{name.clone()}</code>" from "<code>{base}</code>" "
                    // A full load: the page's runtime and remote map change.
                    <a href=clear data-mf-reload="">"Clear"</a>
                </li>
            }
        })
        .collect_view();
    let refused = refused.into_iter().map(|why| view! { <li class="mf-dev-refused">{why}</li> }).collect_view();
    Some(view! {
        <div class="mf-dev-banner" role="status" data-mf-dev-banner="">
            <strong>"Remote overrides (this browser only)"</strong>
            <ul>{active}{refused}</ul>
        </div>
    })
}

/// The shared state the server knows: `{"session": user or null}` (in the
/// page's `#mf-state`, and given to modules the server renders).
pub fn server_state(
    user: Option<contract::state::SessionUser>,
) -> std::collections::BTreeMap<&'static str, contract::state::Session> {
    use federation::state::SharedState;
    std::collections::BTreeMap::from([(contract::state::Session::KEY, contract::state::Session(user))])
}

/// JSON that is safe inside `<script>`: no `</script>` or `<!--` can appear.
pub fn json_for_script(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "{}".into()).replace('<', "\\u003c")
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_boot_script_names_the_runtime() {
        let boot = runtime_boot("container-dev");
        assert!(boot.contains("import('/pkg/container-dev.js'"), "{boot}");
        assert!(boot.contains("{module_or_path:'/pkg/container-dev.wasm'}"), "{boot}");
        assert!(boot.contains(RUNTIME_FAILED) && !RUNTIME_FAILED.contains(['\'', '<']), "{boot}");
    }

    #[test]
    fn the_theme_boot_script_reads_the_contracts_theme_key() {
        use federation::state::storage_key;
        assert!(THEME_BOOT.contains(&format!("'{}'", storage_key::<contract::state::Theme>())));
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let json = json_for_script(&"</script><script>alert(1)</script>");
        assert!(!json.contains('<'), "{json}");
        let back: String = serde_json::from_str(&json).unwrap();
        assert_eq!(back, "</script><script>alert(1)</script>");
    }
}
