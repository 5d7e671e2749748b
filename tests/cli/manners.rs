//! Completions, man page, defaults from config and environment, colour, --git.

use crate::helpers::Sandbox;

#[test]
fn bash_completions_load_without_error() {
    let sb = Sandbox::new();
    let script = sb.ok(&["completions", "bash"]);
    assert!(
        script.contains("complete") && script.contains("scaffold"),
        "{script}"
    );
    std::fs::write(sb.join("scaffold.bash"), &script).expect("write");
    let check = std::process::Command::new("bash")
        .arg("-n")
        .arg(sb.join("scaffold.bash"))
        .output()
        .expect("bash runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    for shell in ["zsh", "fish", "powershell"] {
        assert!(!sb.ok(&["completions", shell]).is_empty(), "{shell}");
    }
}

#[test]
fn man_page_is_roff_naming_the_commands() {
    let page = Sandbox::new().ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH scaffold"),
        "{}",
        &page[..page.len().min(200)]
    );
    for word in ["new", "list", "verify", "bakeoff"] {
        assert!(page.contains(word), "{word}");
    }
}

fn framework_of(sb: &Sandbox, dir: &str) -> String {
    let record =
        std::fs::read_to_string(sb.join(&format!("{dir}/.scaffold.toml"))).expect("record");
    scaffold::generate::spec::SpecFile::parse(&record, "r")
        .expect("parses")
        .framework
        .expect("framework")
}

#[test]
fn defaults_come_from_flags_then_env_then_config() {
    let sb = Sandbox::new();
    std::fs::create_dir_all(sb.join(".config/scaffold")).expect("mkdir");
    std::fs::write(
        sb.join(".config/scaffold/config.toml"),
        "framework = \"flask\"\nport = 9100\n",
    )
    .expect("config");

    sb.ok(&["new", "a"]);
    assert_eq!(framework_of(&sb, "a"), "flask", "config applies");
    let record = std::fs::read_to_string(sb.join("a/.scaffold.toml")).expect("record");
    assert!(record.contains("port = 9100"), "{record}");

    let out = sb
        .cmd(&["new", "b", "--quiet"])
        .env("SCAFFOLD_FRAMEWORK", "koa")
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(framework_of(&sb, "b"), "koa", "env beats config");

    let out = sb
        .cmd(&["new", "c", "-f", "express", "--quiet"])
        .env("SCAFFOLD_FRAMEWORK", "koa")
        .output()
        .expect("runs");
    assert!(out.status.success());
    assert_eq!(framework_of(&sb, "c"), "express", "flags beat env");

    std::fs::write(sb.join(".config/scaffold/config.toml"), "colour = 1\n").expect("config");
    let err = sb.fails(&["new", "d"], 1);
    assert!(
        err.contains("config.toml") && err.contains("colour"),
        "{err}"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let sb = Sandbox::new();
    let plain = sb.fails(&["new", "2x"], 1);
    assert!(
        plain.starts_with("error: ") && !plain.contains('\x1b'),
        "{plain:?}"
    );
    let forced = sb.fails(&["new", "2x", "--color", "always"], 1);
    assert!(
        forced.starts_with("\x1b[") && forced.contains("error:\x1b[0m project name"),
        "{forced:?}"
    );
}

#[test]
fn errors_are_one_line_unless_verbose() {
    let sb = Sandbox::new();
    let err = sb.fails(&["new", "2x"], 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    let verbose = sb.fails(&["new", "2x", "-v"], 1);
    assert!(
        verbose.lines().count() > 1 && verbose.contains("debug:"),
        "{verbose}"
    );
}

#[test]
fn git_flag_makes_one_commit_without_the_env_file() {
    let sb = Sandbox::new();
    sb.ok(&["new", "shop", "-f", "django", "--git"]);
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(sb.join("shop"))
            .output()
            .expect("git runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    assert_eq!(git(&["rev-list", "--count", "HEAD"]).trim(), "1");
    let tracked = git(&["ls-files"]);
    assert!(tracked.lines().any(|l| l == "manage.py"), "{tracked}");
    assert!(
        !tracked.lines().any(|l| l == ".env"),
        ".env must stay untracked:\n{tracked}"
    );
}
