//! A trivial HTTP/1.1 server for `bench self-check`: answers every request with
//! `{"status":"ok"}` on keep-alive connections, from one thread running an event loop (as node
//! does), so its speed does not hang on how a loaded kernel schedules a thread per connection.
//! With `stall`, the whole server freezes for [`FREEZE`] once every [`PERIOD`] (its one
//! thread sleeps, as in a stop-the-world pause): no answer leaves during a freeze. A request
//! sent at a random moment lands in a freeze with probability 5% and waits 100 ms or more with
//! probability 2.5%; a closed-loop client, which stops sending while it waits, records only
//! one slow request per connection per freeze.

use std::io::ErrorKind;
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the stall server freezes.
pub(crate) const FREEZE: Duration = Duration::from_millis(200);
/// How often it freezes, from its start.
pub(crate) const PERIOD: Duration = Duration::from_secs(4);

const ANSWER: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\n\r\n{\"status\":\"ok\"}";

/// How the toy server answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Behaviour {
    /// At once: as fast as one thread can answer.
    Trivial,
    /// After spending this much CPU per request (busy, not sleeping), as a starter's handler
    /// does: the server, not the client, is then the limit.
    Working(Duration),
    /// At once, but the whole server freezes for [`FREEZE`] every [`PERIOD`].
    Stalling,
}

/// A running toy server; stopped on drop.
pub(crate) struct Toy {
    pub addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Toy {
    /// Listens on a free 127.0.0.1 port; its thread runs on `cpu` when given.
    pub(crate) fn start(behaviour: Behaviour, cpu: Option<usize>) -> std::io::Result<Toy> {
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let born = Instant::now();
        let thread = std::thread::spawn(move || {
            if let Some(cpu) = cpu {
                super::load::pin_current_thread(cpu);
            }
            rt.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                while let Ok((stream, _)) = listener.accept().await {
                    if flag.load(Ordering::Relaxed) {
                        break;
                    }
                    tokio::spawn(serve(stream, behaviour, born));
                }
            });
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
        // Wake the accept loop so it sees the flag; its connections end with its runtime.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// How long an answer ready `since` the server's start waits for the freeze it falls in to end.
pub(crate) fn frozen_for(since: Duration) -> Duration {
    let phase = Duration::from_nanos((since.as_nanos() % PERIOD.as_nanos()) as u64);
    FREEZE.saturating_sub(phase)
}

/// The requests complete in `buf` (each ends with an empty line; GETs, no bodies), removed.
fn take_requests(buf: &mut Vec<u8>) -> usize {
    let mut n = 0;
    while let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
        buf.drain(..end + 4);
        n += 1;
    }
    n
}

/// Answers requests until the client closes the connection; a stalling server blocks its
/// only thread while it is frozen (`born`: when it started).
async fn serve(
    stream: tokio::net::TcpStream,
    behaviour: Behaviour,
    born: Instant,
) -> std::io::Result<()> {
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let n = take_requests(&mut buf);
        if n > 0 {
            match behaviour {
                Behaviour::Trivial => {}
                Behaviour::Working(cost) => {
                    let busy = Instant::now();
                    while busy.elapsed() < cost * n as u32 {
                        std::hint::spin_loop();
                    }
                }
                Behaviour::Stalling => std::thread::sleep(frozen_for(born.elapsed())),
            }
            write_all(&stream, &ANSWER.repeat(n)).await?;
            continue;
        }
        stream.readable().await?;
        match stream.try_read(&mut chunk) {
            Ok(0) => return Ok(()),
            Ok(read) => buf.extend_from_slice(&chunk[..read]),
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
}

async fn write_all(stream: &tokio::net::TcpStream, mut data: &[u8]) -> std::io::Result<()> {
    while !data.is_empty() {
        stream.writable().await?;
        match stream.try_write(data) {
            Ok(n) => data = &data[n..],
            Err(e) if e.kind() == ErrorKind::WouldBlock => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    #[test]
    fn freezes_the_first_200_ms_of_every_4_s() {
        let ms = Duration::from_millis;
        let table = [
            (0, 200),
            (50, 150),
            (199, 1),
            (200, 0),
            (3_999, 0),
            (4_000, 200),
            (4_150, 50),
            (9_000, 0),
        ];
        for (at, wait) in table {
            assert_eq!(frozen_for(ms(at)), ms(wait), "{at} ms");
        }
    }

    #[test]
    fn takes_every_complete_request_and_keeps_the_rest() {
        let mut buf = b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n\r\nGET /h".to_vec();
        assert_eq!(take_requests(&mut buf), 2);
        assert_eq!(buf, b"GET /h");
        assert_eq!(take_requests(&mut buf), 0);
    }

    #[test]
    fn answers_requests_on_one_kept_alive_connection() {
        let toy = Toy::start(Behaviour::Trivial, None).expect("starts");
        let mut s = TcpStream::connect(toy.addr).expect("connects");
        let req = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        s.write_all(&[&req[..], &req[..]].concat()).expect("writes");
        let mut buf = vec![0; ANSWER.len() * 2];
        s.read_exact(&mut buf).expect("two answers");
        assert_eq!(&buf[..ANSWER.len()], ANSWER);
        assert_eq!(&buf[ANSWER.len()..], ANSWER);
    }
}
