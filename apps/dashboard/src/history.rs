//! Exam history from the API.

pub(crate) use contract::api::AttemptSummary as Summary;

/// The signed-in student's attempts, newest first, or a message to show.
pub(crate) async fn fetch_history() -> Result<Vec<Summary>, String> {
    federation::http::request("GET", "/api/attempts", None::<&()>).await.map_err(|e| e.message)
}

/// A date like `2026-11-25` from seconds since the Unix epoch, in the browser's
/// time zone.
pub(crate) fn date(seconds: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0));
    format!("{}-{:02}-{:02}", date.get_full_year(), date.get_month() + 1, date.get_date())
}
