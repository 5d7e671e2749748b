//! The reference server's wire types: a request head and a response, shared by the HTTP
//! loop (`server`) and the contract logic (`app`) so that neither imports the other.

use std::io::{self, Write};

/// A request line and headers.
pub(super) struct Head {
    pub method: String,
    /// The request target without its query string.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub content_length: usize,
    pub http10: bool,
}

impl Head {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn wants_close(&self) -> bool {
        let connection = self.header("connection").map(str::to_ascii_lowercase);
        match connection.as_deref() {
            Some("close") => true,
            Some("keep-alive") => false,
            _ => self.http10,
        }
    }
}

/// An answer: status, JSON or other body, and headers the contract cares about.
#[derive(Debug, Clone)]
pub(super) struct Response {
    pub status: u16,
    /// `None` for a 204.
    pub content_type: Option<&'static str>,
    pub body: Vec<u8>,
    /// The `Allow` header of a 405.
    pub allow: Option<&'static str>,
    /// Close the connection after this answer.
    pub close: bool,
}

impl Response {
    pub fn json(status: u16, body: String) -> Response {
        Response {
            status,
            content_type: Some("application/json"),
            body: body.into_bytes(),
            allow: None,
            close: false,
        }
    }

    pub fn no_content() -> Response {
        Response {
            status: 204,
            content_type: None,
            body: Vec::new(),
            allow: None,
            close: false,
        }
    }

    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        if let Some(ct) = self.content_type {
            head.push_str(&format!("Content-Type: {ct}\r\n"));
        }
        if self.status != 204 {
            head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
        }
        if let Some(allow) = self.allow {
            head.push_str(&format!("Allow: {allow}\r\n"));
        }
        let connection = if self.close { "close" } else { "keep-alive" };
        head.push_str(&format!("Connection: {connection}\r\n\r\n"));
        out.write_all(head.as_bytes())?;
        out.write_all(&self.body)?;
        out.flush()
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        _ => "Internal Server Error",
    }
}
