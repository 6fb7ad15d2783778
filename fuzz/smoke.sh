#!/usr/bin/env bash
# A short run of both fuzz targets on stable Rust (no sanitizer): `bash fuzz/smoke.sh [seconds]`.
# Needs `cargo install cargo-fuzz` and a C++ compiler (libFuzzer is built from source).
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
mkdir -p corpus/lint_bytes corpus/mutate_fixtures artifacts/lint_bytes artifacts/mutate_fixtures
# Seed the byte-level target with the fixtures: a first byte for the file kind, then the source.
kinds=(js jsx ts tsx mjs cjs mts cts)
for i in "${!kinds[@]}"; do
  find ../testdata -name "*.${kinds[$i]}" -type f | while read -r f; do
    out="corpus/lint_bytes/seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
    { printf "\\$(printf '%03o' "$i")"; cat "$f"; } > "$out"
  done
done
cargo fuzz build -s none -O
for target in lint_bytes mutate_fixtures; do
  extra=()
  [ "$target" = lint_bytes ] && extra=(-dict=js.dict -max_len=65536)
  cargo fuzz run -s none -O "$target" -- -max_total_time="$secs" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="artifacts/$target/" "${extra[@]}"
done
