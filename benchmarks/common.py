"""What the speed benchmarks share: real posts, draft folders, whole-process timing, and figures
reported as a median with min and max (never a best-of)."""
from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
REAL_POSTS = SHARED / "uk-police-tweets" / "uk_police_tweets.jsonl"
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


def real_posts(count: int, seed: int = 11) -> list[str]:
    """`count` real posts by UK police accounts, read at run time from the shared data (never
    copied into the repository); a seeded sample, so every run and every tool gets the same."""
    if not REAL_POSTS.exists():
        sys.exit(f"benchmark: the real posts are not at {REAL_POSTS} (see ../shared/data/README.md)")
    with REAL_POSTS.open(encoding="utf-8") as rows:
        texts = [json.loads(line)["text"] for line in rows if line.strip()]
    texts = [t for t in texts if t.strip()]
    if count > len(texts):
        sys.exit(f"benchmark: only {len(texts)} real posts, {count} asked for")
    return random.Random(seed).sample(texts, count)


def template_texts(count: int, seed: int = 7) -> list[str]:
    """Drafts written from a few templates, as an office's scheduled posts are."""
    rng = random.Random(seed)
    return [rng.choice(TEMPLATES).format(place=rng.choice(PLACES), day=rng.choice(DAYS), hour=rng.randint(1, 9))
            for _ in range(count)]


def generate(count: int, folder: Path, seed: int = 7) -> list[Path]:
    return write_drafts(template_texts(count, seed), folder)


def write_drafts(texts: list[str], folder: Path) -> list[Path]:
    """One .txt draft per text, as a drafts folder holds them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"draft-{i:05d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def postguard_command() -> list[str]:
    script = Path(sys.executable).with_name("postguard")
    return [str(script)] if script.exists() else [sys.executable, "-m", "postguard"]


def timed(command: list[str], env: dict | None = None) -> float:
    """Seconds a whole process takes, start-up included; its output goes to a pipe, as in CI."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, env={**os.environ, **(env or {})})
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        sys.exit(f"benchmark: {' '.join(command[:4])}… failed ({result.returncode}): {result.stderr.decode()[-500:]}")
    return elapsed


def spread(samples: list[float], unit: str = "s", digits: int = 2) -> str:
    return (f"median {statistics.median(samples):.{digits}f} {unit} (min {min(samples):.{digits}f}, "
            f"max {max(samples):.{digits}f}, {len(samples)} runs)")


def machine() -> str:
    return f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}"
