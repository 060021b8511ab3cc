"""`--statistics`: how often each rule fired in a run, most frequent first (as ruff prints it)."""
from __future__ import annotations

import json
from collections import Counter

from postguard.results import RunResults


def rule_counts(run: RunResults) -> list[dict]:
    """One row per rule that fired: its count, how many of those were waived, severity and policy."""
    counts, waived, first = Counter(), Counter(), {}
    for verdict in run.verdicts:
        for f in verdict.findings:
            counts[f.rule_id] += 1
            waived[f.rule_id] += bool(f.waived)
            first.setdefault(f.rule_id, f)
    return [{"rule_id": rule, "count": n, "waived": waived[rule], "severity": first[rule].severity.value,
             "policy": first[rule].policy} for rule, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def render_statistics(run: RunResults, out, *, as_json: bool = False) -> None:
    rows = rule_counts(run)
    if as_json:
        json.dump({"drafts": run.summary.drafts, "failed": run.summary.failed, "rules": rows}, out, indent=2,
                  ensure_ascii=False)
        out.write("\n")
        return
    width = max((len(r["rule_id"]) for r in rows), default=0)
    for r in rows:
        waived = f"  ({r['waived']} waived)" if r["waived"] else ""
        out.write(f"{r['count']:>6}  {r['severity']:<8}  {r['rule_id']:<{width}}  {r['policy']}{waived}\n")
    total = sum(r["count"] for r in rows)
    out.write(f"Found {total} finding{'s' if total != 1 else ''} in {run.summary.drafts} drafts "
              f"({run.summary.failed} failed).\n")
