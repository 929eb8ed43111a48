//! What the browser measured about the files a page fetched.

use wasm_bindgen::JsCast;

/// Bytes received for `urls` (compressed, as on the wire), from the browser's
/// resource timing; 0 when it cannot tell (another origin without
/// `Timing-Allow-Origin`, or from the cache).
pub(crate) fn transferred(urls: &[String]) -> f64 {
    let Some(performance) = web_sys::window().and_then(|w| w.performance()) else { return 0.0 };
    urls.iter()
        .filter_map(|url| performance.get_entries_by_name(url).iter().last())
        .filter_map(|entry| entry.dyn_into::<web_sys::PerformanceResourceTiming>().ok())
        .map(|timing| timing.encoded_body_size())
        .sum()
}
