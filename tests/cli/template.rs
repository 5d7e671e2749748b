//! Templates users bring: `new --template DIR` and `template check DIR`.

use std::path::Path;

use crate::helpers::Sandbox;

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read template") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn built_in(id: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("templates")
        .join(id)
}

#[test]
fn a_copied_template_renders_like_the_built_in_one() {
    let sb = Sandbox::new();
    copy_dir(&built_in("flask"), &sb.join("mine/flask"));
    let out = sb.ok(&["template", "check", "mine/flask"]);
    assert!(
        out.contains("template `flask`") && out.contains("no problem"),
        "{out}"
    );
    sb.ok(&["new", "shop", "--template", "mine/flask", "-o", "a", "-q"]);
    sb.ok(&["new", "shop", "-f", "flask", "-o", "b", "-q"]);
    let strip = |dir: &str| -> Vec<String> { sb.tree(dir) };
    assert_eq!(strip("a"), strip("b"));
    assert_eq!(
        std::fs::read_to_string(sb.join("a/app/__init__.py")).expect("a"),
        std::fs::read_to_string(sb.join("b/app/__init__.py")).expect("b")
    );
}

#[test]
fn a_brought_template_changes_what_new_writes() {
    let sb = Sandbox::new();
    copy_dir(&built_in("flask"), &sb.join("mine/flask"));
    std::fs::write(
        sb.join("mine/flask/files/NOTES.md.hbs"),
        "# Notes for {{project.name.title}}\n",
    )
    .expect("write");
    sb.ok(&["new", "users-api", "--template", "mine/flask", "-q"]);
    assert_eq!(
        std::fs::read_to_string(sb.join("users-api/NOTES.md")).expect("notes"),
        "# Notes for Users API\n"
    );
}

#[test]
fn template_check_reports_every_problem_with_its_file() {
    let sb = Sandbox::new();
    let dir = sb.join("broken/flask");
    copy_dir(&built_in("flask"), &dir);
    let manifest = std::fs::read_to_string(dir.join("template.toml")).expect("manifest");
    let manifest = manifest
        .lines()
        .map(|l| {
            if l.starts_with("summary =") {
                "summary = \"\""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("template.toml"), manifest).expect("write");
    std::fs::write(
        dir.join("files/unclosed.txt.hbs"),
        "a\n{{#if project.name}}oops\n",
    )
    .expect("write");
    std::fs::write(dir.join("files/{{oops.txt"), "x").expect("write");
    let out = sb
        .cmd(&["template", "check", "broken/flask"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "template.toml: `summary` is empty",
        "unclosed.txt.hbs:",
        "{{oops.txt: path:",
    ] {
        assert!(stdout.contains(needle), "`{needle}` missing:\n{stdout}");
    }
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("has 3 problem(s)"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_render_failure_and_a_broken_json_are_named() {
    let sb = Sandbox::new();
    let dir = sb.join("broken/flask");
    copy_dir(&built_in("flask"), &dir);
    std::fs::write(
        dir.join("files/extra.json.hbs"),
        "{\"port\": {{project.port}},}\n",
    )
    .expect("write");
    let out = sb
        .cmd(&["template", "check", "broken/flask"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("[bookstore] extra.json: line 1: not valid JSON"),
        "{stdout}"
    );
    std::fs::write(dir.join("files/extra.json.hbs"), "{{nope.value}}\n").expect("write");
    let out = sb
        .cmd(&["template", "check", "broken/flask"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("extra.json.hbs") && stdout.contains("nope.value"),
        "{stdout}"
    );
}
