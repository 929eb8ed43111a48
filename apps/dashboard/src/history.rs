//! Exam history from the API.

use contract::state::Topic;
use serde::Deserialize;

/// One attempt in the history.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub(crate) struct Summary {
    pub(crate) id: u64,
    pub(crate) topic: Topic,
    pub(crate) started_at: i64,
    pub(crate) finished_at: Option<i64>,
    pub(crate) score: Option<u32>,
    pub(crate) total: u32,
}

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

/// The topic's name for people.
pub(crate) fn topic_name(topic: Topic) -> &'static str {
    match topic {
        Topic::Fundamentals => "Fundamentals",
        Topic::Pharmacology => "Pharmacology",
        Topic::MedicalSurgical => "Medical-surgical",
        Topic::MaternalChild => "Maternal and child health",
    }
}
