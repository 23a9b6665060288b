"""Prints the figures of a Schemathesis run from its NDJSON report: operations, requests and
checks per phase, findings and duration."""

import collections
import json
import sys

operations = 0
requests = collections.Counter()
checks = collections.Counter()
failed = collections.Counter()
scenarios = collections.Counter()
duration = None
for line in open(sys.argv[1], encoding="utf-8"):
    (kind, event), = json.loads(line).items()
    if kind == "LoadingFinished":
        operations = event["statistic"]["operations"]["selected"]
    elif kind == "ScenarioFinished":
        phase = event["phase"]
        scenarios[phase] += 1
        requests[phase] += len(event["recorder"].get("cases", {}))
        for results in event["recorder"].get("checks", {}).values():
            checks[phase] += len(results)
            failed[phase] += sum(1 for r in results if r["status"] == "failure")
    elif kind == "EngineFinished":
        duration = event["running_time"]

print(f"Conformance figures: {operations} operations")
for phase in ("examples", "coverage", "fuzzing", "stateful"):
    print(
        f"  {phase:9} {requests[phase]:6} requests  {checks[phase]:7} checks  "
        f"{failed[phase]:4} failed checks  ({scenarios[phase]} scenarios)"
    )
total_checks = sum(checks.values())
print(
    f"  {'all':9} {sum(requests.values()):6} requests  {total_checks:7} checks  "
    f"{sum(failed.values()):4} failed checks"
)
if duration is not None:
    print(f"  Schemathesis ran {duration:.0f} s")
