"""postguard: screen official social media drafts against the City's policy before posting.

The library API mirrors the CLI: load a policy pack, build a Screener, screen drafts.

    from postguard import load_policy, Screener, load_drafts
    policy = load_policy()
    verdicts = Screener(policy).screen(load_drafts(["drafts/"]).drafts)
"""
__version__ = "0.1.0"

from postguard.drafts import Draft, load_drafts, draft_from_text  # noqa: E402
from postguard.policy import load_policy  # noqa: E402
from postguard.engine import Screener  # noqa: E402

__all__ = ["Draft", "Screener", "draft_from_text", "load_drafts", "load_policy", "__version__"]
