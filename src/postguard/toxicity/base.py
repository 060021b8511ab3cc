"""The toxicity backend interface, and choosing a backend from config."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from postguard.errors import ModelError

# The label names classifier rules may use. A backend scores the subset it knows.
LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack", "sexual_explicit")


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


def describe_backend(backend: str = "auto", models_dir=None) -> BackendInfo:
    if backend in ("auto", "embedded"):
        from postguard.toxicity.embedded import EmbeddedClassifier

        return EmbeddedClassifier.describe()
    raise ModelError(f"unknown toxicity backend {backend!r}", fix="use toxicity.backend: auto or embedded")


def load_backend(backend: str = "auto", models_dir=None) -> ToxicityBackend:
    if backend in ("auto", "embedded"):
        from postguard.toxicity.embedded import EmbeddedClassifier

        return EmbeddedClassifier.load(models_dir)
    raise ModelError(f"unknown toxicity backend {backend!r}", fix="use toxicity.backend: auto or embedded")
