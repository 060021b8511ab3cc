"""A tiny Detoxify-format model and a local HTTP server, built by the tests themselves.

The model is a one-layer BERT with a 30-word vocabulary, saved the way Detoxify's published
checkpoints are (a Lightning-style dict with `config`, `state_dict` keys prefixed `model.`, and
an object a weights-only load refuses), with the Hugging Face config and tokenizer files
beside it. The server speaks HTTP Range (for resumed downloads) and can cut a transfer short.
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
