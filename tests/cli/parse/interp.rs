//! Real interpreters reading generated literals: `python3` (`ast.literal_eval`) and `node`.

use std::io::Write;
use std::process::{Command, Stdio};

/// A literal to evaluate with a real interpreter, and what it must mean.
#[derive(Debug, Clone)]
pub struct Eval {
    pub place: String,
    pub literal: String,
    pub expected: String,
}

const PYTHON_EVAL: &str = r#"
import ast, json, sys
out = []
for src in json.load(sys.stdin):
    try:
        v = ast.literal_eval(src)
        out.append({"ok": v} if isinstance(v, str) else {"err": "not a str: " + repr(v)})
    except Exception as e:
        out.append({"err": repr(e)})
sys.stdout.write(json.dumps(out))
"#;

const NODE_EVAL: &str = r#"
const srcs = JSON.parse(require("fs").readFileSync(0, "utf8"));
const out = srcs.map((src) => {
  try {
    const v = (0, eval)("(" + src + ")");
    return typeof v === "string" ? { ok: v } : { err: "not a string: " + typeof v };
  } catch (e) {
    return { err: String(e) };
  }
});
process.stdout.write(JSON.stringify(out));
"#;

/// Evaluates every literal with the real interpreter (`python3` or `node`) in one process and
/// returns a problem for each that does not mean its expected text.
pub fn evaluate(interpreter: &str, evals: &[Eval]) -> Vec<String> {
    if evals.is_empty() {
        return Vec::new();
    }
    let script = match interpreter {
        "python3" => PYTHON_EVAL,
        "node" => NODE_EVAL,
        other => panic!("no evaluator for {other}"),
    };
    let literals: Vec<&str> = evals.iter().map(|e| e.literal.as_str()).collect();
    let input = serde_json::to_string(&literals).expect("literals serialize");
    let mut child = Command::new(interpreter)
        .args([if interpreter == "node" { "-e" } else { "-c" }, script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "`{interpreter}` is needed to evaluate generated literals and did not start: {e}"
            )
        });
    child
        .stdin
        .take()
        .expect("stdin piped")
        .write_all(input.as_bytes())
        .expect("literals written to the interpreter");
    let output = child.wait_with_output().expect("interpreter ran");
    assert!(
        output.status.success(),
        "`{interpreter}` failed evaluating literals: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("`{interpreter}` printed no JSON list: {e}"));
    assert_eq!(
        results.len(),
        evals.len(),
        "`{interpreter}` answered for every literal"
    );
    let mut problems = Vec::new();
    for (eval, result) in evals.iter().zip(results) {
        match result.get("ok").and_then(|v| v.as_str()) {
            Some(s) if s == eval.expected => {}
            Some(s) => problems.push(format!(
                "{}: {interpreter} reads the literal as {s:?}, not {:?}",
                eval.place, eval.expected
            )),
            None => problems.push(format!(
                "{}: {interpreter} cannot evaluate {}: {}",
                eval.place, eval.literal, result["err"]
            )),
        }
    }
    problems
}
