//! `scaffold verify`: install a starter, run its own tests, start it, check the contract,
//! restart it to check persistence and its quiet mode (`ACCESS_LOG=off`), stop it. Every step
//! is timed and logged under the starter's `.scaffold/verify/`.

pub(crate) mod access_log;

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::contract::{self, Report};
use crate::error::{Error, VerifyError};
use crate::generate::catalog::Catalog;
use crate::generate::escape;
use crate::generate::manifest::Manifest;
use crate::generate::spec::{Spec, SpecFile};
use crate::generate::{RECORD_FILE, Request};
use crate::process::{self, Ended, Running};

/// Where a starter keeps verify's logs and throwaway database.
pub const LOG_DIR: &str = ".scaffold/verify";
/// The database and records a run leaves for the next one (outside [`LOG_DIR`], which each run
/// clears): after `scaffold update`, the `data` step proves that what the older starter
/// stored is still served by the newer one, from the same file.
pub const KEPT_DIR: &str = ".scaffold/verify-data";
const KEPT_DB: &str = "app.db";
const KEPT_RECORDS: &str = "records.json";

/// How one step ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    Skip,
}

/// One timed step of one starter.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub name: &'static str,
    pub status: Status,
    pub seconds: f64,
    /// What failed, or a short note.
    pub detail: String,
    /// The step's log, when it wrote one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<PathBuf>,
}

/// Every step of one starter.
#[derive(Debug, Clone, Serialize)]
pub struct StarterReport {
    pub starter: PathBuf,
    pub framework: String,
    pub passed: bool,
    pub steps: Vec<Step>,
}

/// Options of one `verify` run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub skip_install: bool,
    /// Print each step as it starts, to stderr.
    pub progress: bool,
    /// A command run while the server is up (`SCAFFOLD_URL` holds its address), e.g. an
    /// OpenAPI fuzzer; its exit status is the `fuzz` step's.
    pub fuzz: Option<String>,
}

/// Seconds a `--fuzz` command may run.
const FUZZ_TIMEOUT_SECS: u64 = 900;

/// The starters below `path`: itself when it holds `.scaffold.toml`, else its subfolders that do.
pub fn discover(path: &Path) -> Result<Vec<PathBuf>, Error> {
    if path.join(RECORD_FILE).is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let entries = std::fs::read_dir(path).map_err(|source| VerifyError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join(RECORD_FILE).is_file())
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(VerifyError::NoStarter {
            path: path.to_path_buf(),
            record: RECORD_FILE,
        }
        .into());
    }
    Ok(found)
}

/// Reads a starter's spec and finds its template's manifest.
pub(crate) fn load(starter: &Path, catalog: &Catalog) -> Result<(Spec, Manifest), Error> {
    let record = starter.join(RECORD_FILE);
    let text = std::fs::read_to_string(&record).map_err(|source| VerifyError::Read {
        path: record.clone(),
        source,
    })?;
    let file = SpecFile::parse(&text, &record.display().to_string())?;
    let framework = file
        .framework
        .clone()
        .ok_or_else(|| VerifyError::NoFramework {
            path: record.clone(),
        })?;
    let manifest = catalog.find(&framework)?.manifest.clone();
    let request = Request {
        name: file.name.clone(),
        framework: Some(framework),
        description: file.description.clone(),
        author: file.author.clone(),
        port: file.port,
        resources: file.resources()?,
        history: file.history()?,
    };
    Ok((request.into_spec()?, manifest))
}

/// Verifies every starter below `path`.
pub fn run(path: &Path, catalog: &Catalog, options: Options) -> Result<Vec<StarterReport>, Error> {
    let mut reports = Vec::new();
    for starter in discover(path)? {
        let (spec, manifest) = load(&starter, catalog)?;
        reports.push(Verifier::new(&starter, &spec, &manifest, options.clone())?.run());
    }
    Ok(reports)
}

/// The state of one starter's verification.
struct Verifier<'a> {
    dir: PathBuf,
    spec: &'a Spec,
    manifest: &'a Manifest,
    options: Options,
    logs: PathBuf,
    steps: Vec<Step>,
}

impl<'a> Verifier<'a> {
    fn new(
        dir: &Path,
        spec: &'a Spec,
        manifest: &'a Manifest,
        options: Options,
    ) -> Result<Self, Error> {
        let dir = dir.canonicalize().map_err(|source| VerifyError::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        let logs = dir.join(LOG_DIR);
        // A previous run's database would make the persistence check meaningless.
        let _ = std::fs::remove_dir_all(&logs);
        std::fs::create_dir_all(&logs).map_err(|source| VerifyError::Logs {
            path: logs.clone(),
            source,
        })?;
        Ok(Verifier {
            dir,
            spec,
            manifest,
            options,
            logs,
            steps: Vec::new(),
        })
    }

    fn record(
        &mut self,
        name: &'static str,
        start: Instant,
        result: Result<String, String>,
        log: Option<PathBuf>,
    ) -> bool {
        let (status, detail) = match result {
            Ok(d) => (Status::Pass, d),
            Err(d) => (Status::Fail, d),
        };
        self.steps.push(Step {
            name,
            status,
            seconds: start.elapsed().as_secs_f64(),
            detail,
            log: if status == Status::Fail { log } else { None },
        });
        status == Status::Pass
    }

    fn skip(&mut self, name: &'static str, why: &str) {
        self.steps.push(Step {
            name,
            status: Status::Skip,
            seconds: 0.0,
            detail: why.to_string(),
            log: None,
        });
    }

    fn progress(&self, step: &str) {
        if self.options.progress {
            eprintln!(
                "verify: {} ({}): {step} ...",
                self.dir.display(),
                self.manifest.id
            );
        }
    }

    /// `activate && line`, so each command sees the starter's own environment.
    fn line(&self, command: &str) -> String {
        self.manifest.commands.in_env(command)
    }

    fn command_step(&mut self, name: &'static str, line: &str, timeout: u64) -> bool {
        self.progress(name);
        let start = Instant::now();
        let log = self.logs.join(format!("{name}.log"));
        let result = match process::run(line, &self.dir, &[], &log, Duration::from_secs(timeout)) {
            Ok(Ended::Exited(s)) if s.success() => Ok(String::new()),
            Ok(Ended::Exited(s)) => Err(format!("`{line}` failed ({s})")),
            Ok(Ended::TimedOut) => Err(format!("`{line}` did not finish within {timeout} s")),
            Err(e) => Err(format!("cannot run `{line}`: {e}")),
        };
        self.record(name, start, result, Some(log))
    }

    fn run(mut self) -> StarterReport {
        // Failing own tests do not stop the run: the contract check says what is wrong.
        if self.toolchain() && self.install() {
            let test = self.line(&self.manifest.commands.test);
            self.command_step("test", &test, self.manifest.verify.test_timeout_secs);
            let lint = self.line(&self.manifest.commands.lint);
            self.command_step("lint", &lint, self.manifest.verify.lint_timeout_secs);
            self.dependencies();
            self.serve();
        } else {
            let dependencies = self.manifest.commands.dependencies.is_some();
            for name in [
                "install",
                "test",
                "lint",
                "dependencies",
                "start",
                "contract",
                "openapi",
                "restart",
                "access-log",
                "stop",
            ] {
                let ran = name != "dependencies" || dependencies;
                if ran && !self.steps.iter().any(|s| s.name == name) {
                    self.skip(name, "an earlier step failed");
                }
            }
        }
        StarterReport {
            starter: self.dir.clone(),
            framework: self.manifest.id.clone(),
            passed: self.steps.iter().all(|s| s.status != Status::Fail),
            steps: self.steps,
        }
    }

    fn toolchain(&mut self) -> bool {
        let start = Instant::now();
        let result = toolchain(self.manifest);
        self.record("toolchain", start, result, None)
    }

    fn install(&mut self) -> bool {
        if self.options.skip_install {
            self.skip("install", "--skip-install");
            return true;
        }
        let line = install_line(self.manifest);
        self.command_step("install", &line, self.manifest.verify.install_timeout_secs)
    }

    /// The `dependencies` step, when the template has the command: it runs and names at
    /// least one package.
    fn dependencies(&mut self) {
        if self.manifest.commands.dependencies.is_none() {
            return;
        }
        self.progress("dependencies");
        let start = Instant::now();
        let result = dependencies(self.manifest, &self.dir, &self.logs)
            .map(|names| format!("{} direct: {}", names.len(), names.join(", ")));
        let log = self.logs.join("dependencies.log");
        self.record("dependencies", start, result, Some(log));
    }

    /// Runs the user's fuzzer against the running server.
    fn fuzz(&mut self, line: &str, base: &str) {
        self.progress("fuzz");
        let start = Instant::now();
        let log = self.logs.join("fuzz.log");
        let env = [("SCAFFOLD_URL".to_string(), base.to_string())];
        let limit = Duration::from_secs(FUZZ_TIMEOUT_SECS);
        let result = match process::run(line, &self.dir, &env, &log, limit) {
            Ok(Ended::Exited(s)) if s.success() => Ok(String::new()),
            Ok(Ended::Exited(s)) => Err(format!("`{line}` failed ({s})")),
            Ok(Ended::TimedOut) => Err(format!(
                "`{line}` did not finish within {FUZZ_TIMEOUT_SECS} s"
            )),
            Err(e) => Err(format!("cannot run `{line}`: {e}")),
        };
        self.record("fuzz", start, result, Some(log));
    }

    fn database_url(&self, db: &Path) -> String {
        self.manifest
            .verify
            .database_url
            .replace("{path}", &db.display().to_string())
    }

    /// The records the previous run kept, served from the file it kept (now upgraded in place
    /// by the starter's own schema step or migrations).
    fn kept_data(&mut self) {
        let kept = self.dir.join(KEPT_DIR);
        let records = std::fs::read(kept.join(KEPT_RECORDS))
            .ok()
            .and_then(|b| serde_json::from_slice::<contract::Persisted>(&b).ok());
        let Some(records) = records.filter(|_| kept.join(KEPT_DB).is_file()) else {
            return;
        };
        let url = self.database_url(&kept.join(KEPT_DB));
        let Some((mut server, base)) = self.start("data", &url, access_log::ON) else {
            return;
        };
        let start = Instant::now();
        let report = contract::check_persisted(&base, self.spec, &records.upgraded(self.spec));
        let result = summarize(&report);
        server.stop();
        if let Some(step) = self.steps.last_mut() {
            step.seconds += start.elapsed().as_secs_f64();
            match result {
                Ok(detail) => {
                    step.detail = format!(
                        "the previous run's records are still served from its file ({detail})"
                    );
                }
                Err(detail) => {
                    step.status = Status::Fail;
                    step.detail = detail;
                }
            }
        }
    }

    /// Keeps this run's database and records for the next run's `data` step. Best effort: a
    /// copy that fails only means the next run has nothing to compare.
    fn keep_data(&self, db: &Path, persisted: &contract::Persisted) {
        let kept = self.dir.join(KEPT_DIR);
        let _ = std::fs::remove_dir_all(&kept);
        if std::fs::create_dir_all(&kept).is_err() {
            return;
        }
        for suffix in ["", "-wal", "-shm"] {
            let from = PathBuf::from(format!("{}{suffix}", db.display()));
            if from.is_file() {
                let _ = std::fs::copy(&from, kept.join(format!("{KEPT_DB}{suffix}")));
            }
        }
        if let Ok(json) = serde_json::to_vec(persisted) {
            let _ = std::fs::write(kept.join(KEPT_RECORDS), json);
        }
    }

    /// Serves the previous run's data if any; then starts the server on a fresh database,
    /// checks the contract, restarts it on the same database, stops it.
    fn serve(&mut self) {
        self.kept_data();
        let db = self.logs.join("db").join("verify.db");
        let _ = std::fs::create_dir_all(self.logs.join("db"));
        let url = self.database_url(&db);
        let Some((mut server, base)) = self.start("start", &url, access_log::ON) else {
            for name in ["contract", "openapi", "restart", "access-log", "stop"] {
                self.skip(name, "the server did not start");
            }
            if self.options.fuzz.is_some() {
                self.skip("fuzz", "the server did not start");
            }
            return;
        };
        self.progress("contract");
        let start = Instant::now();
        let (report, persisted) = contract::check(&base, self.spec);
        let result = summarize(&report);
        self.record("contract", start, result, None);
        // The document is checked against what the server really answered just now.
        self.progress("openapi");
        let start = Instant::now();
        let openapi = contract::check_openapi(&base, self.spec, &report.observed);
        self.record("openapi", start, summarize(&openapi), None);
        // Whether the default start logs a request: without it, the quiet check below
        // would prove nothing.
        let logged_on = access_log::logged(&base, &self.logs.join("start.log"));

        server.stop();
        if persisted_ok(&self.steps) {
            self.keep_data(&db, &persisted);
        }
        let restarted = self.start("restart", &url, access_log::OFF);
        if let Some((mut again, base)) = restarted {
            let start = Instant::now();
            let report = contract::check_persisted(&base, self.spec, &persisted);
            let result = summarize(&report);
            if let Some(step) = self.steps.last_mut() {
                step.seconds += start.elapsed().as_secs_f64();
                match result {
                    Ok(detail) => {
                        step.detail = format!("{} ({detail} after the restart)", step.detail)
                    }
                    Err(detail) => {
                        step.status = Status::Fail;
                        step.detail = detail;
                    }
                }
            }
            self.access_log(logged_on, &base);
            // The fuzzer creates and deletes records at will: it runs once the records of
            // the contract step have been found again after the restart.
            if let Some(fuzz) = self.options.fuzz.clone() {
                self.fuzz(&fuzz, &base);
            }
            self.stop(&mut again, &base);
        } else {
            self.skip("access-log", "the server did not restart");
            if self.options.fuzz.is_some() {
                self.skip("fuzz", "the server did not restart");
            }
            self.skip("stop", "the server did not restart");
        }
    }

    /// The `access-log` step: the default start (`ACCESS_LOG=on`) logged a request, and the
    /// restart, with `ACCESS_LOG=off`, running at `base`, does not.
    fn access_log(&mut self, logged_on: Result<bool, String>, base: &str) {
        self.progress("access-log");
        let start = Instant::now();
        let var = access_log::VAR;
        let result = match (
            logged_on,
            access_log::logged(base, &self.logs.join("restart.log")),
        ) {
            (Err(e), _) | (_, Err(e)) => Err(e),
            (Ok(false), _) => Err(format!(
                "no line in start.log for a request made with {var}=on: the run command must log one line per request unless {var}=off"
            )),
            (Ok(true), Ok(true)) => Err(format!(
                "{var}=off still logged a request in restart.log: the run command must leave the line per request out then"
            )),
            (Ok(true), Ok(false)) => Ok(format!("a line per request; none with {var}=off")),
        };
        let log = self.logs.join("restart.log");
        self.record("access-log", start, result, Some(log));
    }

    /// Starts the run command on a free port, with `ACCESS_LOG` set to `access_log`, and
    /// waits for `/health`.
    fn start(
        &mut self,
        name: &'static str,
        database_url: &str,
        access_log: &str,
    ) -> Option<(Running, String)> {
        self.progress(name);
        let start = Instant::now();
        let log = self.logs.join(format!("{name}.log"));
        let port = match free_port() {
            Ok(p) => p,
            Err(e) => {
                self.record(name, start, Err(format!("no free port: {e}")), None);
                return None;
            }
        };
        let env = [
            ("PORT".to_string(), port.to_string()),
            ("HOST".to_string(), "127.0.0.1".to_string()),
            ("DATABASE_URL".to_string(), database_url.to_string()),
            (access_log::VAR.to_string(), access_log.to_string()),
        ];
        let line = self.line(&self.manifest.commands.run);
        let mut server = match Running::spawn(&line, &self.dir, &env, &log) {
            Ok(s) => s,
            Err(e) => {
                self.record(
                    name,
                    start,
                    Err(format!("cannot run `{line}`: {e}")),
                    Some(log),
                );
                return None;
            }
        };
        let base = format!("http://127.0.0.1:{port}");
        let limit = Duration::from_secs(self.manifest.verify.start_timeout_secs);
        let result = wait_healthy(&mut server, &base, limit);
        let ok = result.is_ok();
        self.record(
            name,
            start,
            result.map(|()| format!("healthy on port {port}")),
            Some(log),
        );
        ok.then_some((server, base))
    }

    fn stop(&mut self, server: &mut Running, base: &str) {
        let start = Instant::now();
        server.stop();
        let addr = base.trim_start_matches("http://");
        let result = match TcpStream::connect(addr) {
            Ok(_) => Err(format!("something still listens on {addr} after stopping")),
            Err(_) => Ok(String::new()),
        };
        self.record("stop", start, result, None);
    }
}

/// The programs the starter needs, or which of them are missing and how to get them.
pub(crate) fn toolchain(manifest: &Manifest) -> Result<String, String> {
    let missing: Vec<&str> = manifest
        .verify
        .requires
        .iter()
        .map(String::as_str)
        .filter(|p| !process::on_path(p))
        .collect();
    if missing.is_empty() {
        return Ok(manifest.verify.requires.join(", "));
    }
    let hint = match &manifest.verify.toolchain_hint {
        Some(hint) => format!(" (for example `{hint}`)"),
        None => String::new(),
    };
    Err(format!(
        "missing toolchain: `{}` not found on PATH; install it to verify a {} starter{hint}",
        missing.join("`, `"),
        manifest.name
    ))
}

/// Seconds the `dependencies` command may take (Maven may fetch its plugin first).
const DEPENDENCIES_TIMEOUT_SECS: u64 = 300;

/// The direct runtime dependencies the template's `dependencies` command prints for the
/// installed starter in `dir` (its stdout, one per line; its stderr goes to
/// `logs/dependencies.log`). `Ok(vec![])` when the template has no such command.
pub(crate) fn dependencies(
    manifest: &Manifest,
    dir: &Path,
    logs: &Path,
) -> Result<Vec<String>, String> {
    let Some(command) = &manifest.commands.dependencies else {
        return Ok(Vec::new());
    };
    let out = logs.join("dependencies.txt");
    let log = logs.join("dependencies.log");
    let line = manifest.commands.in_env(&format!(
        "({command}) > {}",
        escape::shell(&out.display().to_string())
    ));
    let limit = Duration::from_secs(DEPENDENCIES_TIMEOUT_SECS);
    match process::run(&line, dir, &[], &log, limit) {
        Ok(Ended::Exited(s)) if s.success() => {}
        Ok(Ended::Exited(s)) => return Err(format!("`{command}` failed ({s})")),
        Ok(Ended::TimedOut) => {
            return Err(format!(
                "`{command}` did not finish within {DEPENDENCIES_TIMEOUT_SECS} s"
            ));
        }
        Err(e) => return Err(format!("cannot run `{command}`: {e}")),
    }
    let text =
        std::fs::read_to_string(&out).map_err(|e| format!("cannot read {}: {e}", out.display()))?;
    let names: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if names.is_empty() {
        return Err(format!("`{command}` printed no dependency"));
    }
    Ok(names)
}

/// The install step's command line: `setup`, then `install` in the starter's environment.
pub(crate) fn install_line(manifest: &Manifest) -> String {
    let commands = &manifest.commands;
    let install = commands.in_env(&commands.install);
    match &commands.setup {
        Some(setup) => format!("{setup} && {install}"),
        None => install,
    }
}

/// A contract report as a step's result: the count of checks, or the first failures.
pub(crate) fn summarize(report: &Report) -> Result<String, String> {
    let (checks, failures) = (report.checks, &report.failures);
    if report.passed() {
        Ok(format!("{checks} checks passed"))
    } else {
        let shown: Vec<String> = failures.iter().take(20).map(|f| f.to_string()).collect();
        let more = failures.len().saturating_sub(20);
        let tail = if more > 0 {
            format!("\n... and {more} more")
        } else {
            String::new()
        };
        Err(format!(
            "{} of {checks} checks failed:\n{}{tail}",
            failures.len(),
            shown.join("\n")
        ))
    }
}

/// The contract step passed, so its records are worth keeping.
fn persisted_ok(steps: &[Step]) -> bool {
    steps
        .iter()
        .any(|s| s.name == "contract" && s.status == Status::Pass)
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// Polls `/health` until it answers 200, the server exits, or `limit` passes.
fn wait_healthy(server: &mut Running, base: &str, limit: Duration) -> Result<(), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(2)))
        .http_status_as_error(false)
        .build()
        .into();
    let start = Instant::now();
    let url = format!("{base}/health");
    while start.elapsed() < limit {
        if let Ok(Some(status)) = server.try_status() {
            return Err(format!("the server exited before answering ({status})"));
        }
        if let Ok(resp) = agent.get(&url).call() {
            if resp.status() == 200 {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    Err(format!(
        "`GET /health` did not answer 200 within {} s",
        limit.as_secs()
    ))
}

/// The human report: one block per starter, one line per step.
pub fn table(reports: &[StarterReport], color: bool) -> String {
    let paint = |status: Status| {
        let (mark, code) = match status {
            Status::Pass => ("pass", "32"),
            Status::Fail => ("FAIL", "31"),
            Status::Skip => ("skip", "33"),
        };
        if color {
            format!("\x1b[{code}m{mark}\x1b[0m")
        } else {
            mark.to_string()
        }
    };
    let mut out = String::new();
    for r in reports {
        out.push_str(&format!("{} ({})\n", r.starter.display(), r.framework));
        for s in &r.steps {
            let first = s.detail.lines().next().unwrap_or("");
            out.push_str(&format!(
                "  {}  {:<12} {:>7.1}s  {first}\n",
                paint(s.status),
                s.name,
                s.seconds
            ));
            for more in s.detail.lines().skip(1) {
                out.push_str(&format!("        {more}\n"));
            }
            if let Some(log) = &s.log {
                out.push_str(&format!("        log: {}\n", log.display()));
            }
        }
        let verdict = if r.passed { "passed" } else { "FAILED" };
        out.push_str(&format!("  => {verdict}\n"));
    }
    out
}
