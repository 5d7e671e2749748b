//! A trivial HTTP/1.1 server for `bench self-check`: answers every request with
//! `{"status":"ok"}` on keep-alive connections, one thread per connection. With `stall`, one
//! request in 100 sleeps 200 ms first, the stall the open loop must see and the closed loop hides.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

const ANSWER: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}";

/// A running toy server; stopped on drop.
pub(crate) struct Toy {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Toy {
    /// Listens on a free 127.0.0.1 port; its threads run on `cpu` when given.
    pub(crate) fn start(stall: bool, cpu: Option<usize>) -> std::io::Result<Toy> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let count = Arc::new(AtomicU64::new(0));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            if let Some(cpu) = cpu {
                super::load::pin_current_thread(cpu);
            }
            for stream in listener.incoming() {
                if flag.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let count = count.clone();
                std::thread::spawn(move || {
                    if let Some(cpu) = cpu {
                        super::load::pin_current_thread(cpu);
                    }
                    let _ = serve(stream, stall, &count);
                });
            }
        });
        Ok(Toy {
            addr,
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Toy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Answers requests (GETs: headers only) until the client closes the connection.
fn serve(stream: TcpStream, stall: bool, count: &AtomicU64) -> std::io::Result<()> {
    let _ = stream.set_nodelay(true);
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    loop {
        // One request: lines up to the empty one.
        let mut saw_any = false;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if line == "\r\n" || line == "\n" {
                if saw_any {
                    break;
                }
                continue;
            }
            saw_any = true;
        }
        if stall && count.fetch_add(1, Ordering::Relaxed) % 100 == 99 {
            std::thread::sleep(Duration::from_millis(200));
        }
        writer.write_all(ANSWER)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn answers_requests_on_one_kept_alive_connection() {
        let toy = Toy::start(false, None).expect("starts");
        let mut s = TcpStream::connect(toy.addr).expect("connects");
        let req = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        s.write_all(&[&req[..], &req[..]].concat()).expect("writes");
        let mut buf = vec![0; ANSWER.len() * 2];
        s.read_exact(&mut buf).expect("two answers");
        assert_eq!(&buf[..ANSWER.len()], ANSWER);
        assert_eq!(&buf[ANSWER.len()..], ANSWER);
    }
}
