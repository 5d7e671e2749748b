//! The second parser: PHP, Ruby and Elixir files (the `parsed` starters') are also read by
//! their languages' own parsers (`php -l`, Ruby's compiler with warnings, Elixir's
//! `Code.string_to_quoted!`), for every fixture. A missing interpreter fails the test: the CI
//! script installs them from Debian.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::lang::{Code, Kind, classify};

/// One generated file written out for a native parser: where it was written and what it is.
pub struct Written {
    pub shown: String,
    pub path: PathBuf,
    pub code: Code,
}

/// Writes the PHP, Ruby and Elixir files of a plan under `dir`; returns them.
pub fn write_native(dir: &Path, label: &str, files: &[(String, Vec<u8>)]) -> Vec<Written> {
    let mut out = Vec::new();
    for (index, (path, contents)) in files.iter().enumerate() {
        let text = String::from_utf8_lossy(contents);
        let Ok(Kind::Code(code)) = classify(path, &text) else {
            continue;
        };
        if !matches!(code, Code::Php | Code::Ruby | Code::Elixir) {
            continue;
        }
        let file = dir.join(format!("{index}-{}", path.replace('/', "_")));
        std::fs::write(&file, contents.as_slice()).expect("write a generated file");
        out.push(Written {
            shown: format!("{label}: {path}"),
            path: file,
            code,
        });
    }
    out
}

/// Starts `cmd` (stdin closed, output captured); a program that is not installed fails the
/// test. No `--version` run first: Elixir's costs a whole VM start.
fn start(program: &str, cmd: &mut Command) -> Child {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "`{program}` is not installed ({e}): the parsed starters' second parser is \
                 missing (bash .ci/run installs php-cli, ruby and elixir from Debian)"
            )
        })
}

/// Runs the native parsers; returns one line per file they refuse or warn about.
///
/// The Ruby and Elixir batches start first and run while PHP lints its files a few at a time:
/// every file is still read by the same parser, in less wall time.
pub fn check(files: &[Written]) -> Vec<String> {
    let of = |code: Code| files.iter().filter(move |f| f.code == code);
    let mut batches = Vec::new();
    for (code, program, script) in [
        (
            Code::Ruby,
            "ruby",
            // `ruby -wc` for many files in one process: compile with warnings on.
            "$VERBOSE = true; bad = false; ARGV.each_slice(2) { |path, shown| \
             begin; $stderr.reopen(path + '.err', 'w'); \
             RubyVM::InstructionSequence.compile_file(path); $stderr.flush; \
             w = File.read(path + '.err'); (STDOUT.puts \"#{shown}: warning: #{w.strip}\"; bad = true) unless w.empty?; \
             rescue SyntaxError => e; STDOUT.puts \"#{shown}: #{e.message}\"; bad = true; end }; exit(bad ? 1 : 0)",
        ),
        (
            Code::Elixir,
            "elixir",
            "System.argv() |> Enum.chunk_every(2) |> Enum.each(fn [path, shown] -> \
             case Code.string_to_quoted(File.read!(path)) do \
             {:ok, _} -> :ok; \
             {:error, e} -> IO.puts(shown <> \": \" <> inspect(e)) end end)",
        ),
    ] {
        let batch: Vec<&Written> = of(code).collect();
        if batch.is_empty() {
            continue;
        }
        let mut cmd = Command::new(program);
        cmd.arg("-e").arg(script);
        for f in &batch {
            cmd.arg(&f.path).arg(&f.shown);
        }
        batches.push((program, start(program, &mut cmd)));
    }
    let mut problems = Vec::new();
    // PHP 8.2's `-l` reads one file per run: a few runs at a time.
    let php: Vec<&Written> = of(Code::Php).collect();
    for chunk in php.chunks(PHP_AT_ONCE) {
        let running: Vec<_> = chunk
            .iter()
            .map(|f| (f, start("php", Command::new("php").arg("-l").arg(&f.path))))
            .collect();
        for (f, child) in running {
            let out = child.wait_with_output().expect("php runs");
            if !out.status.success() {
                problems.push(format!(
                    "{}: php -l: {}",
                    f.shown,
                    String::from_utf8_lossy(&out.stdout).trim()
                ));
            }
        }
    }
    for (program, child) in batches {
        let out = child.wait_with_output().expect("interpreter runs");
        let said = String::from_utf8_lossy(&out.stdout);
        problems.extend(
            said.lines()
                .filter(|l| !l.trim().is_empty())
                .map(String::from),
        );
        if !out.status.success() && said.trim().is_empty() {
            problems.push(format!(
                "{program} failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
    }
    problems
}

/// How many `php -l` runs at once.
const PHP_AT_ONCE: usize = 4;
