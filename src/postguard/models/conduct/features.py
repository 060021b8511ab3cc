"""The features the conduct model reads: one function shared by training and scoring.

Words, word pairs and character n-grams of the folded, lower-cased text, each remembering the
word it came from, so a score can be explained by the words that pushed it most. Links,
handles and numbers become placeholders: the model should learn how a post speaks to people,
not which address or date it mentions.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Sequence

_TOKEN = re.compile(
    r"(?P<url>\b(?:https?://|www\.)\S+|\b[a-z0-9-]+\.(?:gov|org|com|net|us|edu)(?:/\S*)?)"
    r"|(?P<user>@\w+)|(?P<tag>#\w+)"
    r"|(?P<word>[^\W_]+(?:['’][^\W_]+)*)"
    r"|(?P<mark>[?!]|[^\w\s.,;:()\[\]\"'“”‘’/\\-])",
    re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
CHAR_NGRAMS = (3, 4, 5)
SENTENCE_START = "<s>"
PERSON = "_person_"


@dataclass(frozen=True)
class Token:
    form: str  # what the model reads: lower-cased, placeholders for links, handles and numbers
    start: int  # offsets in the text the tokens were read from
    end: int


def tokenize(text: str, names: Sequence[tuple[int, int]] = ()) -> list[Token]:
    """The tokens of `text`; each span in `names` (people's names) is one `_person_` token.

    A name is never the offence, but addressing a person by name is part of how an attack
    reads ("Oh _person_."), so the model sees that a name is there, not which.
    """
    tokens: list[Token] = []
    names = sorted(names)
    for m in _TOKEN.finditer(text):
        name = next(((s, e) for s, e in names if s <= m.start() < e), None) if names else None
        if name is not None:
            if not tokens or tokens[-1].start != name[0] or tokens[-1].form != PERSON:
                tokens.append(Token(PERSON, name[0], name[1]))
            continue
        kind = m.lastgroup
        if kind == "url":
            continue  # whether a post links somewhere is the link rules' business, not a matter of tone
        if kind == "user":
            form = "_user_"
        elif kind == "tag":
            form = "#" + _DIGITS.sub("0", m.group()[1:].lower())
        else:
            word = m.group().lower().replace("’", "'")
            form = _DIGITS.sub("0", word) if any(c.isdigit() for c in word) else word
        tokens.append(Token(form, m.start(), m.end()))
    return tokens


def token_features(tokens: list[Token]) -> list[tuple[str, int]]:
    """(feature, index of the token it belongs to) for every feature occurrence."""
    found: list[tuple[str, int]] = []
    previous = SENTENCE_START
    for i, token in enumerate(tokens):
        form = token.form
        found.extend((feature, i) for feature in form_features(form))
        found.append((pair_feature(previous, form), i))
        previous = form
    return found


def form_features(form: str) -> list[str]:
    """The features one word brings whatever its neighbours: itself and its character n-grams."""
    found = ["w|" + form]
    if form[0].isalpha() and len(form) > 1:
        padded = f" {form} "
        for n in CHAR_NGRAMS:
            found.extend("c|" + padded[k:k + n] for k in range(len(padded) - n + 1))
    return found


def pair_feature(previous: str, form: str) -> str:
    return f"b|{previous} {form}"


def features(text: str, names: Sequence[tuple[int, int]] = ()) -> list[tuple[str, int]]:
    """Features of a folded text (see postguard.analysis.normalize) with its people's names marked."""
    return token_features(tokenize(text, names))


def tfidf(counts: dict[int, int], idf) -> tuple[list[int], list[float]]:
    """Sub-linear term frequency times idf, L2-normalised: (feature indexes, values)."""
    indexes = list(counts)
    values = [(1.0 + math.log(c)) * float(idf[j]) for j, c in counts.items()]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return indexes, [v / norm for v in values]
