#!/usr/bin/env bash
# The ecosystem run: lint every repository of repos.tsv, score the findings against triage.tsv,
# and show what changed since the previous run.
#
# usage: benches/ecosystem/run.sh [DEST]
#   DEST   the folder checkout.sh filled (default: $KOALINT_ECOSYSTEM or /tmp/koalint-ecosystem)
# env:
#   KOALINT=path   lint with this binary instead of building the project's release binary
#
# Writes DEST/findings.tsv (this run) and keeps DEST/findings.prev.tsv (the run before) for the
# diff. Needs the checkouts (checkout.sh), cargo and python3. Not part of CI: it needs the corpus.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$here/../.." && pwd)"
dest="${1:-${KOALINT_ECOSYSTEM:-/tmp/koalint-ecosystem}}"
if [[ -z "${KOALINT:-}" ]]; then
  cargo build --release --quiet --manifest-path "$repo_root/Cargo.toml"
  KOALINT="$repo_root/target/release/koalint"
fi
[[ -d "$dest/repos" ]] || { echo "no checkouts in $dest: run benches/ecosystem/checkout.sh first" >&2; exit 2; }

raw="$dest/raw"; rm -rf "$raw"; mkdir -p "$raw"
while IFS=$'\t' read -r repo commit _kind; do
  [[ -z "$repo" || "$repo" == \#* ]] && continue
  dir="$dest/repos/${repo/\//+}"
  [[ -d "$dir" ]] || { echo "missing checkout: $repo (run checkout.sh)" >&2; exit 2; }
  # Defaults only: the run measures what a new user sees. Exit 1 means findings, not failure.
  status=0
  (cd "$dir" && "$KOALINT" check --no-config --format json --max-file-size 0 . \
      >"$raw/${repo/\//+}.json" 2>"$raw/${repo/\//+}.err") || status=$?
  if [[ $status -gt 1 ]]; then
    echo "koalint failed on $repo (exit $status):" >&2; cat "$raw/${repo/\//+}.err" >&2; exit 2
  fi
done < "$here/repos.tsv"

[[ -f "$dest/findings.tsv" ]] && mv "$dest/findings.tsv" "$dest/findings.prev.tsv"
python3 "$here/score.py" --repos "$here/repos.tsv" --triage "$here/triage.tsv" \
  --raw "$raw" --out "$dest/findings.tsv" --prev "$dest/findings.prev.tsv"
