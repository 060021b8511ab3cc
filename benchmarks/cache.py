"""The findings cache: first runs on 1,000 real posts with an empty cache, against re-runs on
the same, unchanged drafts — with the default text output and with --format json.

    python benchmarks/cache.py [--drafts 1000] [--runs 3]

Whole processes with their output piped (as in CI); each figure a median with min and max.
Real posts are UK police posts read from ../shared/data at run time. Target (README): a re-run
at least 15x faster than a first run with the default output. Printed, never asserted.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from common import machine, postguard_command, real_posts, spread, timed, write_drafts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drafts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="first runs (each with an empty cache); re-runs: 2x")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "drafts", Path(tmp) / "cache"
        write_drafts(real_posts(args.drafts), folder)
        for label, extra in (("text (default)", []), ("--format json", ["--format", "json"])):
            command = postguard_command() + ["check", *extra, str(folder)]
            env = {"POSTGUARD_CACHE_DIR": str(cache)}
            timed(postguard_command() + ["check", "--no-cache", str(next(folder.iterdir()))])  # warm the OS cache
            first, again = [], []
            for _ in range(args.runs):
                shutil.rmtree(cache, ignore_errors=True)
                first.append(timed(command, env))
                again += [timed(command, env), timed(command, env)]
            ratio = statistics.median(first) / statistics.median(again)
            print(f"\n{label}, {args.drafts:,} real posts:")
            print(f"  first run, empty cache: {spread(first)}")
            print(f"  re-run, unchanged:      {spread(again)}  = {ratio:.1f}x faster")


if __name__ == "__main__":
    main()
