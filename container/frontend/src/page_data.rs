//! Data the server writes into the page for the runtime.

use alloc::{string::String, vec::Vec};

use federation::host::Entry;
use federation::text::concat;
use federation::REMOTE_MAP_ELEMENT_ID;
#[cfg(feature = "devtools")]
use federation::{ContractInfo, CONTRACT_ELEMENT_ID};
#[cfg(feature = "devtools")]
use wasm_bindgen::JsValue;
use web_sys::Document;

/// The remote map from the page's `<script type="application/json" id="mf-remotes">`.
pub(crate) fn remote_map(document: &Document) -> Result<Vec<Entry>, String> {
    let problem = |what: &str| concat(&["#", REMOTE_MAP_ELEMENT_ID, what]);
    let text = document
        .get_element_by_id(REMOTE_MAP_ELEMENT_ID)
        .and_then(|e| e.text_content())
        .ok_or_else(|| problem(" is missing from the page: no remote can be loaded"))?;
    let value = js_sys::JSON::parse(&text).map_err(|_| problem(" is not JSON"))?;
    federation::host::remote_map(&value).map_err(|e| problem(" is not a remote map: ") + &e.message())
}

/// The contract the page's server speaks, with its type fingerprints, from
/// `<script type="application/json" id="mf-contract">`; without it, the contract
/// this runtime was built with (no fingerprints). The dev runtime checks a
/// developer's overrides against it; the server checked the page's remotes.
#[cfg(feature = "devtools")]
pub(crate) fn host_contract(document: &Document) -> ContractInfo {
    let read = || {
        let text = document.get_element_by_id(CONTRACT_ELEMENT_ID)?.text_content()?;
        federation::host::host_contract(&js_sys::JSON::parse(&text).ok()?).ok()
    };
    read().unwrap_or_else(|| {
        web_sys::console::error_1(&JsValue::from_str(
            "#mf-contract is missing or malformed: remotes are checked by contract version only, not by type",
        ));
        contract::info()
    })
}

/// How long a remote's file may take to start arriving before the loader gives
/// up on that try: `<html data-mf-load-timeout-ms>` (the server's
/// `MF_LOAD_TIMEOUT_MS`), default 30 s.
pub(crate) fn load_timeout_ms(document: &Document) -> i32 {
    document
        .document_element()
        .and_then(|html| html.get_attribute("data-mf-load-timeout-ms"))
        .and_then(|ms| ms.parse().ok())
        .filter(|ms| *ms > 0)
        .unwrap_or(30_000)
}
