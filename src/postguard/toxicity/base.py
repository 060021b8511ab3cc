"""The toxicity backend interface, and choosing a backend from config."""
from __future__ import annotations

from typing import Protocol, Sequence

from postguard.errors import ModelError

# The label names classifier rules may use. A backend scores the subset it knows.
LABELS = ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack", "sexual_explicit")


class ToxicityBackend(Protocol):
    name: str  # what the report prints: package, version and model
    labels: tuple[str, ...]  # which of LABELS it scores

    def score(self, texts: Sequence[str]) -> list[dict[str, float]]:
        """Probabilities in [0, 1] per label, one dict per text; called once per batch."""


def load_backend(backend: str = "auto", models_dir=None) -> ToxicityBackend:
    if backend in ("auto", "embedded"):
        from postguard.toxicity.embedded import EmbeddedClassifier

        return EmbeddedClassifier.load(models_dir)
    raise ModelError(f"unknown toxicity backend {backend!r}", fix="use toxicity.backend: auto or embedded")
