//! What the sign-in and sign-up forms share: a field's message comes from the
//! browser's check once the form was submitted, else from the server's answer.

use federation::http::HttpError;
use leptos::prelude::*;

/// The message to show under `field`.
pub(crate) fn field_error(
    field: &'static str,
    check: fn(&str) -> Result<(), &'static str>,
    value: RwSignal<String>,
    checked: RwSignal<bool>,
    server: RwSignal<Option<HttpError>>,
) -> Signal<Option<String>> {
    Signal::derive(move || {
        let local = checked.get().then(|| check(&value.read()).err().map(str::to_owned)).flatten();
        local.or_else(|| server.read().as_ref().and_then(|e| e.field(field).map(str::to_owned)))
    })
}
