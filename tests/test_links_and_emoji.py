"""Links on any real domain ending (the Public Suffix List, offline) and emoji counted as readers see them."""
import socket

import pytest
from click.testing import CliRunner

from postguard.analysis.links import find_links, on_domain
from postguard.cli import main

FAIR = "Tickets for the State Fair are on sale now at abqfair.events, gates open at 10 a.m.\n"


def ids(verdict):
    return [f.rule_id for f in verdict.findings]


def links_in(text):
    return [text[s:e] for s, e in find_links(text)]


def test_a_bare_domain_on_a_newer_ending_is_an_unofficial_link_until_the_config_trusts_it(tmp_path):
    draft = tmp_path / "fair.txt"
    draft.write_text(FAIR, encoding="utf-8")
    runner = CliRunner()
    flagged = runner.invoke(main, ["check", "--fail-on", "warning", str(draft)])
    assert flagged.exit_code == 1
    assert "true.link-unofficial" in flagged.output and "abqfair.events is not an official City domain" in flagged.output
    config = tmp_path / "postguard.yaml"
    config.write_text("official_domains: [abqfair.events]\n", encoding="utf-8")
    trusted = runner.invoke(main, ["check", "--config", str(config), "--format", "json", str(draft)])
    assert "link-unofficial" not in trusted.output


@pytest.mark.parametrize("text, links", [
    ("Fair info at abqfair.events.", ["abqfair.events"]),
    ("Seats at abqtix.app/tickets and www.cabq.gov/parks, or parks.cabq.gov.",
     ["abqtix.app/tickets", "www.cabq.gov/parks", "parks.cabq.gov"]),
    ("Agenda (e.g. items 3.5 and 10.30) at 9 a.m. for Mr.Smith; see report.pdf and notes.md.", []),
    ("Open now.Today only: email parks@cabq.gov or tag @cabq.gov.", []),
])
def test_links_are_real_domains_and_nothing_else(text, links):
    assert links_in(text) == links


@pytest.mark.parametrize("host, official", [
    ("parks.cabq.gov", True), ("cabq.gov", True), ("www.weather.gov", True),  # policy: cabq.gov and any .gov
    ("evil-cabq.gov.example.com", False), ("cabq.gov.example.com", False), ("notcabq.gov.evil.net", False),
])
def test_official_means_the_same_registered_domain(host, official):
    assert on_domain(host, ["cabq.gov", "gov"]) is official


def test_one_github_site_never_vouches_for_another():
    assert on_domain("abqparks.github.io", ["abqparks.github.io"])
    assert not on_domain("someone-else.github.io", ["abqparks.github.io"])


def test_a_bare_link_counts_as_23_characters_on_x(screen):
    slug = "-".join(["state-fair-rodeo-and-concert-tickets"] * 9)
    text = f"Rodeo and concert tickets for the State Fair: abqtix.app/tickets/{slug}"
    assert len(text) > 280
    assert "necessary.platform-length" not in ids(screen(text, platform="x"))


@pytest.mark.parametrize("text, fails", [
    ("🇺🇸🎆👍🏽 Fireworks at Balloon Fiesta Park on July 4 at 9 p.m.", False),  # a flag and a skin tone are one each
    ("🇺🇸🎆🎇👍 Fireworks at Balloon Fiesta Park on July 4 at 9 p.m.", True),
    ("Steps: 1️⃣ register 2️⃣ pay 3️⃣ pick up 4️⃣ enjoy the fair.", True),  # keycaps are emoji
    ("Parade today‼️ 🎺🥁🎉 on Central Avenue at noon.", True),  # ‼️ too, though folding reads it as "!!"
    ("👨‍👩‍👧 Family swim at Sunport Pool on Sunday at 1 p.m. ☀️🏊", False),  # a family is one emoji
    ("© 2025 City of Albuquerque™ ↔ Rail Runner 🚆 schedules at cabq.gov/transit", False),  # text symbols are not
])
def test_emoji_are_counted_as_readers_see_them(screen, text, fails):
    assert ("helpful.emoji" in ids(screen(text))) is fails


def test_the_gesture_is_still_profanity_in_any_skin_tone(screen):
    for gesture in ("🖕", "🖕🏽"):
        assert "attack.profanity" in ids(screen(f"Our answer to the complaint about the bike lanes: {gesture}"))


def test_screening_links_never_touches_the_network(screen, monkeypatch, tmp_path):
    from postguard.analysis import links

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network blocked by the test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    # A user's environment asking tldextract for the live list, and a cache it could write to.
    monkeypatch.setenv("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "https://publicsuffix.org/list/public_suffix_list.dat")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path))
    links._extractor.cache_clear()  # load the suffix list afresh, under the block
    try:
        assert "true.link-unofficial" in ids(screen("Seats at abqtix.app/tickets for the Friday show."))
    finally:
        links._extractor.cache_clear()
    assert attempts == []
    assert not any(tmp_path.rglob("*")), "nothing cached to disk"
