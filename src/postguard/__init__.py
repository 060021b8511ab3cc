"""postguard: screen official social media drafts against the City's policy before posting.

The library API mirrors the CLI: load a policy pack, build a Screener, screen drafts.

    from postguard import load_policy, Screener, load_drafts
    policy = load_policy()
    verdicts = Screener(policy).screen(load_drafts(["drafts/"]).drafts)

Importing the package imports nothing else: each name below loads its module on first use, so
`import postguard.report.json_report` costs a renderer, not the engine and its models.
"""
from importlib import import_module

__version__ = "0.1.0"

_LAZY = {"Draft": "postguard.inputs.draft", "load_drafts": "postguard.inputs.files",
         "draft_from_text": "postguard.inputs.parse", "make_draft": "postguard.inputs.parse",
         "load_policy": "postguard.policy.loader", "Screener": "postguard.screening.engine",
         "ScreenConfig": "postguard.config", "RunResults": "postguard.results"}
__all__ = [*_LAZY, "__version__"]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'postguard' has no attribute {name!r}")
