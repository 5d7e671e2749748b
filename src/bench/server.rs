//! One starter under test: start it with its production `run` command on a free port and a
//! given database, time it to the first healthy `/health`, seed it, stop it.

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::generate::escape;
use crate::generate::manifest::Manifest;
use crate::generate::spec::{Resource, Spec};
use crate::process::{self, Running};
use crate::verify::access_log;

use super::workload;

/// A starter found below the bench folder, with its spec and manifest.
pub(crate) struct Starter {
    pub dir: PathBuf,
    /// Its folder name, as the report shows it.
    pub name: String,
    pub spec: Spec,
    pub manifest: Manifest,
}

impl Starter {
    /// The starters below `path`, as `verify` finds them.
    pub(crate) fn discover(
        path: &Path,
        catalog: &crate::generate::catalog::Catalog,
    ) -> Result<Vec<Starter>, crate::error::Error> {
        let mut starters = Vec::new();
        for dir in crate::verify::discover(path)? {
            let (spec, manifest) = crate::verify::load(&dir, catalog)?;
            let name = dir.file_name().map_or_else(
                || dir.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            let dir = dir.canonicalize().unwrap_or(dir);
            starters.push(Starter {
                dir,
                name,
                spec,
                manifest,
            });
        }
        Ok(starters)
    }

    /// The resource the workloads use: the spec's first.
    pub(crate) fn resource(&self) -> Option<&Resource> {
        self.spec.resources.first()
    }

    /// The production command, after the starter's `activate` when it has one.
    pub(crate) fn run_line(&self) -> String {
        self.manifest.commands.in_env(&self.manifest.commands.run)
    }
}

/// A running starter.
pub(crate) struct Server {
    running: Running,
    pub addr: SocketAddr,
    pub pgid: i32,
    /// From spawn to the first `/health` that answered 200.
    pub startup: Duration,
}

impl Server {
    pub(crate) fn stop(mut self) {
        self.running.stop();
    }
}

/// `taskset -c CPU sh -c 'LINE'`: the server and everything it starts stay on that CPU.
pub(crate) fn pinned(line: &str, cpu: Option<usize>) -> String {
    match cpu {
        Some(cpu) => format!("taskset -c {cpu} sh -c {}", escape::shell(line)),
        None => line.to_string(),
    }
}

/// `--workers N`: the variables through which the common runtimes and servers take their
/// worker count, each set for N. Starters declare no worker setting of their own, so these
/// are the conventions they may follow; `bench` records the processes and threads each
/// starter then really ran (`RoundResult::processes`, `threads`), so one that ignores them
/// shows it.
pub(crate) fn workers_env(n: usize) -> Vec<(String, String)> {
    [
        // gunicorn, uvicorn's CLI, puma, Node cluster code (Heroku's convention).
        ("WEB_CONCURRENCY", n.to_string()),
        // Go's scheduler.
        ("GOMAXPROCS", n.to_string()),
        // tokio's multi-threaded runtime (axum).
        ("TOKIO_WORKER_THREADS", n.to_string()),
        // .NET's thread pool and Kestrel.
        ("DOTNET_PROCESSOR_COUNT", n.to_string()),
        // PHP's built-in server.
        ("PHP_CLI_SERVER_WORKERS", n.to_string()),
        // The JVM's view of the CPUs (sizes Tomcat's and the common pool's threads).
        ("JAVA_TOOL_OPTIONS", format!("-XX:ActiveProcessorCount={n}")),
        // The BEAM's schedulers.
        ("ELIXIR_ERL_OPTIONS", format!("+S {n}:{n}")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

/// What every measured server gets besides its address and database: no log line per
/// request (see `verify::access_log`), so no framework pays for one that another skips.
pub(crate) fn quiet_env() -> Vec<(String, String)> {
    vec![(access_log::VAR.to_string(), access_log::OFF.to_string())]
}

/// Starts `starter` on `db`, logging to `log`, and waits for `/health`; `workers` forces a
/// worker count through [`workers_env`].
pub(crate) fn start(
    starter: &Starter,
    db: &Path,
    log: &Path,
    cpu: Option<usize>,
    workers: Option<usize>,
) -> Result<Server, String> {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map_err(|e| format!("no free port: {e}"))?
        .port();
    let url = starter
        .manifest
        .verify
        .database_url
        .replace("{path}", &db.display().to_string());
    let mut env = vec![
        ("PORT".to_string(), port.to_string()),
        ("HOST".to_string(), "127.0.0.1".to_string()),
        ("DATABASE_URL".to_string(), url),
    ];
    env.extend(quiet_env());
    env.extend(workers.map(workers_env).unwrap_or_default());
    let line = pinned(&starter.run_line(), cpu);
    let spawned = Instant::now();
    let mut running = Running::spawn(&line, &starter.dir, &env, log)
        .map_err(|e| format!("cannot run `{line}`: {e}"))?;
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let limit = Duration::from_secs(starter.manifest.verify.start_timeout_secs);
    let agent = agent(Duration::from_secs(1));
    let health = format!("http://{addr}/health");
    loop {
        if let Ok(Some(status)) = running.try_status() {
            return Err(format!(
                "the server exited before answering ({status}); see {}",
                log.display()
            ));
        }
        if matches!(agent.get(&health).call(), Ok(r) if r.status() == 200) {
            break;
        }
        if spawned.elapsed() > limit {
            running.stop();
            return Err(format!(
                "`GET /health` did not answer 200 within {} s; see {}",
                limit.as_secs(),
                log.display()
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    Ok(Server {
        startup: spawned.elapsed(),
        pgid: running.pgid(),
        running,
        addr,
    })
}

fn agent(timeout: Duration) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .build()
        .into()
}

/// Creates `records` records through the API; they must get the ids `1..=records`.
pub(crate) fn seed(addr: SocketAddr, resource: &Resource, records: u64) -> Result<(), String> {
    let agent = agent(Duration::from_secs(10));
    let url = format!("http://{addr}{}", workload::collection_path(resource));
    for i in 1..=records {
        let mut resp = agent
            .post(&url)
            .header("Content-Type", "application/json")
            .send(workload::body(resource, i))
            .map_err(|e| format!("seeding: POST {url} failed: {e}"))?;
        let status = resp.status().as_u16();
        let text = resp.body_mut().read_to_string().unwrap_or_default();
        if status != 201 {
            return Err(format!("seeding: POST {url} answered {status}: {text}"));
        }
        let id = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|v| v.get("id").and_then(serde_json::Value::as_u64));
        if id != Some(i) {
            return Err(format!(
                "seeding: record {i} got id {id:?}; bench needs a fresh database with ids from 1"
            ));
        }
    }
    Ok(())
}

/// Times `GET /{plural}/1` on a new connection; it must find the seeded record.
pub(crate) fn first_request(addr: SocketAddr, resource: &Resource) -> Result<Duration, String> {
    let url = format!("http://{addr}{}/1", workload::collection_path(resource));
    let start = Instant::now();
    let resp = agent(Duration::from_secs(10))
        .get(&url)
        .call()
        .map_err(|e| format!("first request GET {url} failed: {e}"))?;
    let took = start.elapsed();
    match resp.status().as_u16() {
        200 => Ok(took),
        s => Err(format!(
            "first request GET {url} answered {s}; the copied database lost its seeded records"
        )),
    }
}

/// Copies every file of `from` (the database and any `-wal`/`-shm` or H2 companion) into a
/// fresh `to`; the server that wrote them is stopped.
pub(crate) fn copy_db(from: &Path, to: &Path) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// `taskset` is needed to pin the server.
pub(crate) fn can_pin() -> bool {
    process::on_path("taskset")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinning_wraps_the_line_and_keeps_its_quotes() {
        assert_eq!(pinned("node src/server.js", None), "node src/server.js");
        assert_eq!(
            pinned(". .venv/bin/activate && echo 'hi'", Some(0)),
            r#"taskset -c 0 sh -c '. .venv/bin/activate && echo '\''hi'\'''"#
        );
    }

    #[test]
    fn forced_workers_reach_every_runtime_convention() {
        let env = workers_env(3);
        let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("WEB_CONCURRENCY"), Some("3"));
        assert_eq!(get("GOMAXPROCS"), Some("3"));
        assert_eq!(get("JAVA_TOOL_OPTIONS"), Some("-XX:ActiveProcessorCount=3"));
        assert_eq!(get("ELIXIR_ERL_OPTIONS"), Some("+S 3:3"));
    }

    #[test]
    fn copies_every_file_of_the_database_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let from = dir.path().join("seed");
        std::fs::create_dir(&from).expect("mkdir");
        std::fs::write(from.join("bench.db"), "db").expect("write");
        std::fs::write(from.join("bench.db-wal"), "wal").expect("write");
        let to = dir.path().join("round");
        std::fs::create_dir(&to).expect("mkdir");
        std::fs::write(to.join("stale"), "x").expect("write");
        copy_db(&from, &to).expect("copies");
        let mut names: Vec<String> = std::fs::read_dir(&to)
            .expect("read")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["bench.db", "bench.db-wal"]);
    }
}
