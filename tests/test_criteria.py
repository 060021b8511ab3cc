"""True, helpful, necessary: the resolution's three-part test, with real-looking City posts."""
import re

import pytest
from click.testing import CliRunner

from postguard.cli import main


def ids(verdict):
    return [f.rule_id for f in verdict.findings]


def finding(verdict, rule_id):
    return next(f for f in verdict.findings if f.rule_id == rule_id)


# --- true -------------------------------------------------------------------------------

def test_weekday_that_matches_its_date_in_the_scheduled_year_passes(screen):
    assert "true.weekday-mismatch" not in ids(screen("Sat., Nov. 29 is the last day of the market.",
                                                     scheduled="2025-11-01"))


def test_weekday_mismatch_in_every_common_format_names_the_right_day(screen):
    for text in ("Market on Sat., Nov. 29.", "Market on Sat 11/29.", "Market on Saturday, November 29th.",
                 "Market on Saturday 29 November."):
        verdict = screen(text, scheduled="2026-11-01")
        f = finding(verdict, "true.weekday-mismatch")
        assert f.severity.value == "error" and "Nov 29, 2026 is a Sunday, not a Saturday" in f.message, text
        assert f.suggestion.startswith('Write "Sunday"')


def test_without_a_scheduled_date_the_year_is_assumed_and_the_mismatch_is_a_warning(screen):
    import datetime as dt

    today = dt.date.today()
    wrong_day = (today + dt.timedelta(days=10))
    name = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][(wrong_day.weekday() + 1) % 7]
    verdict = screen(f"Market on {name}, {wrong_day.strftime('%B')} {wrong_day.day}.")
    assert finding(verdict, "true.weekday-mismatch").severity.value == "warning"


def test_impossible_dates_and_times(screen):
    verdict = screen("Apply by Feb 30. Doors open at 13 pm and close at 25:00.", scheduled="2026-01-05")
    assert ids(verdict).count("true.impossible-date") == 1 and ids(verdict).count("true.impossible-time") == 2
    fine = screen("Apply by Feb 28. Doors open at 1 p.m., 12.45pm on Sunday, close at 23:00.", scheduled="2026-01-05")
    assert not [i for i in ids(fine) if i.startswith("true.")]


def test_leap_day_is_only_impossible_in_a_year_without_one(screen):
    assert "true.impossible-date" not in ids(screen("Leap day fun run on Feb 29.", scheduled="2028-02-01"))
    assert finding(screen("Leap day fun run on Feb 29.", scheduled="2026-02-01"),
                   "true.impossible-date").severity.value == "error"


def test_phone_numbers_and_addresses_are_not_statistics(screen):
    verdict = screen("Call 505-768-2000 or visit 1 Civic Plaza NW, Room 11040, on 11/30.")
    assert "true.unsourced-statistic" not in ids(verdict)


def test_a_figure_needs_a_source_or_a_link(screen):
    assert "true.unsourced-statistic" in ids(screen("Traffic deaths are down 12% this year."))
    assert "true.unsourced-statistic" not in ids(screen("Traffic deaths are down 12% this year: cabq.gov/visionzero"))
    assert "true.unsourced-statistic" not in ids(screen(
        "Traffic deaths are down 12% this year, according to the APD crash report."))


def test_links_official_shortened_and_malformed(screen):
    assert not [i for i in ids(screen("Details at https://www.cabq.gov/parks and cabq.gov/311.")) if "link" in i]
    verdict = screen("Sign up at https://bit.ly/x1 or https//www.cabq.gov/parks or www.eventbrite.com/e/1")
    assert {"true.link-shortener", "true.link-malformed", "true.link-unofficial"} <= set(ids(verdict))
    assert any("eventbrite.com is not an official City domain" in f.message for f in verdict.findings)


def test_config_official_domains_are_trusted_too(screener, tmp_path):
    from dataclasses import replace

    from postguard import Screener
    from postguard.inputs import make_draft

    draft = make_draft("Tickets at https://www.abqtickets.org/show", "t.txt")
    assert "true.link-unofficial" in ids(screener.screen([draft])[0])
    trusted = Screener(screener.policy, replace(screener.config, official_domains=("abqtickets.org",)),
                       nlp=screener.nlp, classifier=screener.classifier)
    assert "true.link-unofficial" not in ids(trusted.screen([draft])[0])


# --- helpful ----------------------------------------------------------------------------

def test_event_names_exactly_what_is_missing(screen):
    verdict = screen("Join us for the holiday market at Civic Plaza!", type="event")
    message = finding(verdict, "helpful.event-elements").message
    assert "when: the date or day" in message and "when: the time" in message
    assert "how to join" in message and "where" not in message.split("missing:")[1]
    complete = screen("Join us for the free holiday market on Saturday, Dec. 5, 10 a.m. to 4 p.m. at Civic Plaza!",
                      type="event", scheduled="2026-11-20")
    assert "helpful.event-elements" not in ids(complete)


def test_emergency_and_service_update_elements(screen):
    assert "where: the area affected" in finding(
        screen("Wildfire reported. Evacuate now.", type="emergency"), "helpful.emergency-elements").message
    assert "helpful.emergency-elements" not in ids(
        screen("Wildfire near Cedar Crest. Evacuate now via NM-14.", type="emergency"))
    assert "when: the date, day or time" in finding(
        screen("The Main Library is closed for repairs.", type="service_update"),
        "helpful.service-update-elements").message


def test_jargon_finding_names_the_plain_word(screen):
    f = finding(screen("Please utilize the side entrance prior to 9 a.m."), "helpful.jargon")
    assert f.suggestion == 'Write "use" instead of "utilize".'
    assert ids(screen("Please utilize the side entrance prior to 9 a.m.")).count("helpful.jargon") == 2


def test_accessibility_alt_text_hashtags_and_capitals(screen):
    verdict = screen("Detour map below #abqtraffic", media=[{"file": "map.png"}])
    assert "map.png has no alt text" in finding(verdict, "helpful.media-alt-text").message
    assert not verdict.passed  # missing alt text is an error: the post is not usable by everyone
    assert "helpful.hashtag-case" in ids(verdict)
    assert "helpful.media-alt-text" not in ids(screen("Detour map #ABQTraffic",
                                                      media=[{"file": "map.png", "alt": "Map of the detour"}]))


def test_reading_grade_flags_dense_prose_not_plain_posts(screen):
    dense = ("Pursuant to municipal requirements, individuals operating motorized vehicles within designated "
             "construction zones must exercise extraordinary vigilance, maintaining considerably reduced "
             "velocities during intermittent nighttime operational periods.")
    assert "helpful.reading-grade" in ids(screen(dense))
    plain = ("Slow down in work zones. Crews work at night on Central this week. Expect one lane each way "
             "from 8 p.m. to 5 a.m. Thank you for your patience while we fix the road.")
    assert "helpful.reading-grade" not in ids(screen(plain))


# --- necessary --------------------------------------------------------------------------

def test_platform_length_limits_and_x_counts_links_as_23(screen):
    link = "https://www.cabq.gov/" + "a" * 200
    assert "necessary.platform-length" not in ids(screen("Details: " + link, platform="x"))
    long_text = "Road work on Central Ave this week. " * 9
    assert "323 characters on x, limit 280" in finding(screen(long_text, platform="x"),
                                                      "necessary.platform-length").message
    assert "necessary.platform-length" not in ids(screen(long_text, platform="facebook"))


def test_near_duplicates_in_one_run_name_each_other(screener):
    from postguard.inputs import make_draft

    drafts = [make_draft("Please avoid Central Ave between 4th and 8th Street today while crews repair a water main.",
                         "a.txt"),
              make_draft("Please avoid Central Ave between 4th and 8th Street today while crews repair a water main!",
                         "b.txt"),
              make_draft("Free flu shots on Saturday at the Westside Community Center.", "c.txt")]
    verdicts = screener.screen(drafts)
    assert "the same as b.txt (100%)" in finding(verdicts[0], "necessary.near-duplicate").message
    assert "the same as a.txt (100%)" in finding(verdicts[1], "necessary.near-duplicate").message
    assert "necessary.near-duplicate" not in ids(verdicts[2])
    many = [make_draft("Please avoid Central Ave between 4th and 8th Street today while crews repair a water main.",
                       f"copy{i}.txt") for i in range(6)]
    [message] = [f.message for f in screener.screen(many)[0].findings if f.rule_id == "necessary.near-duplicate"]
    assert "copy1.txt (100%), copy2.txt (100%), copy3.txt (100%) and 2 more" in message


def test_content_type_is_shown_and_other_gets_a_warning(screen):
    verdict = screen("Our team had a great lunch today.")
    assert verdict.content_type == "other" and verdict.content_type_inferred
    assert finding(verdict, "necessary.content-type").severity.value == "warning"
    assert screen("Please avoid Central Ave while crews repair a water main.").content_type in ("psa", "service_update")
    assert screen("Evacuation order for the Bosque area: leave now, wildfire approaching.").content_type == "emergency"
    assert screen("@resident_abq thanks, we've passed it on.").content_type == "reply"
    declared = screen("Lunch today.", type="event")
    assert declared.content_type == "event" and not declared.content_type_inferred


@pytest.mark.parametrize("text", [
    "Huge thanks to the volunteers who planted 300 trees along the bosque trail on Saturday!",
    "Congratulations to Officer Dana Reyes, who retires today after 28 years with the department.",
    "Today we remember Firefighter Luis Ortega, who lost his life on duty in 1998.",
    "We're recruiting! Apply now to join the Solid Waste team as a commercial driver.",
    "Two men were found guilty at District Court of a string of burglaries in Nob Hill.",
    "Westside Community Center pool is temporarily closed for repairs; lap swim moves to Valley pool.",
])
def test_everyday_appropriate_posts_read_as_an_appropriate_kind(screen, text):
    verdict = screen(text)
    assert verdict.content_type != "other"
    assert not any(f.rule_id == "necessary.content-type" for f in verdict.findings)


def test_chatter_with_no_public_purpose_still_gets_the_content_type_warning(screen):
    for text in ("Happy Friday everyone!", "Our team had a great lunch today.", "Look at this sunset over the Sandias."):
        assert any(f.rule_id == "necessary.content-type" for f in screen(text).findings), text


# --- the report -------------------------------------------------------------------------

def test_report_groups_findings_by_criterion_and_ten_findings_fit_one_screen(tmp_path):
    draft = tmp_path / "messy.md"
    draft.write_text("---\ntype: event\nplatform: x\nmedia: [map.png]\n---\n"
                     "I think you people should do your research lol. Utilize the bit.ly/abc link "
                     "prior to Sat., Nov. 29. Crime is down 40%. #abqtraffic\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(draft)], env={"NO_COLOR": "1"}, terminal_width=120)
    lines = result.output.rstrip("\n").splitlines()
    findings = [line for line in lines if re.match(r"\s+(\d+:\d+|-)\s+(info|warning|error|critical)\s", line)]
    assert len(findings) >= 10
    assert len(lines) <= 50, "\n".join(lines)  # one screen of a 120x50 terminal
    headings = [line.strip() for line in lines if line.strip() in ("True", "Helpful", "Necessary", "Conduct")]
    assert headings == ["Helpful", "Conduct", "True"]  # failing criteria first, then in the resolution's order
    assert "type: event promotion · True pass · Helpful FAIL · Necessary pass · Conduct FAIL" in result.output


def test_near_duplicate_search_finds_every_pair_an_all_pairs_comparison_finds():
    import itertools
    import random

    from postguard.rules.drafting import _by_rarity, _candidate_pairs, shingles

    rng = random.Random(3)
    words = "avoid central ave between 4th and 8th street today while crews repair water main join us".split()
    texts = [" ".join(rng.choice(words) for _ in range(rng.randint(5, 20))) for _ in range(200)]
    texts += [t + " thanks" for t in texts[:40]]
    sets = _by_rarity([frozenset(shingles(t, 3)) for t in texts])
    for threshold in (0.5, 0.8):
        every_pair = {(i, j) for i, j in itertools.combinations(range(len(sets)), 2)
                      if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= threshold}
        assert every_pair and every_pair <= set(_candidate_pairs(sets, threshold))


def test_near_duplicates_in_a_batch_of_copies_name_what_an_all_pairs_comparison_names():
    """Copies are grouped before pairing (template batches stay linear): each draft still names
    its closest drafts and counts the rest exactly as comparing every pair would."""
    import itertools
    import random

    from postguard.inputs import make_draft
    from postguard.policy import load_policy
    from postguard.rules.drafting import NearDuplicate, shingles

    spec = next(r for r in load_policy([]).rules if r.kind == "near_duplicate")
    rng = random.Random(5)
    base = ["Please avoid {} Ave today while crews repair a water main near the library and the park.",
            "Join us for a free movie night at {} Park on Friday at 7 p.m. Bring a blanket and a friend!"]
    texts = [rng.choice(base).format(rng.choice(["Central", "Lomas", "Coors"])) for _ in range(60)]
    texts += [texts[0] + " Thanks.", "Something else entirely, said only once here."]
    drafts = [make_draft(t, f"d{i:02d}.txt") for i, t in enumerate(texts)]
    sets = [shingles(t, 3) for t in texts]
    expected = {}
    for i, j in itertools.combinations(range(len(sets)), 2):
        similarity = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
        if similarity >= 0.8:
            expected.setdefault(i, []).append((similarity, j))
            expected.setdefault(j, []).append((similarity, i))
    found = {index: hit.detail for index, hit, _ in NearDuplicate.find_across(spec, drafts)}
    assert set(found) == set(expected) and len(texts) - 1 not in found
    for index, others in expected.items():
        others.sort(key=lambda m: (-m[0], m[1]))
        named = ", ".join(f"d{j:02d}.txt ({similarity:.0%})" for similarity, j in others[:3])
        more = f" and {len(others) - 3} more" if len(others) > 3 else ""
        assert found[index] == f"the same as {named}{more}"
