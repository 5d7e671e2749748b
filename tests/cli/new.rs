//! `scaffold new`, `list` and `bakeoff` from the outside: layouts, refusals, exit codes.

use std::collections::BTreeMap;
use std::io::Read as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::helpers::{Sandbox, example};

/// Where a starter keeps the record of its last render.
pub const RECORD: &str = ".scaffold/base.tar";

/// The record of the starter in `dir`, read with the `tar` crate: path -> (mode, contents).
pub fn recorded(dir: &Path) -> BTreeMap<String, (u32, Vec<u8>)> {
    let bytes = std::fs::read(dir.join(RECORD)).expect("the record");
    let mut archive = tar::Archive::new(bytes.as_slice());
    let mut files = BTreeMap::new();
    for entry in archive.entries().expect("a tar archive") {
        let mut entry = entry.expect("an entry");
        assert_eq!(entry.header().entry_type(), tar::EntryType::Regular);
        let path = entry.path().expect("a path").display().to_string();
        let mode = entry.header().mode().expect("a mode");
        let mut contents = Vec::new();
        entry.read_to_end(&mut contents).expect("contents");
        assert!(
            files.insert(path, (mode, contents)).is_none(),
            "one entry per path"
        );
    }
    files
}

fn catalog_ids() -> Vec<String> {
    scaffold::generate::catalog::Catalog::load()
        .expect("catalog")
        .ids()
}

#[test]
fn list_json_describes_every_framework() {
    let sb = Sandbox::new();
    let out = sb.ok(&["list", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let entries = list.as_array().expect("an array");
    let ids: Vec<&str> = entries
        .iter()
        .map(|e| e["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids, catalog_ids());
    for e in entries {
        for key in ["name", "language", "version", "summary"] {
            assert!(
                e[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key} of {e}"
            );
        }
        assert!(
            matches!(e["verification"].as_str(), Some("full" | "parsed")),
            "{e}"
        );
        for cmd in ["install", "test", "run"] {
            assert!(
                e["commands"][cmd].as_str().is_some_and(|s| !s.is_empty()),
                "{cmd} of {e}"
            );
        }
    }
}

#[test]
fn list_table_names_every_framework() {
    let out = Sandbox::new().ok(&["list"]);
    for id in catalog_ids() {
        assert!(
            out.lines().any(|l| l.starts_with(&format!("{id} "))),
            "{id} missing:\n{out}"
        );
    }
}

#[test]
fn layouts_of_every_framework_and_example_spec() {
    // The generations run a few at a time (each is one `scaffold new`, as `Sandbox::ok` runs
    // it: success and empty stderr required); the checks below take them in order.
    let mut runs: Vec<(String, &str, Sandbox)> = Vec::new();
    for id in catalog_ids() {
        for spec in ["users-api.toml", "bookstore.toml"] {
            runs.push((id.clone(), spec, Sandbox::new()));
        }
    }
    for chunk in runs.chunks(GENERATIONS_AT_ONCE) {
        let children: Vec<_> = chunk
            .iter()
            .map(|(id, spec, sb)| {
                sb.spawnable(&[
                    "new",
                    "--framework",
                    id,
                    "--spec",
                    &example(spec),
                    "--output",
                    "out",
                ])
                .spawn()
                .expect("spawns")
            })
            .collect();
        for ((id, spec, _), child) in chunk.iter().zip(children) {
            let out = child.wait_with_output().expect("runs");
            assert!(
                out.status.success() && out.stderr.is_empty(),
                "scaffold new -f {id} --spec {spec} failed: {}\nstderr: {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    for (id, spec, sb) in &runs {
        // The record mirrors the project file for file (see `generate::record`): same paths,
        // same executable bits, same contents but for secrets (placeholders in the record).
        let out = sb.join("out");
        let project: Vec<String> = sb.tree("out").into_iter().filter(|p| p != RECORD).collect();
        let record = recorded(&out);
        assert_eq!(
            record.keys().collect::<Vec<_>>(),
            project.iter().collect::<Vec<_>>(),
            "{id} {spec}: the record mirrors the project"
        );
        for (path, (mode, contents)) in &record {
            let file = out.join(path);
            let executable = std::fs::metadata(&file).expect("meta").permissions().mode() & 0o111;
            assert_eq!(mode & 0o111, executable, "{id} {spec}: mode of {path}");
            if !String::from_utf8_lossy(contents).contains("scaffold-secret-placeholder-") {
                assert_eq!(
                    &std::fs::read(&file).expect("read"),
                    contents,
                    "{id} {spec}: {path}"
                );
            }
        }
        let listing = project.join("\n");
        insta::assert_snapshot!(
            format!("layout-{id}-{}", spec.trim_end_matches(".toml")),
            listing
        );
        // The file a user reads first, for review with every template change.
        if *spec == "users-api.toml" {
            let readme = std::fs::read_to_string(sb.join("out/README.md")).expect("README");
            insta::assert_snapshot!(format!("readme-{id}-users-api"), readme);
        }
    }
}

/// How many `scaffold new` runs `layouts_of_every_framework_and_example_spec` starts at once.
const GENERATIONS_AT_ONCE: usize = 4;

#[test]
fn prints_the_next_steps_of_the_manifest() {
    let sb = Sandbox::new();
    let out = sb
        .cmd(&["new", "users-api", "--framework", "fastapi"])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.starts_with("Created users-api (fastapi) at users-api\n"),
        "{stdout}"
    );
    let catalog = scaffold::generate::catalog::Catalog::load().expect("catalog");
    let manifest = &catalog.find("fastapi").expect("fastapi").manifest;
    for step in manifest.commands.steps() {
        assert!(stdout.contains(step), "missing `{step}` in:\n{stdout}");
    }
    assert!(sb.join("users-api/.scaffold.toml").is_file());
}

#[test]
fn refuses_a_non_empty_target_and_leaves_it_untouched() {
    let sb = Sandbox::new();
    sb.ok(&["new", "users-api", "--framework", "express"]);
    let before = sb.tree("users-api");
    let record = std::fs::read(sb.join("users-api/.scaffold.toml")).expect("record");
    let err = sb.fails(&["new", "users-api", "--framework", "express"], 1);
    assert!(
        err.contains("`users-api` already exists and is not empty"),
        "{err}"
    );
    assert_eq!(sb.tree("users-api"), before);
    assert_eq!(
        std::fs::read(sb.join("users-api/.scaffold.toml")).expect("record"),
        record
    );
}

#[test]
fn dry_run_lists_files_and_writes_nothing() {
    let sb = Sandbox::new();
    let out = sb.ok(&["new", "users-api", "-f", "fastapi", "--dry-run", "--quiet"]);
    assert!(out.lines().any(|l| l.ends_with(" .scaffold.toml")), "{out}");
    let record = out
        .lines()
        .filter(|l| l.contains(RECORD))
        .collect::<Vec<_>>();
    let files = out.lines().count() - 1;
    assert_eq!(
        record,
        [format!(
            "{:>8}  {RECORD} ({files} files: the record `scaffold update` merges from)",
            record
                .first()
                .and_then(|l| l.trim_start().split_once(' '))
                .map_or("", |(n, _)| n)
        )],
        "one line for the record, which holds every other file listed:\n{out}"
    );
    assert!(out.lines().all(|l| {
        l.trim_start()
            .split_once("  ")
            .is_some_and(|(size, _)| size.parse::<usize>().is_ok())
    }));
    assert_eq!(std::fs::read_dir(sb.path()).expect("ls").count(), 0);
}

#[test]
fn rejects_bad_project_names_naming_the_rule() {
    let sb = Sandbox::new();
    for (name, rule) in [
        ("../x", "is a name, not a path"),
        ("my app", "may hold only ASCII letters"),
        ("2fast", "must start with an ASCII letter"),
    ] {
        let err = sb.fails(&["new", name, "--framework", "fastapi"], 1);
        assert!(
            err.contains(&format!("project name `{name}`")) && err.contains(rule),
            "{err}"
        );
        assert!(err.contains("try `"), "a suggestion: {err}");
    }
    assert_eq!(std::fs::read_dir(sb.path()).expect("ls").count(), 0);
}

#[test]
fn unknown_framework_is_a_usage_error_listing_the_known_ones() {
    let sb = Sandbox::new();
    let err = sb.fails(&["new", "x", "--framework", "rocket-on-rails"], 2);
    assert!(err.contains("unknown framework `rocket-on-rails`"), "{err}");
    assert!(err.contains(&catalog_ids().join(", ")), "{err}");
}

#[test]
fn bad_flags_exit_2() {
    let sb = Sandbox::new();
    sb.fails(&["new", "x", "--port", "0"], 2);
    sb.fails(&["new", "x", "--no-such-flag"], 2);
}

#[test]
fn bad_values_are_rejected_before_any_write() {
    let sb = Sandbox::new();
    for (args, needle) in [
        (vec!["--description", "bell\u{7}"], "description"),
        (vec!["--resource", "users=name:string"], "must be singular"),
        (
            vec!["--resource", "user=id:int"],
            "field name (resource `user`) `id`",
        ),
        (vec!["--resource", "user=class:string"], "python"),
        (
            vec!["--resource", "user=name:integer"],
            "unknown type `integer`",
        ),
        (
            vec!["--resource", "user"],
            "must be written `name=field:type",
        ),
    ] {
        let mut full = vec!["new", "shop", "--framework", "fastapi"];
        full.extend(args);
        let err = sb.fails(&full, 1);
        assert!(err.contains(needle), "{full:?}: {err}");
    }
    assert_eq!(std::fs::read_dir(sb.path()).expect("ls").count(), 0);
}

#[test]
fn missing_name_without_a_terminal_fails_without_waiting_for_input() {
    let sb = Sandbox::new();
    // stdin stays open and silent: a command that waited for an answer would never end.
    let mut child = sb
        .spawnable(&["new", "--framework", "fastapi"])
        .stdin(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    let _open_stdin = child.stdin.take();
    let start = Instant::now();
    while child.try_wait().expect("waits").is_none() {
        if start.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("`scaffold new` without NAME waited for input");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().expect("exits");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NAME"));
}

#[test]
fn regenerates_from_its_own_record_with_fresh_secrets() {
    let sb = Sandbox::new();
    sb.ok(&[
        "new",
        "--spec",
        &example("bookstore.toml"),
        "--framework",
        "django",
        "--output",
        "one",
    ]);
    sb.ok(&["new", "--spec", "one/.scaffold.toml", "--output", "two"]);
    assert_eq!(sb.tree("one"), sb.tree("two"));
    let read = |p: &str| std::fs::read_to_string(sb.join(p)).expect("file");
    let strip = |s: String| {
        s.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(
        strip(read("one/.scaffold.toml")),
        strip(read("two/.scaffold.toml"))
    );
    assert_ne!(
        read("one/.env"),
        read("two/.env"),
        "secrets must be fresh per generation"
    );
}

#[test]
fn the_record_is_a_deterministic_tar_that_tar_itself_extracts_to_the_pristine_project() {
    let sb = Sandbox::new();
    // spring-boot: an executable (`mvnw`), and Java paths of more than 100 bytes (what a tar
    // header holds) from a long name.
    for out in ["one", "two"] {
        sb.ok(&[
            "new",
            "inventory-and-warehouse-management-service",
            "--spec",
            &example("bookstore.toml"),
            "-f",
            "spring-boot",
            "-o",
            out,
            "-q",
        ]);
    }
    let record = std::fs::read(sb.join(&format!("one/{RECORD}"))).expect("record");
    assert_eq!(
        std::fs::read(sb.join(&format!("two/{RECORD}"))).expect("record"),
        record,
        "two renders of one spec give the same bytes (fresh secrets and all)"
    );
    std::fs::create_dir(sb.join("x")).expect("mkdir");
    let status = std::process::Command::new("tar")
        .args(["-xf", &format!("one/{RECORD}"), "-C", "x"])
        .current_dir(sb.path())
        .status()
        .expect("runs tar");
    assert!(status.success());
    let project: Vec<String> = sb.tree("one").into_iter().filter(|p| p != RECORD).collect();
    assert_eq!(sb.tree("x"), project);
    assert!(
        project.iter().any(|p| p.len() > 100),
        "a long path is tested"
    );
    let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o111;
    assert!(
        project
            .iter()
            .any(|p| mode(&sb.join(&format!("x/{p}"))) != 0),
        "an executable is tested"
    );
    for path in &project {
        let (a, b) = (
            sb.join(&format!("one/{path}")),
            sb.join(&format!("x/{path}")),
        );
        assert_eq!(mode(&a), mode(&b), "{path}");
        let pristine = std::fs::read(&b).expect("read");
        // Secrets differ: the record holds their placeholders.
        if !String::from_utf8_lossy(&pristine).contains("scaffold-secret-placeholder-") {
            assert_eq!(std::fs::read(&a).expect("read"), pristine, "{path}");
        }
    }
}

#[test]
fn secrets_never_land_in_tracked_files() {
    let sb = Sandbox::new();
    sb.ok(&["new", "shop", "--framework", "django"]);
    let env = std::fs::read_to_string(sb.join("shop/.env")).expect(".env");
    let secrets: Vec<&str> = env
        .lines()
        .filter_map(|l| {
            l.split_once('=')
                .map(|(_, v)| v.trim_matches(|c| c == '"' || c == '\''))
        })
        .filter(|v| v.len() >= 32)
        .collect();
    assert!(!secrets.is_empty(), "no secret in .env:\n{env}");
    let ignore = std::fs::read_to_string(sb.join("shop/.gitignore")).expect(".gitignore");
    assert!(
        ignore.lines().any(|l| l.trim() == ".env"),
        ".env must be git-ignored"
    );
    for file in sb.tree("shop").iter().filter(|f| *f != ".env") {
        let text = std::fs::read(sb.join(&format!("shop/{file}"))).expect("read");
        let text = String::from_utf8_lossy(&text);
        for s in &secrets {
            assert!(!text.contains(s), "secret leaked into {file}");
        }
    }
}

#[test]
fn bakeoff_writes_one_verifiable_starter_per_framework() {
    let sb = Sandbox::new();
    sb.ok(&["bakeoff", "team", "--spec", &example("users-api.toml")]);
    for id in catalog_ids() {
        assert!(
            sb.join(&format!("team/{id}/.scaffold.toml")).is_file(),
            "{id}"
        );
    }
    let readme = std::fs::read_to_string(sb.join("team/README.md")).expect("README");
    assert!(
        catalog_ids()
            .iter()
            .all(|id| readme.contains(&format!("`{id}/`")))
    );
    let err = sb.fails(&["bakeoff", "team"], 1);
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn help_shows_examples() {
    let out = Sandbox::new().ok(&["new", "--help"]);
    insta::assert_snapshot!("help-new", out);
}

/// The errors users meet most, as they read them: one snapshot to review their wording.
#[test]
fn main_error_messages() {
    let sb = Sandbox::new();
    std::fs::create_dir(sb.join("taken")).expect("mkdir");
    std::fs::write(sb.join("taken/x"), "x").expect("write");
    let cases: &[&[&str]] = &[
        &["new", "2fast"],
        &["new", "app", "-f", "fastapi"],
        &["new", "express", "-f", "express"],
        &["new", "shop", "-f", "fastpai"],
        &["new", "shop", "-r", "user=class:string"],
        &["new", "shop", "-r", "user=age:integer"],
        &["new", "shop", "-r", "users=name:string"],
        &["new", "shop", "-r", "user=name"],
        &["new", "taken", "-f", "fastapi"],
        &["new", "shop", "--spec", "/dev/zero"],
        &["new", "shop", "--spec", "missing.toml"],
        &["new", "../shop"],
        &["verify", "."],
    ];
    let mut text = String::new();
    for args in cases {
        let out = sb.cmd(args).output().expect("runs");
        text.push_str(&format!(
            "$ scaffold {}\n[exit {}] {}\n",
            args.join(" "),
            out.status.code().unwrap_or(-1),
            String::from_utf8_lossy(&out.stderr).trim_end()
        ));
    }
    insta::assert_snapshot!("main-error-messages", text);
}
