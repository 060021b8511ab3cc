"""`postguard report` over a week of many drafts: drafts/s with --jobs 1 and --jobs 2, and the size
of the HTML page, beside `postguard check --format json` on the same drafts (what a supervisor ran
before, then counted by hand).

    python benchmarks/report.py [--drafts 5000] [--repeat 3]

Generated drafts from ten accounts and twenty authors over seven days (benchmarks/screening.py's
templates, some of which break the policy). --no-cache throughout. Medians with min and max.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import DAYS, PLACES, TEMPLATES, postguard_command  # noqa: E402

ACCOUNTS = ["@ABQ311", "@ABQPolice", "@ABQFireRescue", "@ABQRide", "@ABQParks", "@ABQLibrary", "@cabq",
            "@ABQWater", "@ABQAnimals", "@ABQSolidWaste"]


def generate(count: int, folder: Path, seed: int = 11) -> None:
    rng = random.Random(seed)
    for i in range(count):
        text = rng.choice(TEMPLATES).format(place=rng.choice(PLACES), day=rng.choice(DAYS), hour=rng.randint(1, 9))
        head = (f'---\naccount: "{rng.choice(ACCOUNTS)}"\nauthor: staff{rng.randint(1, 20):02d}\n'
                f"scheduled: 2026-11-{rng.randint(23, 29)}\n---\n")
        (folder / f"draft-{i:05d}.md").write_text(head + text + "\n", encoding="utf-8")


def timed(args: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(postguard_command() + args, capture_output=True, text=True,
                          env={**os.environ, "NO_COLOR": "1", "POSTGUARD_TODAY": "2026-11-29"})
    if done.returncode not in (0, 1):
        raise SystemExit(f"postguard exited {done.returncode}: {done.stderr[-400:]}")
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--drafts", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, page = Path(tmp) / "week", Path(tmp) / "week.html"
        folder.mkdir()
        generate(args.drafts, folder)
        print(f"machine: {os.cpu_count()} cores; {args.drafts} drafts; medians of {args.repeat} runs (min, max)")
        for label, command in (
                ("check --format json (baseline)", ["check", "--no-cache", "--format", "json", str(folder)]),
                ("report --jobs 1 --html", ["report", "--no-cache", "--jobs", "1", "--html", str(page), str(folder)]),
                ("report --jobs 2 --html", ["report", "--no-cache", "--jobs", "2", "--html", str(page), str(folder)])):
            runs = [timed(command) for _ in range(args.repeat)]
            rates = [args.drafts / r for r in runs]
            print(f"{label}: {statistics.median(rates):.0f} drafts/s (min {min(rates):.0f}, max {max(rates):.0f}); "
                  f"{statistics.median(runs):.1f} s")
        print(f"HTML page: {page.stat().st_size / 1024:.0f} KiB for {args.drafts} drafts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
