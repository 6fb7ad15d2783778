#!/usr/bin/env bash
# Exports the files that the peer-tool test-suite cases (cases-*.tsv) point at, from pinned
# snapshots, into a folder OUTSIDE the project. No suite code is ever written into the project.
#
# usage: benches/suites/checkout.sh [DEST]
#   DEST      where the files go (default: $KOALINT_SUITES or /tmp/koalint-suites)
# env:
#   MIRRORS   folder of bare snapshots named owner+name/repo (default /work/.mirror: what the
#             tool library's `fetch` writes)
#   CLONE=1   clone the repositories not found there from github.com (needs the network)
#
# A case's file is DEST/<owner+name>/<path>, exported blob by blob (git ls-tree/cat-file) from the
# pinned commit. A case whose path is `<rule>/<valid|invalid>-<n>.<ext>` and does not exist in the
# commit is a RuleTester case: the rule's test file is read from the snapshot and every code string
# of its `valid`/`invalid` arrays is written to DEST/<suite>/<rule>/<valid|invalid>-<n>.<ext>
# (n counts distinct snippets in order of appearance, from 1).
# A missing snapshot or path is reported on stderr; the others are still exported.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dest="${1:-${KOALINT_SUITES:-/tmp/koalint-suites}}"
mirrors="${MIRRORS:-/work/.mirror}"
case "$(cd "$here/../.." && pwd)/" in
  "$(mkdir -p "$dest" && cd "$dest" && pwd)/"*) echo "refusing: DEST is inside the project" >&2; exit 2 ;;
esac
dest="$(cd "$dest" && pwd)"

shopt -s nullglob
tsvs=("$here"/cases-*.tsv)
[[ ${#tsvs[@]} -gt 0 ]] || { echo "no cases-*.tsv in $here" >&2; exit 2; }

# suite, repo, commit, path (distinct, sorted), from every cases file.
rows="$(awk -F'\t' 'FNR == 1 && $1 == "suite" { next } /^#/ || NF < 8 { next } { print $1 "\t" $2 "\t" $3 "\t" $4 }' "${tsvs[@]}" | sort -u)"

missing=0
exported=0
materialised=0
declare -A gitdir_of=()
declare -A done_rule=()

find_git_dir() { # repo commit -> prints the git dir or nothing
  local repo="$1" commit="$2" candidate
  for candidate in "$mirrors/${repo/\//+}/repo/.git" "$mirrors/${repo/\//+}/repo"; do
    if git --git-dir="$candidate" cat-file -e "$commit^{commit}" 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  if [[ "${CLONE:-0}" == 1 ]]; then
    candidate="$dest/.clones/${repo/\//+}.git"
    [[ -d "$candidate" ]] || git clone --quiet --bare "https://github.com/$repo.git" "$candidate" >&2 || return
    git --git-dir="$candidate" cat-file -e "$commit^{commit}" 2>/dev/null \
      || git --git-dir="$candidate" fetch --quiet origin "$commit" >&2 || return
    echo "$candidate"
  fi
}

# The RuleTester extractor: reads a test file on stdin, writes <out>/<valid|invalid>-<n>.<ext>.
read -r -d '' EXTRACTOR <<'PY'
import os, re, sys
out, ext = sys.argv[1], sys.argv[2]
src = sys.stdin.read()
ESC = {'n': '\n', 't': '\t', 'r': '\r', 'b': '\b', 'f': '\f', 'v': '\v', '0': '\0'}

def skip_ws(i):
    while i < len(src):
        if src[i].isspace(): i += 1
        elif src.startswith('//', i):
            j = src.find('\n', i); i = len(src) if j < 0 else j + 1
        elif src.startswith('/*', i):
            j = src.find('*/', i + 2); i = len(src) if j < 0 else j + 2
        else: break
    return i

def read_string(i):
    """src[i] is a quote; returns (value or None when it has substitutions, index after it)."""
    q = src[i]; i += 1; buf = []; dynamic = False
    while i < len(src) and src[i] != q:
        c = src[i]
        if c == '\\':
            n = src[i + 1]
            if n == 'u' and src[i + 2] == '{':
                j = src.index('}', i); buf.append(chr(int(src[i + 3:j], 16))); i = j + 1; continue
            if n == 'u': buf.append(chr(int(src[i + 2:i + 6], 16))); i += 6; continue
            if n == 'x': buf.append(chr(int(src[i + 2:i + 4], 16))); i += 4; continue
            if n == '\n': i += 2; continue
            buf.append(ESC.get(n, n)); i += 2; continue
        if q == '`' and src.startswith('${', i):
            dynamic = True; depth = 0
            while i < len(src):
                if src[i] == '{': depth += 1
                elif src[i] == '}':
                    depth -= 1
                    if depth == 0: break
                i += 1
        buf.append(c); i += 1
    return (None if dynamic else ''.join(buf)), i + 1

consts = {}
def read_value(i):
    """A string expression: literals joined with +, or an identifier bound to one."""
    parts = []
    while True:
        i = skip_ws(i)
        if i < len(src) and src[i] in '\'"`':
            v, i = read_string(i)
        else:
            m = re.compile(r'[A-Za-z_$][\w$]*').match(src, i)
            if not m: return None, i
            v = consts.get(m.group(0)); i = m.end()
        if v is None: return None, i
        parts.append(v)
        j = skip_ws(i)
        if j < len(src) and src[j] == '+' and not src.startswith('+=', j): i = j + 1; continue
        return ''.join(parts), i

for m in re.finditer(r'\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*', src):
    v, end = read_value(m.end())
    j = skip_ws(end)
    if v is not None and (j >= len(src) or src[j] in ';,\n'):
        consts.setdefault(m.group(1), v)

def skip_balanced(i):
    """src[i] opens ( [ or {; returns the index after its closer."""
    depth = 0
    while i < len(src):
        i2 = skip_ws(i)
        if i2 != i: i = i2; continue
        c = src[i]
        if c in '\'"`': _, i = read_string(i); continue
        if c in '([{': depth += 1
        elif c in ')]}':
            depth -= 1
            if depth == 0: return i + 1
        i += 1
    return i

def elements(i):
    """src[i] is '['; yields the code of each element."""
    i += 1
    while True:
        i = skip_ws(i)
        if i >= len(src) or src[i] == ']': return
        if src[i] == '{':
            end = skip_balanced(i)
            body = src[i:end]
            m = re.search(r'(?<![\w$])code\s*:\s*', body)
            if m:
                v, _ = read_value(i + m.end())
                if v is not None: yield v
            i = end
        else:
            v, i = read_value(i)
            if v is not None: yield v
            else:
                while i < len(src) and src[i] not in ',]':
                    i = skip_balanced(i) if src[i] in '([{' else i + 1
        i = skip_ws(i)
        if i < len(src) and src[i] == ',': i += 1

seen = {'valid': [], 'invalid': []}
for m in re.finditer(r'(?<![\w$.])(valid|invalid)\s*:\s*\[', src):
    for code in elements(m.end() - 1):
        if code not in seen[m.group(1)]: seen[m.group(1)].append(code)
os.makedirs(out, exist_ok=True)
for kind, codes in seen.items():
    for n, code in enumerate(codes, 1):
        with open(os.path.join(out, f'{kind}-{n}.{ext}'), 'w') as f:
            f.write(code if code.endswith('\n') else code + '\n')
print(f"{out}: {len(seen['valid'])} valid, {len(seen['invalid'])} invalid", file=sys.stderr)
PY

while IFS=$'\t' read -r suite repo commit path; do
  [[ -n "$repo" ]] || continue
  key="$repo@$commit"
  if [[ -z "${gitdir_of[$key]+x}" ]]; then
    gitdir_of[$key]="$(find_git_dir "$repo" "$commit")"
    if [[ -z "${gitdir_of[$key]}" ]]; then
      echo "missing snapshot: $repo@$commit (fetch github:$repo with the tool library, or CLONE=1)" >&2
      missing=$((missing + 1))
    fi
  fi
  git_dir="${gitdir_of[$key]}"
  [[ -n "$git_dir" ]] || continue
  if git --git-dir="$git_dir" cat-file -e "$commit:$path" 2>/dev/null; then
    out="$dest/${repo/\//+}/$path"
    mkdir -p "$(dirname "$out")"
    if git --git-dir="$git_dir" cat-file blob "$commit:$path" > "$out" 2>/dev/null; then
      exported=$((exported + 1))
    else
      rm -f "$out"; echo "absent from the snapshot: $repo $path" >&2; missing=$((missing + 1))
    fi
  elif [[ "$path" =~ ^(.+)/(valid|invalid)-[0-9]+\.([a-z]+)$ ]]; then
    rule="${BASH_REMATCH[1]}"; ext="${BASH_REMATCH[3]}"
    [[ -n "${done_rule[$suite/$rule]+x}" ]] && continue
    done_rule[$suite/$rule]=1
    # The rule's RuleTester file: tests/rules/<rule>.js, tests/lib/rules/<rule>.ts, … and
    # SonarJS's rules/<Sxxxx>/unit.test.ts (first by path).
    test_file="$(git --git-dir="$git_dir" ls-tree -r --name-only "$commit" \
      | grep -E "(^|/)(tests?|__tests__)/(lib/)?rules/${rule//./\\.}(\.(test|spec))?\.[cm]?[jt]sx?$|(^|/)rules/${rule//./\\.}/unit\.test\.[cm]?[jt]sx?$" | sort | head -n 1)"
    if [[ -z "$test_file" ]]; then
      echo "no RuleTester file for $suite rule $rule in $repo@$commit" >&2; missing=$((missing + 1)); continue
    fi
    rm -rf "${dest:?}/$suite/$rule"
    if git --git-dir="$git_dir" cat-file blob "$commit:$test_file" \
        | python3 -c "$EXTRACTOR" "$dest/$suite/$rule" "$ext"; then
      materialised=$((materialised + 1))
    else
      echo "could not materialise $suite rule $rule from $test_file" >&2; missing=$((missing + 1))
    fi
  else
    echo "not in $repo@$commit: $path" >&2; missing=$((missing + 1))
  fi
done <<<"$rows"

# Materialised snippets that the cases name but the extractor did not produce.
while IFS=$'\t' read -r suite repo commit path; do
  [[ "$path" =~ ^(.+)/(valid|invalid)-[0-9]+\.[a-z]+$ && -n "${done_rule[$suite/${BASH_REMATCH[1]}]+x}" ]] || continue
  [[ -f "$dest/$suite/$path" ]] || { echo "not materialised: $suite $path" >&2; missing=$((missing + 1)); }
done <<<"$rows"

echo "$exported files exported, $materialised RuleTester files materialised, into $dest ($missing problems)" >&2
[[ $missing -eq 0 ]]
