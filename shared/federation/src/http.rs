//! JSON over HTTP for remotes: typed requests and the platform API's typed
//! errors (`{"error": {"code", "message", "fields"}}`), so every remote shows the
//! server's message instead of a status number.

use std::fmt;

use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{RequestCredentials, RequestInit, Response};

use crate::bus::browser::{from_js, to_js};
use crate::js::describe;

/// A failed request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpError {
    /// The HTTP status; 0 when the server could not be reached.
    pub status: u16,
    /// The API's error code (`wrong_credentials`), or `network`.
    pub code: String,
    /// A message to show.
    pub message: String,
    /// Messages per field (field, message), for forms: a list, since an answer
    /// names a few fields and a map would cost every remote bytes.
    pub fields: Vec<(String, String)>,
}

impl HttpError {
    fn network(detail: &str) -> Self {
        let mut message = String::from("Cannot reach the server (");
        message.push_str(detail);
        message.push_str("). Check your connection and try again.");
        Self { status: 0, code: String::from("network"), message, fields: Vec::new() }
    }

    /// The message for `field`, if the server gave one.
    pub fn field(&self, field: &str) -> Option<&str> {
        self.fields.iter().find(|(name, _)| name == field).map(|(_, message)| message.as_str())
    }
}

#[derive(serde::Deserialize)]
struct ErrorBody {
    error: ErrorDetail,
}

#[derive(serde::Deserialize)]
struct ErrorDetail {
    code: String,
    message: String,
    #[serde(default, deserialize_with = "messages")]
    fields: Vec<(String, String)>,
}

/// The `fields` object (field → message) as a list.
fn messages<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<(String, String)>, D::Error> {
    struct Messages;
    impl<'de> Visitor<'de> for Messages {
        type Value = Vec<(String, String)>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object of messages per field")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut messages = Vec::new();
            while let Some(entry) = map.next_entry()? {
                messages.push(entry);
            }
            Ok(messages)
        }
    }
    deserializer.deserialize_map(Messages)
}

/// Sends `body` (if any) as JSON with `method` to `url` (same origin, with
/// cookies) and decodes the JSON answer; `()` for an empty answer.
pub async fn request<T: DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<&impl Serialize>,
) -> Result<T, HttpError> {
    request_with(method, url, body, &[]).await
}

/// [`request`] with extra request `headers` (name, value), such as an
/// `Idempotency-Key`.
pub async fn request_with<T: DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<&impl Serialize>,
    extra: &[(&str, &str)],
) -> Result<T, HttpError> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_credentials(RequestCredentials::SameOrigin);
    let headers = web_sys::Headers::new().map_err(|e| HttpError::network(&describe(&e)))?;
    for (name, value) in extra {
        let _ = headers.set(name, value);
    }
    if let Some(body) = body {
        let value = to_js(body).map_err(|e| HttpError::network(&e))?;
        let text = js_sys::JSON::stringify(&value).map_err(|e| HttpError::network(&describe(&e)))?;
        init.set_body(&text);
        let _ = headers.set("content-type", "application/json");
    }
    init.set_headers(&headers);
    let window = web_sys::window().ok_or_else(|| HttpError::network("no window"))?;
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(|e| HttpError::network(&describe(&e)))?
        .unchecked_into();
    let status = response.status();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()).unwrap_or_default(),
        Err(_) => String::new(),
    };
    let json = if text.is_empty() { JsValue::NULL } else { js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL) };
    if response.ok() {
        return from_js(json).map_err(|e| HttpError {
            status,
            code: String::from("unexpected_answer"),
            message: String::from("The server's answer was not understood; reload the page."),
            fields: vec![(String::from("detail"), e)],
        });
    }
    match from_js::<ErrorBody>(json) {
        Ok(ErrorBody { error }) => {
            Err(HttpError { status, code: error.code, message: error.message, fields: error.fields })
        }
        Err(_) => Err(HttpError {
            status,
            code: String::from("http"),
            message: String::from("The server could not answer; try again in a moment."),
            fields: Vec::new(),
        }),
    }
}
