"""Run configuration: which pipeline, classifier and extra rule packs to use."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from postguard.engine import ScreenConfig
from postguard.errors import PolicyError, location
from postguard.findings import Severity
from postguard.yamlsource import LineDict, load_yaml_file

CONFIG_KEYS = {"spacy": ("model",), "toxicity": ("backend",), "models_dir": None, "rules": None, "fail_on": None}


def load_config(path: str | Path | None) -> tuple[ScreenConfig, list[str]]:
    """(ScreenConfig, extra rule packs) from a YAML config file; defaults when path is None."""
    config, packs = ScreenConfig(), []
    if path is None:
        return config, packs
    path = Path(path)
    doc = load_yaml_file(path) or LineDict()
    if not isinstance(doc, LineDict):
        raise PolicyError("the config must be a mapping", where=location(path, 1))
    for key in doc:
        if key not in CONFIG_KEYS:
            raise PolicyError(f"unknown config key {key!r}", where=location(path, doc.line_of(key)),
                              fix=f"use one of: {', '.join(CONFIG_KEYS)}")
        allowed = CONFIG_KEYS[key]
        if allowed and (not isinstance(doc[key], dict) or set(doc[key]) - set(allowed)):
            raise PolicyError(f"'{key}' takes: {', '.join(allowed)}", where=location(path, doc.line_of(key)))
    if "spacy" in doc and "model" in doc["spacy"]:
        config = replace(config, spacy_model=str(doc["spacy"]["model"]))
    if "toxicity" in doc and "backend" in doc["toxicity"]:
        config = replace(config, toxicity_backend=str(doc["toxicity"]["backend"]))
    if doc.get("models_dir"):
        config = replace(config, models_dir=(path.parent / str(doc["models_dir"])).expanduser())
    if "fail_on" in doc:
        try:
            config = replace(config, fail_on=Severity(str(doc["fail_on"])))
        except ValueError:
            raise PolicyError(f"fail_on must be one of: {', '.join(s.value for s in Severity)}",
                              where=location(path, doc.line_of("fail_on"))) from None
    for pack in doc.get("rules") or []:
        packs.append(str(path.parent / str(pack)))  # relative to the config file, like most tools
    return config, packs
