"""Toxicity throughput: stock `Detoxify.predict` once per post vs postguard's batched path.

    pip install detoxify==0.5.4 sentencepiece   # the stock path, for comparison only
    python benchmarks/toxicity.py [--posts 64] [--repeat 3]

Both run the same randomly initialised model of the real shape — BERT-base with 6 labels
(Detoxify `original`) and ALBERT-base (`original-small`) — on posts of 64 tokens, with the
same tokenizer (a generated 30,522-word vocabulary: the real one cannot be downloaded here,
and speed does not depend on which words they are). Also: dynamic int8 quantization of the
batched path, and how closely its scores agree with float. Printed, never asserted.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
import warnings
from pathlib import Path

LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")


def make_tokenizer(folder: Path):
    from transformers import BertTokenizerFast

    rng = random.Random(0)
    words = {"".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 9))) for _ in range(40000)}
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + sorted(words)[:30517]
    (folder / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    return BertTokenizerFast(vocab_file=str(folder / "vocab.txt")), vocab[5:]


def make_posts(tokenizer, words, count: int, tokens: int = 64) -> list[str]:
    rng = random.Random(1)
    posts = []
    for _ in range(count):
        text = " ".join(rng.choice(words) for _ in range(tokens - 2))
        posts.append(tokenizer.convert_tokens_to_string(tokenizer.tokenize(text)[:tokens - 2]))
    return posts


def make_model(kind: str):
    import torch
    from transformers import AlbertConfig, AlbertForSequenceClassification, BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    if kind == "original (BERT-base)":
        return BertForSequenceClassification(BertConfig(num_labels=len(LABELS))).eval()
    return AlbertForSequenceClassification(AlbertConfig(vocab_size=30522, hidden_size=768, num_attention_heads=12,
                                                        intermediate_size=3072, num_labels=len(LABELS))).eval()


def stock_detoxify(model, tokenizer):
    from detoxify import Detoxify

    stock = Detoxify.__new__(Detoxify)  # the real class and its predict(), around our model
    stock.model, stock.tokenizer, stock.class_names, stock.device = model, tokenizer, list(LABELS), "cpu"
    return stock


def ours(model, tokenizer):
    from postguard.models.store.store import InstalledModel
    from postguard.models.toxicity.detoxify import DetoxifyClassifier

    installed = InstalledModel(name="benchmark", folder=Path("."), labels=LABELS, model_class="", base_model="random")
    return DetoxifyClassifier(model, tokenizer, installed, "cpu")


def best_rate(run, posts, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run(posts)
        times.append(time.perf_counter() - start)
    return len(posts) / min(times)


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tokenizer, words = make_tokenizer(Path(tmp))
    posts = make_posts(tokenizer, words, args.posts)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {args.posts} posts of 64 tokens")
    for kind in ("original (BERT-base)", "original-small (ALBERT-base)"):
        model = make_model(kind)
        stock, batched = stock_detoxify(model, tokenizer), ours(model, tokenizer)
        stock_rate = best_rate(lambda ps: [stock.predict(p) for p in ps], posts, args.repeat)
        our_rate = best_rate(batched.score, posts, args.repeat)
        floats = batched.score(posts)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            quantized = ours(torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8),
                             tokenizer)
        int8_rate = best_rate(quantized.score, posts, args.repeat)
        diffs = [abs(a[k] - b[k]) for a, b in zip(floats, quantized.score(posts)) for k in LABELS]
        print(f"{kind}: stock Detoxify.predict per post {stock_rate:.1f} posts/s; postguard batched "
              f"{our_rate:.1f} posts/s ({our_rate / stock_rate:.1f}x); int8 {int8_rate:.1f} posts/s "
              f"({int8_rate / stock_rate:.1f}x), scores within {max(diffs):.3f} of float (mean {sum(diffs) / len(diffs):.4f})")


if __name__ == "__main__":
    main()
