"""What each language is screened with: its pipeline, its words, its conduct model and its rules.

Every draft has a language: declared (`lang:` in the front matter, or `language:` in the
config), else identified (postguard.analysis.langid). A language postguard screens gets its own
kit; any other language gets the "not screened" kit, whose only rule says so — the conduct model
and the word rules of one language are never applied to another.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from postguard.analysis.lang import Language, language
from postguard.analysis.langid import SCREENED, Identification, declared, identify
from postguard.analysis.nlp import load_pipeline, pipeline_for
from postguard.rules import rule_kind
from postguard.rules.shared_matcher import SharedMatchers

NOT_SCREENED = "xx"  # spaCy's code for "any language": tokens and sentences, nothing else


@dataclass
class LanguageKit:
    code: str
    nlp: object
    language: Language
    conduct_model: object | None  # None: no conduct model for this language
    rules: list  # (RuleSpec, compiled rule kind) that apply to drafts in this language


def applies_to(spec, code: str) -> bool:
    """Whether a rule screens drafts in a language: rules that read words only their own language,
    rules that measure, date or link (through the draft's Language) every screened one."""
    kind = rule_kind(spec.kind)
    if code == NOT_SCREENED or kind.for_unscreened_languages:
        return code == NOT_SCREENED and kind.for_unscreened_languages
    return kind.language_neutral or spec.language == code


class Languages:
    """The kits of one run, each built the first time a draft in that language comes."""

    def __init__(self, screener):
        self.screener = screener
        self._kits: dict[str, LanguageKit] = {}

    def identify(self, draft) -> Identification:
        if draft.lang:
            return declared(draft.lang)
        mode = self.screener.config.language
        return declared(mode) if mode != "auto" else identify(draft.text, default=self.screener.policy.meta.language)

    def kit(self, code: str) -> LanguageKit:
        code = code if code in SCREENED else NOT_SCREENED
        if code not in self._kits:
            self._kits[code] = self._build(code)
        return self._kits[code]

    def _build(self, code: str) -> LanguageKit:
        screener = self.screener
        if code == "en":
            nlp = screener.nlp  # the configured pipeline
        else:
            nlp = load_pipeline(pipeline_for(code))
        words = language(code if code != NOT_SCREENED else screener.policy.meta.language)
        specs = [spec for spec in screener.runnable_specs if applies_to(spec, code)]
        context = {"official_domains": screener.config.official_domains, "language": words,
                   "matchers": SharedMatchers(nlp)}
        rules = [(spec, rule_kind(spec.kind, spec.source)(spec, nlp, **context)) for spec in specs]
        model = self.conduct_model(code) if any(spec.kind == "conduct_model" for spec in specs) else None
        return LanguageKit(code, nlp, words, model, rules)

    def conduct_model(self, code: str):
        from postguard.models.conduct.model import ConductModel, has_model

        return ConductModel.load(code) if has_model(code) else None

    @cached_property
    def model_names(self) -> str:
        """The conduct models a run may use, named without loading them (report and cache key)."""
        from postguard.models.conduct.model import describe, has_model

        return ", ".join(describe(code) for code in SCREENED if has_model(code))
