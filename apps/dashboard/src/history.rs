//! Exam history from the API.

pub(crate) use contract::api::AttemptSummary as Summary;

/// The signed-in student's attempts, newest first, or a message to show.
pub(crate) async fn fetch_history() -> Result<Vec<Summary>, String> {
    federation::http::request("GET", "/api/attempts", None::<&()>).await.map_err(|e| e.message)
}

/// A date like `2026-11-25` from seconds since the Unix epoch, in the browser's
/// time zone.
#[cfg(not(feature = "server-render"))]
pub(crate) fn date(seconds: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(seconds as f64 * 1000.0));
    format!("{}-{:02}-{:02}", date.get_full_year(), date.get_month() + 1, date.get_date())
}

/// A date like `2026-11-25` from seconds since the Unix epoch, in the
/// student's time zone when the page request said it, else UTC (the server's
/// render; the live module shows the browser's time zone).
#[cfg(feature = "server-render")]
pub(crate) fn date(seconds: i64) -> String {
    let offset = federation::remote::rendering_utc_offset_minutes().unwrap_or(0);
    utc_date(seconds + i64::from(offset) * 60)
}

/// A date like `2026-11-25` from seconds since the Unix epoch, in UTC.
#[cfg(feature = "server-render")]
fn utc_date(seconds: i64) -> String {
    // Days to a civil date (Howard Hinnant's algorithm).
    let days = seconds.div_euclid(86_400) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year}-{month:02}-{day:02}")
}

#[cfg(all(test, feature = "server-render"))]
mod tests {
    #[test]
    fn utc_dates() {
        assert_eq!(super::utc_date(0), "1970-01-01");
        assert_eq!(super::utc_date(1_764_028_800), "2025-11-25");
        assert_eq!(super::utc_date(951_782_400), "2000-02-29");
        assert_eq!(super::utc_date(-1), "1969-12-31");
        // No render request here: UTC.
        assert_eq!(super::date(1_764_028_800 - 1), "2025-11-24");
    }
}
