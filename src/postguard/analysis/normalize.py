"""Text as rules and models read it: disguises folded away, every offset mapped back.

People disguise insults so that word lists miss them: zero-width characters and soft hyphens
inside a word, Cyrillic or Greek look-alikes, fullwidth or mathematical letters, leetspeak
(``stup1d``), spaced or dotted letters (``l i a r``, ``i.d.i.o.t``) and stretched words
(``idiooooot``). Every rule and model reads the folded text; findings map back to the words
as the author wrote them, so the report still points at what is on the page.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

# Digits and symbols that stand in for letters. '1' is far more often an 'i' (st1ck, 1diot)
# than an 'l'; '|' is the usual 'l'.
LEET = {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
_LEET_SYMBOLS = "@$!|"  # stand for a letter only between two letters ("sh!t"), never at a word's edge
_LEET_RUN = re.compile(r"[A-Za-z0-9@$!|]+")
# Numbers with a unit or an ordinal are not leetspeak: 1st, 3pm, 10am, 5k, 4x4, 2nd.
_MEASURE = re.compile(r"\d+(?:st|nd|rd|th|am|pm|s|k|m|x\d+|mph|ft|in|lbs?|oz|g|kg|mg|mi|km|hrs?|min|yrs?|mm|cm|ml)",
                      re.IGNORECASE)
# Links, e-mail addresses, @handles and #hashtags keep their exact spelling.
_PROTECTED = re.compile(r"\S*(?:https?:/|www\.)\S*|\S+@\S+\.\w+|[@#]\w+", re.IGNORECASE)
# Three or more letters split by one repeated separator: "l i a r", "i.d.i.o.t", "s-c-u-m".
_SPACED = re.compile(r"(?<![\w.@#-])([A-Za-z0-9@$!])([ .\-_*·])(?:[A-Za-z0-9@$!]\2){1,}[A-Za-z0-9@$!](?![\w@$-])")
# A letter written three or more times in a row: no English or Spanish word has that.
_STRETCHED = re.compile(r"([A-Za-z])\1{2,}")
_WORD = re.compile(r"\w+")
_ONE_LETTER_WORDS = "aiyoeu"  # letters that can be words on their own: English a, I; Spanish a, y, o, e, u
# Format characters that are invisible in a post (zero-width, soft hyphen, bidi controls,
# word joiners); ZERO WIDTH JOINER stays between two emoji, where it builds one emoji.
_ZWJ = "\u200d"


@dataclass(frozen=True)
class NormalizedText:
    """The folded text, and for every one of its characters the offset it came from."""

    original: str
    text: str
    origin: tuple[int, ...] | None = None  # None: the text did not change

    @property
    def changed(self) -> bool:
        return self.origin is not None

    def to_original(self, offset: int) -> int:
        """The offset in the original text of the character at `offset` in the folded text."""
        if self.origin is None:
            return offset
        if offset >= len(self.text):
            return len(self.original)
        return self.origin[max(offset, 0)]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """A folded [start, end) span as the original span that covers the same characters.

        It runs to where the next folded character came from, so a stretched or spaced-out word
        ("idiooooot", "l i a r") is covered whole.
        """
        if self.origin is None or end <= start:
            return self.to_original(start), self.to_original(end)
        return self.origin[start], max(self.origin[min(end, len(self.text)) - 1] + 1, self.to_original(end))


def normalize(text: str, is_word: Callable[[str], bool] | None = None) -> NormalizedText:
    """Fold the disguises out of `text`; a text with none comes back unchanged (and fast).

    `is_word` (a dictionary lookup) settles whether spaced letters start with a word of their
    own: "is a l i a r" is "is a liar", not "is aliar"."""
    chars = list(text)
    origin = list(range(len(text)))
    if not text.isascii():
        chars, origin = _drop_invisible(chars, origin)
        chars, origin = _compatibility_forms(chars, origin)
        chars, origin = _fold_lookalikes(chars, origin)
    joined = "".join(chars)
    joined, origin = _join_spaced_letters(joined, origin, is_word)
    for step in (_fold_leetspeak, _unstretch):
        joined, origin = step(joined, origin)
    if joined == text:
        return NormalizedText(text, text)
    return NormalizedText(text, joined, tuple(origin))


def _drop_invisible(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    kept_chars, kept_origin = [], []
    for i, ch in enumerate(chars):
        if unicodedata.category(ch) == "Cf":
            if ch == _ZWJ and 0 < i < len(chars) - 1 and _is_symbol(chars[i - 1]) and _is_symbol(chars[i + 1]):
                pass  # part of an emoji sequence
            else:
                continue
        kept_chars.append(ch)
        kept_origin.append(origin[i])
    return kept_chars, kept_origin


def _is_symbol(ch: str) -> bool:
    return unicodedata.category(ch) in ("So", "Sk", "Mn") or ch == "\ufe0f"


def _compatibility_forms(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """NFKC: fullwidth and mathematical letters, ligatures and no-break spaces to plain ones.

    A base character and the combining marks after it are normalised together (e + ́ -> é).
    """
    out_chars, out_origin = [], []
    i = 0
    while i < len(chars):
        j = i + 1
        while j < len(chars) and unicodedata.combining(chars[j]):
            j += 1
        chunk = "".join(chars[i:j])
        folded = unicodedata.normalize("NFKC", chunk) if not chunk.isascii() else chunk
        out_chars.extend(folded)
        out_origin.extend([origin[i]] * len(folded))
        i = j
    return out_chars, out_origin


def _fold_lookalikes(chars: list[str], origin: list[int]) -> tuple[list[str], list[int]]:
    """Cyrillic, Greek and other look-alike letters to the Latin letter they imitate.

    A word is folded when it mixes Latin with other letters, or when every one of its
    non-Latin letters has a Latin look-alike ("іdіоt" in Cyrillic); a genuine word in another
    alphabet ("привет") is left as it is.
    """
    text = "".join(chars)
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        foreign = [c for c in word if c.isalpha() and not _is_latin(c)]
        if not foreign:
            continue
        mapped = {c: _latin_lookalike(c) for c in set(foreign)}
        mixes = any(c.isalpha() and _is_latin(c) for c in word)
        if not mixes and not all(mapped.values()):
            continue
        for k in range(m.start(), m.end()):
            if mapped.get(chars[k]):
                chars[k] = mapped[chars[k]]
    return chars, origin


def _is_latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


@lru_cache(maxsize=4096)
def _latin_lookalike(ch: str) -> str:
    """The ASCII letter that `ch` is confusable with (Unicode TR39 data), or ''."""
    from confusable_homoglyphs import confusables  # ~0.1 s of data: only for non-Latin letters

    found = confusables.is_confusable(ch, preferred_aliases=["latin"], greedy=True) or []
    for entry in found:
        for glyph in entry["homoglyphs"]:
            if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalpha():
                return glyph["c"]
    return ""


def _join_spaced_letters(text: str, origin: list[int], is_word) -> tuple[str, list[int]]:
    spans = []
    for m in _SPACED.finditer(text):
        start, letters = m.start(), m.group()[::2]
        if sum(c.isalpha() for c in letters) < 2:
            continue
        # "a l i a r": the first letter may be a word of its own (a, I); the dictionary decides.
        if is_word and len(letters) >= 4 and letters[0].lower() in _ONE_LETTER_WORDS \
                and is_word(letters[1:].lower()) and not is_word(letters.lower()):
            start, letters = start + 2, letters[1:]
        spans.append((start, m.end(), letters, list(range(start, m.end(), 2))))
    return _rewrite(text, origin, spans)


def _fold_leetspeak(text: str, origin: list[int]) -> tuple[str, list[int]]:
    protected = [(m.start(), m.end()) for m in _PROTECTED.finditer(text)]
    spans = []
    for m in _LEET_RUN.finditer(text):
        word = m.group()
        if word.isalpha() or word.isdigit() or any(s <= m.start() < e for s, e in protected):
            continue
        folded = _leet_word(word)
        if folded != word:
            spans.append((m.start(), m.end(), folded, list(range(m.start(), m.end()))))
    return _rewrite(text, origin, spans)


def _leet_word(word: str) -> str:
    """'stup1d' -> 'stupid'; numbers, measures (3pm, 1st) and model names (MP3, F150) stay."""
    letters = sum(c.isalpha() for c in word)
    if letters < 2 or _MEASURE.fullmatch(word) or (word.upper() == word and any(c.isdigit() for c in word)):
        return word
    # Trailing symbols are punctuation ("wow!", "today!!!1"), leading ones a handle or a price.
    core_start = len(word) - len(word.lstrip(_LEET_SYMBOLS))
    core_end = len(word.rstrip(_LEET_SYMBOLS + "1"))
    core = word[core_start:core_end]
    if not core:
        return word
    folded = "".join(LEET.get(c, c) for c in core)
    if not folded.isalpha():
        return word
    return word[:core_start] + folded + word[core_end:]


def _unstretch(text: str, origin: list[int]) -> tuple[str, list[int]]:
    spans = []
    for m in _STRETCHED.finditer(text):
        word = _word_around(text, m.start(), m.end())
        if set(word.lower()) == {m.group(1).lower()}:
            continue  # the run is the whole word: III, XXX, zzz
        spans.append((m.start(), m.end(), m.group(1), [m.start()]))
    return _rewrite(text, origin, spans)


def _word_around(text: str, start: int, end: int) -> str:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return text[start:end]


def _rewrite(text: str, origin: list[int], spans) -> tuple[str, list[int]]:
    """Replace each (start, end, new text, source indexes of its characters) span, in order."""
    if not spans:
        return text, origin
    pieces, new_origin, cursor = [], [], 0
    for start, end, replacement, sources in spans:
        pieces.append(text[cursor:start])
        new_origin.extend(origin[cursor:start])
        pieces.append(replacement)
        new_origin.extend(origin[s] for s in sources[:len(replacement)])
        cursor = end
    pieces.append(text[cursor:])
    new_origin.extend(origin[cursor:])
    return "".join(pieces), new_origin
