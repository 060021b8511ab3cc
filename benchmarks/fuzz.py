"""Bounded fuzzing of the whole command: mutated drafts, run as a user would run them.

    python benchmarks/fuzz.py [--rounds 10] [--per-round 60] [--seed 1]

Each round writes a folder of drafts mutated from the shipped examples (random bytes, control and
bidi characters, look-alike letters, broken and hostile front matter, deep nesting, aliases,
huge values, truncation, other encodings) and runs `postguard check --format json` on it in a
fresh process. A round passes when the process exits 0, 1 or 2, prints no traceback, writes
valid JSON, and accounts for every file (screened, or named as a problem). Prints the failures,
and per round the wall time and the peak memory of the process. Nothing is asserted on time:
the figures go into README's reliability section.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples" / "drafts").rglob("*.md")) + sorted((ROOT / "examples" / "drafts").rglob("*.txt"))
SPICE = ["\x1b[2J", "\x1b]0;x\x07", "\u202e", "\u200b", "\u00ad", "\x00", "і", "ｓ", "\ud7ff", "\U0001F595",
         "&a [x]", "*a", "!!binary aGk=", "!!timestamp 2026-02-30", "{{", "[[[[", "---", "\r", "\u2028", "'", '"']
FRONT = ["platform: twiter", "scheduled: 2026-02-30", "scheduled: 0000-00-00", "media: 5", "media: x.png",
         "waive: 5", "waive: [{rule: argue.shouting}]", "type: evnt", "in_reply_to: {text: 5}", "links: [1, 2]",
         "account: &a [x, x]\nauthor: *a", "x: " + "[" * 200 + "]" * 200, "in_reply_to: ''", "platform: [x]"]


def mutate(rng: random.Random, text: str) -> bytes:
    choice = rng.randrange(9)
    if choice == 0:  # random spice inserted
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(text) + 1)
            text = text[:at] + rng.choice(SPICE) + text[at:]
    elif choice == 1:  # a hostile front matter line
        body = text.split("---\n", 2)[-1]
        text = "---\n" + "\n".join(rng.sample(FRONT, rng.randint(1, 3))) + "\n---\n" + body
    elif choice == 2:  # truncated anywhere
        text = text[: rng.randrange(len(text) + 1)]
    elif choice == 3:  # a huge draft
        text = text + " ".join(["word"] * rng.choice([1_000, 20_000, 70_000]))
    elif choice == 4:  # random bytes
        data = bytearray(text.encode("utf-8"))
        for _ in range(rng.randint(1, 20)):
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    elif choice == 5:  # another encoding
        return text.encode(rng.choice(["utf-16", "utf-32", "latin-1", "cp1252"]), errors="replace")
    elif choice == 6:  # stretched, spaced and leet words
        text = text.replace("e", rng.choice(["3", "eee", "e ", "е"]))
    elif choice == 7:  # many lines, long lines
        text = (text + "\n") * rng.randint(2, 200)
    return text.encode("utf-8", errors="surrogatepass")


def run_round(rng: random.Random, count: int, folder: Path) -> tuple[list[str], float, float]:
    names = []
    for i in range(count):
        source = rng.choice(EXAMPLES)
        name = f"case-{i:03d}{source.suffix}"
        (folder / name).write_bytes(mutate(rng, source.read_text(encoding="utf-8")))
        names.append(name)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "postguard", "check", "--format", "json", "--no-cache", str(folder)],
                          capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}, timeout=600)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    failures = []
    if done.returncode not in (0, 1, 2):
        failures.append(f"exit {done.returncode}")
    if "Traceback" in done.stdout + done.stderr:
        failures.append("traceback: " + done.stderr[-300:])
    try:
        report = json.loads(done.stdout)
        seen = {os.path.basename(d["path"].split(":")[0]) for d in report["drafts"]}
        missing = [n for n in names if n not in seen]
        if missing:
            failures.append(f"not accounted for: {missing[:5]}")
    except (ValueError, KeyError) as exc:
        failures.append(f"output is not the JSON report ({exc})")
    return failures, seconds, peak_mb


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    times, failed = [], 0
    peak = 0.0
    for number in range(args.rounds):
        with tempfile.TemporaryDirectory(prefix="pg-fuzz-") as tmp:
            failures, seconds, peak = run_round(rng, args.per_round, Path(tmp))
        times.append(seconds)
        failed += bool(failures)
        for failure in failures:
            print(f"round {number}: {failure}")
    print(f"{args.rounds} rounds x {args.per_round} mutated drafts ({args.rounds * args.per_round} cases), seed {args.seed}: "
          f"{failed} rounds failed; seconds per round median {statistics.median(times):.1f} "
          f"(min {min(times):.1f}, max {max(times):.1f}); peak memory of one run {peak:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
