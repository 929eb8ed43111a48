//! Byte budgets: each bundle's brotli bytes may not grow past its ceiling. Bytes
//! are deterministic, so `cargo xtask test` enforces them after the build. The
//! ceilings are today's sizes with a little headroom: lower one whenever a bundle
//! shrinks. The goals are where the bundles must get to (issues 2 and 5); they
//! are printed, not yet enforced.

/// Bundle → ceiling in brotli bytes (every file of the bundle together).
const CEILINGS: &[(&str, u64)] = &[
    // +1.8 KB to take over from its prerendered form (what was typed, focused, a held-back submit):
    // the sign-in form then shows from the server's HTML, ~0.8 s before the wasm (issue 5).
    // −4.1 KB (2026-12-02): the bus decoder calls only the visitor method a type asks for, and
    // API errors keep their field messages in a list, not a BTreeMap (the same in every remote).
    // −0.8 to −0.95 KB each (2026-12-04): the shared state's and the bus's raw protocol (the store,
    // localStorage and its bridge across tabs, dispatch) is JS in the glue, not wasm; then the API
    // client's request is one JS call and not generic (dashboard −0.3 KB, nursing −1.2 KB); auth
    // −0.9 KB: taking over from its prerendered form is JS (`remote/handoff.js`). −1.5 to −1.7 KB
    // each: the build drops wasm-streams' exported classes, which no remote uses (since replaced, see below);
    // −0.2 KB each: error messages list names with a loop, not `join`.
    // −4.2 KB for auth and ui-components, −0.5 KB dashboard, −1.2 KB nursing (2026-12-04, later): every
    // remote allocates with a free list (lol_alloc), and the workspace's own send_wrapper asks std for no
    // thread handle on wasm, so dlmalloc (which std's thread handle allocates with) is gone where nothing
    // else asks for the thread; dashboard and nursing keep it (reactive_graph's async transitions send
    // on a std channel, which asks for the thread).
    // −13.0 KB dashboard, −13.2 KB nursing (2026-12-04, later still): their reads use `use_async`, not
    // Leptos' `LocalResource`, whose async-derived machinery and transitions (a std channel, which asked
    // for the thread and so kept dlmalloc) are then out of the bundle.
    // +0.8 KB dashboard, +0.9 KB nursing (2026-12-04, evening): they take over the HTML the server
    // rendered with the student's data (`#[server_render]`), their first reads answered from the data
    // the page carries (`use_async` polls once; `http` looks in the page first): the history and the
    // topics show in the first paint, ~0.5 s before the wasm (issue 5). auth +0.06 KB (the same hooks).
    // −2.1 KB auth, −2.6 KB nursing, dashboard ±0 (2026-12-05): the API's answers (and its error
    // answers) are read field by field (`federation::answer`), not with
    // serde's derived visitors; dashboard reads one small list, so its reader costs what it saves.
    // −2.2 KB auth, −4.5 KB dashboard, −2.2 KB nursing, −1.4 KB ui-components (2026-12-05, later):
    // events, shared state and request bodies too are read and written with `federation::answer`
    // (`#[derive(FromAnswer, ToJson)]` from the serde shape), so serde_wasm_bindgen and the bus's
    // serde decoder are out of every bundle.
    // −4.9 KB auth, −4.6 KB dashboard, −4.7 KB nursing, −4.8 KB ui-components (2026-12-05, night):
    // the workspace's own `wasm-streams` (shared/wasm-streams) has no exported classes, so the stream
    // adapters' futures, reached only through their vtables, and std's io error texts are out of every
    // bundle (about −4.4 KB each); wasm-opt sorts functions by name and runs -Oz twice (about −0.45 KB).
    // −0.45 KB (2026-12-07): `expose!` no longer exports `exposed()` (the manifest lists the modules).
    // −0.67 KB auth, −0.70 KB dashboard (2026-12-07, later): the build frees the closure shims
    // wasm-bindgen leaves in the function table (`closure_shims.rs`), which wasm-opt then drops.
    // −0.06 KB auth, −0.01 KB dashboard (2026-12-08): the wasm imports each snippet module under a
    // short name (`b`, `c`…), not its path (`./snippets/<crate>-<hash>/inline3.js`), in the wasm
    // and the glue's imports object (`glue.rs`). About −0.1 KB each, the runtime too: the glue has no
    // `initSync` (every bundle starts with the default export) nor the init's warning for old
    // argument forms.
    ("auth", 51_500),
    ("dashboard", 49_450),
    // +8.6 KB for answers kept offline (IndexedDB outbox, idempotency keys, the sync indicator; issue 9).
    // −2.5 KB (2026-12-04, night): the outbox's IndexedDB steps, its idempotency key and the background
    // sync request are a few lines of JS (`apps/nursing/src/outbox/store.js`), not web-sys calls.
    // −2.6 KB (2026-12-05): API answers read without serde (see auth); −2.2 KB: events and state too.
    // −4.7 KB (2026-12-05, night): no wasm-streams classes; wasm-opt's order (see auth).
    // −0.5 KB (2026-12-07): no `exposed()` export (see auth); −0.71 KB: no table-only closure shims.
    // −0.24 KB (2026-12-08): snippet modules under short names (see auth); −0.1 KB: no `initSync`.
    ("nursing", 76_200),
    // −1.4 KB (2026-12-05): events and state read without serde (see auth).
    // −4.8 KB (2026-12-05, night): no wasm-streams classes; wasm-opt's order (see auth).
    // −0.55 KB (2026-12-07): no `exposed()` export (see auth); −0.72 KB: no table-only closure shims.
    ("ui-components", 39_700),
    // Runtime (JS glue + wasm) and the shell's styles; +1.8 KB for load telemetry (issue 8);
    // +2.4 KB for stylesheets fetched while the remote loads, attached before mount (a failed one
    // fetched again) and removed after the last unmount, shadow roots (issue 10); +0.3 KB to use up
    // the data preloads of modules that never mounted, so one cannot answer for the next user.
    // −2.7 KB (2026-12-03): the server checks each remote's contract for the page (a refused one is
    // listed with the reason), so the runtime reads no contract; one closure type for every
    // listener; remote-map entries shared (Rc), not copied, per load; no `join`.
    // +0.2 KB (2026-12-03, later): a prerendered module's styles, inlined by the server, become its
    // remote's stylesheet (no download; the mount waits for none); −0.06 KB: compacted styles.
    // −0.9 KB (2026-12-04): the page's remote map is one array per remote, read by position;
    // −0.6 KB: a remote's glue import and init are two JS promises, not a dozen web-sys calls;
    // −1.6 KB: the same for a request with its timeout, a stylesheet link with its settled promise,
    // a URL resolved against a base, a pause, a toast's removal; Retry's listener of the one type;
    // −0.7 KB: reading a fetched page in one JS call; −1.0 KB: the shared state's protocol in JS.
    // −0.08 KB (2026-12-05, night): wasm-opt sorts functions by name and runs -Oz twice.
    // −4.7 KB (2026-12-07): no table-only closure shims (−0.76 KB); DOM-only steps in JS snippets
    // (link detection, stylesheets, load reports, the page swap, the error panel, the session
    // corner, the toggles' attributes, preload use-up, unmount: wasm −5.8 KB, glue +0.9 KB);
    // versions and names parsed as bytes; index loops for the remote map; one out-of-line copy
    // of a failed entry's error; no `format!` on the hot paths. +0.1 KB: the last link followed
    // wins (a page that arrives after a later navigation started is dropped).
    // +0.09 KB (2026-12-07, later): Forward returns to where the student had scrolled (entry keys);
    // −0.38 KB: the runtime is `no_std` in the browser (its own panic handler, a trap: no std
    // panic machinery or hook).
    // −1.05 KB (2026-12-08): error messages and the few numbers it prints are put together
    // with `federation::text` (`concat`, `decimal`), not `fmt`: `fmt::write`, `ToString`, the
    // messages' `Display` code and their `&str` padding are out (core's precompiled panics still
    // keep `Formatter::pad` and `u32`'s `Display` in the table).
    // −0.11 KB: the loader takes its base URLs with `first` and `get`, not by index (no
    // `panic_bounds_check` left in the runtime).
    // −0.11 KB: snippet modules imported under short names (see auth); −0.1 KB: no `initSync`.
    ("container", 34_100),
    // The dev runtime (overrides, devtools panel): developers only, never students. It checks an
    // override's contract itself, and reads the page's for the panel. +0.2 KB as the runtime
    // (inlined styles). 2026-12-04: +0.3 KB to read the page's remote map by position like the
    // runtime (it keeps the walker over named fields for an override's manifest), −0.7 KB as the
    // runtime (glue import and init, requests, links in JS: −2.3 KB). −0.1 KB (2026-12-05, night):
    // wasm-opt's order. −3.6 KB (2026-12-07): as the runtime.
    ("container-dev", 60_600),
];

/// Bundle → goal in brotli bytes.
const GOALS: &[(&str, u64)] = &[
    ("auth", 25_000),
    ("dashboard", 25_000),
    ("nursing", 25_000),
    ("ui-components", 25_000),
    // 15 KB of runtime plus the styles.
    ("container", 16_100),
];

fn lookup(table: &[(&str, u64)], bundle: &str) -> Option<u64> {
    table.iter().find(|(name, _)| *name == bundle).map(|(_, bytes)| *bytes)
}

/// Fails with every bundle over its ceiling, or without one.
pub(crate) fn check(totals: &[(String, u64)]) -> Result<(), String> {
    let over: Vec<String> = totals
        .iter()
        .filter_map(|(bundle, bytes)| match lookup(CEILINGS, bundle) {
            Some(ceiling) if *bytes <= ceiling => None,
            Some(ceiling) => Some(format!("{bundle} is {bytes} bytes brotli, over its ceiling of {ceiling}")),
            None => Some(format!("{bundle} has no byte budget: add one to xtask/src/budgets.rs")),
        })
        .collect();
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!("byte budgets exceeded:\n  {}\n(find the cause in the size table; raise a ceiling only with a reason in the commit)", over.join("\n  ")))
    }
}

/// The budget table printed after the size table.
pub(crate) fn render(totals: &[(String, u64)]) -> String {
    let mut out = String::from("Byte budgets (brotli)\n| bundle | bytes | ceiling | goal |\n|---|--:|--:|--:|\n");
    for (bundle, bytes) in totals {
        let show = |v: Option<u64>| v.map_or("-".to_owned(), |v| v.to_string());
        out +=
            &format!("| {bundle} | {bytes} | {} | {} |\n", show(lookup(CEILINGS, bundle)), show(lookup(GOALS, bundle)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bundle_over_its_ceiling_fails() {
        let ceiling = lookup(CEILINGS, "auth").unwrap();
        assert!(check(&[("auth".into(), ceiling), ("container".into(), 1)]).is_ok());
        let error = check(&[("auth".into(), ceiling + 1)]).unwrap_err();
        let expected = format!("auth is {} bytes brotli, over its ceiling of {ceiling}", ceiling + 1);
        assert!(error.contains(&expected), "{error}");
        assert!(check(&[("new-remote".into(), 1)]).unwrap_err().contains("no byte budget"));
    }
}
