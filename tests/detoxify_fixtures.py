"""A tiny Detoxify-format model and a local HTTP server, built by the tests themselves.

The model is a one-layer BERT with a 30-word vocabulary, saved as Detoxify's training saves
it (a Lightning-style dict with `config`, `state_dict` keys prefixed `model.`, and an object a
weights-only load refuses), with the Hugging Face config and tokenizer files beside it; and, for
the parity test, in the format Detoxify publishes (`write_stock_checkpoint`: its
convert_weights.py strips the prefix, and stock Detoxify needs it stripped — given prefixed keys
it silently keeps a randomly initialised model). The server speaks HTTP Range (for resumed
downloads) and can cut a transfer short.
"""
from __future__ import annotations

import argparse
import hashlib
import http.server
import json
import socket
import threading
from pathlib import Path

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "you", "are", "an", "idiot", "join", "us", "for", "a",
         "free", "movie", "night", "stupid", "the", "park", "is", "open", "today", "please", "avoid", "central",
         "ave", "shut", "up", ".", "!"]
CLASSES = ["toxic", "severe_toxic", "obscene", "threat", "insult", "identity_hate"]


def build_tiny_model(folder: Path):
    """Write the checkpoint and HF files into `folder`; return (model, tokenizer, checkpoint path)."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    torch.manual_seed(0)
    folder.mkdir(parents=True, exist_ok=True)
    hf = folder / "hf"
    hf.mkdir(exist_ok=True)
    (hf / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(hf / "vocab.txt"), do_lower_case=True)
    tokenizer.save_pretrained(hf)
    base = dict(vocab_size=len(VOCAB), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                intermediate_size=32, max_position_embeddings=64)
    BertConfig(**base).save_pretrained(hf)  # the base model's config, which knows nothing of Detoxify's labels
    model = BertForSequenceClassification(BertConfig(**base, num_labels=len(CLASSES)))
    model.eval()
    checkpoint = {
        "config": {"arch": {"args": {"model_type": "bert-base-uncased", "model_name": "BertForSequenceClassification",
                                     "tokenizer_name": "BertTokenizer", "num_classes": len(CLASSES)}},
                   "dataset": {"args": {"classes": CLASSES}}},
        "state_dict": {f"model.{k}": v for k, v in model.state_dict().items()},
        "hyper_parameters": argparse.Namespace(lr=3e-5),  # what makes a weights-only load refuse the file
    }
    raw = folder / "tiny.ckpt"
    torch.save(checkpoint, raw)
    digest = hashlib.sha256(raw.read_bytes()).hexdigest()
    named = folder / f"toxic_tiny-{digest[:8]}.ckpt"
    raw.rename(named)
    return model, tokenizer, named


def spread_weights(model, std: float = 0.3, seed: int = 1):
    """A copy of `model` with every weight matrix redrawn wider: the fixture's own initialisation
    gives every text and label a score within a hundredth of 0.5, too alike for a parity test to
    notice texts or labels swapped, or a wrong squashing function; these spread from about 0.2 to 0.85."""
    import copy

    import torch

    spread = copy.deepcopy(model)
    generator = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for parameter in spread.parameters():
            if parameter.dim() == 2:
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * std)
    return spread.eval()


def write_stock_checkpoint(folder: Path, model, tokenizer, name: str = "toxic_stock") -> Path:
    """`model` saved as Detoxify publishes its checkpoints (its convert_weights.py: `config` and a
    `state_dict` without the Lightning `model.` prefix), in `folder` with an `hf/` folder beside it;
    return the checkpoint's path, named like the published ones (`NAME-<8 hex of its sha256>.ckpt`).

    Stock Detoxify loads it offline: `Detoxify(checkpoint=path, huggingface_config_path=folder/"hf")`.
    Its loader calls `config_class.from_pretrained(model_type)` whatever else it is given, so
    `model_type` names the local hf/ folder (a hub id would be a download), and `hf/config.json`
    is the model's own config, labels included (Detoxify builds the model from it). postguard
    imports the same file and the same hf/ folder (`ModelStore.import_files`).
    """
    import torch

    hf = folder / "hf"
    hf.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(hf)
    model.config.save_pretrained(hf)
    checkpoint = {
        "config": {"arch": {"args": {"model_type": str(hf), "model_name": type(model).__name__,
                                     "tokenizer_name": "BertTokenizer", "num_classes": len(CLASSES)}},
                   "dataset": {"args": {"classes": CLASSES}}},
        "state_dict": {k: v.clone() for k, v in model.state_dict().items()},
    }
    raw = folder / f"{name}.ckpt"
    torch.save(checkpoint, raw)
    named = folder / f"{name}-{hashlib.sha256(raw.read_bytes()).hexdigest()[:8]}.ckpt"
    raw.rename(named)
    return named


def write_registry(path: Path, checkpoint_url: str, prefix: str, hf_base: str, sha256: str = "") -> Path:
    """A registry naming the tiny model: with `sha256`, its full hash is pinned (a full unpickle is
    allowed); with the prefix alone, only a weights-only load is."""
    registry = {"huggingface": hf_base, "models": {
        "tiny": {"backend": "detoxify", "description": "test model", "checkpoint": checkpoint_url,
                 "sha256_prefix": prefix, "sha256": sha256, "base_model": "tiny-bert", "model_class": "BertForSequenceClassification",
                 "hf_files": ["config.json", "vocab.txt", "tokenizer.json", "tokenizer_config.json"],
                 "labels": ["toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack"],
                 "size_mb": 0.1, "licence": "test"},
        "embedded": {"backend": "embedded", "labels": ["toxicity", "insult", "obscene"], "size_mb": 1,
                     "licence": "MIT"}}}
    path.write_text(json.dumps(registry), encoding="utf-8")  # JSON is YAML
    return path


class FileServer:
    """Serves a folder on 127.0.0.1 with Range support; `cut_once[path] = n` drops a transfer after n bytes."""

    def __init__(self, root: Path):
        self.root = root
        self.cut_once: dict[str, int] = {}
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, self.headers.get("Range")))
                path = server.root / self.path.lstrip("/")
                if not path.is_file():
                    self.send_error(404)
                    return
                data = path.read_bytes()
                start = 0
                if self.headers.get("Range"):
                    start = int(self.headers["Range"].split("=")[1].split("-")[0])
                    if start >= len(data):
                        self.send_error(416)
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
                else:
                    self.send_response(200)
                body = data[start:]
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                cut = server.cut_once.pop(self.path, None)
                if cut is not None:
                    self.wfile.write(body[:cut])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)  # the connection drops mid-transfer
                    return
                self.wfile.write(body)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
