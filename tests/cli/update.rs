//! `scaffold update`: edits survive, new files arrive, conflicts are marked and fail the run,
//! a fleet is updated in one command, and nothing is ever half-done.

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::time::Duration;

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::helpers::{Sandbox, example};
use crate::new::{RECORD, recorded};

const INVOICE: &str = "invoice=total:float,placed_at:datetime";
const USER_WITH_NICKNAME: &str = "user=name:string,email:string,age:int?,nickname:string?";

/// Every file and folder below `dir` with its mode and contents: "exactly as before".
fn snapshot(dir: &Path) -> BTreeMap<String, (u32, Vec<u8>)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("ls") {
            let p = e.expect("entry").path();
            let meta = fs::symlink_metadata(&p).expect("meta");
            let rel = p.strip_prefix(dir).expect("below").display().to_string();
            let mode = meta.permissions().mode();
            if meta.is_dir() {
                out.insert(format!("{rel}/"), (mode, Vec::new()));
                stack.push(p);
            } else {
                out.insert(rel, (mode, fs::read(&p).expect("read")));
            }
        }
    }
    out
}

fn read(sb: &Sandbox, rel: &str) -> String {
    fs::read_to_string(sb.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// A fastapi users-api with a hand edit in a route file and in the README.
fn edited_fastapi(sb: &Sandbox) {
    sb.ok(&[
        "new",
        "--spec",
        &example("users-api.toml"),
        "-f",
        "fastapi",
        "-o",
        "api",
        "-q",
    ]);
    let route = sb.join("api/app/routers/users.py");
    let mut text = fs::read_to_string(&route).expect("route");
    text.push_str("\n# Team: rate limits go here.\n");
    fs::write(&route, text).expect("edit route");
    let readme = sb.join("api/README.md");
    let text = fs::read_to_string(&readme).expect("readme");
    let (title, rest) = text.split_once('\n').expect("title line");
    fs::write(
        &readme,
        format!("{title}\n\n> Team note: on-call is #api.\n{rest}"),
    )
    .expect("edit");
}

#[test]
fn an_added_resource_and_field_arrive_and_hand_edits_survive() {
    let sb = Sandbox::new();
    edited_fastapi(&sb);
    let out = sb.ok(&["update", "api", "-r", INVOICE, "-r", USER_WITH_NICKNAME]);
    assert!(
        out.contains("schema step 2: creates `invoice`, adds `user.nickname`"),
        "{out}"
    );
    assert!(out.contains("added     app/routers/invoices.py"), "{out}");
    assert!(out.contains("merged    README.md"), "{out}");
    assert!(read(&sb, "api/app/routers/users.py").ends_with("# Team: rate limits go here.\n"));
    let readme = read(&sb, "api/README.md");
    assert!(readme.contains("> Team note: on-call is #api."), "{readme}");
    assert!(
        readme.contains("/invoices"),
        "the API table lists the new routes"
    );
    assert!(read(&sb, "api/app/models.py").contains("nickname"));
    let record = read(&sb, "api/.scaffold.toml");
    assert!(record.contains(INVOICE), "{record}");
    assert!(
        record.contains("add = [\"user=nickname:string?\"]"),
        "{record}"
    );
    // The record now holds the new render: a second update changes nothing.
    let again = sb.ok(&["update", "api"]);
    assert!(again.contains("unchanged"), "{again}");
    assert_eq!(
        recorded(&sb.join("api"))["app/routers/invoices.py"].1,
        read(&sb, "api/app/routers/invoices.py").into_bytes()
    );
}

#[test]
fn a_conflict_is_marked_listed_and_exits_1_with_every_other_file_updated() {
    let sb = Sandbox::new();
    sb.ok(&[
        "new",
        "--spec",
        &example("users-api.toml"),
        "-f",
        "fastapi",
        "-o",
        "api",
        "-q",
    ]);
    // The README's API table gains rows for the new resource; edit the same place.
    let readme = sb.join("api/README.md");
    let text = fs::read_to_string(&readme).expect("readme");
    let row = text
        .lines()
        .find(|l| l.contains("/users/{id}") && l.contains("DELETE"))
        .expect("a DELETE row in the API table")
        .to_string();
    fs::write(
        &readme,
        text.replace(&row, &format!("{row}\n| GET | /users/me | mine |")),
    )
    .expect("edit");
    let stdout = exits_1(&sb, &["update", "api", "-r", INVOICE]);
    assert!(stdout.contains("CONFLICT  README.md"), "{stdout}");
    assert!(stdout.contains("1 file(s) with conflicts"), "{stdout}");
    let merged = read(&sb, "api/README.md");
    for marker in [
        "<<<<<<< ours",
        "=======",
        ">>>>>>> theirs",
        "| GET | /users/me | mine |",
    ] {
        assert!(merged.contains(marker), "{marker} missing:\n{merged}");
    }
    assert!(sb.join("api/app/routers/invoices.py").is_file());
    assert!(read(&sb, "api/app/main.py").contains("invoices"));
}

#[test]
fn a_dry_run_shows_the_changes_and_a_diff_and_writes_nothing() {
    let sb = Sandbox::new();
    edited_fastapi(&sb);
    let before = snapshot(&sb.join("api"));
    let out = sb.ok(&["update", "api", "-r", INVOICE, "--dry-run", "--diff"]);
    assert!(out.contains("would update"), "{out}");
    assert!(out.contains("added     app/routers/invoices.py"), "{out}");
    assert!(out.contains("+++ b/api/app/main.py"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with('+') && l.contains("invoices")),
        "{out}"
    );
    assert_eq!(snapshot(&sb.join("api")), before);
}

#[test]
fn what_is_not_an_addition_is_refused_and_changes_nothing() {
    let sb = Sandbox::new();
    edited_fastapi(&sb);
    let before = snapshot(&sb.join("api"));
    for (flag, named) in [
        (
            "user=name:string,email:string,age:int",
            "field `user.age:int?`",
        ),
        ("user=name:string,email:string", "field `user.age:int?`"),
        (
            "user=name:string,email:string,age:int?,phone:string",
            "`phone:string?`",
        ),
    ] {
        let stdout = exits_1(&sb, &["update", "api", "-r", flag]);
        assert!(
            stdout.contains("failed") && stdout.contains(named),
            "{flag}: {stdout}"
        );
        assert_eq!(snapshot(&sb.join("api")), before, "{flag} changed files");
    }
}

#[test]
fn a_dirty_git_tree_is_refused_unless_allowed() {
    let sb = Sandbox::new();
    sb.ok(&["new", "api", "-f", "express", "--git", "-q"]);
    let tracked = std::process::Command::new("git")
        .args(["ls-files", "--error-unmatch", RECORD])
        .current_dir(sb.join("api"))
        .output()
        .expect("git");
    assert!(tracked.status.success(), "the record is committed");
    let status = std::process::Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(sb.join("api"))
        .output()
        .expect("git");
    assert!(status.stdout.is_empty(), "clean after new --git");
    fs::write(sb.join("api/NOTES.md"), "wip\n").expect("write");
    let stdout = exits_1(&sb, &["update", "api", "-r", INVOICE]);
    assert!(
        stdout.contains("uncommitted changes (NOTES.md)"),
        "{stdout}"
    );
    assert!(!sb.join("api/src/routes/invoices.js").exists());
    sb.ok(&["update", "api", "-r", INVOICE, "--allow-dirty"]);
    assert!(read(&sb, "api/.scaffold.toml").contains("invoice"));
}

#[test]
fn secrets_stay_out_of_the_record_and_env_is_never_merged() {
    let sb = Sandbox::new();
    sb.ok(&["new", "shop", "-o", "site", "-f", "django", "-q"]);
    let env = read(&sb, "site/.env");
    let key = env
        .lines()
        .find_map(|l| l.strip_prefix("DJANGO_SECRET_KEY="))
        .expect("a secret in .env")
        .to_string();
    assert!(key.len() > 40, "{key}");
    let archive = fs::read(sb.join(&format!("site/{RECORD}"))).expect("record");
    assert!(
        !String::from_utf8_lossy(&archive).contains(&key),
        "the record holds the secret"
    );
    let record = recorded(&sb.join("site"));
    assert!(
        String::from_utf8_lossy(&record[".env"].1)
            .contains("scaffold-secret-placeholder-secret_key")
    );
    fs::write(sb.join("site/.env"), format!("{env}LOCAL_ONLY=1\n")).expect("edit env");
    sb.ok(&["update", "site", "-r", INVOICE]);
    assert_eq!(read(&sb, "site/.env"), format!("{env}LOCAL_ONLY=1\n"));
}

/// Turns a starter's record back into the layout scaffold wrote before the archive: a copy of
/// every file under `.scaffold/base/`, suffixed `.base`.
fn to_old_layout(dir: &Path) {
    for (path, (_, contents)) in recorded(dir) {
        let copy = dir.join(format!(".scaffold/base/{path}.base"));
        fs::create_dir_all(copy.parent().expect("a folder")).expect("mkdir");
        fs::write(copy, contents).expect("write");
    }
    fs::remove_file(dir.join(RECORD)).expect("rm the archive");
}

#[test]
fn a_starter_with_the_old_record_folder_updates_and_gets_the_archive_instead() {
    let sb = Sandbox::new();
    edited_fastapi(&sb);
    let api = sb.join("api");
    let pristine = recorded(&api);
    to_old_layout(&api);
    let out = sb.ok(&["update", "api", "-r", INVOICE]);
    assert!(out.contains("added     app/routers/invoices.py"), "{out}");
    assert!(out.contains("merged    README.md"), "{out}");
    assert!(read(&sb, "api/app/routers/users.py").ends_with("# Team: rate limits go here.\n"));
    assert!(
        !api.join(".scaffold/base").exists(),
        "the old record is gone"
    );
    let record = recorded(&api);
    assert_eq!(
        record["app/routers/invoices.py"].1,
        read(&sb, "api/app/routers/invoices.py").into_bytes()
    );
    // The old record was the base of the merge: files the update did not touch are recorded
    // as before.
    assert_eq!(record["app/db.py"], pristine["app/db.py"]);
    let again = sb.ok(&["update", "api"]);
    assert!(again.contains("unchanged"), "{again}");
}

#[test]
fn a_record_naming_a_path_outside_the_project_is_refused() {
    let sb = Sandbox::new();
    sb.ok(&["new", "api", "-f", "fastapi", "-q"]);
    // Unrefused, this entry would be the base of `../outside.txt`, which is on disk as
    // recorded and not in the new render: the update would delete it.
    fs::write(sb.join("outside.txt"), "keep me\n").expect("write");
    let mut builder = tar::Builder::new(Vec::new());
    for (path, (mode, contents)) in recorded(&sb.join("api")) {
        let mut header = tar::Header::new_gnu();
        header.set_size(contents.len() as u64);
        header.set_mode(mode);
        header.set_cksum();
        builder
            .append_data(&mut header, path, contents.as_slice())
            .expect("append");
    }
    let mut header = tar::Header::new_gnu();
    let name = b"../outside.txt";
    header.as_gnu_mut().expect("gnu").name[..name.len()].copy_from_slice(name);
    header.set_size(8);
    header.set_mode(0o644);
    header.set_cksum();
    builder.append(&header, &b"keep me\n"[..]).expect("append");
    fs::write(
        sb.join(&format!("api/{RECORD}")),
        builder.into_inner().expect("archive"),
    )
    .expect("write");
    let before = snapshot(&sb.join("api"));
    let stdout = exits_1(&sb, &["update", "api", "-r", INVOICE]);
    assert!(
        stdout.contains("entry `../outside.txt` is not a relative path inside the project"),
        "{stdout}"
    );
    assert_eq!(read(&sb, "outside.txt"), "keep me\n");
    assert_eq!(snapshot(&sb.join("api")), before);
}

/// Runs `scaffold ARGS`, which must exit 1 (an update that reports a conflict, a refusal or
/// a failed starter on stdout); returns stdout.
fn exits_1(sb: &Sandbox, args: &[&str]) -> String {
    let out = sb.cmd(args).output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert_eq!(out.status.code(), Some(1), "scaffold {args:?}: {stdout}");
    stdout
}

/// Copies a folder (a template) recursively.
fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for e in fs::read_dir(from).expect("ls") {
        let p = e.expect("entry").path();
        let dest = to.join(p.file_name().expect("name"));
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            fs::copy(&p, &dest).expect("copy");
        }
    }
}

#[test]
fn deleted_files_stay_deleted_and_files_a_template_drops_go_unless_edited() {
    let sb = Sandbox::new();
    let template = sb.join("fastapi");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/fastapi"),
        &template,
    );
    let t = template.to_str().expect("utf-8 path");
    sb.ok(&["new", "api", "--template", t, "-q"]);
    fs::remove_file(sb.join("api/pyproject.toml")).expect("rm");
    fs::write(sb.join("api/Dockerfile"), "FROM scratch\n").expect("edit");
    // The template drops two files: one edited here, one not.
    fs::remove_file(template.join("files/Dockerfile.hbs")).expect("drop");
    fs::remove_file(template.join("files/dot_dockerignore")).expect("drop");
    let out = sb.ok(&["update", "api", "--template", t, "-r", INVOICE]);
    assert!(out.contains("removed   .dockerignore"), "{out}");
    assert!(
        out.contains("kept      Dockerfile  (edited here; no longer in the template)"),
        "{out}"
    );
    assert!(!sb.join("api/.dockerignore").exists());
    assert_eq!(read(&sb, "api/Dockerfile"), "FROM scratch\n");
    assert!(!sb.join("api/pyproject.toml").exists(), "stays deleted");
    let record = recorded(&sb.join("api"));
    assert!(!record.contains_key("Dockerfile") && !record.contains_key(".dockerignore"));
}

/// A bake-off of the users example in `team/`, one starter per framework given.
fn team(frameworks: &[&str]) -> Sandbox {
    let sb = Sandbox::new();
    let spec = example("users-api.toml");
    let mut args = vec!["bakeoff", "team", "--spec", &spec, "-q"];
    for f in frameworks {
        args.extend(["-f", f]);
    }
    sb.ok(&args);
    sb
}

#[test]
fn a_bakeoff_is_updated_in_one_command_and_one_broken_starter_blocks_no_other() {
    let sb = team(&["fastapi", "express", "gin"]);
    fs::remove_file(sb.join(&format!("team/gin/{RECORD}"))).expect("break gin's record");
    let stdout = exits_1(
        &sb,
        &["update", "team", "-r", INVOICE, "-r", USER_WITH_NICKNAME],
    );
    assert!(
        stdout.contains("team/fastapi (fastapi): updated"),
        "{stdout}"
    );
    assert!(
        stdout.contains("team/express (express): updated"),
        "{stdout}"
    );
    assert!(
        stdout.contains("team/gin (?): failed") && stdout.contains("no record of its last render"),
        "{stdout}"
    );
    for starter in ["fastapi", "express"] {
        let record = read(&sb, &format!("team/{starter}/.scaffold.toml"));
        assert!(record.contains(INVOICE), "{starter}: {record}");
    }
    assert!(!read(&sb, "team/gin/.scaffold.toml").contains("invoice"));
}

/// Signals a slowed-down fleet update once `ready` holds, and expects every starter exactly
/// as it was; `old_layout`: with the records in the folder that scaffold wrote before the
/// archive, which the update removes in the same commit.
fn interrupt_update(old_layout: bool, ready: impl Fn(&Sandbox) -> bool) {
    let sb = team(&["fastapi", "express"]);
    if old_layout {
        for starter in ["fastapi", "express"] {
            to_old_layout(&sb.join(&format!("team/{starter}")));
        }
    }
    let before = snapshot(&sb.join("team"));
    let child = sb
        .spawnable(&["update", "team", "-r", INVOICE, "-r", USER_WITH_NICKNAME])
        .env("SCAFFOLD_TEST_WRITE_DELAY_MS", "15")
        .spawn()
        .expect("spawns");
    let reached = (0..1000).any(|_| {
        std::thread::sleep(Duration::from_millis(10));
        ready(&sb)
    });
    assert!(reached, "the update never reached the point to interrupt");
    kill(
        Pid::from_raw(i32::try_from(child.id()).expect("pid")),
        Signal::SIGINT,
    )
    .expect("signal sent");
    let out = child.wait_with_output().expect("exits");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "stderr: {stderr}");
    assert!(
        stderr.contains("interrupted; every starter was left as it was"),
        "{stderr}"
    );
    let after = snapshot(&sb.join("team"));
    let changed: std::collections::BTreeSet<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "changed by an interrupted update: {changed:?}"
    );
}

#[test]
fn sigint_while_staging_leaves_every_starter_as_it_was() {
    interrupt_update(false, |sb| {
        fs::read_dir(sb.join("team/express/.scaffold"))
            .map(|mut d| {
                d.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("update-")))
            })
            .unwrap_or(false)
    });
}

#[test]
fn sigint_after_the_first_starter_is_committed_rolls_it_back() {
    // Starters are committed in order (express, then fastapi): once express has its new
    // route, it is committed, and fastapi is not yet.
    interrupt_update(false, |sb| {
        sb.join("team/express/src/routes/invoices.js").is_file()
    });
}

#[test]
fn sigint_after_an_old_record_was_replaced_brings_it_back() {
    // Express's old record folder goes last in its commit: once it is gone, express is
    // committed (or about to be), and the rollback must restore it.
    interrupt_update(true, |sb| !sb.join("team/express/.scaffold/base").exists());
}
