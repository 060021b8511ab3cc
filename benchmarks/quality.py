"""Detection quality: the conduct model alone, the rules alone, and both, on real posts.

    python benchmarks/quality.py [--limit 2000] [--data ../shared/data]

For each shared set: recall on posts that should fail, false-positive rate on posts that should
pass, and the ROC AUC of the conduct model's post score. Then the cross-validated figures the
training command recorded on the team's own corpus.

None of these sets is used to train the model or to tune a rule or a threshold: agency-posts-dev
and uk-police-tweets measure, and nothing else (training reads training/ only). Thresholds come
from the policy pack (rules/model.yaml) and were set from cross-validation on the corpus.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {  # name: (file under --data, or under benchmarks/data for the team's own, which rows should fail)
    "agency-posts-dev": ("agency-posts-dev/agency_posts_dev.jsonl", lambda r: r["label"] == "inappropriate"),
    "uk-police-tweets": ("uk-police-tweets/uk_police_tweets.jsonl", lambda r: False),
    "olid-test": ("olid-test/olid_test_level_a.jsonl", lambda r: r["label"] == "OFF"),
    "ethos-binary": ("ethos-binary/ethos_binary.jsonl", lambda r: r["label"] == 1),
    # Spanish posts the team wrote for evaluation only (never for training): benchmarks/data.
    "spanish-eval": (str(ROOT / "benchmarks" / "data" / "spanish_eval.jsonl"), lambda r: r["label"] == "inappropriate"),
    # English drafts the team wrote as hard cases (safety PSAs asked as questions, warm replies that
    # name people, court results and remembrance, each beside misconduct on the same situation);
    # kept for evaluation when adding them to training/ did not help (models/README.md).
    "english-hard-eval": (str(ROOT / "benchmarks" / "data" / "english_hard_eval.jsonl"),
                          lambda r: r["label"] == "inappropriate"),
}


def rows_of(data: Path, name: str, limit: int) -> list[dict]:
    path, _ = SETS[name]
    rows = [json.loads(line) for line in (data / path).open(encoding="utf-8") if line.strip()]
    return random.Random(0).sample(rows, limit) if len(rows) > limit else rows  # measure-quality's sample


def drafts_of(rows: list[dict]):
    from postguard.inputs import make_draft

    drafts = []
    for i, row in enumerate(rows):
        meta = {"in_reply_to": row["in_reply_to"]} if row.get("in_reply_to") else {}
        drafts.append(make_draft(str(row["text"]).strip() or ".", f"row{i}", meta))
    return drafts


def auc(positive: list[float], negative: list[float]) -> float | None:
    if not positive or not negative:
        return None
    ranked = sorted([(s, 1) for s in positive] + [(s, 0) for s in negative])
    # Mann-Whitney U with average ranks for ties
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        average = (i + j + 1) / 2
        rank_sum += average * sum(label for _, label in ranked[i:j])
        i = j
    return (rank_sum - len(positive) * (len(positive) + 1) / 2) / (len(positive) * len(negative))


def measure(screener, drafts, should_fail: list[bool]) -> dict:
    model_rules = {spec.id for spec in screener.policy.enabled_rules if spec.kind == "conduct_model"}
    verdicts = screener.screen(drafts)
    analyses = screener.analyze(drafts)
    scores = [a.conduct_post.probability if a.conduct_post else 0.0 for a in analyses]
    result = {}
    for label, failed in (
            ("model alone", [any(f.rule_id in model_rules for f in v.failing) for v in verdicts]),
            ("rules alone", [any(f.rule_id not in model_rules for f in v.failing) for v in verdicts]),
            ("both (shipped)", [not v.passed for v in verdicts])):
        pos = [f for f, s in zip(failed, should_fail) if s]
        neg = [f for f, s in zip(failed, should_fail) if not s]
        result[label] = {"recall": sum(pos) / len(pos) if pos else None, "caught": sum(pos), "positives": len(pos),
                         "fp_rate": sum(neg) / len(neg) if neg else None, "false_positives": sum(neg),
                         "negatives": len(neg)}
    result["auc"] = auc([s for s, y in zip(scores, should_fail) if y], [s for s, y in zip(scores, should_fail) if not y])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args()
    from postguard import Screener, load_policy
    from postguard.models.conduct.model import ConductModel

    screener = Screener(load_policy())
    screener = Screener(screener.policy, replace(screener.config, cache_dir=None))
    model = ConductModel.load("en")
    print(f"postguard detection quality, {dt.date.today():%Y-%m-%d}; classifier {screener.classifier_info.name}; "
          f"{model.name}\n")
    print("| set | posts | what | recall | false-positive rate | conduct model ROC AUC |")
    print("| --- | ---: | --- | --- | --- | --- |")
    for name in SETS:
        if not (args.data / SETS[name][0]).exists():
            print(f"| {name} | missing | | | | |")
            continue
        rows = rows_of(args.data, name, args.limit)
        result = measure(screener, drafts_of(rows), [SETS[name][1](r) for r in rows])
        for what in ("model alone", "rules alone", "both (shipped)"):
            r = result[what]
            recall = f"{r['recall']:.2f} ({r['caught']}/{r['positives']})" if r["recall"] is not None else "—"
            fp = f"{r['fp_rate']:.3f} ({r['false_positives']}/{r['negatives']})" if r["fp_rate"] is not None else "—"
            roc = f"{result['auc']:.2f}" if result["auc"] is not None and what == "model alone" else ""
            print(f"| {name} | {len(rows)} | {what} | {recall} | {fp} | {roc} |")
    from postguard.models.conduct.model import MODEL_DIR

    cv = json.loads((MODEL_DIR / "conduct-en.cv.json").read_text(encoding="utf-8"))
    best = next(r for r in cv["grid"] if r["c"] == cv["shipped_c"])
    print(f"\nTraining corpus ({cv['rows']} drafts), {cv['folds']}-fold cross-validation grouped by "
          f"{cv['grouped_by']}: ROC AUC {best['roc_auc']}, recall at 5% false positives {best['recall_at_5pct_fp']} "
          f"(1%: {best['recall_at_1pct_fp']}), category accuracy {best['category_accuracy']}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
