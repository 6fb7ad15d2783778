#!/usr/bin/env python3
"""Scores an ecosystem run against the triage file.

Reads koalint's JSON report per repository, writes one row per finding (repo, commit, path, line,
rule, message), then prints per rule: reported, TP, FP, DEBATABLE, untriaged, the real problems
(TP and FN rows of the triage) that this run misses, precision = TP / (TP + FP) and recall =
found / real problems; then the engine's own diagnostics (parse and internal errors) and the diff
against the previous run. A triage row matches a finding by (repo, path, line, rule).
"""
import argparse
import collections
import csv
import json
import os
import sys

ENGINE = {"parse-error", "internal-error", "io-error", "unused-ignore", "unknown-rule",
          "missing-reason"}
VERDICTS = {"TP", "FP", "DEBATABLE", "FN"}


def read_tsv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.reader(f, delimiter="\t") if r and not r[0].startswith("#")]
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repos", required=True)
    ap.add_argument("--triage", required=True)
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--prev")
    args = ap.parse_args()

    commits = {r[0]: r[1] for r in read_tsv(args.repos)}
    findings = []
    for repo, commit in commits.items():
        with open(os.path.join(args.raw, repo.replace("/", "+") + ".json"), encoding="utf-8") as f:
            report = json.load(f)
        for file in report:
            path = file["filePath"].removeprefix("./")
            for m in file["messages"]:
                message = " ".join(m["message"].split())
                findings.append((repo, commit, path, m["line"], m["ruleId"], message))
    findings.sort()
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(["# repo", "commit", "path", "line", "rule", "message"])
        w.writerows(findings)

    triage = {}
    problems = 0
    for i, row in enumerate(read_tsv(args.triage) if os.path.exists(args.triage) else []):
        if len(row) < 8 or row[5] not in VERDICTS:
            sys.exit(f"triage.tsv row {i + 2}: expected 8 columns and a verdict in {sorted(VERDICTS)}: {row}")
        key = (row[0], row[2], int(row[3]), row[4])
        if key in triage:
            sys.exit(f"triage.tsv: {key} is triaged twice")
        triage[key] = row
        if commits.get(row[0]) != row[1]:
            print(f"note: triage row for {row[0]} names commit {row[1][:10]}, repos.tsv pins "
                  f"{str(commits.get(row[0]))[:10]}", file=sys.stderr)

    table = collections.defaultdict(collections.Counter)
    app = collections.Counter()  # the same figures over application code only (test = no)
    engine = collections.Counter()
    reported = set()
    untriaged = []
    for repo, _commit, path, line, rule, message in findings:
        if rule in ENGINE:
            engine[rule] += 1
            if rule in ("parse-error", "internal-error"):
                print(f"{rule}: {repo} {path}:{line}: {message}")
            continue
        key = (repo, path, line, rule)
        reported.add(key)
        t = table[rule]
        t["reported"] += 1
        row = triage.get(key)
        if row is None:
            t["untriaged"] += 1
            untriaged.append(key)
        elif row[5] == "FN":
            # A problem found by a change: count it, and ask for the verdict to be updated.
            t["TP"] += 1
            print(f"note: FN row now reported (mark it TP): {repo} {path}:{line} {rule}")
        else:
            t[row[5]] += 1
        if row is not None and row[6] == "no":
            app["reported"] += 1
            app["TP" if row[5] == "FN" else row[5]] += 1
    for key, row in triage.items():
        if row[5] in ("TP", "FN"):
            table[key[3]]["real"] += 1
            if row[6] == "no":
                app["real"] += 1
            if key not in reported:
                table[key[3]]["missed"] += 1
                if row[6] == "no":
                    app["missed"] += 1

    cols = ["reported", "TP", "FP", "DEBATABLE", "untriaged", "missed", "precision", "recall"]
    print(f"\n{'rule':28}" + "".join(f"{c:>10}" for c in cols))
    total = collections.Counter()
    for rule in sorted(table):
        t = table[rule]
        total.update(t)
        print(f"{rule:28}" + fmt(t, cols))
    print(f"{'all rules':28}" + fmt(total, cols))
    print(f"{'  application code only':28}" + fmt(app, cols))
    print("\nengine diagnostics: " + (", ".join(f"{k} {v}" for k, v in sorted(engine.items())) or "none"))
    print(f"files: {len(commits)} repositories, {len(findings)} findings")
    if untriaged:
        print(f"\nuntriaged ({len(untriaged)}):")
        for repo, path, line, rule in untriaged:
            print(f"  {repo}\t{path}\t{line}\t{rule}")

    if args.prev and os.path.exists(args.prev):
        prev = {tuple(r[:6]) for r in read_tsv(args.prev)}
        now = {tuple(map(str, r)) for r in findings}
        gone, new = sorted(prev - now), sorted(now - prev)
        print(f"\ndiff against the previous run: +{len(new)} -{len(gone)}")
        for r in gone:
            print(f"- {r[0]} {r[2]}:{r[3]} {r[4]} [{verdict(triage, r)}] {r[5]}")
        for r in new:
            print(f"+ {r[0]} {r[2]}:{r[3]} {r[4]} [{verdict(triage, r)}] {r[5]}")


def verdict(triage, r):
    row = triage.get((r[0], r[2], int(r[3]), r[4]))
    return row[5] if row else "untriaged"


def fmt(t, cols):
    judged = t["TP"] + t["FP"]
    precision = f"{t['TP'] / judged:.2f}" if judged else "-"
    recall = f"{(t['real'] - t['missed']) / t['real']:.2f}" if t["real"] else "-"
    out = []
    for c in cols:
        v = precision if c == "precision" else recall if c == "recall" else t[c]
        out.append(f"{v:>10}")
    return "".join(out)


if __name__ == "__main__":
    main()
