//! The end-to-end tier: real toolchains install, test and serve generated starters, and
//! `scaffold verify` checks the contract. Slow (minutes), so ignored by a plain `cargo test`;
//! `cargo test -- --include-ignored` (CI) runs it.

use std::path::Path;

use scaffold::generate::catalog::Catalog;
use scaffold::generate::manifest::Verification;

use crate::helpers::{Sandbox, example};

/// Processes whose working directory is inside `dir`: none may outlive `verify`.
fn processes_inside(dir: &Path) -> Vec<String> {
    let dir = dir.canonicalize().expect("exists");
    std::fs::read_dir("/proc")
        .expect("procfs")
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .chars()
                .all(|c| c.is_ascii_digit())
        })
        .filter_map(|e| {
            let cwd = std::fs::read_link(e.path().join("cwd")).ok()?;
            cwd.starts_with(&dir).then(|| {
                let cmd = std::fs::read(e.path().join("cmdline")).unwrap_or_default();
                format!(
                    "{}: {}",
                    e.file_name().to_string_lossy(),
                    String::from_utf8_lossy(&cmd).replace('\0', " ")
                )
            })
        })
        .collect()
}

/// Runs `scaffold verify` on `dir`; returns (success, report).
fn verify(sb: &Sandbox, dir: &str) -> (bool, String) {
    verify_with(sb, &["verify", dir], dir)
}

/// The pinned schemathesis release the end-to-end tier fuzzes every full starter with.
const SCHEMATHESIS: &str = "4.32.5";

/// The independent OpenAPI fuzzer every full starter must pass: schemathesis' `st`, named by
/// `SCAFFOLD_FUZZER`, else installed (once) into a virtualenv in the user's cache. A failed
/// install fails the test: a missing fuzzer is never a skip.
fn fuzzer() -> String {
    let st = match std::env::var("SCAFFOLD_FUZZER") {
        Ok(st) if !st.is_empty() => std::path::PathBuf::from(st),
        _ => {
            let cache = std::env::var_os("XDG_CACHE_HOME")
                .map(std::path::PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache")))
                .expect("HOME or XDG_CACHE_HOME");
            let venv = cache.join(format!("scaffold-ci/schemathesis-{SCHEMATHESIS}"));
            let st = venv.join("bin/st");
            if !st.is_file() {
                let run = |cmd: &mut std::process::Command| {
                    let out = cmd.output().expect("runs");
                    assert!(
                        out.status.success(),
                        "installing schemathesis failed: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                };
                run(std::process::Command::new("python3")
                    .args(["-m", "venv"])
                    .arg(&venv));
                run(std::process::Command::new(venv.join("bin/pip")).args([
                    "install",
                    "-q",
                    &format!("schemathesis=={SCHEMATHESIS}"),
                ]));
            }
            st
        }
    };
    assert!(st.is_file(), "no schemathesis at `{}`", st.display());
    // Every check, a fixed seed so a failure can be replayed, and a bounded number of
    // examples per operation so nine starters stay within CI's time.
    format!(
        "{} run \"$SCAFFOLD_URL/openapi.json\" --checks all --workers 1 --max-examples 25 \
         --seed 7",
        st.display()
    )
}

fn verify_with(sb: &Sandbox, args: &[&str], dir: &str) -> (bool, String) {
    let out = sb.cmd(args).output().expect("runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let left = processes_inside(&sb.join(dir));
    assert!(
        left.is_empty(),
        "processes left running after verify of {dir}: {left:?}\n{report}"
    );
    (out.status.success(), report)
}

/// The route file of the users example per full framework, edited by hand before an update.
/// A full framework missing here fails the test: add its route file.
const ROUTE_FILES: &[(&str, &str)] = &[
    ("fastapi", "app/routers/users.py"),
    ("flask", "app/users.py"),
    ("django", "api/views.py"),
    ("express", "src/routes/users.js"),
    ("koa", "src/routes/users.js"),
    ("nestjs", "src/users/users.controller.ts"),
    (
        "spring-boot",
        "src/main/java/com/example/demo/users/UserController.java",
    ),
    ("gin", "internal/api/user_handlers.go"),
    ("axum", "src/routes/users.rs"),
];

/// Every field type, optional ones included: the resource an update adds.
const BOOK: &str =
    "book=title:string,summary:text?,pages:int,price:float,in_stock:bool,published_at:datetime?";
const USER_WITH_NICKNAME: &str = "user=name:string,email:string,age:int?,nickname:text?";

/// Hand edits a team makes: a comment at the top of a route file, a note in the README.
fn edit_by_hand(sb: &Sandbox, id: &str) -> (String, String) {
    let rel = ROUTE_FILES
        .iter()
        .find(|(f, _)| *f == id)
        .map(|(_, r)| *r)
        .unwrap_or_else(|| panic!("{id}: no route file in ROUTE_FILES"));
    let route = sb.join(&format!("demo/{rel}"));
    let comment = if rel.ends_with(".py") { "#" } else { "//" };
    let line = format!("{comment} Team: rate limits go here.");
    let text = std::fs::read_to_string(&route).unwrap_or_else(|e| panic!("{rel}: {e}"));
    std::fs::write(&route, format!("{line}\n{text}")).expect("edit route");
    let readme = sb.join("demo/README.md");
    let text = std::fs::read_to_string(&readme).expect("readme");
    let (title, rest) = text.split_once('\n').expect("a title line");
    let note = "> Team note: on-call is #api.";
    std::fs::write(&readme, format!("{title}\n\n{note}\n{rest}")).expect("edit readme");
    (line, note.to_string())
}

/// Each full starter from the users example: verified, edited by hand, updated with a new
/// resource of every field type and a new optional field, and verified again, fuzzer
/// included. The second verify's `data` step serves the records the first one stored, from
/// the same database file, through the updated starter.
#[test]
#[ignore = "end-to-end: installs dependencies; run with --include-ignored"]
fn every_full_starter_serves_the_contract_before_and_after_an_update() {
    let catalog = Catalog::load().expect("catalog");
    let full: Vec<&str> = catalog
        .templates
        .iter()
        .filter(|t| t.manifest.verification == Verification::Full)
        .map(|t| t.manifest.id.as_str())
        .collect();
    assert!(!full.is_empty(), "no template at level full");
    let fuzz = fuzzer();
    let mut failures = Vec::new();
    for id in full {
        let sb = Sandbox::new();
        sb.ok(&[
            "new",
            "demo",
            "--framework",
            id,
            "--spec",
            &example("users-api.toml"),
        ]);
        let (ok, report) = verify_with(&sb, &["verify", "demo"], "demo");
        eprintln!("{id} before the update:\n{report}");
        if !ok {
            failures.push(format!("{id} before the update:\n{report}"));
            continue;
        }
        let (line, note) = edit_by_hand(&sb, id);
        let out = sb
            .cmd(&["update", "demo", "-r", BOOK, "-r", USER_WITH_NICKNAME])
            .output()
            .expect("runs");
        let updated = String::from_utf8_lossy(&out.stdout).to_string();
        eprintln!("{id} update:\n{updated}");
        if !out.status.success() {
            failures.push(format!("{id}: update failed:\n{updated}"));
            continue;
        }
        let (ok, report) = verify_with(&sb, &["verify", "demo", "--fuzz", &fuzz], "demo");
        eprintln!("{id} after the update:\n{report}");
        for step in [
            "toolchain",
            "install",
            "test",
            "lint",
            "data",
            "start",
            "contract",
            "openapi",
            "fuzz",
            "restart",
            "access-log",
            "stop",
        ] {
            assert!(
                report.contains(step),
                "{id}: the report names no `{step}` step:\n{report}"
            );
        }
        assert!(
            report.contains("the previous run's records are still served"),
            "{id}: the data step did not serve the old records:\n{report}"
        );
        let route = ROUTE_FILES
            .iter()
            .find(|(f, _)| *f == id)
            .expect("listed")
            .1;
        let kept = std::fs::read_to_string(sb.join(&format!("demo/{route}"))).expect("route");
        assert!(kept.starts_with(&line), "{id}: the route edit was lost");
        let readme = std::fs::read_to_string(sb.join("demo/README.md")).expect("readme");
        assert!(readme.contains(&note), "{id}: the README edit was lost");
        assert!(
            readme.contains("/books"),
            "{id}: the README lists no book routes"
        );
        if !ok {
            failures.push(format!("{id} after the update:\n{report}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
#[ignore = "end-to-end: installs dependencies; run with --include-ignored"]
fn a_broken_route_fails_verify_naming_the_route() {
    let sb = Sandbox::new();
    sb.ok(&["new", "users-api", "--framework", "fastapi"]);
    let router = sb.join("users-api/app/routers/users.py");
    let code = std::fs::read_to_string(&router).expect("router");
    let broken = code.replace("status.HTTP_204_NO_CONTENT", "status.HTTP_200_OK");
    assert_ne!(
        code, broken,
        "the fastapi router no longer declares DELETE's 204; update this test"
    );
    std::fs::write(&router, broken).expect("write");
    // A fuzzer that finds something fails its own step too.
    let (ok, report) = verify_with(
        &sb,
        &["verify", "users-api", "--fuzz", "exit 3"],
        "users-api",
    );
    assert!(
        report
            .lines()
            .any(|l| l.contains("FAIL  fuzz") && l.contains("`exit 3` failed")),
        "{report}"
    );
    assert!(
        !ok,
        "verify passed a starter whose DELETE answers 200:\n{report}"
    );
    assert!(
        report.contains("DELETE /users/") && report.contains("204"),
        "{report}"
    );
}

#[test]
#[ignore = "end-to-end: installs dependencies; run with --include-ignored"]
fn a_project_made_through_prompts_passes_verify() {
    let sb = Sandbox::new();
    crate::prompt::create_through_prompts(sb.path(), "fastapi");
    let (ok, report) = verify(&sb, "shop");
    assert!(ok, "{report}");
}

#[test]
fn a_missing_toolchain_is_a_failure_not_a_pass() {
    let sb = Sandbox::new();
    sb.ok(&["new", "users-api", "--framework", "express"]);
    let out = sb
        .cmd(&["verify", "users-api"])
        .env("PATH", "/nonexistent")
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("missing toolchain: `") && stdout.contains("`node`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("FAIL") && stdout.contains("FAILED"),
        "{stdout}"
    );
}

#[test]
fn missing_toolchain_in_json_report() {
    let sb = Sandbox::new();
    sb.ok(&["new", "users-api", "--framework", "fastapi"]);
    let out = sb
        .cmd(&["verify", "users-api", "--json"])
        .env("PATH", "/nonexistent")
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    let starter = &report[0];
    assert_eq!(starter["framework"], "fastapi");
    assert_eq!(starter["passed"], false);
    assert_eq!(starter["steps"][0]["name"], "toolchain");
    assert_eq!(starter["steps"][0]["status"], "fail");
    assert!(
        starter["steps"]
            .as_array()
            .expect("steps")
            .iter()
            .skip(1)
            .all(|s| s["status"] == "skip")
    );
}

#[test]
fn ctrl_c_during_verify_stops_every_child() {
    use nix::sys::signal::{Signal, kill};
    use nix::unistd::Pid;
    let sb = Sandbox::new();
    sb.ok(&["new", "users-api", "--framework", "fastapi"]);
    // The test step sources the virtualenv's activate script: make it hang with a child.
    std::fs::create_dir_all(sb.join("users-api/.venv/bin")).expect("mkdir");
    std::fs::write(
        sb.join("users-api/.venv/bin/activate"),
        "sleep 60 & sleep 60\n",
    )
    .expect("write");
    let child = sb
        .spawnable(&["verify", "users-api", "--skip-install"])
        .spawn()
        .expect("spawns");
    let hanging = (0..100).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        processes_inside(&sb.join("users-api"))
            .iter()
            .any(|p| p.contains("sleep 60"))
    });
    assert!(hanging, "the test step never started");
    kill(
        Pid::from_raw(i32::try_from(child.id()).expect("pid")),
        Signal::SIGINT,
    )
    .expect("signal");
    let out = child.wait_with_output().expect("exits");
    assert_eq!(
        out.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let left = processes_inside(&sb.join("users-api"));
    assert!(left.is_empty(), "left running after Ctrl-C: {left:?}");
}

#[test]
fn verify_refuses_a_folder_without_starters() {
    let sb = Sandbox::new();
    std::fs::create_dir(sb.join("empty")).expect("mkdir");
    let err = sb.fails(&["verify", "empty"], 1);
    assert!(err.contains("holds no starter"), "{err}");
}

#[test]
#[ignore = "slow tier: run by CI via --include-ignored (three verify runs of stand-in servers, each waiting out an absent log line: ~20 s)"]
fn verify_checks_the_access_log_switch_both_ways() {
    use crate::bench::starter_serving;
    let sb = Sandbox::new();
    // A stand-in that answers `/health` and 404 (the contract fails, the server steps still
    // run), and logs each request when `when` holds.
    let logging = |when: &str| {
        format!(
            r#"import http from 'node:http';
http.createServer((req, res) => {{
  if ({when}) console.log(`${{req.method}} ${{req.url}}`);
  req.on('error', () => {{}});
  req.resume();
  const ok = req.url === '/health';
  res.writeHead(ok ? 200 : 404, {{ 'content-type': 'application/json' }});
  res.end(ok ? '{{"status":"ok"}}' : '{{"error":"not found"}}');
}}).listen(Number(process.env.PORT), process.env.HOST);
"#
        )
    };
    for (name, when, expected) in [
        (
            "follows",
            "process.env.ACCESS_LOG !== 'off'",
            "pass  access-log",
        ),
        ("ignores", "true", "FAIL  access-log"),
        ("silent", "false", "FAIL  access-log"),
    ] {
        starter_serving(&sb, name, &logging(when));
        // No install: its own tests and lint fail, and the server steps still run.
        let out = sb
            .cmd(&["verify", name, "--skip-install"])
            .output()
            .expect("runs");
        let report = String::from_utf8_lossy(&out.stdout);
        let line = report
            .lines()
            .find(|l| l.contains("access-log"))
            .unwrap_or_else(|| panic!("{name}: no access-log step:\n{report}"));
        assert!(line.contains(expected), "{name}: {line}\n{report}");
        let why = match name {
            "ignores" => Some("ACCESS_LOG=off still logged a request"),
            "silent" => Some("no line in start.log"),
            _ => None,
        };
        if let Some(why) = why {
            assert!(line.contains(why), "{name}: {line}");
        }
    }
}
