"""Where postguard keeps files between runs."""
from __future__ import annotations

import os
from pathlib import Path

MODELS_DIR_ENV = "POSTGUARD_MODELS_DIR"


def models_dir() -> Path:
    """$POSTGUARD_MODELS_DIR, else the user's cache folder ($XDG_CACHE_HOME/postguard/models)."""
    if os.environ.get(MODELS_DIR_ENV):
        return Path(os.environ[MODELS_DIR_ENV]).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "postguard" / "models"
