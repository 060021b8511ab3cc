"""Toxicity classifiers behind one small interface (see base.ToxicityBackend)."""
from postguard.models.toxicity.base import LABELS, BackendInfo, ToxicityBackend, describe_backend, load_backend

__all__ = ["LABELS", "BackendInfo", "ToxicityBackend", "describe_backend", "load_backend"]
