"""Where postguard keeps files between runs: each overridable by an environment variable."""
from __future__ import annotations

import os
from pathlib import Path

MODELS_DIR_ENV = "POSTGUARD_MODELS_DIR"
CACHE_DIR_ENV = "POSTGUARD_CACHE_DIR"


def _from_env_or_user_cache(variable: str, folder: str) -> Path:
    if os.environ.get(variable):
        return Path(os.environ[variable]).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "postguard" / folder


def models_dir() -> Path:
    """$POSTGUARD_MODELS_DIR, else $XDG_CACHE_HOME/postguard/models (~/.cache/postguard/models)."""
    return _from_env_or_user_cache(MODELS_DIR_ENV, "models")


def cache_dir() -> Path:
    """$POSTGUARD_CACHE_DIR, else $XDG_CACHE_HOME/postguard/findings (~/.cache/postguard/findings)."""
    return _from_env_or_user_cache(CACHE_DIR_ENV, "findings")
