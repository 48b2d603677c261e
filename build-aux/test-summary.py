#!/usr/bin/env python3
"""Counts test cases in one or more meson testlog.json files.

A TAP program counts each of its subtests ("ok", "ok … # SKIP", "not ok");
a program that failed without reporting a failing subtest (a crash, a
timeout) counts one failure more.  Other programs count once.  Prints
"N passed, N failed, N skipped".
"""

import json
import re
import sys

TAP_LINE = re.compile(r"^(not ok|ok)\b(.*)$")


def count(path, totals):
    with open(path, encoding="utf-8") as log:
        for line in log:
            if not line.strip():
                continue
            test = json.loads(line)
            passed = failed = skipped = 0
            for out in (test.get("stdout") or "").splitlines():
                match = TAP_LINE.match(out)
                if not match:
                    continue
                directive = match.group(2)
                if re.search(r"#\s*SKIP", directive, re.IGNORECASE):
                    skipped += 1
                elif match.group(1) == "ok":
                    passed += 1
                elif not re.search(r"#\s*TODO", directive, re.IGNORECASE):
                    failed += 1
            result = test.get("result", "")
            bad = result in ("FAIL", "TIMEOUT", "UNEXPECTEDPASS", "ERROR")
            if passed + failed + skipped == 0:
                if bad:
                    failed = 1
                elif result == "SKIP":
                    skipped = 1
                else:
                    passed = 1
            elif bad and failed == 0:
                failed = 1
            totals[0] += passed
            totals[1] += failed
            totals[2] += skipped


def main():
    totals = [0, 0, 0]
    for path in sys.argv[1:]:
        try:
            count(path, totals)
        except OSError as error:
            print(f"cannot read {path}: {error}", file=sys.stderr)
            totals[1] += 1
    print(f"{totals[2]} skipped")
    print(f"{totals[0]} passed, {totals[1]} failed")


if __name__ == "__main__":
    main()
