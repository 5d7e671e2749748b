//! Hostile input and interrupted writes: nothing half-written, never a panic.

use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use proptest::prelude::*;

use scaffold::generate::catalog::Catalog;
use scaffold::generate::spec::SpecFile;
use scaffold::generate::{self, Request};

use crate::helpers::{Sandbox, example};

/// Starts a slowed-down `new`, signals it mid-write, and expects no trace on disk.
fn interrupt_mid_write(signal: Signal, code: i32) {
    let sb = Sandbox::new();
    let child = sb
        .spawnable(&[
            "new",
            "--spec",
            &example("bookstore.toml"),
            "--framework",
            "fastapi",
            "--output",
            "slow",
        ])
        .env("SCAFFOLD_TEST_WRITE_DELAY_MS", "100")
        .spawn()
        .expect("spawns");
    // Wait until the temporary directory exists: the write has begun.
    let started = (0..100).any(|_| {
        std::thread::sleep(Duration::from_millis(20));
        std::fs::read_dir(sb.path()).expect("ls").next().is_some()
    });
    assert!(started, "the write never began");
    kill(
        Pid::from_raw(i32::try_from(child.id()).expect("pid")),
        signal,
    )
    .expect("signal sent");
    let out = child.wait_with_output().expect("exits");
    assert_eq!(
        out.status.code(),
        Some(code),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("interrupted; nothing was written"));
    let left: Vec<_> = std::fs::read_dir(sb.path())
        .expect("ls")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn sigint_during_the_write_leaves_nothing_behind() {
    interrupt_mid_write(Signal::SIGINT, 130);
}

#[test]
fn sigterm_during_the_write_leaves_nothing_behind() {
    interrupt_mid_write(Signal::SIGTERM, 143);
}

#[test]
fn a_target_where_nothing_can_be_written_is_a_clear_error() {
    let sb = Sandbox::new();
    // Not even root can create a directory in /proc.
    let err = sb.fails(
        &[
            "new",
            "x",
            "-f",
            "fastapi",
            "--output",
            "/proc/scaffold-target",
        ],
        1,
    );
    assert!(
        err.contains("cannot write in `/proc") && err.contains("writable"),
        "{err}"
    );
    std::fs::write(sb.join("file"), "x").expect("write");
    let err = sb.fails(&["new", "x", "-f", "fastapi", "--output", "file/x"], 1);
    assert!(err.contains("create it first"), "{err}");
    assert_eq!(sb.tree("."), ["file"]);
}

#[test]
fn spec_files_that_are_not_specs_get_a_clear_error() {
    let sb = Sandbox::new();
    for (text, needle) in [
        ("name = ", "line 1"),
        ("name = \"a\"\nname = \"b\"\n", "duplicate key"),
        ("colour = \"red\"\n", "unknown field `colour`"),
        ("[[resources]]\nname = \"user\"\n", "missing field `fields`"),
        ("port = 70000\n", "70000"),
        ("\u{0}\u{1}binary", "spec file"),
        (
            "[[resources]]\nname = \"user\"\nfields = [\"a\"]\n",
            "must be written `name:type`",
        ),
    ] {
        std::fs::write(sb.join("s.toml"), text).expect("write");
        let err = sb.fails(&["new", "x", "-f", "fastapi", "--spec", "s.toml"], 1);
        assert!(err.contains(needle), "{text:?}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let huge = "# padding\n".repeat(200_000);
    std::fs::write(sb.join("huge.toml"), huge).expect("write");
    let err = sb.fails(&["new", "x", "-f", "fastapi", "--spec", "huge.toml"], 1);
    assert!(err.contains("larger than 1 MiB"), "{err}");
    // A device or a FIFO would be read forever: refused before reading.
    let err = sb.fails(&["new", "x", "-f", "fastapi", "--spec", "/dev/zero"], 1);
    assert!(err.contains("`/dev/zero`: is not a regular file"), "{err}");
    let fifo = sb.join("fifo.toml");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::S_IRWXU).expect("mkfifo");
    let err = sb.fails(&["new", "x", "-f", "fastapi", "--spec", "fifo.toml"], 1);
    assert!(err.contains("not a regular file"), "{err}");
    std::fs::remove_file(&fifo).expect("remove fifo");
    let missing = sb.fails(&["new", "x", "-f", "fastapi", "--spec", "nope.toml"], 1);
    assert!(
        missing.contains("cannot read spec file `nope.toml`"),
        "{missing}"
    );
    assert_eq!(sb.tree(".").len(), 2, "only the two spec files");
}

fn catalog() -> &'static Catalog {
    static CATALOG: std::sync::OnceLock<Catalog> = std::sync::OnceLock::new();
    CATALOG.get_or_init(|| Catalog::load().expect("catalog"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Arbitrary text never panics the spec parser; it parses or names the file.
    #[test]
    fn spec_parser_never_panics(text in "\\PC{0,300}") {
        if let Err(e) = SpecFile::parse(&text, "fuzz.toml") {
            prop_assert!(e.to_string().starts_with("spec file `fuzz.toml`"));
        }
    }

    /// Arbitrary names are accepted by every template or rejected with the name in the error.
    #[test]
    fn names_are_validated_for_every_framework(
        project in "[a-zA-Z0-9_ .-]{0,12}",
        resource in "[a-z_A-Z0-9]{0,10}",
        field in "[a-z_A-Z0-9]{0,10}",
    ) {
        for template in &catalog().templates {
            let request = Request {
                name: Some(project.clone()),
                resources: vec![scaffold::generate::spec::Resource {
                    name: resource.clone(),
                    fields: vec![format!("{field}:string").parse().expect("syntax")],
                }],
                ..Request::default()
            };
            match generate::spec_for(request, &[template]).and_then(|s| {
                generate::plan(&s, template).map(|p| (s, p))
            }).map_err(|e| e.to_string()) {
                Ok((spec, plan)) => {
                    prop_assert!(scaffold::generate::names::check_project_name(&spec.name).is_ok());
                    prop_assert!(plan.files.iter().all(|f| scaffold::generate::render::finish_path(&f.path).as_deref() == Ok(f.path.as_str())));
                }
                Err(e) => prop_assert!(
                    e.contains(&format!("`{project}`")) || e.contains(&format!("`{resource}`")) || e.contains(&format!("`{field}`")),
                    "{} rejected without naming the value: {e}", template.manifest.id
                ),
            }
        }
    }
}
