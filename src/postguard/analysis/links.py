"""Links in a draft, and the domains they point at, read with the Public Suffix List.

A bare name counts as a link only when it ends in a real public suffix (cabq.gov/311,
abqfair.events, abqtix.app/tickets), so "e.g.", "a.m.", "3.5" and "Mr.Smith" are not links;
a hand-kept list of endings missed every newer one. The list is tldextract's bundled snapshot:
screening never fetches it (or anything) from the network, and writes no cache.
"""
from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

# With a scheme (even a mistyped one, so the link rules can say so) or www., or a bare name
# with a dot that is not part of an e-mail address or an @handle; bare names are checked below.
_CANDIDATE = re.compile(r"(?:\bhttps?:?/{1,3}|\bwww\.|(?<![@\w./-])(?=[a-z0-9-]+(?:\.[a-z0-9-]+)+))"
                        r"[^\s<>\"')\]]*[^\s<>\"')\].,;:!?]", re.IGNORECASE)
_MARKED = re.compile(r"(?i)https?:?/|www\.")
_SCHEME = re.compile(r"(?i)^[a-z][a-z0-9+.-]*://")
# Endings that are top-level domains but, alone after a name, are far more often a file:
# report.zip, notes.md. With a path (abq.md/events) they are links.
_FILE_ENDINGS = frozenset({"zip", "mov", "md", "py", "sh", "rs", "pl", "ps"})
# Public suffixes on most links a City posts, answered without loading the list; every other
# ending is looked up in it (lower case only: "now.Today" is a missing space, below).
COMMON_ENDINGS = frozenset({"gov", "com", "org", "net", "edu", "us", "info"})


@cache
def _extractor():
    import tldextract  # imported on first use: it pulls in requests, which screening never uses

    # suffix_list_urls=() and cache_dir=None: the snapshot shipped inside tldextract, no fetch, no cache.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


def _parts(host: str):
    return _extractor()(host)


def find_links(text: str) -> list[tuple[int, int]]:
    """Spans of the links in `text`: marked by a scheme or www., or a bare domain."""
    return [(m.start(), m.end()) for m in _CANDIDATE.finditer(text)
            if _MARKED.match(m.group()) or _is_bare_domain(m.group())]


def _is_bare_domain(candidate: str) -> bool:
    host, *rest = re.split(r"[/?#:]", candidate, maxsplit=1)
    has_path = bool(rest)
    ending = host.rsplit(".", 1)[-1]
    if len(ending) < 2 or ending.isdigit():  # "a.m.", "e.g.", "3.5": no domain ends in one letter or a number
        return False
    if ending in COMMON_ENDINGS:  # the usual ones need no look-up (nor tldextract's import)
        name = host.rsplit(".", 2)[-2]
        return bool(name) and not name.isdigit()
    parts = _parts(host)
    if not (parts.domain and parts.suffix) or parts.domain.isdigit():
        return False
    # "us.Today" is a missing space after a full stop, not the .today domain.
    if parts.suffix not in (parts.suffix.lower(), parts.suffix.upper()):
        return False
    return has_path or parts.suffix.lower() not in _FILE_ENDINGS


def host_of(link: str) -> str:
    """The host name of a link, lower-case ("" when it has none)."""
    target = link if _SCHEME.match(link) else f"https://{link}"
    try:
        return (urlsplit(target).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def on_domain(host: str, domains) -> bool:
    """Whether `host` is one of `domains` or a site under one: parks.cabq.gov is cabq.gov's,
    cabq.gov.example.com is not, every .gov site is under "gov", and one GitHub site
    (abqparks.github.io) never vouches for another."""
    return bool(host) and any(host == d or host.endswith("." + d) for d in domains)
