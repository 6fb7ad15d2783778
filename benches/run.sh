#!/usr/bin/env bash
# koalint against the parse floor and oxlint on the shared benchmark corpus: paired wall-time
# ratios from one hyperfine run, peak memory, thread scaling and the one-file start-up.
#
# usage: benches/run.sh [WORK]
#   WORK   scratch folder for the corpus, the peers and the builds (default /tmp/koalint-bench)
# env:
#   RUNS=5       hyperfine runs per command (medians are reported)
#   BASE=<rev>   also build koalint at this commit and time it in the same paired run
#                ("koalint / koalint at BASE": what a change costs, in wall and CPU time)
#   INSTR=1      also count instructions (valgrind's callgrind, one thread, a few minutes):
#                koalint against its own --parse-only, and against BASE — the figures that
#                wall and CPU time on a shared machine are too noisy to give
#
# Needs: cargo, node 20 + npm, python3; installs hyperfine and GNU time with apt when missing.
# Nothing here is asserted in tests: timings on shared machines are noise, ratios are the claim.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench="$(cd "$repo/../shared/bench" && pwd)"
work="${1:-/tmp/koalint-bench}"
RUNS="${RUNS:-5}"
mkdir -p "$work"; work="$(cd "$work" && pwd)"

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine; }
[[ -x /usr/bin/time ]] || { apt-get update -qq && apt-get install -y -qq time; }

# --- inputs and tools -------------------------------------------------------------------------
[[ -d "$work/corpus/node_modules" ]] || bash "$bench/corpus/setup.sh" "$work/corpus" large
if [[ ! -x "$work/peers/node_modules/.bin/oxlint" ]]; then
  mkdir -p "$work/peers"
  cp "$bench/peers/package.json" "$bench/peers/package-lock.json" "$work/peers/"
  (cd "$work/peers" && npm ci --no-audit --no-fund --loglevel=error)
fi
cargo build --release --quiet --manifest-path "$bench/parsefloor/Cargo.toml" --target-dir "$work/parsefloor-target"
cargo build --release --quiet --manifest-path "$repo/Cargo.toml" --target-dir "$work/koalint-target"
if [[ -n "${BASE:-}" ]]; then
  rm -rf "$work/base-src"; mkdir -p "$work/base-src"
  git -C "$repo" archive "$BASE" | tar -x -C "$work/base-src"
  cargo build --release --quiet --manifest-path "$work/base-src/Cargo.toml" --target-dir "$work/base-target"
fi
# The corpus twice over in one tree, for "memory does not grow with the number of files".
if [[ ! -d "$work/corpus2/b" ]]; then
  mkdir -p "$work/corpus2"
  cp -r "$work/corpus/node_modules" "$work/corpus2/a"
  cp -r "$work/corpus/node_modules" "$work/corpus2/b"
fi

K="$work/koalint-target/release/koalint"
PF="$work/parsefloor-target/release/parsefloor"
OX="$work/peers/node_modules/.bin/oxlint"
NM="$work/corpus/node_modules"
ONE="$repo/testdata/projects/mtls-api/src/server.js"
out="$work/results"; mkdir -p "$out"

# --- what each tool processes ------------------------------------------------------------------
{
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB, $(uname -r)"
  echo "koalint $("$K" --version | cut -d' ' -f2), oxlint $("$OX" --version 2>/dev/null | tr -d '\n'), corpus $NM"
  # koalint and oxlint exit 1 when they find something: that is not a failure here.
  { "$K" check --no-config --format json "$NM" 2>"$out/koalint.err" || true; } \
    | python3 -c "import json,sys; r=json.load(sys.stdin); print('koalint files_linted=%d' % len(r))"
  grep -h "skipped" "$out/koalint.err" || true
  "$PF" "$NM"
  { "$OX" -c "$bench/peers/oxlint-single.json" "$NM" 2>&1 || true; } | grep -h "Finished" || true
} | tee "$out/counts.txt"

# --- peak memory (one run each) ------------------------------------------------------------------
rss() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%M" -o "$out/$label.rss" "$@" >/dev/null 2>&1 || true
  printf '%-34s peak RSS %6.1f MiB\n' "$label" "$(awk 'END {print $1/1024}' "$out/$label.rss")"
}
{
  rss "koalint" "$K" check --no-config --format json "$NM"
  rss "koalint, corpus twice" "$K" check --no-config --format json "$work/corpus2"
  [[ -z "${BASE:-}" ]] || rss "koalint at BASE" "$work/base-target/release/koalint" check --no-config --format json "$NM"
  rss "parsefloor" "$PF" "$NM"
  rss "oxlint, one rule" "$OX" -c "$bench/peers/oxlint-single.json" "$NM"
} | tee "$out/memory.txt"

# --- timings: one paired hyperfine run -------------------------------------------------------------
base_args=()
[[ -z "${BASE:-}" ]] || base_args=(-n "koalint at BASE" "$work/base-target/release/koalint check --no-config --format json $NM")
hyperfine -N -i --warmup 1 --runs "$RUNS" --export-json "$out/times.json" \
  -n "koalint" "$K check --no-config --format json $NM" \
  "${base_args[@]}" \
  -n "koalint --threads 1" "$K check --no-config --format json --threads 1 $NM" \
  -n "koalint --parse-only" "$K check --no-config --format json --parse-only $NM" \
  -n "parsefloor" "$PF $NM" \
  -n "oxlint, one rule" "$OX -c $bench/peers/oxlint-single.json $NM" \
  -n "oxlint, default rules" "$OX -c $bench/peers/oxlint-default.json $NM" \
  -n "koalint, one small file" "$K check --no-config --format compact $ONE" \
  > "$out/hyperfine.txt"

python3 - "$out/times.json" <<'PY' | tee "$out/ratios.txt"
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
runs = {r["command"]: statistics.median(r["times"]) for r in results}
# CPU time (user + system), hyperfine's mean over the runs.
cpu = {r["command"]: r["user"] + r["system"] for r in results}
k = runs["koalint"]
def line(name, value, target=""):
    print(f"{name:<48} {value:>8}  {target}")
for name, t in runs.items():
    line(name, f"{t:.3f} s", f"cpu {cpu[name]:.3f} s")
print()
if "koalint at BASE" in runs:
    line("koalint / koalint at BASE, wall", f"{k / runs['koalint at BASE']:.3f}x")
    line("koalint / koalint at BASE, cpu", f"{cpu['koalint'] / cpu['koalint at BASE']:.3f}x")
line("koalint / oxlint one rule", f"{k / runs['oxlint, one rule']:.2f}x", "(target <= 1.0)")
line("koalint / oxlint one rule, cpu", f"{cpu['koalint'] / cpu['oxlint, one rule']:.2f}x", "(target <= 1.0)")
line("koalint / oxlint default rules", f"{k / runs['oxlint, default rules']:.2f}x", "(target <= 0.6)")
line("koalint / koalint --parse-only (same files)", f"{k / runs['koalint --parse-only']:.2f}x", "(target <= 1.25)")
line("koalint / parsefloor (all files)", f"{k / runs['parsefloor']:.2f}x")
line("speed-up, 2 threads vs 1", f"{runs['koalint --threads 1'] / k:.2f}x", "(target >= 1.8)")
line("one small file, whole process", f"{runs['koalint, one small file'] * 1000:.1f} ms", "(target <= 5 ms)")
PY

# --- instructions (not noisy): koalint against its own parse, and against BASE ------------------
if [[ -n "${INSTR:-}" ]]; then
  command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind; }
  ir() { # label, binary, extra args...
    local label="$1" bin="$2"; shift 2
    # koalint exits 1 on findings, and valgrind with it: not a failure here.
    { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" check --no-config \
      --format json --threads 1 "$@" "$NM" 2>&1 >/dev/null || true; } | awk -v l="$label" '/I *refs:/ {gsub(",", "", $NF); print l "\t" $NF}'
  }
  {
    ir "koalint" "$K"
    ir "koalint --parse-only" "$K" --parse-only
    [[ -z "${BASE:-}" ]] || ir "koalint at BASE" "$work/base-target/release/koalint"
  } > "$out/instructions.tsv"
  python3 - "$out/instructions.tsv" <<'PY' | tee "$out/instructions.txt"
import sys
ir = dict(line.rstrip("\n").split("\t") for line in open(sys.argv[1]))
ir = {k: int(v) for k, v in ir.items()}
for name, n in ir.items():
    print(f"{name:<48} {n / 1e9:8.3f} G instructions")
k = ir["koalint"]
print(f"{'koalint / koalint --parse-only, instructions':<48} {k / ir['koalint --parse-only']:8.2f}x  (target <= 1.25)")
if "koalint at BASE" in ir:
    print(f"{'koalint / koalint at BASE, instructions':<48} {k / ir['koalint at BASE']:8.3f}x")
PY
fi
