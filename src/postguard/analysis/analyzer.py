"""The Analysis of a draft: everything expensive or shared, computed once, read by every rule.

spaCy runs over a whole batch with nlp.pipe, and the toxicity classifier scores every
sentence of the batch in one call. Rules never parse text themselves: they read this.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Sequence

from postguard.inputs.draft import Draft
from postguard.analysis.nlp import dictionary_words
from postguard.analysis.normalize import NormalizedText, normalize
from postguard.analysis.links import find_links
from postguard.analysis.emoji_spans import find_emoji
from postguard.analysis.lang import Language, language
from postguard.analysis.temporal import DateMention, TimeMention, find_dates, find_times

# Quoted words are someone else's (a resident, a headline): three words or more count as a
# quotation. Shorter quoted bits ("so-called 'experts'") are scare quotes, and stay ours.
_QUOTATION = re.compile(r'"([^"\n]{1,600})"|“([^”\n]{1,600})”|^>[^\n]*', re.MULTILINE)
QUOTATION_MIN_WORDS = 3
HASHTAG = re.compile(r"(?<![\w&])#(\w+)")
MENTION = re.compile(r"(?<![\w.])@(\w{1,30})")
PHONE = re.compile(r"(?<![\d-])(?:\+?1[-.\s]?)?\(?\d{3}\)?[-.\s]\d{3}[-.\s]\d{4}(?!\d)|\b(?:311|911|988)\b")
PLACE_ENTITIES = ("GPE", "LOC", "FAC")
ENGLISH = language("en")


@dataclass
class Analysis:
    draft: Draft
    doc: object  # spacy.tokens.Doc
    language: Language  # the draft's language: its word lists and written formats
    quotes: list[tuple[int, int]]
    sentences: list[object]  # spacy Spans, in order
    sentence_scores: list[dict[str, float]]  # toxicity per sentence (quotations blanked out)
    post_scores: dict[str, float]
    hashtags: list[tuple[int, int]] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    urls: list[tuple[int, int]] = field(default_factory=list)
    emoji: list[tuple[int, int]] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    times: list[TimeMention] = field(default_factory=list)
    phones: list[tuple[int, int]] = field(default_factory=list)
    places: list[tuple[int, int]] = field(default_factory=list)
    addresses: list[tuple[int, int]] = field(default_factory=list)  # street addresses only
    content_type: str = "other"  # set by the engine from front matter or the policy's cues
    content_type_inferred: bool = True
    all_quotes: list[tuple[int, int]] = field(default_factory=list)  # every quotation, even one word
    comment_doc: object = None  # the resident's comment (in_reply_to), parsed: context, never screened
    comment_scores: dict[str, float] = field(default_factory=dict)  # toxicity of the whole comment
    comment_kind: str | None = None  # set by the engine: question, complaint, misleading, ...
    normalized: NormalizedText | None = None  # the folded text every rule reads (see postguard.analysis.normalize)
    conduct_post: object = None  # ConductScore of the whole post, or None when the model did not run
    conduct_sentences: list = field(default_factory=list)  # ConductScore per sentence
    names: list[tuple[int, int]] = field(default_factory=list)  # people's names (PERSON entities)
    conduct_model: object = None  # the model that gave the conduct scores, to explain them
    identification: object = None  # postguard.analysis.langid.Identification: the draft's language, and how known
    nlp: object = None  # the pipeline, to parse on demand (see `parsed`)
    _line_starts: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The folded text: every offset a rule reports is into this text."""
        return self.normalized.text if self.normalized is not None else self.draft.text

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """A span of the folded text as the span of the draft as written."""
        return self.normalized.span_to_original(start, end) if self.normalized is not None else (start, end)

    def is_quoted(self, start: int, end: int) -> bool:
        return any(q_start <= start and end <= q_end for q_start, q_end in self.quotes)

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) in the draft file, both 1-based, for an offset in the body as written."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return self.draft.body_line + index, offset - self._line_starts[index] + 1

    @property
    def links(self) -> list[str]:
        """Every link: written in the text, and listed in the front matter."""
        return [self.text[s:e] for s, e in self.urls] + list(self.draft.links)

    @cached_property
    def word_count(self) -> int:
        """Tokens made of letters only, counted from the doc's arrays (no Token objects)."""
        from spacy.attrs import IS_ALPHA

        return self.doc.count_by(IS_ALPHA).get(1, 0)

    def reading_grade(self) -> float:
        """Flesch-Kincaid grade level of the text (links, hashtags and handles left out)."""
        words = [t.text for t in self.doc if t.is_alpha and not t.like_url]
        if not words:
            return 0.0
        syllables = sum(self.language.syllables(w) for w in words)
        return 0.39 * len(words) / max(len(self.sentences), 1) + 11.8 * syllables / len(words) - 15.59

    @cached_property
    def parsed(self):
        """The doc with a dependency parse, made on first use: most drafts never need one."""
        from postguard.analysis.dependency import parse

        return parse(self.nlp, self.doc)

    def explain_conduct(self, start: int, end: int, top: int = 3) -> list:
        """The words of text[start:end] that pushed the conduct model's score most (offsets in text)."""
        if self.conduct_model is None:
            return []
        piece, names = _conduct_input(self.text, start, end, self.quotes, self.names)
        return [type(w)(w.start + start, w.end + start, w.weight)
                for w in self.conduct_model.explain(piece, names, top=top)]

    def sentence_index(self, offset: int) -> int:
        starts = [s.start_char for s in self.sentences]
        return max(bisect.bisect_right(starts, offset) - 1, 0)


def find_quotes(text: str, min_words: int = QUOTATION_MIN_WORDS) -> list[tuple[int, int]]:
    spans = []
    for m in _QUOTATION.finditer(text):
        inner = m.group(1) or m.group(2) or m.group(0)
        if m.group(0).startswith(">") or len(inner.split()) >= min_words:
            spans.append((m.start(), m.end()))
    return spans


def blank_out(text: str, spans: Sequence[tuple[int, int]], offset: int = 0) -> str:
    """Replace the given character spans with spaces, keeping every other offset unchanged."""
    chars = list(text)
    for start, end in spans:
        for i in range(max(start - offset, 0), min(end - offset, len(chars))):
            chars[i] = " "
    return "".join(chars)


class Analyzer:
    """Runs spaCy and the toxicity classifier over drafts in batches."""

    def __init__(self, nlp, classifier, batch_size: int = 128, conduct_model=None, language: Language = ENGLISH):
        self.language = language
        self.nlp = nlp
        self.classifier = classifier
        self.batch_size = batch_size
        self.conduct_model = conduct_model

    def analyze(self, drafts: Sequence[Draft]) -> list[Analysis]:
        results: list[Analysis] = []
        for start in range(0, len(drafts), self.batch_size):
            results.extend(self._analyze_batch(drafts[start:start + self.batch_size]))
        return results

    def _analyze_batch(self, drafts: Sequence[Draft]) -> list[Analysis]:
        replies = [i for i, d in enumerate(drafts) if d.in_reply_to is not None]
        def is_word(word: str) -> bool:  # the dictionary loads only for the rare draft with spaced letters
            return word in dictionary_words(self.nlp)

        comments = [normalize(drafts[i].in_reply_to.text, is_word).text for i in replies]
        folded = [normalize(d.text, is_word) for d in drafts]
        texts_read = [n.text for n in folded]
        parsed = list(self.nlp.pipe(texts_read + comments, batch_size=self.batch_size))
        docs, comment_docs = parsed[:len(drafts)], dict(zip(replies, parsed[len(drafts):]))
        quotes = [find_quotes(t) for t in texts_read]
        names = [[(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"] for doc in docs]
        # The classifier never sees quotations (not the City's words) or people's names (word
        # models over-flag names such as "Dick" or "Karen"; a name is never the offence itself).
        hidden = [q + n for q, n in zip(quotes, names)]
        sentence_lists = [list(doc.sents) for doc in docs]
        conduct = self._conduct_scores(texts_read, quotes, names, sentence_lists)
        # One classifier call for the batch: every sentence, then every post, then every comment.
        texts = [blank_out(s.text, h, s.start_char) for sents, h in zip(sentence_lists, hidden) for s in sents]
        posts_at = len(texts)
        texts += [blank_out(t, h) for t, h in zip(texts_read, hidden)]
        comments_at = len(texts)
        texts += comments  # to know what kind of comment a reply answers
        scores = _score_once(self.classifier, texts)
        comment_scores = dict(zip(replies, scores[comments_at:]))
        analyses, cursor = [], 0
        for i, (draft, doc, q, sentences) in enumerate(zip(drafts, docs, quotes, sentence_lists)):
            text = texts_read[i]
            analyses.append(Analysis(
                draft=draft, doc=doc, language=self.language, quotes=q, sentences=sentences,
                sentence_scores=scores[cursor:cursor + len(sentences)], post_scores=scores[posts_at + i],
                hashtags=_spans(HASHTAG, text), mentions=_spans(MENTION, text),
                urls=find_links(text), emoji=find_emoji(folded[i]),
                dates=find_dates(text, self.language), times=find_times(text, self.language),
                phones=_spans(PHONE, text),
                places=_spans(self.language.place, text) + [(e.start_char, e.end_char) for e in doc.ents
                                                            if e.label_ in PLACE_ENTITIES],
                addresses=_spans(self.language.address, text),
                _line_starts=[0] + [m.end() for m in re.finditer("\n", draft.text)],
                all_quotes=find_quotes(text, min_words=1), comment_doc=comment_docs.get(i),
                comment_scores=comment_scores.get(i, {}), normalized=folded[i], names=names[i],
                nlp=self.nlp, conduct_model=self.conduct_model, conduct_post=conduct[i][0] if conduct else None, conduct_sentences=conduct[i][1] if conduct else [],
            ))
            cursor += len(sentences)
        return analyses

    def _conduct_scores(self, texts, quotes, names, sentence_lists):
        """(post score, [sentence scores]) per draft, in one pass of the conduct model; [] without one."""
        if self.conduct_model is None:
            return []
        pieces, piece_names = [], []
        for text, q, n, sentences in zip(texts, quotes, names, sentence_lists):
            # a one-sentence post is scored once: its sentence is the post
            spans = [(0, len(text))] + ([(s.start_char, s.end_char) for s in sentences] if len(sentences) > 1 else [])
            for start, end in spans:
                piece, relative = _conduct_input(text, start, end, q, n)
                pieces.append(piece)
                piece_names.append(relative)
        scores = self.conduct_model.score(pieces, piece_names)
        result, cursor = [], 0
        for sentences in sentence_lists:
            post = scores[cursor]
            own = scores[cursor + 1:cursor + 1 + len(sentences)] if len(sentences) > 1 else [post] * len(sentences)
            result.append((post, own))
            cursor += 1 + (len(sentences) if len(sentences) > 1 else 0)
        return result


def _conduct_input(text: str, start: int, end: int, quotes, names) -> tuple[str, list[tuple[int, int]]]:
    """A piece of the post as the conduct model reads it: quotations blanked, names relative."""
    piece = blank_out(text[start:end], quotes, start)
    return piece, [(s - start, e - start) for s, e in names if start <= s and e <= end]


def _score_once(classifier, texts: list[str]) -> list[dict[str, float]]:
    """Scores for `texts`, each distinct text sent to the classifier once: a one-sentence post is
    its own sentence (about one text in six of a real batch), and a model costs per text."""
    distinct = list(dict.fromkeys(texts))
    if not distinct:
        return []
    by_text = dict(zip(distinct, classifier.score(distinct)))
    return [by_text[text] for text in texts]


def _spans(pattern: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)]
