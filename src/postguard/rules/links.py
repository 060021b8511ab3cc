"""`links`: malformed links, link shorteners, and links off the City's official domains."""
from __future__ import annotations

import re

from postguard.analysis.links import host_of, on_domain  # registered domains, from the Public Suffix List
from postguard.rules.base import Hit, Param, RuleKind
from postguard.rules.registry import register

CHECKS = ("malformed", "shortener", "unofficial")
MISTYPED_SCHEME = re.compile(r"(?i)^(?:https?//|https?:/(?!/)|https?:///|(?:htps?|htttps?|ttps?):)")


@register
class Links(RuleKind):
    name = "links"
    language_neutral = True
    summary = "links that are malformed, shortened, or not on the official domains"
    params = {
        "check": Param(str, required=True, doc=f"one of: {', '.join(CHECKS)}", choices=CHECKS),
        "domains": Param(list, doc="shortener domains, or official domains (config official_domains adds more)"),
    }

    def __init__(self, spec, nlp, official_domains=(), **context):
        super().__init__(spec, nlp)
        self.domains = [d.lower() for d in spec.params.get("domains", [])]
        if spec.params["check"] == "unofficial":  # the config may name a site as "https://abqride.com/"
            self.domains += [host_of(d) or d.lower() for d in official_domains]

    def find(self, analysis):
        check, text = self.spec.params["check"], analysis.text
        links = [(s, e, text[s:e]) for s, e in analysis.urls]
        links += [(0, 0, link) for link in analysis.draft.links]  # front matter links: no place in the text
        for start, end, link in links:
            host = host_of(link)
            if check == "malformed":
                if MISTYPED_SCHEME.match(link) or not host or "." not in host or ".." in host or " " in link.strip():
                    yield Hit(start, end, detail=f"{link!r} is not a working address")
            elif check == "shortener" and on_domain(host, self.domains):
                yield Hit(start, end, detail=f"{host} hides where the link goes")
            elif check == "unofficial" and host and not on_domain(host, self.domains):
                yield Hit(start, end, detail=f"{host} is not an official City domain")
