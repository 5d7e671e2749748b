//! Interactive `scaffold new` in a real pseudo-terminal.

use std::path::Path;
use std::process::Command;

use rexpect::reader::Options;
use rexpect::session::{PtySession, spawn_with_options};

use crate::helpers::Sandbox;

const DOWN: &str = "\x1b[B";

fn session(dir: &Path, args: &[&str]) -> PtySession {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("scaffold"));
    cmd.args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join(".config"))
        .env("TERM", "xterm")
        .env_remove("SCAFFOLD_FRAMEWORK");
    spawn_with_options(
        cmd,
        Options::new()
            .timeout_ms(Some(15_000))
            .strip_ansi_escape_codes(true),
    )
    .expect("spawns in a pty")
}

/// Sends keys without a newline; the pty is buffered, so flush.
fn type_keys(p: &mut PtySession, keys: &str, what: &str) {
    p.send(keys).expect(what);
    p.flush().expect(what);
}

fn exit_code(p: &mut PtySession) -> Option<i32> {
    match p.process().wait().expect("waits") {
        rexpect::process::WaitStatus::Exited(_, code) => Some(code),
        _ => None,
    }
}

/// Answers the prompts of one resource: its name, then (field, type position, optional).
fn resource(p: &mut PtySession, name: &str, fields: &[(&str, usize, bool)], another: bool) {
    p.exp_string("Resource name").expect("asks a resource");
    p.send_line(name).expect("types");
    for (field, position, optional) in fields {
        p.exp_string(&format!("Field of `{name}`"))
            .expect("asks a field");
        p.send_line(field).expect("types");
        p.exp_string(&format!("Type of `{field}`"))
            .expect("asks the type");
        type_keys(p, &DOWN.repeat(*position), "moves to the type");
        p.send_line("").expect("picks the type");
        p.exp_string("optional?").expect("asks optional");
        type_keys(p, if *optional { "y" } else { "n" }, "answers optional");
    }
    p.exp_string(&format!("Field of `{name}`"))
        .expect("asks a field");
    p.send_line("").expect("finishes the resource");
    p.exp_string("Add another resource?")
        .expect("asks for more");
    type_keys(p, if another { "y" } else { "n" }, "answers another");
}

/// Answers every prompt for a two-resource project, including one rejected name.
pub fn create_through_prompts(dir: &Path, framework: &str) {
    let mut p = session(dir, &["new", "--output", "shop"]);
    p.exp_string("Project name").expect("asks the name");
    p.send_line("2shop").expect("types");
    p.exp_string("must start with an ASCII letter")
        .expect("re-prompts with the rule");
    p.send_line("shop").expect("types");
    p.exp_string("Framework").expect("asks the framework");
    type_keys(&mut p, framework, "filters");
    p.send_line("").expect("picks");
    p.exp_string("Description").expect("asks the description");
    p.send_line("").expect("accepts the default");
    p.exp_string("Port").expect("asks the port");
    p.send_line("9000").expect("types");
    resource(
        &mut p,
        "book",
        &[("title", 0, false), ("pages", 2, true)],
        true,
    );
    resource(&mut p, "author", &[("name", 0, false)], false);
    p.exp_string("Write these files?").expect("asks to confirm");
    type_keys(&mut p, "y", "yes");
    p.exp_string("Created shop").expect("reports");
    p.exp_eof().expect("ends");
    assert_eq!(exit_code(&mut p), Some(0));
}

#[test]
fn a_prompt_session_creates_a_two_resource_project() {
    let sb = Sandbox::new();
    create_through_prompts(sb.path(), "fastapi");
    let record = std::fs::read_to_string(sb.join("shop/.scaffold.toml")).expect("record");
    let spec = scaffold::generate::spec::SpecFile::parse(&record, "record").expect("parses");
    assert_eq!(spec.framework.as_deref(), Some("fastapi"));
    assert_eq!(spec.port, Some(9000));
    let resources: Vec<String> = spec
        .resources()
        .expect("valid")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        resources,
        ["book=title:string,pages:int?", "author=name:string"]
    );
}

/// Enter at every prompt (a name typed, everything else its default) makes a project: the
/// first field of a resource has a default too.
#[test]
fn enter_at_every_prompt_creates_a_project() {
    let sb = Sandbox::new();
    let mut p = session(sb.path(), &["new"]);
    p.exp_string("Project name").expect("asks the name");
    p.send_line("users-api").expect("types");
    for prompt in ["Framework", "Description", "Port", "Resource name"] {
        p.exp_string(prompt).expect(prompt);
        p.send_line("").expect("accepts the default");
    }
    p.exp_string("Field of `user`")
        .expect("asks the first field");
    p.send_line("").expect("accepts the default field");
    p.exp_string("Type of `name`").expect("asks its type");
    p.send_line("").expect("accepts string");
    p.exp_string("optional?").expect("asks optional");
    p.send_line("").expect("accepts no");
    p.exp_string("Field of `user`").expect("asks another field");
    p.send_line("").expect("ends the resource");
    p.exp_string("Add another resource?")
        .expect("asks for more");
    p.send_line("").expect("accepts no");
    p.exp_string("Write these files?").expect("asks to confirm");
    p.send_line("").expect("accepts yes");
    p.exp_string("Created users-api").expect("reports");
    p.exp_eof().expect("ends");
    assert_eq!(exit_code(&mut p), Some(0));
    let record = std::fs::read_to_string(sb.join("users-api/.scaffold.toml")).expect("record");
    assert!(record.contains("\"name:string\""), "{record}");
}

#[test]
fn ctrl_c_at_a_prompt_exits_130_and_writes_nothing() {
    let sb = Sandbox::new();
    let mut p = session(sb.path(), &["new"]);
    p.exp_string("Project name").expect("asks the name");
    type_keys(&mut p, "half", "types");
    p.send_control('c').expect("interrupts");
    p.exp_eof().expect("ends");
    assert_eq!(exit_code(&mut p), Some(130));
    assert_eq!(std::fs::read_dir(sb.path()).expect("ls").count(), 0);
}

#[test]
fn no_input_never_prompts_even_on_a_terminal() {
    let sb = Sandbox::new();
    let mut p = session(sb.path(), &["new", "--no-input"]);
    p.exp_string("no project name given")
        .expect("fails at once");
    p.exp_eof().expect("ends");
    assert_eq!(exit_code(&mut p), Some(1));
}
