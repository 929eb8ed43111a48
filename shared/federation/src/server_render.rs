//! The protocol between the server and a remote's `server-render` build (see
//! `remote::server_render` for the remote's side): what the server asks, and
//! how the answer reads.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The export that gives the server memory for a request: `mf_alloc(len) -> ptr`.
pub const ALLOC_EXPORT: &str = "mf_alloc";
/// The export that renders: `mf_render(ptr, len) -> answer` (the answer's
/// address in the high 32 bits, its length in the low 32).
pub const RENDER_EXPORT: &str = "mf_render";
/// The first character of an answer that is HTML.
pub const HTML_MARK: char = 'H';
/// The first character of an answer that says why there is no HTML.
pub const ERROR_MARK: char = 'E';
/// The first character of an answer that declines: the module's page is not
/// one it renders on the server (its content is only in the browser).
pub const DECLINED_MARK: char = 'D';

/// What the server asks a `server-render` build to render.
#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct RenderRequest {
    /// The exposed module.
    pub module: String,
    /// The props the page passes it (a JSON object's string values).
    #[serde(default)]
    pub props: BTreeMap<String, String>,
    /// The API reads already answered, by URL: the JSON of each 2xx answer.
    #[serde(default)]
    pub reads: BTreeMap<String, Value>,
    /// Shared state, by key (`session`).
    #[serde(default)]
    pub state: BTreeMap<String, Value>,
    /// The student's browser's offset from UTC in minutes (Manila: 480), when
    /// the page request said it (the page's `mf-tz` cookie): dates render in the
    /// student's time zone, as the live module shows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utc_offset_minutes: Option<i32>,
}

/// The HTML of an answer (`None` when the module declined), or the problem it
/// or its bytes report.
pub fn read_answer(bytes: &[u8]) -> Result<Option<String>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| String::from("the answer is not UTF-8"))?;
    let mut chars = text.chars();
    match chars.next() {
        Some(HTML_MARK) => Ok(Some(chars.as_str().to_owned())),
        Some(DECLINED_MARK) => Ok(None),
        Some(ERROR_MARK) => Err(chars.as_str().to_owned()),
        _ => Err(String::from("the answer is neither HTML nor an error")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_read_as_html_or_the_problem() {
        assert_eq!(read_answer(b"H<p>hi</p>"), Ok(Some("<p>hi</p>".into())));
        assert_eq!(read_answer(b"D"), Ok(None));
        assert_eq!(read_answer(b"Eno such module"), Err("no such module".into()));
        assert!(read_answer(b"").is_err());
        assert!(read_answer(b"<p>").is_err());
        assert!(read_answer(&[b'H', 0xff]).is_err());
    }
}
