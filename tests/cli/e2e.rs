//! The end-to-end tier: real toolchains install, test and serve generated starters, and
//! `scaffold verify` checks the contract. Slow (minutes), so ignored by a plain `cargo test`;
//! `cargo test -- --include-ignored` (CI) runs it.

use std::path::Path;

use scaffold::catalog::Catalog;
use scaffold::manifest::Verification;

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
    let out = sb.cmd(&["verify", dir]).output().expect("runs");
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

#[test]
#[ignore = "end-to-end: installs dependencies; run with --include-ignored"]
fn every_full_starter_installs_tests_and_serves_the_contract() {
    let catalog = Catalog::load().expect("catalog");
    let full: Vec<&str> = catalog
        .templates
        .iter()
        .filter(|t| t.manifest.verification == Verification::Full)
        .map(|t| t.manifest.id.as_str())
        .collect();
    assert!(!full.is_empty(), "no template at level full");
    let mut failures = Vec::new();
    for id in full {
        let sb = Sandbox::new();
        sb.ok(&[
            "new",
            "demo",
            "--framework",
            id,
            "--spec",
            &example("bookstore.toml"),
        ]);
        let (ok, report) = verify(&sb, "demo");
        eprintln!("{report}");
        for step in [
            "toolchain",
            "install",
            "test",
            "start",
            "contract",
            "restart",
            "stop",
        ] {
            assert!(
                report.contains(step),
                "{id}: the report names no `{step}` step:\n{report}"
            );
        }
        if !ok {
            failures.push(format!("{id}:\n{report}"));
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
    let (ok, report) = verify(&sb, "users-api");
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
fn verify_refuses_a_folder_without_starters() {
    let sb = Sandbox::new();
    std::fs::create_dir(sb.join("empty")).expect("mkdir");
    let err = sb.fails(&["verify", "empty"], 1);
    assert!(err.contains("holds no starter"), "{err}");
}
