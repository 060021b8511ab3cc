"""The toxicity backend interface, and choosing a backend from config."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from postguard.errors import ModelError
from postguard.labels import TOXICITY_LABELS as LABELS  # the labels rules may name; a backend scores a subset

BACKENDS = ("auto", "detoxify", "embedded")


class ToxicityBackend(Protocol):
    name: str  # what the report prints: package, version and model
    labels: tuple[str, ...]  # which of LABELS it scores

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Probabilities in [0, 1] per label, one dict per text; called once per batch."""


@dataclass(frozen=True)
class BackendInfo:
    """What a backend is, known without loading it (for reports, caches and `not run` notes)."""

    kind: str  # "embedded" or "detoxify"
    name: str
    labels: tuple[str, ...]


def _choose(backend: str, model: str, models_dir) -> str:
    """'detoxify' or 'embedded'. `auto` takes Detoxify when its files are installed. Never downloads."""
    if backend not in BACKENDS:
        raise ModelError(f"unknown toxicity backend {backend!r}", fix=f"use one of: {', '.join(BACKENDS)}")
    if backend == "embedded":
        return "embedded"
    from postguard.models.store.store import ModelStore

    installed = ModelStore(models_dir).is_installed(model)
    if backend == "detoxify" and not installed:
        ModelStore(models_dir).installed(model)  # raises the one-line error naming the install command
    return "detoxify" if installed else "embedded"


def describe_backend(backend: str = "auto", models_dir=None, model: str = "original") -> BackendInfo:
    if _choose(backend, model, models_dir) == "embedded":
        from postguard.models.toxicity.embedded import EmbeddedClassifier

        return EmbeddedClassifier.describe()
    from postguard.models.store.store import ModelStore
    from postguard.models.toxicity.detoxify import describe

    return describe(ModelStore(models_dir).installed(model))


def load_backend(backend: str = "auto", models_dir=None, model: str = "original", device: str = "cpu",
                 quantize: bool | None = None) -> ToxicityBackend:
    if _choose(backend, model, models_dir) == "embedded":
        from postguard.models.toxicity.embedded import EmbeddedClassifier

        return EmbeddedClassifier.load(models_dir)
    from postguard.models.toxicity.detoxify import DetoxifyClassifier

    return DetoxifyClassifier.load(model, models_dir, device=device, quantize=quantize)
