//! Nothing after `</html>`: Leptos' server renderer appends two inline scripts
//! after the document (the state of resources streamed out of order, for
//! hydration). The container's shell never hydrates and streams no resources,
//! so on every page they were bytes on the wire and two script runs for nothing.

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::Response;
use http_body_util::BodyExt;

/// The end of a document.
const END: &[u8] = b"</html>";

/// Drops whatever an HTML page sends after its `</html>` (as it streams: each
/// chunk as it comes). A page whose `</html>` is split across chunks, or that
/// has none, is sent whole.
pub(crate) async fn trim(response: Response) -> Response {
    let html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    if !html {
        return response;
    }
    let (parts, body) = response.into_parts();
    let mut ended = false;
    let body = body.map_frame(move |frame| {
        frame.map_data(|chunk: Bytes| {
            if ended {
                return Bytes::new();
            }
            match chunk.windows(END.len()).position(|window| window == END) {
                Some(at) => {
                    ended = true;
                    chunk.slice(..at + END.len())
                }
                None => chunk,
            }
        })
    });
    Response::from_parts(parts, Body::new(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `chunks` streamed as a page with `content_type`, through [`trim`].
    async fn trimmed(content_type: &str, chunks: &[&'static str]) -> String {
        let chunks = chunks.iter().map(|c| Ok::<_, std::convert::Infallible>(Bytes::from_static(c.as_bytes())));
        let response = Response::builder()
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from_stream(futures_util::stream::iter(chunks.collect::<Vec<_>>())))
            .unwrap();
        let bytes = trim(response).await.into_body().collect().await.unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[tokio::test]
    async fn a_page_ends_at_its_end() {
        let page =
            ["<!DOCTYPE html><html><body>", "<p>hi</p></body></html><script>x()</script>", "<script>y()</script>"];
        assert_eq!(
            trimmed("text/html; charset=utf-8", &page).await,
            "<!DOCTYPE html><html><body><p>hi</p></body></html>"
        );
    }

    #[tokio::test]
    async fn other_answers_and_split_ends_are_sent_whole() {
        let split = ["<html></ht", "ml><script>x()</script>"];
        assert_eq!(trimmed("text/html", &split).await, "<html></html><script>x()</script>");
        let json = [r#"{"a":"</html>"}"#, "!"];
        assert_eq!(trimmed("application/json", &json).await, r#"{"a":"</html>"}!"#);
    }
}
