//! A plain-socket HTTP/1.1 exchange for bodies the server should refuse by size.
//!
//! A server that answers 413 may close the connection before the client has finished writing
//! the body; a client that writes first and reads after then sees a broken pipe instead of the
//! answer. Here one thread writes while the caller reads, and whatever arrived before a reset
//! still counts: the status line is enough.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::thread;

use super::reply::{CONNECT_TIMEOUT, Reply, TIMEOUT};

/// Most bytes of a response kept; a 413 answer is a few hundred.
const READ_LIMIT: usize = 8 * 1024 * 1024;

/// Sends `body` as `application/json` with `Connection: close` and reads the response.
pub(crate) fn send(base: &str, method: &str, path: &str, body: &[u8]) -> Reply {
    let Some(authority) = base
        .strip_prefix("http://")
        .map(|a| a.trim_end_matches('/'))
    else {
        return Reply::transport(format!("`{base}` is not an http:// URL"), false);
    };
    let addr = match authority.to_socket_addrs().map(|mut a| a.next()) {
        Ok(Some(addr)) => addr,
        Ok(None) => return Reply::transport(format!("`{authority}` has no address"), false),
        Err(e) => return Reply::transport(format!("cannot resolve `{authority}`: {e}"), false),
    };
    let stream = match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
        Ok(s) => s,
        Err(e) => return Reply::transport(format!("cannot connect: {e}"), false),
    };
    let _ = stream.set_read_timeout(Some(TIMEOUT));
    let _ = stream.set_write_timeout(Some(TIMEOUT));
    let mut writer = match stream.try_clone() {
        Ok(w) => w,
        Err(e) => return Reply::transport(format!("cannot clone the socket: {e}"), false),
    };
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {authority}\r\nAccept: application/json\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut reader = stream;
    thread::scope(|scope| {
        // Write errors (a reset after the server answered) are expected; the reply decides.
        let written = scope.spawn(move || {
            writer
                .write_all(head.as_bytes())
                .and_then(|()| writer.write_all(body))
        });
        let (bytes, error) = read_all(&mut reader);
        // A server that answered without reading the rest may keep the socket open: stop
        // writing now rather than wait out the write timeout.
        let _ = reader.shutdown(std::net::Shutdown::Both);
        let _ = written.join();
        parse(&bytes).unwrap_or_else(|| {
            let why = error.unwrap_or_else(|| "the connection closed".into());
            Reply::transport(format!("no status line ({why})"), false)
        })
    })
}

/// Reads until the response is complete, the peer closes, or an error; keeps what arrived.
fn read_all(stream: &mut TcpStream) -> (Vec<u8>, Option<String>) {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return (buf, None),
            Ok(n) => {
                buf.extend_from_slice(&chunk[..n]);
                if buf.len() >= READ_LIMIT || complete(&buf) {
                    return (buf, None);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return (buf, Some(e.to_string())),
        }
    }
}

/// The header block and the body start, when the headers have all arrived.
fn split_head(buf: &[u8]) -> Option<(&str, &[u8])> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&buf[..end]).ok()?;
    Some((head, &buf[end + 4..]))
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().skip(1).find_map(|line| {
        let (k, v) = line.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// True once the whole body announced by `Content-Length` or chunking has arrived.
fn complete(buf: &[u8]) -> bool {
    let Some((head, rest)) = split_head(buf) else {
        return false;
    };
    if let Some(len) = header(head, "content-length").and_then(|v| v.parse::<usize>().ok()) {
        return rest.len() >= len;
    }
    if header(head, "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        return dechunk(rest).is_some();
    }
    false
}

/// The body of a chunked transfer, when its last chunk has arrived.
fn dechunk(mut rest: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).ok()?;
        let size_hex = size_text.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size + 2..)?;
    }
}

/// A [`Reply`] from the bytes received, when they hold at least a status line.
fn parse(buf: &[u8]) -> Option<Reply> {
    let first = buf.split(|b| *b == b'\n').next()?;
    let status_line = std::str::from_utf8(first).ok()?;
    let mut parts = status_line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    let status: u16 = parts.next()?.parse().ok()?;
    let Some((head, rest)) = split_head(buf) else {
        // The status line arrived but not the rest: enough to judge the status.
        return Some(Reply::new(status, None, b""));
    };
    let content_type = header(head, "content-type").map(str::to_string);
    let body = if let Some(len) = header(head, "content-length").and_then(|v| v.parse().ok()) {
        rest.get(..len).unwrap_or(rest).to_vec()
    } else if header(head, "transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(rest).unwrap_or_else(|| rest.to_vec())
    } else {
        rest.to_vec()
    };
    Some(Reply::new(status, content_type, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_response_with_a_length() {
        let raw = b"HTTP/1.1 413 Payload Too Large\r\ncontent-type: application/json\r\n\
                    Content-Length: 27\r\n\r\n{\"error\": \"body too large\"}";
        assert!(complete(raw));
        let r = parse(raw).expect("reply");
        assert_eq!(r.status, 413);
        assert_eq!(r.content_type.as_deref(), Some("application/json"));
        assert_eq!(r.body, r#"{"error": "body too large"}"#);
    }

    #[test]
    fn reads_a_413_sent_before_the_body_was_read() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let server = thread::spawn(move || {
            let (mut conn, _) = listener.accept().expect("accept");
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && conn.read(&mut byte).is_ok_and(|n| n == 1) {
                head.push(byte[0]);
            }
            let body = r#"{"error":"body too large"}"#;
            let reply = format!(
                "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = conn.write_all(reply.as_bytes());
            // Closing with the body unread makes the kernel reset the connection.
        });
        let reply = send(&base, "POST", "/books", &vec![b'x'; 8 * 1024 * 1024]);
        let _ = server.join();
        assert_eq!(reply.status, 413, "{}", reply.body);
        assert_eq!(reply.body, r#"{"error":"body too large"}"#);
    }

    #[test]
    fn parses_chunked_and_cut_off_responses() {
        let raw = b"HTTP/1.1 413 X\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
        assert!(complete(raw));
        assert_eq!(parse(raw).map(|r| r.body), Some(r#"{"a":1}"#.to_string()));
        let cut = b"HTTP/1.1 413 Payload Too Large\r\nContent-Ty";
        assert!(!complete(cut));
        assert_eq!(parse(cut).map(|r| r.status), Some(413));
        assert!(parse(b"garbage").is_none());
        assert!(parse(b"").is_none());
    }
}
