//! One HTTP reply as the checker sees it, and the time limits of a request: shared by the
//! client (`http`) and the raw-socket client (`raw`), so neither needs the other.

use std::time::Duration;

use serde_json::Value;

/// Per-request ceiling: a local starter answers in milliseconds, a slow first request in ~1 s.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(8);
pub(crate) const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// What came back from one request.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    /// HTTP status, or 0 when no response arrived.
    pub status: u16,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body as text (lossy UTF-8), or the transport error when `status == 0`.
    pub body: String,
    /// The body parsed as JSON, when it parses.
    pub json: Option<Value>,
    /// True when the request was not sent because the server had stopped responding.
    pub skipped: bool,
}

impl Reply {
    /// A reply that arrived: `bytes` is the body.
    pub fn new(status: u16, content_type: Option<String>, bytes: &[u8]) -> Reply {
        Reply {
            status,
            content_type,
            body: String::from_utf8_lossy(bytes).into_owned(),
            json: serde_json::from_slice(bytes).ok(),
            skipped: false,
        }
    }

    /// No reply: `message` says why.
    pub fn transport(message: String, skipped: bool) -> Reply {
        Reply {
            status: 0,
            content_type: None,
            body: message,
            json: None,
            skipped,
        }
    }

    /// `422 {"error": ...}` or `no response (timeout ...)`, shortened for a report.
    pub fn summary(&self) -> String {
        if self.status == 0 {
            return format!("no response ({})", self.body);
        }
        if self.body.is_empty() {
            return format!("{} with an empty body", self.status);
        }
        format!("{} {}", self.status, shorten(&self.body, 200))
    }

    /// The response's `Content-Type` is JSON (parameters such as `charset` allowed).
    pub fn is_json_type(&self) -> bool {
        self.content_type.as_deref().is_some_and(|ct| {
            let essence = ct.split(';').next().unwrap_or("").trim();
            essence.eq_ignore_ascii_case("application/json")
        })
    }
}

/// Cuts `s` to about `max` characters, saying how much was left out, on one line: line
/// breaks and other control characters are escaped so a report stays readable.
pub(crate) fn shorten(s: &str, max: usize) -> String {
    let count = s.chars().count();
    let mut out: String = s
        .chars()
        .take(max)
        .map(|c| {
            if c.is_control() {
                c.escape_debug().to_string()
            } else {
                c.to_string()
            }
        })
        .collect();
    if count > max {
        out.push_str(&format!("... ({count} chars)"));
    }
    out
}
