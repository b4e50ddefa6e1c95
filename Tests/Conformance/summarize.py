#!/usr/bin/env python3
"""Summarise Autobahn|Testsuite reports and decide pass/fail.

Usage:
    summarize.py [--title T] [--expected expected.json] REPORT_DIR [REPORT_DIR ...]

Each REPORT_DIR holds a wstest `index.json` (written by fuzzingclient or
fuzzingserver) and one JSON file per case. For every agent the summary prints
how many cases got each `behavior` and each `behaviorClose`, then lists every
case that did not pass with its description, expectation and result.

A case passes when both `behavior` and `behaviorClose` are OK, NON-STRICT or
INFORMATIONAL. With --expected (a JSON object agent -> [case ids], written by
expected_cases.py), an agent or case missing from the reports is a failure too:
wstest skips the rest of a server's cases when it cannot connect, so a crash
would otherwise look like a short, clean report.

Exit status: 0 if every case passed, 1 if any did not or any was missing,
2 on unusable input. The last line is `LABEL: N passed, M failed`.
"""

import argparse
import json
import os
import re
import sys
from collections import Counter

PASSING = ("OK", "NON-STRICT", "INFORMATIONAL")
#: Every value wstest writes, in the order the summary prints them.
BEHAVIORS = ("OK", "NON-STRICT", "INFORMATIONAL", "FAILED", "UNCLEAN", "WRONG CODE", "UNIMPLEMENTED")


def case_sort_key(case_id):
    return tuple(int(p) if p.isdigit() else p for p in case_id.split("."))


def load_index(report_dir):
    path = os.path.join(report_dir, "index.json")
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return None
    except ValueError as e:
        raise SystemExit("summarize.py: %s is not valid JSON (%s)" % (path, e))


def load_case_report(report_dir, entry):
    """The per-case report: description, expectation, result, resultClose."""
    name = entry.get("reportfile")
    if not name:
        return {}
    try:
        with open(os.path.join(report_dir, name), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def counts_line(counter):
    known = ["%s %d" % (b, counter[b]) for b in BEHAVIORS if counter[b]]
    other = ["%s %d" % (b, n) for b, n in sorted(counter.items()) if b not in BEHAVIORS]
    return ", ".join(known + other) or "none"


def one_line(text, limit=300):
    text = re.sub(r"<br\s*/?>", " ", str(text))  # wstest descriptions carry HTML line breaks
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def compact_ids(case_ids, limit=40):
    """'1.1.1 1.1.2 ... (68)': every id up to `limit`, then first/last and the count."""
    if len(case_ids) <= limit:
        return " ".join(case_ids)
    return "%s ... %s (%d)" % (" ".join(case_ids[:limit // 2]), " ".join(case_ids[-3:]), len(case_ids))


def write_counts(path, passed, failed):
    if path:
        with open(path, "w", encoding="utf-8") as f:
            f.write("%d %d\n" % (passed, failed))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("report_dirs", nargs="+", metavar="REPORT_DIR")
    ap.add_argument("--title", default="Autobahn")
    ap.add_argument("--label", default="autobahn",
                    help="one word put before the closing `N passed, M failed` line")
    ap.add_argument("--counts-out", help="also write 'PASSED FAILED' to this file")
    ap.add_argument("--expected", help="JSON: agent -> list of case ids that must be reported")
    args = ap.parse_args()

    expected = {}
    if args.expected:
        with open(args.expected, encoding="utf-8") as f:
            expected = json.load(f)

    # agent -> case id -> (report_dir, index entry)
    results = {}
    for d in args.report_dirs:
        index = load_index(d)
        if index is None:
            print("summarize.py: no index.json in %s (wstest did not finish?)" % d)
            continue
        for agent, cases in index.items():
            for case_id, entry in cases.items():
                results.setdefault(agent, {})[case_id] = (d, entry)

    if not results and not expected:
        print("summarize.py: no reports found in %s" % ", ".join(args.report_dirs))
        write_counts(args.counts_out, 0, 1)
        print("%s: 0 passed, 1 failed" % args.label)
        return 2

    print("== %s ==" % args.title)
    passed = failed = 0
    problems = []  # (agent, heading, detail lines)
    for agent in sorted(set(results) | set(expected)):
        cases = results.get(agent, {})
        behavior = Counter(e["behavior"] for _, e in cases.values())
        close = Counter(e["behaviorClose"] for _, e in cases.values())
        missing = sorted(set(expected.get(agent, [])) - set(cases), key=case_sort_key)
        print("agent %-16s %d cases reported%s" % (
            agent, len(cases), ", %d MISSING" % len(missing) if missing else ""))
        print("    behavior:      %s" % counts_line(behavior))
        print("    behaviorClose: %s" % counts_line(close))

        for case_id in sorted(cases, key=case_sort_key):
            d, entry = cases[case_id]
            if entry["behavior"] in PASSING and entry["behaviorClose"] in PASSING:
                passed += 1
                continue
            failed += 1
            report = load_case_report(d, entry)
            lines = ["behavior=%s behaviorClose=%s remoteCloseCode=%s duration=%sms" % (
                entry["behavior"], entry["behaviorClose"],
                entry.get("remoteCloseCode"), entry.get("duration"))]
            for key in ("description", "expectation", "result", "resultClose"):
                if report.get(key):
                    lines.append("%s: %s" % (key, one_line(report[key])))
            lines.append("report: %s" % os.path.join(d, entry.get("reportfile", "?")))
            problems.append((agent, "case " + case_id, lines))
        if missing:
            failed += len(missing)
            problems.append((agent, "%d case%s" % (len(missing), "" if len(missing) == 1 else "s"), [
                "MISSING: no result (roost refused or dropped the connection, died, or wstest",
                "was killed before writing its report): " + compact_ids(missing)]))

    if problems:
        print("\nNot passing (%d cases):" % failed)
        for agent, heading, lines in problems:
            print("  [%s] %s" % (agent, heading))
            for line in lines:
                print("      " + line)
    write_counts(args.counts_out, passed, failed)
    print("%s: %d passed, %d failed" % (args.label, passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
