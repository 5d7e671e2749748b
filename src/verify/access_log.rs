//! The `ACCESS_LOG` convention every full starter follows: one log line per request by
//! default, none with `ACCESS_LOG=off`. `bench` measures with it off, so that a framework
//! is not charged for writing a line per request while another is not; `verify` proves both
//! states of every starter, and `bench` records which state it really measured.

use std::path::Path;
use std::time::{Duration, Instant};

/// The variable, and the one value that turns the line per request off.
pub(crate) const VAR: &str = "ACCESS_LOG";
pub(crate) const OFF: &str = "off";
pub(crate) const ON: &str = "on";

/// How long a line may take to reach the log. Every starter writes its lines unbuffered or
/// flushes per line, so this is only slack for a busy machine; an absent line costs this much.
const WAIT: Duration = Duration::from_secs(2);

/// Sends `GET {base}/health?<unique query>` and reports whether the server logged it to `log`
/// within [`WAIT`]. The query is unique to this call, so a line from an earlier request or
/// another run cannot be mistaken for it; an access log names a request's path and query.
/// (Not an unknown path: some frameworks log a warning for every 404, access log or not.)
pub(crate) fn logged(base: &str, log: &Path) -> Result<bool, String> {
    let nonce = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let path = format!(
        "/health?scaffold-access-log-probe={}-{nonce}",
        std::process::id()
    );
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(5)))
        .http_status_as_error(false)
        .build()
        .into();
    agent
        .get(&format!("{base}{path}"))
        .call()
        .map_err(|e| format!("GET {path} failed: {e}"))?;
    let start = Instant::now();
    loop {
        let text = std::fs::read(log).unwrap_or_default();
        if String::from_utf8_lossy(&text).contains(&path) {
            return Ok(true);
        }
        if start.elapsed() > WAIT {
            return Ok(false);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    /// A one-request server that writes the request line to `log` when `log_it`.
    fn serve_once(log: &Path, log_it: bool) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let log = log.to_path_buf();
        std::thread::spawn(move || {
            let (stream, _) = listener.accept().expect("accept");
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut line = String::new();
            reader.read_line(&mut line).expect("request line");
            if log_it {
                std::fs::write(&log, format!("{}\n", line.trim_end())).expect("log");
            }
            let mut stream = stream;
            stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                .expect("reply");
        });
        base
    }

    #[test]
    fn a_logged_request_is_found_and_an_unlogged_one_is_not() {
        let dir = tempfile::tempdir().expect("tempdir");
        let log = dir.path().join("server.log");
        assert_eq!(logged(&serve_once(&log, true), &log), Ok(true));
        let quiet = dir.path().join("quiet.log");
        std::fs::write(&quiet, "GET /health?scaffold-access-log-probe=1-2 200\n").expect("write");
        assert_eq!(logged(&serve_once(&quiet, false), &quiet), Ok(false));
    }
}
