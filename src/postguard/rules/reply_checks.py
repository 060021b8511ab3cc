"""Rule kinds for replies: they read the resident's comment (context) to judge the reply."""
from __future__ import annotations

import re

from postguard.policy.patterns import finditer, search
from postguard.rules.base import Hit, Param, RuleKind, check_regex_list, regex_list, string_list
from postguard.rules.registry import register

_SHOUTING = re.compile(r"\b[A-Z]{3,}(?:\W+[A-Z]{3,}){2,}\b|!{2,}|\?{2,}|[?!]{3,}")


@register
class ReplyMirroring(RuleKind):
    name = "reply_mirroring"
    summary = "a reply that throws the commenter's insult, or their shouting, back at them"
    params = {"words": Param(list, required=True, doc="insulting words; a reply repeating one from the comment is flagged"),
              "tone": Param(bool, doc="also flag shouting (capitals, !!!, ???) in a reply to a shouting comment")}

    @classmethod
    def validate(cls, spec, where) -> None:
        string_list(spec, "words", where)

    def __init__(self, spec, nlp, **context):
        super().__init__(spec, nlp)
        self.words = {w.lower() for w in spec.params["words"]}

    def find(self, analysis):
        comment = analysis.comment_doc
        if comment is None:
            return
        said = {t.lemma_.lower() for t in comment} | {t.lower_ for t in comment}
        for token in analysis.doc:
            forms = {token.lower_, token.lemma_.lower()}
            if forms & self.words & said:
                yield Hit(token.idx, token.idx + len(token), detail=f"the comment said \"{token.lower_}\" too")
        if self.param("tone", False) and _SHOUTING.search(comment.text):
            echo = _SHOUTING.search(analysis.text)
            if echo:
                yield Hit(echo.start(), echo.end(), detail="the comment shouted, and the reply shouts back")


@register
class ReplyQuoteMockery(RuleKind):
    name = "reply_quote_mockery"
    summary = "a reply that quotes the commenter's words with a mocking marker beside them"
    params = {"markers": Param(list, required=True, doc="regular expressions for mockery: lol, really?, sure, 🙄 ...")}

    @classmethod
    def validate(cls, spec, where) -> None:
        check_regex_list(spec, "markers", where)

    def __init__(self, spec, nlp, **context):
        super().__init__(spec, nlp)
        self.markers = regex_list(spec, "markers")

    def find(self, analysis):
        if analysis.comment_doc is None:
            return
        comment = _words(analysis.comment_doc.text)
        mocking = any(search(m, analysis.text, self.spec.id) for m in self.markers)
        for start, end in analysis.all_quotes:
            quoted = _words(analysis.text[start:end])
            if mocking and quoted and f" {quoted} " in f" {comment} ":
                yield Hit(start, end, detail="quotes the comment back with a mocking remark")


@register
class PublicReply(RuleKind):
    name = "public_reply"
    summary = "any public reply at all (use with comment_kinds, e.g. to a threat)"
    params = {}

    def find(self, analysis):
        if analysis.draft.in_reply_to is not None:
            first = analysis.sentences[0] if analysis.sentences else None
            yield Hit(first.start_char if first is not None else 0,
                      first.end_char if first is not None else 0, detail=f"comment kind: {analysis.comment_kind}")


@register
class ReplyExposure(RuleKind):
    name = "reply_exposure"
    summary = "a reply that names or @-mentions a resident together with personal details"
    params = {"details": Param(list, required=True, doc="regular expressions for personal details (address, record ...)")}

    @classmethod
    def validate(cls, spec, where) -> None:
        check_regex_list(spec, "details", where)

    def __init__(self, spec, nlp, **context):
        super().__init__(spec, nlp)
        self.details = regex_list(spec, "details")

    def find(self, analysis):
        names = [(s, e) for s, e in analysis.mentions]
        names += [(e.start_char, e.end_char) for e in analysis.doc.ents if e.label_ == "PERSON"]
        if not names:
            return
        personal = [(m.start(), m.end()) for d in self.details for m in finditer(d, analysis.text, self.spec.id)]
        phones = [p for p in analysis.phones if len(re.sub(r"\D", "", analysis.text[p[0]:p[1]])) >= 7]  # not 311
        personal += phones + analysis.addresses
        if personal:
            start, end = min(names)
            yield Hit(start, end, detail=f"names \"{analysis.text[start:end]}\" beside personal details "
                                         f"(\"{analysis.text[personal[0][0]:personal[0][1]]}\")")


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))
