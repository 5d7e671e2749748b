//! The reference server's HTTP/1.1 layer: one thread per connection, keep-alive, bodies by
//! `Content-Length`. The application ([`App`]) decides from the request head alone whether
//! the body is wanted (a 404, 415 or 413 is answered before it is read).

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use super::app::{App, Step};
use super::wire::Head;

/// Longest request head read: request line and headers.
const HEAD_MAX: usize = 64 * 1024;
/// Largest unwanted body read and thrown away to keep a connection usable; a longer one
/// closes the connection once the answer is written.
const DRAIN_MAX: usize = 16 * 1024 * 1024;
/// An idle connection is closed after this long.
const IDLE: Duration = Duration::from_secs(30);

/// A running server on `127.0.0.1` at a port of its own; stopped when dropped.
pub(super) struct Server {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    pub app: Arc<App>,
}

impl Server {
    pub fn start(app: App) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
        let addr = listener.local_addr().expect("a bound address");
        let stop = Arc::new(AtomicBool::new(false));
        let app = Arc::new(app);
        let accept = {
            let (stop, app) = (Arc::clone(&stop), Arc::clone(&app));
            thread::spawn(move || {
                for conn in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(conn) = conn else { continue };
                    let app = Arc::clone(&app);
                    thread::spawn(move || serve(conn, &app));
                }
            })
        };
        Server {
            addr,
            stop,
            accept: Some(accept),
            app,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(accept) = self.accept.take() {
            let _ = accept.join();
        }
    }
}

/// Serves requests on one connection until the client closes it or an answer closes it.
fn serve(stream: TcpStream, app: &App) {
    let _ = stream.set_read_timeout(Some(IDLE));
    let _ = stream.set_nodelay(true);
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    loop {
        let head = match read_head(&mut reader) {
            Ok(Some(head)) => head,
            Ok(None) => return,
            Err(why) => {
                let mut resp = app.bad_request(&why);
                resp.close = true;
                let _ = resp.write_to(&mut writer);
                return;
            }
        };
        let close = head.wants_close();
        let resp = match app.before_body(&head) {
            Step::Answer(mut resp) => {
                // The body is not wanted: answer first, then read it away (or close).
                let drain = head.content_length <= DRAIN_MAX;
                resp.close |= close || !drain;
                if resp.write_to(&mut writer).is_err() {
                    return;
                }
                if !drain || discard(&mut reader, head.content_length).is_err() || resp.close {
                    return;
                }
                continue;
            }
            Step::Read(write) => {
                if head
                    .header("expect")
                    .is_some_and(|e| e.eq_ignore_ascii_case("100-continue"))
                {
                    let _ = writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
                }
                let mut body = vec![0u8; head.content_length];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let mut resp = app.write(write, &body);
                resp.close |= close;
                resp
            }
        };
        if resp.write_to(&mut writer).is_err() || resp.close {
            return;
        }
    }
}

fn discard(reader: &mut impl Read, len: usize) -> io::Result<()> {
    let copied = io::copy(&mut reader.take(len as u64), &mut io::sink())?;
    if copied == len as u64 {
        Ok(())
    } else {
        Err(io::ErrorKind::UnexpectedEof.into())
    }
}

/// Reads a request head. `Ok(None)` when the client closed the connection between requests;
/// `Err` with a reason for a head that is not HTTP/1.x.
fn read_head(reader: &mut impl BufRead) -> Result<Option<Head>, String> {
    let mut lines = Vec::new();
    let mut total = 0;
    loop {
        let mut line = Vec::new();
        let n = reader
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return if lines.is_empty() && total == 0 {
                Ok(None)
            } else {
                Err("the connection closed inside the request head".into())
            };
        }
        total += n;
        if total > HEAD_MAX {
            return Err("request head too long".into());
        }
        let text = String::from_utf8(line).map_err(|_| "request head is not UTF-8".to_string())?;
        let text = text.trim_end_matches(['\r', '\n']).to_string();
        if text.is_empty() {
            if lines.is_empty() {
                // Blank lines before a request line are tolerated (RFC 9112, 2.2).
                continue;
            }
            break;
        }
        lines.push(text);
    }
    let mut request_line = lines[0].split(' ');
    let (Some(method), Some(target), Some(version), None) = (
        request_line.next(),
        request_line.next(),
        request_line.next(),
        request_line.next(),
    ) else {
        return Err(format!("bad request line {:?}", lines[0]));
    };
    if !version.starts_with("HTTP/1.") || method.is_empty() || !target.starts_with('/') {
        return Err(format!("bad request line {:?}", lines[0]));
    }
    let mut headers = Vec::new();
    for line in &lines[1..] {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("bad header line {line:?}"))?;
        headers.push((name.trim().to_string(), value.trim().to_string()));
    }
    let mut head = Head {
        method: method.to_string(),
        path: target.split('?').next().unwrap_or(target).to_string(),
        headers,
        content_length: 0,
        http10: version == "HTTP/1.0",
    };
    if head.header("transfer-encoding").is_some() {
        return Err("chunked request bodies are not supported".into());
    }
    if let Some(len) = head.header("content-length") {
        head.content_length = len
            .parse()
            .map_err(|_| format!("bad Content-Length {len:?}"))?;
    }
    Ok(Some(head))
}
