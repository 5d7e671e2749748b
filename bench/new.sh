#!/usr/bin/env bash
# Times `scaffold new` end to end (process start, render, atomic write) for every framework.
# Usage: bash bench/new.sh [RUNS]   (uses hyperfine when installed: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-50}
cargo build --release --quiet
bin=$PWD/target/release/scaffold
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for id in $("$bin" list --json | python3 -c 'import json,sys; print(" ".join(e["id"] for e in json.load(sys.stdin)))'); do
  if command -v hyperfine >/dev/null; then
    hyperfine --warmup 3 --runs "$runs" --shell=none \
      --prepare "rm -rf $work/p" \
      "$bin new p --framework $id --spec examples/bookstore.toml --output $work/p --quiet"
  else
    start=$(date +%s%N)
    for _ in $(seq "$runs"); do
      rm -rf "$work/p"
      "$bin" new p --framework "$id" --spec examples/bookstore.toml --output "$work/p" --quiet
    done
    end=$(date +%s%N)
    echo "$id: mean $(( (end - start) / runs / 1000 )) µs per new (incl. rm), $runs runs"
  fi
done
