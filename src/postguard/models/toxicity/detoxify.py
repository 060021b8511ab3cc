"""Detoxify as the toxicity backend: converted weights loaded offline, sentences scored in batches.

Detoxify's own loader calls `from_pretrained(model_type)`, which reaches for the Hugging Face
Hub, and unpickles checkpoints with `weights_only=False`. This loader reads the safetensors
weights and the Hugging Face files that `postguard models pull` stored and verified, with
local files only, so a check never touches the network and never runs pickled code.
"""
from __future__ import annotations

import os
import warnings
from typing import Sequence

from postguard.errors import ModelError
from postguard.models.store.store import InstalledModel, ModelStore

MAX_TOKENS = 256  # sentences and posts are short; this bounds memory for a pathological one


class DetoxifyClassifier:
    def __init__(self, model, tokenizer, installed: InstalledModel, device: str, batch_size: int = 16):
        self.model = model
        self.tokenizer = tokenizer
        self.labels = installed.labels
        self.device = device
        self.batch_size = batch_size
        self.name = describe(installed).name + (", int8" if _is_quantized(model) else "")

    @classmethod
    def load(cls, name: str = "original", models_dir=None, device: str = "cpu", store: ModelStore | None = None,
             quantize: bool | None = None) -> "DetoxifyClassifier":
        """`quantize` None means: dynamic int8 on the CPU (about 1.6x the float speed there on real posts,
        the gain torch gives any caller — benchmarks/toxicity.py), float on a GPU."""
        store = store or ModelStore(models_dir)
        installed = store.installed(name)
        store.check(name)  # every file as recorded at install (cheap unless something changed)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # belt and braces: local_files_only below as well
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            import torch
            import transformers
            from safetensors.torch import load_file
        except ImportError as exc:
            raise ModelError(f"the Detoxify backend needs torch and transformers ({exc.name} is missing)",
                             fix="pip install 'postguard[detoxify]'") from None
        if device.startswith("cuda") and not torch.cuda.is_available():
            raise ModelError("--device cuda was asked for, but torch sees no CUDA GPU", fix="use --device cpu")
        model_class = getattr(transformers, installed.model_class, None)
        if model_class is None:
            raise ModelError(f"transformers has no {installed.model_class}", fix="pip install -U transformers")
        config = model_class.config_class.from_pretrained(installed.hf_dir, local_files_only=True)
        # The base model's config says nothing of (or something else about) Detoxify's labels.
        config.id2label = dict(enumerate(installed.labels))
        config.label2id = {label: i for i, label in enumerate(installed.labels)}
        model = model_class(config)
        state = load_file(str(installed.weights))
        missing, unexpected = model.load_state_dict(state, strict=False)
        missing = [k for k in missing if not k.endswith("position_ids")]
        if missing or unexpected:
            raise ModelError(f"the weights do not fit {installed.model_class} "
                             f"({len(missing)} missing, {len(unexpected)} unexpected)",
                             fix=f"reinstall with 'postguard models pull {name}'")
        model.eval().to(device)
        if (device == "cpu" if quantize is None else quantize) and device == "cpu":
            with warnings.catch_warnings():  # torch.ao announces its move to torchao; nothing for a user to do
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        tokenizer = transformers.AutoTokenizer.from_pretrained(installed.hf_dir, local_files_only=True)
        return cls(model, tokenizer, installed, device)

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Probabilities per label for each text, in batches of similar length (less padding)."""
        import torch

        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        results: list[dict[str, float] | None] = [None] * len(texts)
        with torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                chunk = order[start:start + self.batch_size]
                batch = self.tokenizer([texts[i] or " " for i in chunk], return_tensors="pt", padding=True,
                                       truncation=True, max_length=MAX_TOKENS).to(self.device)
                probabilities = torch.sigmoid(self.model(**batch).logits).cpu().tolist()
                for i, row in zip(chunk, probabilities):
                    results[i] = dict(zip(self.labels, row))
        return results


def describe(installed: InstalledModel):
    from postguard.models.toxicity.base import BackendInfo

    return BackendInfo(kind="detoxify", labels=installed.labels,
                       name=f"detoxify {installed.name} ({installed.base_model}, {len(installed.labels)} labels, "
                            "verified safetensors)")


def _is_quantized(model) -> bool:
    return any("quantized" in type(m).__module__ for m in model.modules())
