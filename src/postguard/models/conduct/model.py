"""Scoring with the shipped conduct model: numpy arrays and a JSON vocabulary, nothing else.

The files are written by `python -m postguard.training` and checked against the sha256 in
their JSON before use; `np.load(allow_pickle=False)` never runs code from a file.
"""
from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from postguard.models.conduct.features import SENTENCE_START, features, form_features, pair_feature, tokenize
from postguard.errors import ModelError

MODEL_DIR = Path(__file__).parent / "data"
FORMAT = 1


@dataclass(frozen=True)
class ConductScore:
    """How likely a text breaks the conduct rules, and which category it looks like."""

    probability: float  # P(inappropriate)
    categories: dict[str, float]  # P(category | inappropriate), summing to 1

    @property
    def category(self) -> str:
        return max(self.categories, key=self.categories.get)


@dataclass(frozen=True)
class Weight:
    """A word and how much it pushed the score (log-odds)."""

    start: int
    end: int
    weight: float


class ConductModel:
    def __init__(self, meta: dict, arrays: dict):
        self.meta = meta
        self.language: str = meta["language"]
        self.categories: tuple[str, ...] = tuple(meta["categories"])
        self.version: str = meta["version"]
        self.name = f"postguard conduct model {self.language} {self.version}"
        self._index = {feature: i for i, feature in enumerate(meta["vocabulary"])}
        self._form_ids: dict[str, list[int]] = {}  # word -> its known word and n-gram features: words repeat
        self._idf = arrays["idf"]
        self._binary = arrays["binary_coef"]
        self._binary_bias = float(arrays["binary_intercept"][0])
        self._category = arrays["category_coef"]  # (categories, features)
        self._category_bias = arrays["category_intercept"]

    @classmethod
    def load(cls, language: str = "en", folder: Path = MODEL_DIR) -> "ConductModel":
        import numpy as np

        meta_path, weights_path = folder / f"conduct-{language}.json", folder / f"conduct-{language}.npz"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            blob = weights_path.read_bytes()
        except (OSError, ValueError) as exc:
            raise ModelError(f"the conduct model for {language!r} cannot be read ({exc})",
                             fix="reinstall postguard, or rebuild it with 'python -m postguard.training'") from None
        if meta.get("format") != FORMAT or hashlib.sha256(blob).hexdigest() != meta.get("weights_sha256"):
            raise ModelError(f"the conduct model for {language!r} does not match its recorded hash",
                             fix="reinstall postguard, or rebuild it with 'python -m postguard.training'")
        import io

        with np.load(io.BytesIO(blob), allow_pickle=False) as data:
            arrays = {k: data[k].astype(np.float64) for k in data.files}
        return cls(meta, arrays)

    def _vector(self, found: Sequence[tuple[str, int]]):
        counts: dict[int, int] = {}
        for feature, _ in found:
            j = self._index.get(feature)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        return counts

    def _weights(self, counts: dict[int, int]):
        import numpy as np

        idx = np.fromiter(counts, dtype=np.int64, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))) * self._idf[idx]
        norm = math.sqrt(float(values @ values)) or 1.0
        return idx, values / norm

    def _counts(self, text: str, names: Sequence[tuple[int, int]]) -> dict[int, int]:
        """The known features of a text and how often each occurs: `_vector(features(...))`, with
        each word's features looked up once per model rather than once per occurrence."""
        found: list[int] = []
        previous = SENTENCE_START
        for token in tokenize(text, names):
            form = token.form
            ids = self._form_ids.get(form)
            if ids is None:
                ids = self._form_ids[form] = [j for f in form_features(form) if (j := self._index.get(f)) is not None]
            found.extend(ids)
            if (j := self._index.get(pair_feature(previous, form))) is not None:
                found.append(j)
            previous = form
        return dict(Counter(found))

    def score(self, texts: Sequence[str], names: Sequence[Sequence[tuple[int, int]]] = ()) -> list[ConductScore]:
        """A score per (folded) text; `names` gives each text's people's names as spans."""
        import numpy as np

        results = []
        for k, text in enumerate(texts):
            counts = self._counts(text, names[k] if k < len(names) else ())
            if counts:
                idx, values = self._weights(counts)
                logit = float(self._binary[idx] @ values) + self._binary_bias
                category_logits = self._category[:, idx] @ values + self._category_bias
            else:
                logit, category_logits = self._binary_bias, self._category_bias
            shifted = np.exp(category_logits - category_logits.max())
            shares = shifted / shifted.sum()
            results.append(ConductScore(_sigmoid(logit), dict(zip(self.categories, map(float, shares)))))
        return results

    def explain(self, text: str, names: Sequence[tuple[int, int]] = (), top: int = 3) -> list[Weight]:
        """The words of `text` that pushed its score up most, strongest first."""
        tokens = tokenize(text, names)
        found = [(f, i) for f, i in features(text, names)]
        counts = self._vector(found)
        if not counts:
            return []
        idx, values = self._weights(counts)
        contribution = dict(zip(idx.tolist(), (self._binary[idx] * values).tolist()))
        per_token: dict[int, float] = {}
        seen: set[tuple[int, int]] = set()
        for feature, i in found:
            j = self._index.get(feature)
            if j is None or (j, i) in seen:
                continue
            seen.add((j, i))
            per_token[i] = per_token.get(i, 0.0) + contribution[j] / counts[j]
        best = sorted((w, i) for i, w in per_token.items() if w > 0)[::-1][:top]
        return [Weight(tokens[i].start, tokens[i].end, w) for w, i in best]


def has_model(language: str, folder: Path = MODEL_DIR) -> bool:
    return (folder / f"conduct-{language}.npz").is_file()


def describe(language: str = "en", folder: Path = MODEL_DIR) -> str:
    """The model's name and version from the first bytes of its JSON, without loading it."""
    path = folder / f"conduct-{language}.json"
    try:
        with path.open("rb") as f:
            head = f.read(400).decode("utf-8", "replace")
    except OSError:
        return f"postguard conduct model {language} (missing)"
    found = re.search(r'"version":"(\w+)"', head)
    return f"postguard conduct model {language} {found.group(1) if found else '?'}"


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)
