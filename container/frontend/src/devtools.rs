//! Developers' tools in the dev runtime (feature `devtools`; the server serves
//! this build in dev mode and to a browser with remote overrides, never to
//! students): remote overrides, read before anything loads, and the devtools
//! panel (`?devtools` or the `` ` `` key).

mod overrides;
mod panel;

pub(crate) use overrides::apply as apply_overrides;
pub(crate) use panel::install as install_panel;
