#!/usr/bin/env python3
"""Compares two runs of a study: the default one (early stop on) and one with
-Dcapacity.earlyStop=false -Dcapacity.speculate=false.

Usage: compare_results.py DEFAULT/results.json NO_EARLY_STOP/results.json

Every job must have the same capacity, stop reason and probe sequence (replicas, QPS, verdict).
A probe entry stopped early in the first run covers only the requests finished when it stopped,
so only the entries not stopped early are compared field by field. Exits 1 on any difference.
"""
import json
import sys


def main(default_path, full_path):
    default = json.load(open(default_path))["jobs"]
    full = json.load(open(full_path))["jobs"]
    if len(default) != len(full):
        sys.exit(f"different job counts: {len(default)} and {len(full)}")
    capacity_diffs = path_diffs = entries = stopped = compared = equal = 0
    for a, b in zip(default, full):
        if a["key"] != b["key"]:
            sys.exit(f"jobs out of order: {a['key']} and {b['key']}")
        if a["capacity"] != b["capacity"] or a["stopReason"] != b["stopReason"]:
            capacity_diffs += 1
            print(f"{a['key']}: capacity {a['capacity']} / {b['capacity']}, "
                  f"stop reason {a['stopReason']} / {b['stopReason']}")
        path_a = [(p["replicas"], p["qps"], p["passed"]) for p in a["probes"]]
        path_b = [(p["replicas"], p["qps"], p["passed"]) for p in b["probes"]]
        if path_a != path_b:
            path_diffs += 1
            print(f"{a['key']}: probe sequences differ")
        for p, q in zip(a["probes"], b["probes"]):
            entries += 1
            if p["stoppedEarly"]:
                stopped += 1
            else:
                compared += 1
                equal += p == q
    print(f"jobs {len(default)}: capacity or stop reason differs in {capacity_diffs}, "
          f"probe sequence or verdicts in {path_diffs}; probe entries {entries}, "
          f"stopped early in the default run {stopped}, "
          f"the others identical in every field: {equal} of {compared}")
    if capacity_diffs or path_diffs or equal != compared:
        sys.exit(1)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
