//! JSON over HTTP for remotes: typed requests and the platform API's typed
//! errors (`{"error": {"code", "message", "fields"}}`), so every remote shows the
//! server's message instead of a status number.

use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::answer::{Fields, FromAnswer, Misread, ToJson};
use crate::js::describe;
use crate::text::concat;

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
        let message = concat(&["Cannot reach the server (", detail, "). Check your connection and try again."]);
        Self { status: 0, code: String::from("network"), message, fields: Vec::new() }
    }

    /// An answer that did not decode as what the remote expects (`detail`: why).
    fn unexpected(status: u16, detail: String) -> Self {
        Self {
            status,
            code: String::from("unexpected_answer"),
            message: String::from("The server's answer was not understood; reload the page."),
            fields: vec![(String::from("detail"), detail)],
        }
    }

    /// The message for `field`, if the server gave one.
    pub fn field(&self, field: &str) -> Option<&str> {
        self.fields.iter().find(|(name, _)| name == field).map(|(_, message)| message.as_str())
    }
}

/// The API's error answer, `{"error": {"code", "message", "fields"}}` (`fields`:
/// field → message, optional); its status is set by the caller.
impl FromAnswer for HttpError {
    fn from_answer(value: &JsValue) -> Result<Self, Misread> {
        let error = Fields::of(value)?.value("error")?;
        let error = Fields::of(&error)?;
        Ok(Self {
            status: 0,
            code: error.read("code")?,
            message: error.read("message")?,
            fields: error.texts("fields"),
        })
    }
}

/// Sends `body` (if any) as JSON with `method` to `url` (same origin, with
/// cookies) and reads the JSON answer as a `T` ([`FromAnswer`]; serde in a server
/// render, from the render request); `()` for an empty answer.
pub async fn request<T: FromAnswer + DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<&impl ToJson>,
) -> Result<T, HttpError> {
    request_with(method, url, body, &[]).await
}

/// [`request`] with extra request `headers` (name, value), such as an
/// `Idempotency-Key`.
pub async fn request_with<T: FromAnswer + DeserializeOwned>(
    method: &str,
    url: &str,
    body: Option<&impl ToJson>,
    extra: &[(&str, &str)],
) -> Result<T, HttpError> {
    // Rendering on the server: the reads the server answered, and nothing else
    // (a read it did not answer stays pending, so its loading state is rendered).
    #[cfg(feature = "server-render")]
    {
        let _ = (body, extra);
        server_answer(method, url).await
    }
    #[cfg(not(feature = "server-render"))]
    request_in_page(method, url, body, extra).await
}

/// [`request_with`] in a page.
#[cfg(not(feature = "server-render"))]
async fn request_in_page<T: FromAnswer>(
    method: &str,
    url: &str,
    body: Option<&impl ToJson>,
    extra: &[(&str, &str)],
) -> Result<T, HttpError> {
    // In the page, a first read the page carries (its server-rendered module's
    // data) is answered at once, without a request.
    if method == "GET" {
        if let Some(json) = answered(url) {
            return decode(200, json);
        }
    }
    let body = body.map_or(JsValue::UNDEFINED, ToJson::to_json);
    let (status, json) = exchange(method, url, &body, extra).await?;
    decode(status, json)
}

/// The answer's JSON as a `T`.
fn decode<T: FromAnswer>(status: u16, json: JsValue) -> Result<T, HttpError> {
    T::from_answer(&json).map_err(|e| HttpError::unexpected(status, e.into_detail()))
}

/// The answer the server rendering gave for a GET of `url`; pending forever otherwise.
#[cfg(feature = "server-render")]
async fn server_answer<T: DeserializeOwned>(method: &str, url: &str) -> Result<T, HttpError> {
    match (method == "GET").then(|| crate::remote::server_render::answered::<T>(url)).flatten() {
        Some(Ok(value)) => Ok(value),
        Some(Err(problem)) => Err(HttpError::unexpected(200, problem)),
        None => std::future::pending().await,
    }
}

#[wasm_bindgen(inline_js = "export function answered(url) {
  const answers = window.__mfAnswers;
  if (!answers || !(url in answers)) return undefined;
  const json = answers[url];
  delete answers[url];
  return json;
}
export async function send(method, url, body, extra) {
  const headers = {};
  for (let i = 0; i < extra.length; i += 2) headers[extra[i]] = extra[i + 1];
  const init = { method, credentials: 'same-origin', headers };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(url, init);
  let json = null;
  try {
    const text = await response.text();
    if (text) json = JSON.parse(text);
  } catch {
    // No body, or not JSON: null.
  }
  return [response.status, response.ok, json];
}")]
extern "C" {
    /// Sends `body` (a JS value, or undefined for none) as JSON with `method` to
    /// `url`, with the headers in `extra` (name, value, name, value…); resolves
    /// to `[status, ok, the answer's JSON or null]`, rejects when the server
    /// cannot be reached. One promise: the steps do not cross the boundary.
    fn send(method: &str, url: &str, body: &JsValue, extra: &js_sys::Array) -> js_sys::Promise;

    /// The JSON answer to a GET of `url` that the page carries (see
    /// `remote::handoff`), once: `undefined` when it has none (left).
    fn answered(url: &str) -> Option<JsValue>;
}

/// The status and JSON of a successful answer to the request, or the API's
/// error. Not generic: every typed request shares this code.
async fn exchange(
    method: &str,
    url: &str,
    body: &JsValue,
    extra: &[(&str, &str)],
) -> Result<(u16, JsValue), HttpError> {
    let headers = js_sys::Array::new();
    for (name, value) in extra {
        headers.push(&JsValue::from_str(name));
        headers.push(&JsValue::from_str(value));
    }
    let answer =
        JsFuture::from(send(method, url, body, &headers)).await.map_err(|e| HttpError::network(&describe(&e)))?;
    let get = |i: u32| js_sys::Reflect::get_u32(&answer, i).unwrap_or(JsValue::NULL);
    let status = get(0).as_f64().unwrap_or(0.0) as u16;
    let json = get(2);
    if get(1).is_truthy() {
        return Ok((status, json));
    }
    Err(match HttpError::from_answer(&json) {
        Ok(error) => HttpError { status, ..error },
        Err(_) => HttpError {
            status,
            code: String::from("http"),
            message: String::from("The server could not answer; try again in a moment."),
            fields: Vec::new(),
        },
    })
}
