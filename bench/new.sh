#!/usr/bin/env bash
# `scaffold new` and `scaffold bakeoff`, measured two ways:
# - instructions executed (valgrind callgrind): the same count on a busy or an idle machine,
#   so it is the figure to compare across commits;
# - wall time (hyperfine: warm-up, RUNS runs, mean ± σ, min–max), which depends on the machine.
# Usage: bash bench/new.sh [RUNS]   (apt-get install valgrind hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
for tool in valgrind hyperfine; do
  command -v "$tool" >/dev/null || { echo "bench/new.sh needs $tool (apt-get install $tool)" >&2; exit 1; }
done
cargo build --release --quiet
bin=$PWD/target/release/scaffold
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
instructions() { # ARGS...: instructions of one run of scaffold ARGS
  rm -rf "$work/p"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bin" "$@" 2>&1 \
    | awk '/Collected/ { print $4 }'
}
echo "binary: $(stat -c %s "$bin") bytes"
printf '%-12s %16s %16s\n' framework "users-api (Ir)" "bookstore (Ir)"
ids=$("$bin" list --json | python3 -c 'import json,sys; print(" ".join(e["id"] for e in json.load(sys.stdin)))')
for id in $ids; do
  printf '%-12s %16s %16s\n' "$id" \
    "$(instructions new users-api -f "$id" -o "$work/p" -q)" \
    "$(instructions new p -f "$id" --spec examples/bookstore.toml -o "$work/p" -q)"
done
printf '%-12s %16s\n' bakeoff "$(instructions bakeoff "$work/p" --spec examples/bookstore.toml -q)"
hyperfine --warmup 3 --runs "$runs" --shell=none --prepare "rm -rf $work/p" \
  "$bin new users-api -f fastapi -o $work/p -q" \
  "$bin bakeoff $work/p -q" \
  "$bin bakeoff $work/p --spec examples/bookstore.toml -q"
# ext4 skips inodes freed in the last ~30 s when it allocates new ones, so a bake-off written
# right after `rm -rf` of the previous one pays for that deletion (see README, Speed). The
# same bake-offs again, each into a fresh folder with the previous output moved aside (it is
# deleted at the end), which is what a user who runs `bakeoff` once gets.
aside="sh -c 'mkdir -p $work/aside && mv $work/p $work/aside/\$(date +%s%N) 2>/dev/null; true'"
hyperfine --warmup 3 --runs "$runs" --shell=none --prepare "$aside" \
  "$bin bakeoff $work/p -q" \
  "$bin bakeoff $work/p --spec examples/bookstore.toml -q"
