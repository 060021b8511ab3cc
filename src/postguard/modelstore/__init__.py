"""Model files on disk: the registry of known models, downloads, verification and conversion."""
from postguard.modelstore.registry import ModelSpec, load_registry
from postguard.modelstore.store import ModelStore

__all__ = ["ModelSpec", "ModelStore", "load_registry"]
