"""`conduct_model`: the shipped conduct model says a post reads as misconduct, and which kind.

The model scores the whole post and each sentence (postguard.models.conduct). The rule fires
when the post's probability of breaking the conduct rules reaches `warning_at` (a warning) or
`error_at` (an error), or when one sentence alone reaches `sentence_at` (an error). The finding
names the likeliest category in plain words, cites that category's policy section, says what to
write instead (all from the rule's `categories` table, policy data), points at the sentence that
scored highest and names the words that pushed the score most.
"""
from __future__ import annotations

from postguard.errors import PolicyError
from postguard.labels import CATEGORIES
from postguard.results import Severity
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register

CATEGORY_FIELDS = ("reads_as", "section", "instead")


@register
class ConductModelRule(RuleKind):
    name = "conduct_model"
    language_neutral = True
    summary = "the conduct model's probability that the post breaks the conduct rules, named by category"
    params = {
        "error_at": Param((int, float, dict), required=True,
                          doc="post probability from which the finding is an error (or one per language: {en: 0.95})"),
        "warning_at": Param((int, float, dict), required=True, doc="post probability from which it is a warning"),
        "sentence_at": Param((int, float, dict), doc="one sentence's probability from which it is an error on its own"),
        "categories": Param(dict, required=True,
                            doc=f"per category ({', '.join(CATEGORIES)}): {{reads_as, section, instead}}"),
    }

    @classmethod
    def validate(cls, spec, where) -> None:
        for key in ("error_at", "warning_at", "sentence_at"):
            value = spec.params.get(key)
            values = value.values() if isinstance(value, dict) else [] if value is None else [value]
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 < v <= 1 for v in values):
                raise PolicyError(f"'{key}' must be above 0 and at most 1 (per language: {{en: 0.95}})", where=where(key))
        for code in ("en", "es"):
            if _threshold(spec.params["warning_at"], code) > _threshold(spec.params["error_at"], code):
                raise PolicyError("'warning_at' must not be above 'error_at'", where=where("warning_at"))
        table = spec.params["categories"]
        missing = [c for c in CATEGORIES if c not in table]
        unknown = [c for c in table if c not in CATEGORIES]
        if missing or unknown:
            raise PolicyError(f"'categories' must describe exactly: {', '.join(CATEGORIES)}"
                              f" ({'missing ' + missing[0] if missing else 'unknown ' + str(unknown[0])})",
                              where=where("categories"))
        for name, entry in table.items():
            if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) and entry[f] for f in CATEGORY_FIELDS) \
                    or set(entry) - {*CATEGORY_FIELDS, "in_reply"}:
                raise PolicyError(f"category {name!r} takes {', '.join(CATEGORY_FIELDS)} (and in_reply: how it reads "
                                  "in a reply)", where=where("categories"))

    @classmethod
    def sections_named(cls, spec) -> list[str]:
        return [entry["section"] for entry in spec.params["categories"].values()]

    def find(self, analysis):
        post, sentences = analysis.conduct_post, analysis.conduct_sentences
        if post is None:
            return
        code = analysis.language.code  # the model, and so its calibration, is per language
        ranked = sorted(range(len(sentences)), key=lambda i: -sentences[i].probability)
        sentence_at = _threshold(self.param("sentence_at"), code)
        strong = [i for i in ranked if sentence_at is not None and sentences[i].probability >= sentence_at]
        if post.probability >= _threshold(self.param("warning_at"), code):
            severity = Severity.ERROR if post.probability >= _threshold(self.param("error_at"), code) else Severity.WARNING
            score, scored, where = post.probability, post, (strong or ranked or [None])[0]
        elif strong:
            severity, score, where = Severity.ERROR, sentences[strong[0]].probability, strong[0]
            scored = sentences[strong[0]]
        else:
            return
        start, end = (0, len(analysis.text)) if where is None else (
            analysis.sentences[where].start_char, analysis.sentences[where].end_char)
        end = start + len(analysis.text[start:end].rstrip())
        scope = (0, len(analysis.text)) if scored is post else (start, end)  # the text the category was read from
        category = _plausible_category(scored, analysis, *scope)
        entry = self.param("categories")[category]
        in_reply = analysis.draft.in_reply_to is not None and entry.get("in_reply")
        reads_as = entry["in_reply"] if in_reply else entry["reads_as"]
        yield Hit(start, end, score=score, severity=severity, message=f"Reads as {reads_as}.",
                  section=entry["section"], suggestion=entry["instead"],
                  detail=self._detail(analysis, start, end, score, category))

    def _detail(self, analysis, start: int, end: int, score: float, category: str) -> str:
        written = analysis.draft.text  # the words as the author wrote them, disguises and all
        words = [written[slice(*analysis.to_original(w.start, w.end))] for w in analysis.explain_conduct(start, end)]
        said = f"conduct model: {category.replace('_', ' ')} {score:.2f}"
        if words:
            said += "; words that weigh most: " + ", ".join(f"“{w}”" for w in words)
        return said


def _plausible_category(score, analysis, start: int, end: int) -> str:
    """The likeliest category that can be true of the text: "a remark aimed at a named person"
    needs a person's name or an @handle in it, else the next likeliest category is named."""
    for category in sorted(score.categories, key=score.categories.get, reverse=True):
        if category != "named_attack" or _names_someone(analysis, start, end):
            return category
    return score.category


def _names_someone(analysis, start: int, end: int) -> bool:
    """A person's name (PERSON entity) or an @handle (not an e-mail address) within [start, end)."""
    return any(start <= s < end for s, _ in (*analysis.names, *analysis.mentions))


def _threshold(value, code: str):
    """A threshold for one language: a number for all, or {code: number} (missing: never fires)."""
    if isinstance(value, dict):
        return value.get(code, 2.0)  # above any probability
    return value
