"""Toxicity throughput, measured honestly: stock Detoxify and postguard on the same model, texts and batches.

    pip install -e '.[detoxify]'   # torch, transformers and the detoxify package itself
    python benchmarks/toxicity.py [--drafts 32] [--count 1000] [--runs 5] [--threads N] [--data ../shared/data]

What it measures, all in one run:

- Drafts: real posts (UK police forces' official accounts), a fixed-seed sample read at run time
  from ../shared/data/uk-police-tweets (none of their text is kept in this repository).
- Texts: exactly what postguard sends to the toxicity classifier for those drafts. The engine
  (postguard.analysis.analyzer) scores every sentence AND the whole post (and a reply's comment),
  quotations and names blanked; this script runs that real engine with a recording classifier
  (on --count drafts, to count texts per draft), then replays the calls recorded for the first
  --drafts of them. Rates are given per draft and per text.
- Model: Detoxify `original`'s architecture and size (BertForSequenceClassification with the
  bert-base-uncased config, 6 labels). Its weights are RANDOM: the published checkpoint cannot be
  downloaded here. Speed does not depend on the weights' values; the int8-vs-float agreement does,
  so that figure says little about the real model.
- Tokenizer: bert-base-uncased's cannot be downloaded either, so a WordPiece vocabulary is trained
  on all the posts at run time (--tokenizer DIR takes a real one). Fitted to these very posts, it
  splits them into a few percent fewer pieces than bert-base-uncased's (checked once with the
  real vocabulary: about 5% fewer), so absolute rates run a little high; the comparisons between
  paths are unaffected.
- Both sides load one checkpoint file, written in the format Detoxify publishes, through their own
  loaders: stock `detoxify.Detoxify(checkpoint=..., huggingface_config_path=...)`; postguard
  `ModelStore.import_files` (hash-verified, converted to safetensors) and `DetoxifyClassifier.load`.
- Five paths, each over the same recorded calls, interleaved pass by pass:
    stock            Detoxify.predict on lists of --batch-size texts, in the order postguard sends them
    stock, sorted    the same lists sorted by length first, as postguard sorts them
    stock int8       as `stock`, after torch.ao.quantization.quantize_dynamic on stock's model
    postguard        DetoxifyClassifier.score (batches of the same size, sorted by length), float
    postguard int8   the same with postguard's CPU default (the same quantize_dynamic call)
  Every rate is the median of --runs passes, with min and max; every speed ratio the median of
  the per-pass ratios (each pair ran side by side), with min and max, so a machine whose load
  drifts skews both sides alike. The same torch threads for every path.

Printed, never asserted: timings depend on the machine.
"""
from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POSTS = Path("uk-police-tweets") / "uk_police_tweets.jsonl"
CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]  # as Detoxify's checkpoint says
LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
MODEL = "bench"


# --- the texts postguard really scores ------------------------------------------------------

class RecordingClassifier:
    """Stands in for the toxicity classifier inside the real engine: records each call's texts."""

    name = "recorder"
    labels = LABELS

    def __init__(self):
        self.calls: list[list[str]] = []

    def score(self, texts):
        self.calls.append(list(texts))
        return [dict.fromkeys(LABELS, 0.0) for _ in texts]


def read_posts(path: Path, count: int, seed: int = 0) -> tuple[list[str], list[str]]:
    """(sample of `count` posts, every post): the sample for timing, all of them to train the vocabulary."""
    with path.open(encoding="utf-8") as handle:
        posts = [str(json.loads(line).get("text") or "").strip() for line in handle if line.strip()]
    posts = [p for p in posts if p]
    return random.Random(seed).sample(posts, min(count, len(posts))), posts


def classifier_calls(posts: list[str]) -> tuple[list[list[str]], int]:
    """The classifier calls the screening engine makes for these drafts (its own batching), and how
    many of the drafts are one sentence long."""
    from postguard import Screener, load_policy
    from postguard.config import ScreenConfig
    from postguard.inputs import make_draft

    recorder = RecordingClassifier()
    drafts = [make_draft(text, f"post {i}", {}) for i, text in enumerate(posts)]
    analyses = Screener(load_policy(), ScreenConfig(cache_dir=None), classifier=recorder).analyze(drafts)
    return recorder.calls, sum(len(a.sentences) == 1 for a in analyses)


# --- one checkpoint, loaded by both -------------------------------------------------------

def make_tokenizer(folder: Path, posts: list[str], tokenizer_dir: Path | None):
    from transformers import AutoTokenizer, BertTokenizerFast

    if tokenizer_dir is not None:
        return AutoTokenizer.from_pretrained(tokenizer_dir, local_files_only=True), f"from {tokenizer_dir}"
    from tokenizers import BertWordPieceTokenizer

    trainer = BertWordPieceTokenizer(lowercase=True)
    trainer.train_from_iterator(posts, vocab_size=30522, min_frequency=2, show_progress=False)
    trainer.save_model(str(folder))
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True, model_max_length=512)
    return tokenizer, f"WordPiece, {tokenizer.vocab_size:,} pieces trained on the {len(posts):,} posts"


def write_checkpoint(folder: Path, tokenizer) -> Path:
    """A randomly initialised Detoxify `original` (BERT-base, 6 labels) in the format Detoxify
    publishes, with the Hugging Face files that let stock Detoxify load it offline."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    model = BertForSequenceClassification(BertConfig(num_labels=len(CLASSES))).eval()  # bert-base-uncased's shape
    hf = folder / "hf"
    hf.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(hf)
    model.config.save_pretrained(hf)
    checkpoint = folder / "toxic_bench.ckpt"
    # Detoxify's loader reads the config from `model_type` whatever else it is given: a local
    # folder keeps it off the network (a hub id such as bert-base-uncased would be a download).
    torch.save({"config": {"arch": {"args": {"model_type": str(hf), "model_name": "BertForSequenceClassification",
                                             "tokenizer_name": "BertTokenizer", "num_classes": len(CLASSES)}},
                           "dataset": {"args": {"classes": CLASSES}}},
                "state_dict": model.state_dict()}, checkpoint)
    return checkpoint


def load_stock(checkpoint: Path):
    from detoxify import Detoxify

    return Detoxify("original", checkpoint=str(checkpoint), huggingface_config_path=str(checkpoint.parent / "hf"))


def load_postguard(checkpoint: Path, models: Path, quantize: bool):
    from postguard.models.store import ModelStore, load_registry
    from postguard.models.toxicity.detoxify import DetoxifyClassifier

    digest = hashlib.sha256(checkpoint.read_bytes()).hexdigest()
    registry = models.parent / "registry.json"
    registry.write_text(json.dumps({"models": {MODEL: {
        "backend": "detoxify", "checkpoint": f"https://example.invalid/{checkpoint.name}", "sha256": digest,
        "base_model": "bert-base-uncased (random weights)", "model_class": "BertForSequenceClassification",
        "hf_files": ["config.json", "vocab.txt", "tokenizer.json", "tokenizer_config.json"], "labels": list(LABELS),
        "size_mb": 418, "licence": "benchmark"}}}), encoding="utf-8")
    store = ModelStore(models, load_registry(registry))
    if not store.is_installed(MODEL):
        store.import_files(MODEL, checkpoint.parent)
    return DetoxifyClassifier.load(MODEL, store=store, quantize=quantize)


def quantized(model):
    import torch

    with warnings.catch_warnings():  # torch.ao announces its move to torchao
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


# --- the runs -------------------------------------------------------------------------------

def stock_pass(stock, calls, batch_size: int, by_length: bool = False) -> list[dict[str, float]]:
    """Detoxify.predict on lists of `batch_size`: in the order postguard sends the texts, or first
    sorted by length as postguard sorts them (the one thing its batching does beyond this)."""
    scores: list[dict[str, float]] = []
    for texts in calls:
        order = sorted(range(len(texts)), key=lambda i: len(texts[i])) if by_length else list(range(len(texts)))
        found: dict[int, dict[str, float]] = {}
        for start in range(0, len(order), batch_size):
            chunk = order[start:start + batch_size]
            result = stock.predict([texts[i] for i in chunk])
            found.update({i: {label: result[label][j] for label in LABELS} for j, i in enumerate(chunk)})
        scores += [found[i] for i in range(len(texts))]
    return scores


def postguard_pass(classifier, calls) -> list[dict[str, float]]:
    return [s for texts in calls for s in classifier.score(texts)]


def padded_tokens(tokenizer, calls, batch_size: int, by_length: bool) -> tuple[int, int]:
    """(tokens, tokens with padding) the model runs on, batched in order or sorted by length."""
    real = padded = 0
    for texts in calls:
        ids = tokenizer([t or " " for t in texts], truncation=True, max_length=512)["input_ids"]
        lengths = [len(ids[i]) for i in (sorted(range(len(texts)), key=lambda i: len(texts[i])) if by_length
                                         else range(len(texts)))]
        for start in range(0, len(lengths), batch_size):
            chunk = lengths[start:start + batch_size]
            real, padded = real + sum(chunk), padded + max(chunk) * len(chunk)
    return real, padded


def differences(a, b) -> tuple[float, float]:
    diffs = [abs(x[k] - y[k]) for x, y in zip(a, b) for k in LABELS]
    return max(diffs), statistics.mean(diffs)


def rates(times: list[float], drafts: int, texts: int) -> str:
    median, low, high = statistics.median(times), min(times), max(times)
    return (f"{drafts / median:6.2f} drafts/s ({drafts / high:.2f}–{drafts / low:.2f})  "
            f"{texts / median:6.2f} texts/s ({texts / high:.2f}–{texts / low:.2f})  "
            f"{median:6.2f} s a pass ({low:.2f}–{high:.2f})")


def main() -> None:
    import torch

    from postguard.models.toxicity.detoxify import DetoxifyClassifier

    default_batch = inspect.signature(DetoxifyClassifier.__init__).parameters["batch_size"].default
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # BERT-base on a 2-core CPU scores a handful of texts a second: 32 drafts (about 90 texts) x 5
    # paths x 5 passes takes about 5 minutes there.
    parser.add_argument("--drafts", type=int, default=32, help="real posts to time (a fixed-seed sample)")
    parser.add_argument("--count", type=int, default=1000,
                        help="drafts (the same sample, extended) on which to count the texts postguard scores")
    parser.add_argument("--runs", type=int, default=5, help="timed passes per path (median, min, max)")
    parser.add_argument("--threads", type=int, default=torch.get_num_threads(), help="torch threads, for every path")
    parser.add_argument("--batch-size", type=int, default=default_batch,
                        help="texts per model call, for every path (default: postguard's)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--tokenizer", type=Path,
                        help="a folder with bert-base-uncased's tokenizer files, if you have one")
    args = parser.parse_args()
    if args.runs < 5:
        print(f"note: --runs {args.runs}; the published figures use 5 or more", file=sys.stderr)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    torch.set_num_threads(args.threads)
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()

    sample, everything = read_posts(args.data / POSTS, max(args.count, args.drafts))
    counted, one_sentence = classifier_calls(sample[:args.count])  # texts per draft, on more drafts than are timed
    n_counted = sum(map(len, counted))
    repeats = sum(len(call) - len({t.strip() for t in call}) for call in counted)
    posts = sample[:args.drafts]
    calls, _ = classifier_calls(posts)
    texts = [t for call in calls for t in call]
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer, tokenizer_note = make_tokenizer(Path(tmp), everything, args.tokenizer)
        checkpoint = write_checkpoint(Path(tmp) / "checkpoint", tokenizer)
        stock, stock_int8 = load_stock(checkpoint), load_stock(checkpoint)
        stock_int8.model = quantized(stock_int8.model)
        ours = load_postguard(checkpoint, Path(tmp) / "models", quantize=False)
        ours_int8 = load_postguard(checkpoint, Path(tmp) / "models", quantize=True)
        assert ours_int8.name.endswith("int8") and not ours.name.endswith("int8")
        ours.batch_size = ours_int8.batch_size = args.batch_size
        batch = args.batch_size
        paths = {  # name: (what it is, one pass over the texts)
            "stock": ("stock Detoxify.predict, float", lambda c: stock_pass(stock, c, batch)),
            "stock sorted": ("stock, float, lists sorted by length", lambda c: stock_pass(stock, c, batch, True)),
            "stock int8": ("stock + quantize_dynamic, int8", lambda c: stock_pass(stock_int8, c, batch)),
            "postguard": ("postguard, float", lambda c: postguard_pass(ours, c)),
            "postguard int8": ("postguard, int8 (its CPU default)", lambda c: postguard_pass(ours_int8, c)),
        }
        for _, run in paths.values():  # one small batch each first: lazy initialisation is not what we measure
            run([calls[0][:batch]])
        times: dict[str, list[float]] = {name: [] for name in paths}
        cpu: dict[str, list[float]] = {name: [] for name in paths}
        scores: dict[str, list[dict[str, float]]] = {}
        load_before = os.getloadavg()[0]
        for _ in range(args.runs):  # interleaved, so drift in the machine's load hits every path alike
            for name, (_, run) in paths.items():
                start, start_cpu = time.perf_counter(), time.process_time()
                scores[name] = run(calls)
                times[name].append(time.perf_counter() - start)
                cpu[name].append(time.process_time() - start_cpu)
        load_after = os.getloadavg()[0]

    def versus(a: str, b: str, clock=times) -> tuple[float, float, float, str]:
        """a's speed as a multiple of b's, pass by pass (each pair ran side by side): median, min, max, verdict."""
        ratios = [tb / ta for ta, tb in zip(clock[a], clock[b])]
        verdict = ("faster" if min(ratios) > 1.05 else "slower" if max(ratios) < 0.95
                   else "the same within run-to-run noise")
        return statistics.median(ratios), min(ratios), max(ratios), verdict

    def said(a: str, b: str) -> str:
        median, low, high, verdict = versus(a, b)
        cpu_median, cpu_low, cpu_high, _ = versus(a, b, cpu)
        return (f"{median:.2f}x ({low:.2f}–{high:.2f}): {verdict}; "
                f"CPU time {cpu_median:.2f}x ({cpu_low:.2f}–{cpu_high:.2f})")

    real, in_order = padded_tokens(tokenizer, calls, batch, by_length=False)
    _, by_length = padded_tokens(tokenizer, calls, batch, by_length=True)
    n_drafts, n_texts = len(posts), len(texts)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads for every path; {os.cpu_count()} CPUs; "
          f"batches of {batch} texts for every path")
    busy = max(load_before, load_after) > (os.cpu_count() or 1) + 0.5  # this process's own threads count too
    print(f"load average {load_before:.1f} before the timed passes, {load_after:.1f} after (this run included)"
          + (": other processes were competing for the CPUs, so wall-clock figures spread widely; the CPU-time "
             "ratios (this process's own) are the steadier guide" if busy else ""))
    print(f"model: Detoxify `original`'s shape (BertForSequenceClassification, bert-base-uncased config, 6 labels) "
          f"with RANDOM weights: the real checkpoint cannot be downloaded here; tokenizer: {tokenizer_note}")
    print(f"texts: on {args.count:,} real posts (a fixed-seed sample of {POSTS}), postguard sends the classifier "
          f"{n_counted / args.count:.2f} texts a draft (every sentence, and the whole post); {repeats:,} of those "
          f"{n_counted:,} texts ({repeats / n_counted:.0%}) repeat another of the same call word for word, mostly "
          f"because {one_sentence:,} drafts are one sentence long and that sentence is scored again as the post")
    print(f"timed: the first {n_drafts} of those drafts, {n_texts} texts ({n_texts / n_drafts:.2f} a draft), in "
          f"{len(calls)} classifier call(s), replayed as postguard made them")
    print(f"tokens: {real / n_texts:.1f} a text; with padding, batches in postguard's order run {in_order:,}, "
          f"sorted by length {by_length:,} ({1 - by_length / in_order:.0%} fewer)")
    width = max(len(label) for label, _ in paths.values())
    print(f"\nmedian of {args.runs} passes over all {n_texts} texts (min–max in brackets):")
    for name, (label, _) in paths.items():
        print(f"  {label:<{width}}  {rates(times[name], n_drafts, n_texts)}")
    print("\nspeed ratios, pass by pass (median, min–max), wall clock and this process's CPU time:")
    for a, b in (("stock sorted", "stock"), ("postguard", "stock"), ("postguard", "stock sorted"),
                 ("stock int8", "stock"), ("postguard int8", "postguard"), ("postguard int8", "stock int8"),
                 ("postguard int8", "stock")):
        print(f"  {paths[a][0]:<{width}}  vs {paths[b][0]:<{width}}  {said(a, b)}")

    spread = [v for s in scores["postguard"] for v in s.values()]
    parity = differences(scores["postguard"], scores["stock"])
    ours_q = differences(scores["postguard int8"], scores["postguard"])
    stock_q = differences(scores["stock int8"], scores["stock"])
    print(f"\nscores, last pass (RANDOM weights: float scores span only {min(spread):.3f}–{max(spread):.3f}, so the "
          "int8 figures say little about the real model's):")
    print(f"  postguard float vs stock float:  max {parity[0]:.1e}, mean {parity[1]:.1e} (the same model gives the "
          "same scores)")
    print(f"  postguard int8 vs float:         max {ours_q[0]:.4f}, mean {ours_q[1]:.4f}")
    print(f"  stock int8 vs float:             max {stock_q[0]:.4f}, mean {stock_q[1]:.4f}")

    unsorted, sorted_ = versus("postguard", "stock"), versus("postguard", "stock sorted")
    torch_gain, int8_vs_int8 = versus("stock int8", "stock"), versus("postguard int8", "stock int8")
    saved = 1 - by_length / in_order
    if sorted_[3].startswith("the same"):
        edge = (f"the same as stock given the lists sorted by length ({sorted_[0]:.2f}x): all its batching adds is "
                f"that sort ({saved:.0%} less padding here), which any caller of predict can do")
    else:
        edge = f"{sorted_[3]} than stock given the lists sorted by length ({sorted_[0]:.2f}x)"
    print(f"\nCONCLUSION: on the same lists of {batch}, postguard's float path is "
          f"{'no faster than' if unsorted[3].startswith('the same') else unsorted[3] + ' than'} stock "
          f"Detoxify.predict in the order postguard sends the texts ({unsorted[0]:.2f}x), and {edge}. The int8 gain "
          f"is torch's: the same one-line quantize_dynamic makes stock {torch_gain[0]:.2f}x faster, and postguard's "
          f"int8 path is {'no faster than' if int8_vs_int8[3].startswith('the same') else int8_vs_int8[3] + ' than'} "
          f"stock's int8 in postguard's order ({int8_vs_int8[0]:.2f}x"
          f"{', the same length sort again' if int8_vs_int8[3] == 'faster' else ''}). What postguard adds is safety "
          "(checkpoints hash-verified before "
          "they are opened; weights read from safetensors, never unpickled at run time) and fully offline loading, "
          "not speed.")


if __name__ == "__main__":
    main()
