"""Screening speed: drafts per second on 1,000 generated drafts, and the cold time of one check.

    python benchmarks/screening.py [--drafts 1000] [--repeat 5]

Targets (README): one draft cold <= 1.5 s; batch >= 200 drafts/s on a 2-core machine.
Figures are printed, never asserted: timing depends on the machine.
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

PLACES = ["Central Ave", "Lomas Blvd", "Tramway", "Coors Blvd", "Montgomery and San Mateo", "Tingley Beach",
          "the Westside Community Center", "Civic Plaza", "Los Altos Park", "the Main Library"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "Please avoid {place} on {day} while crews repair a water main. Expect delays until {hour} p.m.",
    "Join us for a free movie night at {place} on {day} at {hour} p.m. Bring a blanket!",
    "Winter storm warning until {hour} a.m. {day}. Roads near {place} are icy. Stay home if you can.",
    "Free flu shots on {day} from 10 a.m. to {hour} p.m. at {place}. No appointment needed.",
    "Thanks for letting us know. We've sent the pothole near {place} to Street Maintenance; track it at 311.",
    "Bulk trash pickup near {place} resumes {day}. Set items out by {hour} a.m.",
    # drafts that break the policy, as a real week's drafts sometimes do
    "Only an idiot would park across the fire hydrant on {place}. Do your research.",
    "Maybe try reading the post before complaining about {place}. If you don't like it, move.",
    "I think the council got the {place} decision wrong. Funny how they never ask us.",
    "FOR THE LAST TIME, DO NOT PARK AT {place}!!!",
]


def generate(count: int, folder: Path, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        text = rng.choice(TEMPLATES).format(place=rng.choice(PLACES), day=rng.choice(DAYS), hour=rng.randint(1, 9))
        path = folder / f"draft-{i:04d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def postguard_command() -> list[str]:
    script = Path(sys.executable).with_name("postguard")
    return [str(script)] if script.exists() else [sys.executable, "-m", "postguard"]


def timed_run(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(postguard_command() + args, capture_output=True, env={**os.environ, "NO_COLOR": "1"})
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = generate(args.drafts, folder)
        # --no-cache throughout: this measures screening, not the findings cache (benchmarks/cache.py)
        timed_run(["check", "--no-cache", str(paths[0])])  # warm the OS file cache and the converted classifier
        cold = [timed_run(["check", "--no-cache", str(paths[0])]) for _ in range(args.repeat)]
        batch = [timed_run(["check", "--no-cache", "--format", "json", str(folder)])
                 for _ in range(max(args.repeat // 2, 1))]

        from postguard import Screener, load_drafts, load_policy
        from postguard.config import ScreenConfig

        screener = Screener(load_policy(), ScreenConfig(cache_dir=None))
        drafts = load_drafts([str(folder)]).drafts
        screener.screen(drafts[:10])  # load models, compile rules
        start = time.perf_counter()
        screener.screen(drafts)
        in_process = time.perf_counter() - start

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"cold `postguard check` of one draft: median {statistics.median(cold):.2f} s "
          f"(min {min(cold):.2f}, max {max(cold):.2f}, {len(cold)} runs)")
    best = min(batch)
    print(f"`postguard check` of {args.drafts} drafts (whole command, start-up included): {best:.2f} s "
          f"= {args.drafts / best:.0f} drafts/s")
    print(f"screening only (models loaded): {in_process:.2f} s = {args.drafts / in_process:.0f} drafts/s")


if __name__ == "__main__":
    main()
