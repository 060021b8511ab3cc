"""Language identification: what it costs per draft, and how often it is wrong.

    python benchmarks/language.py [--data ../shared/data]

Times postguard.analysis.langid.identify on real posts (2,000 UK police posts, the agency posts,
the team's Spanish evaluation set): the one-off model load, then per draft (median, min, max of
5 passes), beside lingua's own high-accuracy mode on the same texts as the fair baseline. Counts
the drafts given another language than the one they are in (English posts read as something
else fail as "not screened"; Spanish ones read as English get the English rules).
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def load(data: Path):
    uk = [json.loads(line)["text"] for line in (data / "uk-police-tweets" / "uk_police_tweets.jsonl").open()]
    english = random.Random(0).sample(uk, 2000)
    english += [json.loads(line)["text"] for line in (data / "agency-posts-dev" / "agency_posts_dev.jsonl").open()]
    spanish = [json.loads(line)["text"] for line in (ROOT / "benchmarks" / "data" / "spanish_eval.jsonl").open()]
    return english, spanish


def timed(function, texts, repeat=5):
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        results = [function(t) for t in texts]
        runs.append((time.perf_counter() - started) / len(texts) * 1000)
    return results, runs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    english, spanish = load(args.data)
    texts = english + spanish

    from postguard.analysis import langid

    started = time.perf_counter()
    langid.identify("a first text to load the models with")
    load_s = time.perf_counter() - started
    found, runs = timed(lambda t: langid.identify(t).code, texts)
    wrong_en = sum(code != "en" for code in found[:len(english)])
    wrong_es = sum(code != "es" for code in found[len(english):])
    print(f"postguard identify (trigram models, noise removed, second opinion before 'not screened'): "
          f"load {load_s:.2f} s; per draft median {statistics.median(runs):.2f} ms "
          f"(min {min(runs):.2f}, max {max(runs):.2f}); English read as another language {wrong_en}/{len(english)}, "
          f"Spanish read as another language {wrong_es}/{len(spanish)}")

    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in (*langid.SCREENED, *langid.OTHERS)]
    started = time.perf_counter()
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
    detector.detect_language_of("a first text to load the models with")
    load_s = time.perf_counter() - started

    def baseline(text):
        language = detector.detect_language_of(text)
        return language.iso_code_639_1.name.lower() if language else "en"

    found, runs = timed(baseline, texts, repeat=2)
    wrong_en = sum(code != "en" for code in found[:len(english)])
    wrong_es = sum(code != "es" for code in found[len(english):])
    print(f"baseline: lingua high accuracy, same languages, raw text: load {load_s:.2f} s; per draft median "
          f"{statistics.median(runs):.2f} ms (min {min(runs):.2f}, max {max(runs):.2f}); English read as another "
          f"language {wrong_en}/{len(english)}, Spanish {wrong_es}/{len(spanish)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
