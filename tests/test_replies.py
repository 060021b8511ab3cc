"""Replies to residents: screened in the context of the comment they answer (§1.A.3, §1.A.4)."""
import json

import pytest
from click.testing import CliRunner

from postguard.cli import main

POTHOLE = {"text": "There's been a pothole on Montgomery and San Mateo for WEEKS. Does anyone even care??",
           "author": "@resident_abq"}
MISLEADING = "The city is secretly putting poison in the water, wake up people!"
THREAT = "I'm going to burn the station down tonight, watch your back."


def ids(verdict):
    return {f.rule_id for f in verdict.findings}


def reply(screen, text, comment):
    return screen(text, type="reply", in_reply_to=comment)


def test_polite_reply_with_311_to_a_pothole_complaint_passes(screen):
    verdict = reply(screen, "Thanks for letting us know, and sorry for the wait. We've sent it to Street Maintenance; "
                            "please call 311 to track it.", POTHOLE)
    assert verdict.comment_kind == "complaint"
    assert verdict.passed and not verdict.findings, [f.rule_id for f in verdict.findings]


def test_snarky_reply_to_the_same_complaint_fails_with_the_right_rules(screen):
    verdict = reply(screen, "Maybe try reading the post before complaining.", POTHOLE)
    assert not verdict.passed
    assert {"argue.read-the-post", "reply.no-acknowledgement", "reply.no-offline-channel"} <= ids(verdict)


def test_misleading_claim_answered_with_the_fact_and_a_city_link_passes(screen):
    verdict = reply(screen, "Thanks for asking. Albuquerque's water meets every federal and state safety standard; "
                            "the full report is at https://www.cabq.gov/water-quality.", MISLEADING)
    assert verdict.comment_kind == "misleading"
    assert verdict.passed and not verdict.findings, [f.rule_id for f in verdict.findings]


def test_misleading_claim_answered_with_an_accusation_fails(screen):
    verdict = reply(screen, "That's a lie and you know it.", MISLEADING)
    assert not verdict.passed
    assert {"attack.liar", "reply.correction-without-source"} <= ids(verdict)


def test_threat_answered_publicly_fails_and_the_escalation_guideline_is_shown(tmp_path):
    draft = tmp_path / "threat-reply.md"
    draft.write_text(f"---\nin_reply_to: {json.dumps(THREAT)}\n---\nWe take this seriously and have reported it.\n",
                     encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", str(draft)], env={"NO_COLOR": "1"})
    assert result.exit_code == 1
    assert "reply.engages-threat" in result.output and "critical" in result.output
    assert "comment: threat — guideline: Do not reply publicly." in result.output
    assert "escalate to: the department's public information officer" in result.output
    doc = json.loads(CliRunner().invoke(main, ["check", "--no-cache", "--format", "json", str(draft)]).stdout)
    reply_info = doc["drafts"][0]["reply"]
    assert reply_info["kind"] == "threat" and reply_info["reply_publicly"] is False and reply_info["escalate_to"]


def test_the_comments_own_profanity_never_counts_against_the_reply(screen):
    comment = "This f***ing city is full of idiots and assholes, fix the damn road you morons"
    verdict = reply(screen, "We hear your frustration. Crews are scheduled for Tuesday; please call 311 for updates.",
                    comment)
    assert verdict.comment_kind == "inflammatory"
    assert verdict.passed and not verdict.findings, [(f.rule_id, f.span and f.span.text) for f in verdict.findings]


@pytest.mark.parametrize("comment, kind", [
    ("When does the pool open?", "question"),
    ("The streetlight on my block is still broken.", "complaint"),
    ("They don't want you to know the water is poisoned.", "misleading"),
    ("You are all useless idiots.", "inflammatory"),
    ("I will shoot the next meter reader I see.", "threat"),
    ("Lovely photo of the Sandias!", "comment"),
])
def test_comments_are_classified(screen, comment, kind):
    assert reply(screen, "Thank you!", comment).comment_kind == kind


def test_mirroring_and_mocking_quotes_are_caught(screen):
    assert "reply.mirroring" in ids(reply(screen, "The only clown here is you.", "You people are clowns."))
    assert "reply.quote-mockery" in ids(reply(screen, '"Does anyone even care"?? lol', POTHOLE))
    respectful = reply(screen, 'You asked "does anyone even care" and we do: sorry for the wait. Please call 311.',
                       POTHOLE)
    assert "reply.quote-mockery" not in ids(respectful)


def test_exposing_a_resident_is_critical(screen):
    verdict = reply(screen, "@resident_abq we know you live at 1234 Elm St NE.", POTHOLE)
    finding = next(f for f in verdict.findings if f.rule_id == "reply.exposes-resident")
    assert finding.severity.value == "critical" and "@resident_abq" in finding.message


def test_suggest_prints_the_guideline_and_filled_templates(tmp_path):
    draft = tmp_path / "reply.md"
    draft.write_text("---\naccount: '@ABQPolice'\nin_reply_to: {text: \"There's been a pothole on Montgomery and "
                     "San Mateo for weeks!\", author: '@res'}\n---\nWorking on it.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", str(draft)], env={"NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "Comment kind: Complaint" in result.output and "offline channel" in result.output
    assert "the pothole on Montgomery and San Mateo" in result.output
    assert "call the non-emergency line at 505-242-2677" in result.output  # the account's own channel
    assert "{" not in result.output


def test_suggest_for_a_threat_says_do_not_reply(tmp_path):
    draft = tmp_path / "reply.md"
    draft.write_text(f"---\nin_reply_to: {json.dumps(THREAT)}\n---\n(draft)\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", str(draft)], env={"NO_COLOR": "1"})
    assert "Do not reply publicly." in result.output and "Escalate to:" in result.output
    assert "Replies you can adapt" not in result.output


def test_suggest_on_a_draft_that_is_not_a_reply_is_a_clear_error(tmp_path):
    draft = tmp_path / "post.txt"
    draft.write_text("Parade on Saturday.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["suggest", str(draft)])
    assert result.exit_code == 2 and "not a reply" in result.output and "in_reply_to" in result.output
