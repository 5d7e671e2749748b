//! A small HTTP client for the checker: every exchange ends in a [`Reply`], never an error.
//!
//! A misbehaving server (garbage body, closed connection, hang) must not stop or panic the
//! checker, so transport problems become a reply with `status == 0`. After a few transport
//! failures in a row the server is considered gone and later requests are skipped at once,
//! so a dead server costs seconds, not one timeout per check.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ureq::Agent;
use ureq::http::{Method, Request};

pub(crate) use super::reply::{CONNECT_TIMEOUT, Reply, TIMEOUT, shorten};

/// Consecutive transport failures after which the server is treated as gone.
const DEAD_AFTER: usize = 3;
/// Largest response body read; a list after the big-body check stays well under it.
const BODY_LIMIT: u64 = 64 * 1024 * 1024;
/// The media type the contract speaks.
const JSON: &str = "application/json";

/// A shared client for one server; cheap to clone into threads.
#[derive(Clone)]
pub(crate) struct Http {
    agent: Agent,
    base: String,
    failures_in_a_row: Arc<AtomicUsize>,
}

impl Http {
    pub fn new(base_url: &str) -> Http {
        let config = Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_global(Some(TIMEOUT))
            .timeout_connect(Some(CONNECT_TIMEOUT))
            // A fresh connection per request: a server that closes a kept-alive connection
            // (idle timeout, unread body after an error) must not fail the next, unrelated
            // check. Connecting on loopback costs microseconds.
            .max_idle_connections(0)
            .max_idle_connections_per_host(0)
            .build();
        Http {
            agent: config.new_agent(),
            base: base_url.trim_end_matches('/').to_string(),
            failures_in_a_row: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// True once the server has stopped answering.
    pub fn is_dead(&self) -> bool {
        self.failures_in_a_row.load(Ordering::SeqCst) >= DEAD_AFTER
    }

    /// Sends `method path` with an optional JSON body (sent as `application/json`).
    pub fn send(&self, method: &str, path: &str, body: Option<&[u8]>) -> Reply {
        self.send_counted(method, path, body, Some(JSON), true)
    }

    /// Sends a body with the given `Content-Type` header, or none at all.
    pub fn send_typed(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        content_type: Option<&str>,
    ) -> Reply {
        self.send_counted(method, path, Some(body), content_type, true)
    }

    /// Sends a body near or over the size limit, reading the reply while the body is still
    /// being written: a server may answer 413 and close without reading the rest.
    pub fn send_large(&self, method: &str, path: &str, body: &[u8]) -> Reply {
        if self.is_dead() {
            return Reply::transport("skipped: the server stopped responding".into(), true);
        }
        let reply = super::raw::send(&self.base, method, path, body);
        self.count(&reply);
        reply
    }

    /// Like [`Http::send`], but a transport failure does not count towards the server being
    /// gone: for parallel requests, where a server may shed a few connections and recover.
    pub fn send_parallel(&self, method: &str, path: &str, body: Option<&[u8]>) -> Reply {
        self.send_counted(method, path, body, Some(JSON), false)
    }

    fn send_counted(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        content_type: Option<&str>,
        counted: bool,
    ) -> Reply {
        if self.is_dead() {
            return Reply::transport("skipped: the server stopped responding".into(), true);
        }
        let reply = self.exchange(method, path, body, content_type);
        if counted {
            self.count(&reply);
        }
        reply
    }

    fn count(&self, reply: &Reply) {
        if reply.status == 0 {
            self.failures_in_a_row.fetch_add(1, Ordering::SeqCst);
        } else {
            self.failures_in_a_row.store(0, Ordering::SeqCst);
        }
    }

    fn exchange(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        content_type: Option<&str>,
    ) -> Reply {
        let method = match Method::from_bytes(method.as_bytes()) {
            Ok(m) => m,
            Err(e) => return Reply::transport(format!("bad method: {e}"), false),
        };
        let url = format!("{}{}", self.base, path);
        let mut builder = Request::builder()
            .method(method)
            .uri(url.as_str())
            .header("Accept", JSON);
        if let (Some(ct), Some(_)) = (content_type, body) {
            builder = builder.header("Content-Type", ct);
        }
        let result = match body {
            Some(bytes) => builder
                .body(bytes.to_vec())
                .map_err(|e| e.to_string())
                .and_then(|req| self.agent.run(req).map_err(|e| e.to_string())),
            None => builder
                .body(())
                .map_err(|e| e.to_string())
                .and_then(|req| self.agent.run(req).map_err(|e| e.to_string())),
        };
        let mut response = match result {
            Ok(r) => r,
            Err(e) => return Reply::transport(e, false),
        };
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        let bytes = match response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT)
            .read_to_vec()
        {
            Ok(b) => b,
            Err(e) => {
                return Reply::transport(format!("status {status}, body unreadable: {e}"), false);
            }
        };
        Reply::new(status, content_type, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_long_text_by_characters() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("éééééé", 3), "ééé... (6 chars)");
        assert_eq!(shorten("<p>\r\n\tx</p>", 50), "<p>\\r\\n\\tx</p>");
    }

    #[test]
    fn accepts_json_content_type_with_parameters() {
        let mut r = Reply::transport(String::new(), false);
        for (ct, ok) in [
            ("application/json", true),
            ("application/json; charset=utf-8", true),
            ("Application/JSON", true),
            ("text/html", false),
            ("application/problem+json", false),
        ] {
            r.content_type = Some(ct.into());
            assert_eq!(r.is_json_type(), ok, "{ct}");
        }
        r.content_type = None;
        assert!(!r.is_json_type());
    }

    #[test]
    fn sends_the_content_type_asked_for_or_none() {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let http = Http::new(&format!("http://{}", listener.local_addr().expect("addr")));
        let server = std::thread::spawn(move || {
            let mut heads = Vec::new();
            for _ in 0..2 {
                let (mut conn, _) = listener.accept().expect("accept");
                let mut buf = vec![0u8; 4096];
                let n = conn.read(&mut buf).unwrap_or(0);
                heads.push(String::from_utf8_lossy(&buf[..n]).to_lowercase());
                let _ = conn.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
            }
            heads
        });
        http.send_typed("POST", "/x", b"{}", Some("text/plain"));
        http.send_typed("POST", "/x", b"{}", None);
        let heads = server.join().expect("server");
        assert!(
            heads[0].contains("content-type: text/plain"),
            "{}",
            heads[0]
        );
        assert!(!heads[1].contains("content-type"), "{}", heads[1]);
    }

    #[test]
    fn an_unreachable_server_is_a_reply_not_a_panic() {
        // Port 9 (discard) is closed on any sane test machine.
        let http = Http::new("http://127.0.0.1:9");
        for _ in 0..DEAD_AFTER {
            assert_eq!(http.send("GET", "/health", None).status, 0);
        }
        assert!(http.is_dead());
        assert!(http.send("GET", "/health", None).skipped);
    }
}
