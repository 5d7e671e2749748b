//! The built-in load generator: hyper's HTTP/1 client on a single-threaded tokio runtime,
//! one request in flight per keep-alive connection, no pipelining.
//!
//! Closed loop: each connection sends its next request when the last one is answered.
//! Open loop (`rate`): each connection follows a fixed schedule, and a latency is timed from
//! the moment the request was due, not when it was sent, so a stall shows in the tail
//! (coordinated omission corrected, as wrk2 does). Errors are counted by class, never dropped.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::Poll;
use std::time::Duration;

use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper_util::rt::TokioIo;
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;

use super::stats;
use super::workload::{Rng, Workload};

/// How much load, for how long.
#[derive(Debug, Clone)]
pub(crate) struct Load {
    pub connections: usize,
    pub warmup: Duration,
    pub duration: Duration,
    /// Requests per second over all connections: open loop; `None`: closed loop.
    pub rate: Option<f64>,
    /// A request not answered within this is a timeout.
    pub timeout: Duration,
    /// Pin the client thread to this CPU.
    pub cpu: Option<usize>,
    pub seed: u64,
}

/// Failed requests by class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Errors {
    /// Answered with a status outside 2xx.
    pub non_2xx: u64,
    /// The connection could not be opened.
    pub connect: u64,
    /// Not answered within the request timeout.
    pub timeout: u64,
    /// The connection broke mid-request.
    pub io: u64,
    /// A sampled read whose body was not the record asked for.
    pub body: u64,
}

impl Errors {
    pub(crate) fn total(&self) -> u64 {
        self.non_2xx + self.connect + self.timeout + self.io + self.body
    }

    fn add(&mut self, o: &Errors) {
        self.non_2xx += o.non_2xx;
        self.connect += o.connect;
        self.timeout += o.timeout;
        self.io += o.io;
        self.body += o.body;
    }
}

/// What one measured window saw.
pub(crate) struct Outcome {
    /// Latencies of the measured window's answered requests, in µs.
    pub histogram: Histogram<u64>,
    /// Requests answered in the measured window (successful or not).
    pub requests: u64,
    pub errors: Errors,
    pub seconds: f64,
    /// CPU time the client thread used, in cores (1.0 = one CPU busy the whole window).
    pub client_cores: f64,
    /// Share of the time the client thread was running or runnable but waiting for its CPU
    /// (near 1.0: it never waited for the server, so it was the limit, even on a CPU it
    /// shares with other work where its own CPU time stays low).
    pub client_busy: f64,
}

/// Runs `workload` against `addr` (warm-up, then the measured window) on a thread of its own.
pub(crate) fn run(addr: SocketAddr, workload: &Workload, load: &Load) -> std::io::Result<Outcome> {
    let (workload, load) = (workload.clone(), load.clone());
    std::thread::spawn(move || {
        if let Some(cpu) = load.cpu {
            pin_current_thread(cpu);
        }
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        Ok(rt.block_on(drive(addr, workload, load)))
    })
    .join()
    .unwrap_or_else(|_| Err(std::io::Error::other("the load generator panicked")))
}

/// Pins the calling thread to `cpu`; a refusal (a container's cpuset) leaves it unpinned.
pub(crate) fn pin_current_thread(cpu: usize) -> bool {
    let mut set = nix::sched::CpuSet::new();
    set.set(cpu).is_ok()
        && nix::sched::sched_setaffinity(nix::unistd::Pid::from_raw(0), &set).is_ok()
}

/// CPU time of the calling thread.
fn thread_cpu() -> Duration {
    use nix::sys::resource::{UsageWho, getrusage};
    getrusage(UsageWho::RUSAGE_THREAD).map_or(Duration::ZERO, |u| {
        let (a, b) = (u.user_time(), u.system_time());
        let micros = (a.tv_sec() + b.tv_sec()) * 1_000_000 + a.tv_usec() + b.tv_usec();
        Duration::from_micros(u64::try_from(micros).unwrap_or(0))
    })
}

/// Nanoseconds the calling thread has run and waited to run (`/proc/thread-self/schedstat`);
/// `None` where the kernel does not keep them.
fn thread_busy() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let mut f = text.split_whitespace().map(|v| v.parse::<u64>().ok());
    Some(f.next()?? + f.next()??)
}

/// One connection's share of the window.
struct Tally {
    histogram: Histogram<u64>,
    requests: u64,
    errors: Errors,
}

async fn drive(addr: SocketAddr, workload: Workload, load: Load) -> Outcome {
    let start = tokio::time::Instant::now();
    let measure_from = start + load.warmup;
    let end = measure_from + load.duration;
    let connections = load.connections.max(1);
    // Each connection's share of the rate; its schedule is offset so sends spread evenly.
    let interval = load
        .rate
        .filter(|r| *r > 0.0)
        .map(|r| Duration::from_secs_f64(connections as f64 / r));
    let cpu_before = thread_cpu();
    let busy_before = thread_busy();
    let mut tasks = Vec::with_capacity(connections);
    for c in 0..connections {
        let w = workload.clone();
        let first = interval.map(|i| start + i.mul_f64(c as f64 / connections as f64));
        let rng = Rng::new(load.seed ^ (c as u64).wrapping_mul(0x9E37_79B9));
        let timeout = load.timeout;
        tasks.push(tokio::spawn(connection(
            addr,
            w,
            rng,
            first,
            interval,
            measure_from,
            end,
            timeout,
        )));
    }
    let mut histogram = stats::histogram();
    let (mut requests, mut errors) = (0, Errors::default());
    for t in tasks {
        if let Ok(tally) = t.await {
            let _ = histogram.add(&tally.histogram);
            requests += tally.requests;
            errors.add(&tally.errors);
        }
    }
    let wall = start.elapsed().as_secs_f64().max(1e-9);
    let cores = (thread_cpu().saturating_sub(cpu_before)).as_secs_f64() / wall;
    Outcome {
        histogram,
        requests,
        errors,
        seconds: load.duration.as_secs_f64(),
        client_cores: cores,
        client_busy: match (busy_before, thread_busy()) {
            (Some(a), Some(b)) => b.saturating_sub(a) as f64 / 1e9 / wall,
            _ => cores,
        },
    }
}

#[allow(clippy::too_many_arguments)]
async fn connection(
    addr: SocketAddr,
    workload: Workload,
    mut rng: Rng,
    first: Option<tokio::time::Instant>,
    interval: Option<Duration>,
    measure_from: tokio::time::Instant,
    end: tokio::time::Instant,
    timeout: Duration,
) -> Tally {
    let mut tally = Tally {
        histogram: stats::histogram(),
        requests: 0,
        errors: Errors::default(),
    };
    let mut link: Option<Link> = None;
    let mut due = first;
    // One timer per connection, moved only when it fires early (see `with_deadline`): a timer
    // set and cancelled per request costs the client more than parsing the answer does.
    let mut timer = std::pin::pin!(tokio::time::sleep(timeout));
    let host = hyper::header::HeaderValue::from_str(&addr.to_string())
        .unwrap_or_else(|_| hyper::header::HeaderValue::from_static("localhost"));
    let mut n: u64 = 0;
    loop {
        if let Some(d) = due {
            tokio::time::sleep_until(d).await;
        }
        let sent = tokio::time::Instant::now();
        if sent >= end {
            break;
        }
        // Open loop: timed from when the request was due, however late it goes out.
        let origin = due.unwrap_or(sent);
        let measured = origin >= measure_from;
        let planned = workload.next(&mut rng, n);
        n += 1;
        let read_id = planned.read_id;
        let deadline = sent + timeout;
        if timer.deadline() < sent {
            timer.as_mut().reset(deadline);
        }
        // A server may close a kept-alive connection after a complete answer (Tomcat does
        // after 100 requests, with `Connection: close`): that is no error, and the next
        // request goes out on a new connection instead of waiting on the closed one.
        if link.as_mut().is_some_and(Link::finished) {
            link = None;
        }
        let result = {
            let fut = async {
                if link.is_none() {
                    link = Some(open(addr).await.map_err(|()| Failure::Connect)?);
                }
                let s = link.as_mut().ok_or(Failure::Connect)?;
                exchange(s, &host, planned, read_id.filter(|_| n % 64 == 0)).await
            };
            with_deadline(fut, timer.as_mut(), deadline).await
        };
        let elapsed = origin.elapsed();
        if let Err(f) = &result {
            // A broken or timed-out connection is not reused.
            if *f != Failure::Status && *f != Failure::Body {
                link = None;
            }
        }
        if measured {
            match result {
                Ok(()) => {}
                Err(Failure::Status) => tally.errors.non_2xx += 1,
                Err(Failure::Connect) => tally.errors.connect += 1,
                Err(Failure::Timeout) => tally.errors.timeout += 1,
                Err(Failure::Io) => tally.errors.io += 1,
                Err(Failure::Body) => tally.errors.body += 1,
            }
            if !matches!(result, Err(Failure::Connect)) {
                tally.requests += 1;
                stats::record(
                    &mut tally.histogram,
                    u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX),
                );
            }
        }
        if matches!(result, Err(Failure::Connect)) && interval.is_none() {
            // Closed loop against a refusing server: do not spin.
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        due = match (due, interval) {
            (Some(d), Some(i)) => Some(d + i),
            _ => None,
        };
    }
    tally
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    Connect,
    Timeout,
    Io,
    Status,
    Body,
}

/// One keep-alive connection. Its connection future is polled in the same task as the
/// request, so an answer is timed when it is read, not when a second task gets its turn.
struct Link {
    sender: SendRequest<Full<Bytes>>,
    conn: Pin<Box<dyn Future<Output = hyper::Result<()>> + Send>>,
    closed: bool,
}

impl Link {
    /// True when the connection has ended: it is polled once, without waiting, so that an
    /// answer's `Connection: close` (or the peer's close that already arrived) is seen.
    fn finished(&mut self) -> bool {
        if !self.closed {
            let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
            if self.conn.as_mut().poll(&mut cx).is_ready() {
                Self::close(&mut self.conn, &mut self.closed);
            }
        }
        self.closed
    }

    /// Marks the connection ended and drops its state, so that a request waiting on it
    /// fails at once instead of at its timeout.
    fn close(
        conn: &mut Pin<Box<dyn Future<Output = hyper::Result<()>> + Send>>,
        closed: &mut bool,
    ) {
        *closed = true;
        *conn = Box::pin(std::future::ready(Ok(())));
    }

    /// Awaits `fut` while driving the connection.
    async fn drive<T>(
        conn: &mut Pin<Box<dyn Future<Output = hyper::Result<()>> + Send>>,
        closed: &mut bool,
        fut: impl Future<Output = T>,
    ) -> T {
        let mut fut = std::pin::pin!(fut);
        std::future::poll_fn(|cx| {
            if !*closed && conn.as_mut().poll(cx).is_ready() {
                Link::close(conn, closed);
            }
            fut.as_mut().poll(cx)
        })
        .await
    }
}

async fn open(addr: SocketAddr) -> Result<Link, ()> {
    let stream = TcpStream::connect(addr).await.map_err(|_| ())?;
    let _ = stream.set_nodelay(true);
    let (sender, conn) = http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|_| ())?;
    Ok(Link {
        sender,
        conn: Box::pin(conn),
        closed: false,
    })
}

/// Awaits `fut` unless `deadline` passes first. `timer` is shared by a connection's requests
/// and left alone while answers come back in time; when it fires before `deadline` (it was set
/// for an earlier request) it is moved to `deadline` and waited on again.
async fn with_deadline<T>(
    fut: impl Future<Output = Result<T, Failure>>,
    mut timer: Pin<&mut tokio::time::Sleep>,
    deadline: tokio::time::Instant,
) -> Result<T, Failure> {
    let mut fut = std::pin::pin!(fut);
    std::future::poll_fn(|cx| {
        if let Poll::Ready(r) = fut.as_mut().poll(cx) {
            return Poll::Ready(r);
        }
        loop {
            if timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            if timer.deadline() >= deadline {
                return Poll::Ready(Err(Failure::Timeout));
            }
            timer.as_mut().reset(deadline);
        }
    })
    .await
}

/// Sends one request and reads the whole answer; checks that the body is record `check` when
/// given. Headers are built without the request builder and the body is read frame by frame
/// and dropped unless it is checked: per-request work the client does not need.
async fn exchange(
    link: &mut Link,
    host: &hyper::header::HeaderValue,
    planned: super::workload::Planned,
    check: Option<u64>,
) -> Result<(), Failure> {
    let Link {
        sender,
        conn,
        closed,
    } = link;
    let uri = hyper::Uri::try_from(planned.path).map_err(|_| Failure::Io)?;
    let has_body = planned.body.is_some();
    let mut req = hyper::Request::new(Full::new(planned.body.unwrap_or_default()));
    *req.method_mut() = planned.method;
    *req.uri_mut() = uri;
    let headers = req.headers_mut();
    headers.insert(hyper::header::HOST, host.clone());
    if has_body {
        headers.insert(
            hyper::header::CONTENT_TYPE,
            hyper::header::HeaderValue::from_static("application/json"),
        );
    }
    Link::drive(conn, closed, sender.ready())
        .await
        .map_err(|_| Failure::Io)?;
    let resp = Link::drive(conn, closed, sender.send_request(req))
        .await
        .map_err(|_| Failure::Io)?;
    let status = resp.status();
    let mut body = resp.into_body();
    let mut kept = Vec::new();
    while let Some(frame) = Link::drive(conn, closed, body.frame()).await {
        let frame = frame.map_err(|_| Failure::Io)?;
        if check.is_some() {
            if let Some(data) = frame.data_ref() {
                kept.extend_from_slice(data);
            }
        }
    }
    if !status.is_success() {
        return Err(Failure::Status);
    }
    if let Some(id) = check {
        let v: serde_json::Value = serde_json::from_slice(&kept).map_err(|_| Failure::Body)?;
        if v.get("id").and_then(serde_json::Value::as_u64) != Some(id) {
            return Err(Failure::Body);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A server that ends every connection after three answers, saying so with
    /// `Connection: close` on the third, as Tomcat does after 100.
    fn closing_server() -> SocketAddr {
        use std::io::{Read, Write};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let addr = listener.local_addr().expect("addr");
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                std::thread::spawn(move || {
                    let mut buf = Vec::new();
                    let mut chunk = [0u8; 4096];
                    for answer in 1..=3 {
                        while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                            match stream.read(&mut chunk) {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buf.extend_from_slice(&chunk[..n]),
                            }
                        }
                        let end = buf.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0);
                        buf.drain(..end + 4);
                        let close = if answer == 3 {
                            "Connection: close\r\n"
                        } else {
                            ""
                        };
                        let reply = format!(
                            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n{close}Content-Length: 15\r\n\r\n{{\"status\":\"ok\"}}"
                        );
                        if stream.write_all(reply.as_bytes()).is_err() {
                            return;
                        }
                    }
                });
            }
        });
        addr
    }

    #[test]
    fn a_connection_the_server_closes_after_an_answer_is_replaced_not_counted() {
        let resource = "book=title:string".parse().expect("resource");
        let health = Workload::new("health", &resource, 1).expect("health");
        let load = Load {
            connections: 4,
            warmup: Duration::from_millis(100),
            duration: Duration::from_millis(500),
            rate: None,
            timeout: Duration::from_secs(2),
            cpu: None,
            seed: 1,
        };
        let outcome = run(closing_server(), &health, &load).expect("runs");
        assert_eq!(outcome.errors, Errors::default(), "no request failed");
        // Each connection lasts three requests; waiting out the timeout on every closed
        // connection, as the client once did, half a second would see a dozen at most.
        assert!(outcome.requests > 100, "{} requests", outcome.requests);
    }
}
