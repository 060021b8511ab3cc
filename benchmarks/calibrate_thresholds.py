"""Where the English conduct model's thresholds (rules/model.yaml) come from, as a command.

    python benchmarks/calibrate_thresholds.py [--limit 2000] [--budget 0.02] [--sentence-share 0.005]

Real UK police posts (../shared/data/uk-police-tweets, measure-quality's fixed-seed sample) are
all appropriate, so every post they fail is a false alarm. The one-sentence threshold is the
lowest at which sentences alone fail at most `--sentence-share` of them; the post threshold is
then the lowest at which the whole check — rules, sentences and posts together — fails at most
`--budget`. No incident is read: the thresholds trade false alarms against nothing they would
catch, so they cannot be tuned to a set they are measured on. Prints the figures to copy into
rules/model.yaml; changes nothing.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lowest_threshold(scores: list[float], already: list[bool], allowed: int) -> float:
    """The lowest threshold t (rounded up to 3 decimals) at which posts already failing, plus
    those scoring at least t, number at most `allowed`."""
    candidates = sorted({s for s, failed in zip(scores, already) if not failed}, reverse=True)
    failing = sum(already)
    best = 1.0
    for t in candidates:
        count = failing + sum(1 for s, f in zip(scores, already) if not f and s >= t)
        if count > allowed:
            break
        best = t
    return min(1.0, round(best + 0.0005, 3))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--budget", type=float, default=0.02, help="false alarms allowed, rules included")
    parser.add_argument("--sentence-share", type=float, default=0.005, help="of which one sentence alone may fail")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    from quality import drafts_of, rows_of

    from postguard import Screener, load_policy

    screener = Screener(load_policy())
    screener = Screener(screener.policy, replace(screener.config, cache_dir=None))
    drafts = drafts_of(rows_of(args.data, "uk-police-tweets", args.limit))
    verdicts = screener.screen(drafts)
    analyses = screener.analyze(drafts)
    by_rules = [any(f.rule_id != "conduct.model" for f in v.failing) for v in verdicts]
    posts = [a.conduct_post.probability if a.conduct_post else 0.0 for a in analyses]
    sentences = [max((s.probability for s in a.conduct_sentences), default=0.0) for a in analyses]
    n = len(drafts)
    sentence_at = lowest_threshold(sentences, [False] * n, int(args.sentence_share * n))
    by_sentence = [f or s >= sentence_at for f, s in zip(by_rules, sentences)]
    error_at = lowest_threshold(posts, by_sentence, int(args.budget * n))
    total = sum(f or p >= error_at for f, p in zip(by_sentence, posts))
    print(f"{n} real UK police posts; the rules alone fail {sum(by_rules)} ({sum(by_rules) / n:.3f}).")
    print(f"sentence_at: en {sentence_at}   (one sentence alone fails {sum(s >= sentence_at for s in sentences)})")
    print(f"error_at:    en {error_at}   (everything together fails {total}, {total / n:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
