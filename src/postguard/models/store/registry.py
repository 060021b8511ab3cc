"""The registry of known models (models/registry.yaml): URLs, hash prefixes, labels, licences."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from postguard.errors import ModelError, PolicyError
from postguard.models.store.download import check_url
from postguard.yamlsource import parse_yaml

REGISTRY_ENV = "POSTGUARD_MODEL_REGISTRY"


@dataclass(frozen=True)
class ModelSpec:
    name: str
    backend: str  # "detoxify" or "embedded"
    description: str
    labels: tuple[str, ...]
    size_mb: float
    licence: str
    checkpoint: str = ""  # URL of the checkpoint file
    sha256_prefix: str = ""  # from the published file name
    sha256: str = ""  # the full hash, where known in advance
    base_model: str = ""  # the Hugging Face model its config and tokenizer come from
    model_class: str = ""
    hf_files: tuple[str, ...] = ()
    hf_base_url: str = "https://huggingface.co"

    @property
    def checkpoint_name(self) -> str:
        return self.checkpoint.rsplit("/", 1)[-1]

    def hf_url(self, filename: str) -> str:
        return f"{self.hf_base_url.rstrip('/')}/{self.base_model}/resolve/main/{filename}"


def registry_path() -> Path:
    if os.environ.get(REGISTRY_ENV):
        return Path(os.environ[REGISTRY_ENV])
    installed = Path(__file__).resolve().parents[2] / "_data" / "models" / "registry.yaml"
    return installed if installed.exists() else Path(__file__).resolve().parents[4] / "models" / "registry.yaml"


def load_registry(path: Path | None = None) -> dict[str, ModelSpec]:
    path = path or registry_path()
    try:
        doc = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    except (OSError, UnicodeDecodeError, PolicyError) as exc:
        raise ModelError(f"cannot read the model registry: {exc}", where=str(path),
                         fix=f"check the file, or unset {REGISTRY_ENV}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("models") or {}, dict):
        raise ModelError("the model registry must be a mapping with 'models'", where=str(path))
    hf = doc.get("huggingface", "https://huggingface.co")
    models = {}
    for name, raw in (doc.get("models") or {}).items():
        try:
            models[name] = ModelSpec(
                name=name, backend=raw["backend"], description=raw.get("description", ""),
                labels=tuple(raw.get("labels", ())), size_mb=float(raw.get("size_mb", 0)),
                licence=raw.get("licence", ""), checkpoint=raw.get("checkpoint", ""),
                sha256_prefix=str(raw.get("sha256_prefix", "")).lower(), sha256=str(raw.get("sha256", "")).lower(),
                base_model=raw.get("base_model", ""), model_class=raw.get("model_class", ""),
                hf_files=tuple(raw.get("hf_files", ())), hf_base_url=hf)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"model {name!r} in the registry is incomplete ({exc})", where=str(path)) from None
        if models[name].checkpoint:
            try:
                check_url(models[name].checkpoint)
            except ModelError as exc:
                raise ModelError(exc.message, where=f"{path} ({name})", fix=exc.fix) from None
    return models

