"""Model files on disk: the registry of known models, downloads, verification and conversion."""
from postguard.models.store.registry import ModelSpec, load_registry
from postguard.models.store.store import ModelStore

__all__ = ["ModelSpec", "ModelStore", "load_registry"]
