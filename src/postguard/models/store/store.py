"""The local models folder: installing, verifying and converting Detoxify checkpoints.

Layout, per model: `<models_dir>/detoxify/<name>/`
    <checkpoint>.ckpt        the published file, kept so it can be re-verified
    hf/                      the Hugging Face config and tokenizer files
    model.safetensors        the weights, converted once from the verified checkpoint
    postguard-model.json     labels, model class, and where the weights came from
    manifest.json            sha256, size and mtime of every file, recorded at install

Safety: a checkpoint is refused before it is opened unless its sha256 matches the registry.
An 8-digit prefix (the one in Detoxify's published file names, as torch.hub checks) allows
only a weights-only load, which cannot run code: 32 bits can be forged in minutes. A full
unpickle, which can run code, is allowed only for a checkpoint whose FULL sha256 is pinned
(in the registry, or given to `models import --sha256` by someone who checked it), and only
once, to convert it; every later run loads the safetensors file. Downloads land in a
temporary `.part` file and are moved into place only once verified.
"""
from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from postguard import __version__
from postguard.errors import ModelError
from postguard.models.store.download import download, sha256_of
from postguard.models.store.registry import ModelSpec, load_registry
from postguard.paths import models_dir as default_models_dir

MANIFEST = "manifest.json"
MODEL_INFO = "postguard-model.json"
WEIGHTS = "model.safetensors"
# Detoxify's own renaming, so every model reports the same label names
LABEL_NAMES = {"toxic": "toxicity", "identity_hate": "identity_attack", "severe_toxic": "severe_toxicity"}


@dataclass(frozen=True)
class InstalledModel:
    name: str
    folder: Path
    labels: tuple[str, ...]
    model_class: str
    base_model: str

    @property
    def weights(self) -> Path:
        return self.folder / WEIGHTS

    @property
    def hf_dir(self) -> Path:
        return self.folder / "hf"


class ModelStore:
    def __init__(self, root: Path | None = None, registry: dict[str, ModelSpec] | None = None):
        self.root = Path(root or default_models_dir())
        self._registry = registry

    @property
    def registry(self) -> dict[str, ModelSpec]:
        """Read on first use: knowing whether a model is installed needs no registry."""
        if self._registry is None:
            self._registry = load_registry()
        return self._registry

    def spec(self, name: str) -> ModelSpec:
        if name not in self.registry or self.registry[name].backend != "detoxify":
            names = [n for n, s in self.registry.items() if s.backend == "detoxify"]
            raise ModelError(f"unknown Detoxify model {name!r}", fix=f"use one of: {', '.join(names)}")
        return self.registry[name]

    def folder(self, name: str) -> Path:
        return self.root / "detoxify" / name

    def is_installed(self, name: str) -> bool:
        folder = self.folder(name)
        return all((folder / f).exists() for f in (WEIGHTS, MODEL_INFO, MANIFEST))

    def installed(self, name: str) -> InstalledModel:
        """The installed model, or a ModelError that says which command installs it."""
        if not self.is_installed(name):
            raise ModelError(f"Detoxify model {name!r} is not installed in {self.root}",
                             fix=f"run 'postguard models pull {name}' (or 'postguard models import {name} FOLDER' "
                                 "without internet), or set toxicity.backend: embedded")
        info = json.loads((self.folder(name) / MODEL_INFO).read_text(encoding="utf-8"))
        return InstalledModel(name=name, folder=self.folder(name), labels=tuple(info["labels"]),
                              model_class=info["model_class"], base_model=info["base_model"])

    # --- installing ---------------------------------------------------------------------

    def pull(self, name: str, progress=None) -> InstalledModel:
        """Download the checkpoint and Hugging Face files, verify, convert. Resumable."""
        spec = self.spec(name)
        folder = self.folder(name)
        checkpoint = folder / spec.checkpoint_name
        if not checkpoint.exists():
            part = download(spec.checkpoint, _part(checkpoint), progress=_labelled(progress, spec.checkpoint_name))
            try:
                self._verify_checkpoint(spec, part)  # before anything opens it, and before it is kept
            except ModelError:
                part.unlink(missing_ok=True)
                raise
            os.replace(part, checkpoint)
        digest, pinned = self._verify_checkpoint(spec, checkpoint)
        for filename in spec.hf_files:
            target = folder / "hf" / filename
            if not target.exists():
                os.replace(download(spec.hf_url(filename), _part(target), progress=_labelled(progress, filename)),
                           target)
        return self._finish(spec, checkpoint, digest, pinned)

    def import_files(self, name: str, source: Path, sha256: str | None = None) -> InstalledModel:
        """Install files copied in by hand: the checkpoint, and the Hugging Face files beside it or in hf/.

        `sha256`: the checkpoint's full hash, checked by the person importing it against a source
        they trust; it pins the file as the registry's full hash would."""
        spec = self.spec(name)
        if sha256:
            if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256.lower()):
                raise ModelError("--sha256 must be the full 64-hex-digit sha256 of the checkpoint")
            if spec.sha256 and spec.sha256 != sha256.lower():
                raise ModelError("--sha256 differs from the full hash pinned in the registry", fix="check both")
            spec = replace(spec, sha256=sha256.lower())
        source = Path(source)
        ckpt_source = source if source.is_file() else source / spec.checkpoint_name
        if not ckpt_source.exists():
            raise ModelError(f"{spec.checkpoint_name} not found", where=str(source),
                             fix=f"copy {spec.checkpoint} into that folder")
        digest, pinned = self._verify_checkpoint(spec, ckpt_source)
        hf_source = ckpt_source.parent / "hf" if (ckpt_source.parent / "hf").is_dir() else ckpt_source.parent
        missing = [f for f in spec.hf_files if not (hf_source / f).exists()]
        if missing:
            raise ModelError(f"Hugging Face file(s) missing: {', '.join(missing)}", where=str(hf_source),
                             fix=f"download them from {spec.hf_url(missing[0]).rsplit('/', 1)[0]}/")
        folder = self.folder(name)
        (folder / "hf").mkdir(parents=True, exist_ok=True)
        checkpoint = folder / spec.checkpoint_name
        if ckpt_source.resolve() != checkpoint.resolve():
            shutil.copyfile(ckpt_source, checkpoint)
        for filename in spec.hf_files:
            shutil.copyfile(hf_source / filename, folder / "hf" / filename)
        return self._finish(spec, checkpoint, digest, pinned)

    def _verify_checkpoint(self, spec: ModelSpec, checkpoint: Path) -> tuple[str, bool]:
        """(sha256, whether the FULL hash is pinned). A file that matches neither is refused unopened."""
        digest = sha256_of(checkpoint)
        if spec.sha256:
            matches, pinned = digest == spec.sha256, digest == spec.sha256
        else:
            matches, pinned = bool(spec.sha256_prefix) and digest.startswith(spec.sha256_prefix), False
        if not matches:
            expected = spec.sha256 or spec.sha256_prefix or "a registered hash"
            raise ModelError(f"{checkpoint.name} does not match the registry (sha256 {digest[:16]}…, "
                             f"expected {expected[:16]}…): refused, not opened",
                             where=str(checkpoint), fix="delete it and download it again from the official URL")
        return digest, pinned

    def _finish(self, spec: ModelSpec, checkpoint: Path, digest: str, pinned: bool) -> InstalledModel:
        folder = self.folder(spec.name)
        labels, model_class, state_dict = read_checkpoint(checkpoint, trusted=pinned, spec=spec)
        save_weights(state_dict, folder / WEIGHTS)
        info = {"name": spec.name, "labels": labels, "model_class": model_class, "base_model": spec.base_model,
                "checkpoint": checkpoint.name, "checkpoint_sha256": digest, "converted_by": f"postguard {__version__}"}
        (folder / MODEL_INFO).write_text(json.dumps(info, indent=2), encoding="utf-8")
        self._write_manifest(spec.name)
        return self.installed(spec.name)

    # --- verifying ----------------------------------------------------------------------

    def _write_manifest(self, name: str) -> None:
        folder = self.folder(name)
        files = {}
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST
                           and not p.name.endswith(".part")):
            stat = path.stat()
            files[path.relative_to(folder).as_posix()] = {"sha256": sha256_of(path), "size": stat.st_size,
                                                         "mtime_ns": stat.st_mtime_ns}
        (folder / MANIFEST).write_text(json.dumps({"model": name, "files": files}, indent=2), encoding="utf-8")

    def verify(self, name: str, *, full: bool = True) -> list[str]:
        """Problems with an installed model's files (empty: all match the install record).

        `full=False` re-hashes only files whose size or mtime changed since install: the check
        every load makes, cheap when nothing changed.
        """
        folder = self.folder(name)
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return [f"{name}: no install record ({MANIFEST}); run 'postguard models pull {name}'"]
        problems = []
        for relative, record in manifest["files"].items():
            path = folder / relative
            if not path.exists():
                problems.append(f"{name}: {relative} is missing")
                continue
            stat = path.stat()
            unchanged = stat.st_size == record["size"] and stat.st_mtime_ns == record["mtime_ns"]
            if (full or not unchanged) and sha256_of(path) != record["sha256"]:
                problems.append(f"{name}: {relative} has changed since it was installed (sha256 mismatch)")
        return problems

    def check(self, name: str) -> None:
        problems = self.verify(name, full=False)
        if problems:
            raise ModelError(problems[0], fix=f"run 'postguard models pull {name}' to reinstall it")


def _part(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    return target.with_name(target.name + ".part")


def _labelled(progress, label: str):
    return (lambda done, total: progress(label, done, total)) if progress else None


def read_checkpoint(path: Path, *, trusted: bool, spec: ModelSpec | None = None):
    """(labels, model class, state dict) from a Detoxify checkpoint.

    A weights-only load first. Only a checkpoint whose FULL sha256 is pinned (`trusted`) may
    fall back to a full unpickle, which can run code; anything else is refused.
    """
    import pickle

    import torch

    try:
        loaded = torch.load(path, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, AttributeError, ValueError) as exc:
        if not trusted:
            raise ModelError(f"{path.name} cannot be loaded weights-only ({str(exc).splitlines()[0][:120]}); "
                             "loading it would run code from the file: refused", where=str(path),
                             fix="a full load is allowed only for a checkpoint whose full sha256 is pinned: add "
                                 "'sha256:' to the registry entry, or run 'postguard models import NAME FOLDER "
                                 "--sha256 HASH' with the hash from a source you trust") from None
        loaded = torch.load(path, map_location="cpu", weights_only=False)  # noqa: S614 (hash-verified above)
    if not isinstance(loaded, dict) or "state_dict" not in loaded:
        raise ModelError(f"{path.name} is not a Detoxify checkpoint (no state_dict)", where=str(path))
    config = loaded.get("config") or {}
    classes = (config.get("dataset", {}).get("args", {}).get("classes")
               or (list(spec.labels) if spec else []))
    model_class = config.get("arch", {}).get("args", {}).get("model_name") or (spec.model_class if spec else "")
    if not classes or not model_class:
        raise ModelError(f"{path.name} does not say its classes or model class", where=str(path))
    state = loaded["state_dict"]
    if all(k.startswith("model.") for k in state):  # saved from a Lightning module wrapping the model
        state = {k[len("model."):]: v for k, v in state.items()}
    return [LABEL_NAMES.get(c, c) for c in classes], model_class, state


def save_weights(state_dict: dict, target: Path) -> None:
    from safetensors.torch import save_file

    tmp = target.with_name(target.name + ".tmp")
    save_file({k: v.detach().contiguous().clone() for k, v in state_dict.items()}, str(tmp))
    os.replace(tmp, target)
