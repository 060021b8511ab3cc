"""Which language a draft is in: lingua, offline, restricted to the languages that matter here.

Short posts are hard to identify ("Thanks, Michelle."), and handles, hashtags, links and
numbers say nothing about the language, so they are removed first; a text with too few words
left, or an identification that is not sure of a language postguard cannot screen, keeps the
default language. A post confidently in another language is reported as such, never screened
with the wrong rules. Mixed posts are read sentence by sentence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

SCREENED = ("en", "es")  # languages with a pipeline, rules and a conduct model
# Languages identified besides those: US cities' most common other languages, and neighbours
# of the screened ones that short posts get mistaken for.
OTHERS = ("fr", "pt", "it", "de", "tl", "vi", "zh", "ko", "ar", "ru", "ja", "hi")
MIN_WORDS = 3  # fewer words than this: the default language
# A language postguard cannot screen is reported only when sure: a wrong "not screened" fails an
# ordinary post ("Aww Enda is gorgeous." reads as French to a trigram model).
OTHER_MIN_WORDS = 5
OTHER_MIN_CONFIDENCE = 0.8
# Links (even mistyped or bare ones), handles, hashtags, figures, one-letter pieces ("a.m.") and
# punctuation say nothing about the language.
_NOISE = re.compile(r"\S*(?:https?:|www\.|\w\.(?:gov|org|com|net|us|edu|io)\b|/)\S*|[@#]\w+|\d\w*|[^\w\s'’-]"
                    r"|(?<!\w)\w(?!\w)", re.UNICODE)
# Capitalised words after a sentence's first are mostly names, which belong to no language.
_NAME = re.compile(r"(?<=[^\s.!?¡¿]\s)[A-ZÁÉÍÓÚÑ][\w'’-]*")
_WORD = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Identification:
    code: str  # "en", "es", "fr", ...
    name: str
    confidence: float | None  # None: not identified (declared, defaulted, or too short)
    how: str  # "declared", "detected", "default" (too short or unsure)


NAMES = {"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese", "it": "Italian", "de": "German",
         "tl": "Tagalog", "vi": "Vietnamese", "zh": "Chinese", "ko": "Korean", "ar": "Arabic", "ru": "Russian",
         "ja": "Japanese", "hi": "Hindi"}


def declared(code: str) -> Identification:
    return Identification(code, NAMES.get(code, code), None, "declared")


def identify(text: str, default: str = "en") -> Identification:
    """The language of `text`; the default for a text too short or too unsure to tell."""
    cleaned = _NOISE.sub(" ", _NAME.sub(" ", text))
    words = len(_WORD.findall(cleaned))
    if words < MIN_WORDS:
        return Identification(default, NAMES.get(default, default), None, "default")
    values = _detector().compute_language_confidence_values(cleaned)
    if not values:
        return Identification(default, NAMES.get(default, default), None, "default")
    top = values[0]
    code = top.language.iso_code_639_1.name.lower()
    if code in SCREENED:
        return Identification(code, NAMES.get(code, code), round(top.value, 3), "detected")
    if top.value >= OTHER_MIN_CONFIDENCE and words >= OTHER_MIN_WORDS:
        # Confirm with the full models of that language and the screened ones (loaded only now).
        sure = _confirmer(code).compute_language_confidence_values(cleaned)[0]
        if sure.language.iso_code_639_1.name.lower() == code and sure.value >= OTHER_MIN_CONFIDENCE:
            return Identification(code, NAMES.get(code, code), round(sure.value, 3), "detected")
    # Not sure of another language: the likeliest screened one (a Spanish insult the trigrams
    # half-read as Portuguese is still Spanish), else the default.
    screened = [v for v in values if v.language.iso_code_639_1.name.lower() in SCREENED and v.value > 0.05]
    if screened and words >= OTHER_MIN_WORDS:
        best = screened[0].language.iso_code_639_1.name.lower()
        return Identification(best, NAMES.get(best, best), round(screened[0].value, 3), "detected")
    return Identification(default, NAMES.get(default, default), round(top.value, 3), "default")


@lru_cache(maxsize=1)
def _detector():
    """Low-accuracy mode: trigram models only, loaded in about 0.1 s rather than 0.6 s and more.
    With the noise above removed it identifies short posts about as well (benchmarks/language.py)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in (*SCREENED, *OTHERS)]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


@lru_cache(maxsize=4)
def _confirmer(code: str):
    """High accuracy for one language against the screened ones: a second opinion before a draft
    is reported as not screened (about 0.5 s, and only for such drafts)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, c.upper()) for c in (*SCREENED, code)]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
