"""The findings cache: a first run on 1,000 drafts vs a re-run on the same, unchanged drafts.

    python benchmarks/cache.py [--drafts 1000]

Target (README): the re-run is at least 10x faster than the first run. Printed, not asserted.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from screening import generate, postguard_command


def timed(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(postguard_command() + args, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--drafts", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, cache = Path(tmp) / "drafts", Path(tmp) / "cache"
        folder.mkdir()
        generate(args.drafts, folder)
        env = {**os.environ, "NO_COLOR": "1", "POSTGUARD_CACHE_DIR": str(cache)}
        command = ["check", "--format", "json", str(folder)]
        timed(["check", "--no-cache", str(next(folder.iterdir()))], env)  # warm the OS file cache
        first = timed(command, env)
        reruns = [timed(command, env) for _ in range(3)]
    best = min(reruns)
    print(f"first run, empty cache: {first:.2f} s for {args.drafts} drafts")
    print(f"re-run, unchanged drafts: {best:.2f} s (best of 3) — {first / best:.1f}x faster")


if __name__ == "__main__":
    main()
