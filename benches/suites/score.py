#!/usr/bin/env python3
"""Scores koalint against the peer-tool test-suite cases (benches/suites/cases-*.tsv).

usage: benches/suites/score.py [--cases 'benches/suites/cases-*.tsv'] [--dest /tmp/koalint-suites]
                               [--koalint BIN] [--out report.md]

Run benches/suites/checkout.sh first: it puts each case's file in DEST. This script writes
DEST/koalint.json ({"tests": {"files": []}}: the suites keep their samples in test folders, which
must be linted as application code), runs
`BIN check --config DEST/koalint.json --format json --max-file-size 0 <root>` once per case root
(DEST/<owner+name>, or DEST/<suite> for materialised RuleTester snippets), and matches findings to
cases: a `hit` case is found when a finding of its category (rule id) has its primary line in
[line, end]; a `silent` case is noisy when one does.
"""
import argparse
import collections
import csv
import glob
import json
import os
import re
import subprocess
import sys

FIELDS = ['suite', 'repo', 'commit', 'path', 'line', 'end', 'category', 'expect', 'note']
NEAR = 20  # lines: how far from a missed case an unclaimed finding of its rule is shown
MATERIALISED = re.compile(r'^.+/(valid|invalid)-[0-9]+\.[a-z]+$')


def load_cases(pattern):
    cases = []
    files = sorted(glob.glob(pattern))
    if not files:
        sys.exit(f'no cases file matches {pattern}')
    for name in files:
        with open(name, newline='') as f:
            for n, row in enumerate(csv.reader(f, delimiter='\t'), 1):
                if not row or row[0].startswith('#') or row[:len(FIELDS)] == FIELDS:
                    continue
                if len(row) < len(FIELDS) - 1:
                    sys.exit(f'{name}:{n}: expected {len(FIELDS)} tab-separated fields')
                case = dict(zip(FIELDS, row + [''] * (len(FIELDS) - len(row))))
                case['line'], case['end'] = int(case['line']), int(case['end'])
                if case['expect'] not in ('hit', 'silent'):
                    sys.exit(f'{name}:{n}: expect must be hit or silent')
                case['source'] = os.path.basename(name)
                cases.append(case)
    return cases


def root_of(case, dest):
    """The directory the case's path is relative to."""
    repo_root = os.path.join(dest, case['repo'].replace('/', '+'))
    if os.path.isfile(os.path.join(repo_root, case['path'])) or not MATERIALISED.match(case['path']):
        return repo_root
    return os.path.join(dest, case['suite'])


def run_koalint(binary, config, root):
    """{relative path: [(rule id, line)]}, and the list of files koalint could not lint."""
    proc = subprocess.run(
        [binary, 'check', '--config', config, '--format', 'json', '--max-file-size', '0',
         '--threads', '0', '.'],
        cwd=root, capture_output=True, text=True)
    if proc.returncode > 1:
        sys.exit(f'koalint failed on {root} (exit {proc.returncode}):\n{proc.stderr}')
    findings = collections.defaultdict(list)
    fatal = {}
    for entry in json.loads(proc.stdout or '[]'):
        path = os.path.normpath(os.path.relpath(os.path.join(root, entry['filePath']), root))
        for m in entry.get('messages', []):
            if m.get('fatal') or not m.get('ruleId') or m.get('ruleId') == 'parse-error':
                fatal[path] = f"{(m.get('message') or '?').splitlines()[0]} (line {m.get('line')})"
            else:
                findings[path].append((m['ruleId'], m.get('line')))
        if entry.get('fatalErrorCount') and path not in fatal:
            fatal[path] = 'fatal error'
    return findings, fatal


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cases', default=os.path.join(here, 'cases-*.tsv'))
    ap.add_argument('--dest', default=os.environ.get('KOALINT_SUITES', '/tmp/koalint-suites'))
    ap.add_argument('--koalint', default='koalint')
    ap.add_argument('--out', help='also write the report (Markdown) to this file')
    args = ap.parse_args()

    dest = os.path.abspath(args.dest)
    cases = load_cases(args.cases)
    config = os.path.join(dest, 'koalint.json')
    os.makedirs(dest, exist_ok=True)
    with open(config, 'w') as f:
        json.dump({'tests': {'files': []}}, f)
        f.write('\n')
    binary = os.path.abspath(args.koalint) if os.sep in args.koalint else args.koalint

    roots = sorted({root_of(c, dest) for c in cases})
    results, fatal_of, absent_roots = {}, {}, []
    for root in roots:
        if not os.path.isdir(root):
            absent_roots.append(root)
            continue
        results[root], fatal_of[root] = run_koalint(binary, config, root)

    # Findings that no case's range claims, per (root, path, rule): shown beside a missed hit.
    claimed = collections.defaultdict(set)
    for c in cases:
        claimed[(root_of(c, dest), os.path.normpath(c['path']), c['category'])].update(range(c['line'], c['end'] + 1))

    def extra(c, root, path):
        """What koalint did say about a missed case: elsewhere in the file, or another rule in range."""
        found = results.get(root, {}).get(path, [])
        bits = []
        away = sorted({l for r, l in found if r == c['category'] and l is not None
                       and l not in claimed[(root, path, c['category'])] and c['line'] - NEAR <= l <= c['end'] + NEAR})
        if away:
            bits.append(f'reported nearby, outside every case range, at line ' + ', '.join(map(str, away)))
        others = sorted({r for r, l in found if r != c['category'] and l is not None and c['line'] <= l <= c['end']})
        if others:
            bits.append('in range: ' + ', '.join(others))
        if path in fatal_of.get(root, {}):
            bits.append('koalint could not parse the file: ' + fatal_of[root][path])
        return f' [{"; ".join(bits)}]' if bits else ''

    table = collections.OrderedDict()
    missed, noisy, unavailable, unparsed = [], [], [], []
    for c in sorted(cases, key=lambda c: (c['suite'], c['category'], c['path'], c['line'], c['end'])):
        root = root_of(c, dest)
        key = (c['suite'], c['category'])
        t = table.setdefault(key, {'hit': [0, 0], 'silent': [0, 0]})
        if not os.path.isfile(os.path.join(root, c['path'])):
            unavailable.append(c)
            continue
        path = os.path.normpath(c['path'])
        if c['expect'] == 'silent' and path in fatal_of.get(root, {}):
            unparsed.append(c)  # silence of an unparsed file says nothing
            continue
        found = [line for rule, line in results.get(root, {}).get(path, [])
                 if rule == c['category'] and line is not None and c['line'] <= line <= c['end']]
        t[c['expect']][1] += 1
        if c['expect'] == 'hit':
            if found:
                t['hit'][0] += 1
            else:
                missed.append((c, extra(c, root, path)))
        else:
            if found:
                noisy.append((c, sorted(set(found))))
            else:
                t['silent'][0] += 1

    def ratio(pair):
        return f'{pair[0]}/{pair[1]}' if pair[1] else '–'

    out = ['# koalint on peer-tool test suites', '',
           f'cases: {len(cases)} from {", ".join(sorted({c["source"] for c in cases}))}', '',
           '| suite | category | hits found | look-alikes silent |', '|---|---|---|---|']
    totals = {'hit': [0, 0], 'silent': [0, 0]}
    by_suite = collections.OrderedDict()
    by_cat = collections.OrderedDict()
    for (suite, cat), t in table.items():
        out.append(f'| {suite} | {cat} | {ratio(t["hit"])} | {ratio(t["silent"])} |')
        for agg in (totals, by_suite.setdefault(suite, {'hit': [0, 0], 'silent': [0, 0]}),
                    by_cat.setdefault(cat, {'hit': [0, 0], 'silent': [0, 0]})):
            for k in ('hit', 'silent'):
                agg[k][0] += t[k][0]
                agg[k][1] += t[k][1]
    for suite, t in by_suite.items():
        out.append(f'| **{suite}** | all | {ratio(t["hit"])} | {ratio(t["silent"])} |')
    for cat, t in sorted(by_cat.items()):
        out.append(f'| all | **{cat}** | {ratio(t["hit"])} | {ratio(t["silent"])} |')
    out.append(f'| **overall** | | **{ratio(totals["hit"])}** | **{ratio(totals["silent"])}** |')

    def where(c):
        return f'{c["path"]}:{c["line"]}' + (f'-{c["end"]}' if c['end'] != c['line'] else '')

    out += ['', f'## Missed hits ({len(missed)})', '']
    out += [f'- {c["suite"]} · {c["category"]} · `{where(c)}` — {c["note"]}{x}' for c, x in missed] or ['none']
    out += ['', f'## Noisy look-alikes ({len(noisy)})', '']
    out += [f'- {c["suite"]} · {c["category"]} · `{where(c)}` (reported at line {", ".join(map(str, ls))}) — {c["note"]}'
            for c, ls in noisy] or ['none']
    fatal_files = sorted({f'{os.path.relpath(r, dest)}/{p}: {m}' for r, d in fatal_of.items() for p, m in d.items()
                          if any(root_of(c, dest) == r and os.path.normpath(c['path']) == p for c in cases)})
    if unavailable or absent_roots or fatal_files or unparsed:
        out += ['', '## Not scored', '']
        out += [f'- missing checkout: {os.path.relpath(r, dest)} (run checkout.sh)' for r in absent_roots]
        out += [f'- file not in DEST: {c["suite"]} {c["repo"]} {c["path"]}' for c in unavailable]
        out += [f'- look-alike in a file koalint could not parse: {c["suite"]} · {c["category"]} · `{where(c)}` — {c["note"]}'
                for c in unparsed]
        out += [f'- koalint could not parse: {x} (its hits count as missed)' for x in fatal_files]
    text = '\n'.join(out) + '\n'
    sys.stdout.write(text)
    if args.out:
        with open(args.out, 'w') as f:
            f.write(text)


if __name__ == '__main__':
    main()
