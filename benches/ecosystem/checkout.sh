#!/usr/bin/env bash
# Puts every repository of repos.tsv, at its pinned commit, in a folder outside the project.
#
# usage: benches/ecosystem/checkout.sh [DEST]
#   DEST      where the checkouts go (default: $KOALINT_ECOSYSTEM or /tmp/koalint-ecosystem)
# env:
#   MIRRORS   folder of bare snapshots named owner+name/repo (default /work/.mirror: what the
#             tool library's `fetch` writes); a repository found there is exported from it
#   CLONE=1   clone the ones not found there from github.com (needs the network)
#
# Only the JS/TS tree of the pinned commit is written (git archive), never into the project.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-${KOALINT_ECOSYSTEM:-/tmp/koalint-ecosystem}}"
mirrors="${MIRRORS:-/work/.mirror}"
mkdir -p "$dest/repos"
missing=0
while IFS=$'\t' read -r repo commit _kind; do
  [[ -z "$repo" || "$repo" == \#* ]] && continue
  out="$dest/repos/${repo/\//+}"
  if [[ -f "$out/.koalint-commit" && "$(cat "$out/.koalint-commit")" == "$commit" ]]; then
    continue
  fi
  git_dir=""
  for candidate in "$mirrors/${repo/\//+}/repo/.git" "$mirrors/${repo/\//+}/repo"; do
    if git --git-dir="$candidate" cat-file -e "$commit^{commit}" 2>/dev/null; then
      git_dir="$candidate"; break
    fi
  done
  if [[ -z "$git_dir" && "${CLONE:-0}" == 1 ]]; then
    git_dir="$dest/clones/${repo/\//+}.git"
    [[ -d "$git_dir" ]] || git clone --quiet --bare "https://github.com/$repo.git" "$git_dir"
    git --git-dir="$git_dir" cat-file -e "$commit^{commit}" 2>/dev/null \
      || git --git-dir="$git_dir" fetch --quiet origin "$commit"
  fi
  if [[ -z "$git_dir" ]]; then
    echo "missing: $repo@$commit (fetch it with the tool library, or CLONE=1)" >&2
    missing=$((missing + 1)); continue
  fi
  rm -rf "$out"; mkdir -p "$out"
  # Sources, the files that decide what is linted, and the TypeScript configurations that decide
  # what an import names; snapshots lack blobs of 4 MiB and more,
  # so only the blobs that are present are written (a missing one is reported, not fatal).
  git --git-dir="$git_dir" ls-tree -r -z "$commit" \
    | grep -zE $'\t(.*/)?([^/]+\\.(js|jsx|mjs|cjs|ts|tsx|mts|cts)|\\.gitignore|package\\.json|[tj]sconfig([.][^/]*)?\\.json)$' \
    | tr '\0' '\n' \
    | while IFS=$'\t' read -r meta path; do
        read -r mode type sha <<<"$meta"
        [[ "$type" == blob && "$mode" != 120000 ]] || continue
        mkdir -p "$out/$(dirname "$path")"
        git --git-dir="$git_dir" cat-file blob "$sha" > "$out/$path" 2>/dev/null \
          || { rm -f "$out/$path"; echo "absent from the snapshot: $repo $path" >&2; }
      done
  echo "$commit" > "$out/.koalint-commit"
done < "$here/repos.tsv"
echo "checkouts in $dest/repos ($missing missing)" >&2
[[ $missing -eq 0 ]]
