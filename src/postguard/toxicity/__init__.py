"""Toxicity classifiers behind one small interface (see base.ToxicityBackend)."""
from postguard.toxicity.base import LABELS, ToxicityBackend, load_backend

__all__ = ["LABELS", "ToxicityBackend", "load_backend"]
