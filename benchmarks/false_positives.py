"""Which rules flag posts that should pass, and how often: a per-rule false-positive table.

    python benchmarks/false_positives.py FILE.jsonl [--limit 2000] [--show 3]

FILE holds posts that should pass (one JSON object per line with a `text` field), e.g. the
shared UK police posts: ../shared/data/uk-police-tweets/uk_police_tweets.jsonl. For each rule
it prints how many posts it flagged at each severity, with a few examples to read by hand —
the list to work through before tightening or loosening a rule. Printed, never asserted.
"""
from __future__ import annotations

import argparse
import collections
import json
import random

from postguard import Screener, load_policy
from postguard.inputs import make_draft
from postguard.config import ScreenConfig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file")
    parser.add_argument("--limit", type=int, default=2000, help="posts at most (a fixed-seed sample)")
    parser.add_argument("--show", type=int, default=3, help="examples per rule")
    args = parser.parse_args()
    with open(args.file, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if len(rows) > args.limit:
        rows = random.Random(0).sample(rows, args.limit)
    drafts = []
    for i, row in enumerate(rows):
        meta = {"in_reply_to": row["in_reply_to"]} if row.get("in_reply_to") else {}
        drafts.append(make_draft(str(row.get("text") or " ").strip() or " ", f"post {i}", meta))
    verdicts = Screener(load_policy(), ScreenConfig(cache_dir=None)).screen(drafts)
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    examples: dict[str, list[str]] = collections.defaultdict(list)
    for verdict in verdicts:
        for f in {f.rule_id: f for f in verdict.findings}.values():
            counts[f.rule_id][f.severity.value] += 1
            if len(examples[f.rule_id]) < args.show:
                words = f" [{f.span.text[:40]}]" if f.span else ""
                examples[f.rule_id].append(f"{verdict.draft.text[:110]!r}{words}")
    failed = sum(not v.passed for v in verdicts)
    print(f"{len(verdicts)} posts that should pass: {failed} fail ({failed / len(verdicts):.2%})")
    for rule_id, by_severity in sorted(counts.items(), key=lambda kv: -sum(kv[1].values())):
        total = sum(by_severity.values())
        print(f"{total:5d}  {rule_id:36s} " + ", ".join(f"{n} {s}" for s, n in by_severity.most_common()))
        for example in examples[rule_id]:
            print(f"         {example}")


if __name__ == "__main__":
    main()
