"""Print, as JSON, the case ids wstest will run for each agent of a spec.

Runs under the wstest virtualenv's Python 2.7 (it imports autobahntestsuite):
    .venv/bin/python expected_cases.py fuzzingclient|fuzzingserver SPEC AGENT [AGENT ...]

Applies the spec's "cases", "exclude-cases" and "exclude-agent-cases" the way
wstest does, so summarize.py can report cases that never ran (a refused
connection makes wstest skip the rest of that server's cases silently).
"""
from __future__ import print_function

import json
import sys

import autobahntestsuite.case as case
from autobahntestsuite.caseset import CaseSet


def main(argv):
    if len(argv) < 4 or argv[1] not in ("fuzzingclient", "fuzzingserver"):
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[2]) as f:
        spec = json.load(f)
    case_set = CaseSet(case.CaseSetname, case.CaseBasename, case.Cases,
                       case.CaseCategories, case.CaseSubCategories)
    case_ids = case_set.parseSpecCases(spec)
    excludes = case_set.parseExcludeAgentCases(spec)
    expected = {}
    for agent in argv[3:]:
        expected[agent] = [c for c in case_ids
                           if not case_set.checkAgentCaseExclude(excludes, agent, c)]
    json.dump(expected, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
