"""Conduct detection that generalises: plain attacks, threats in comments, disguised insults, the
conduct model naming its category — and the polite twins of each passing."""
import hashlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The plain attacks an issue reported passing, tried as a new user would.
PLAIN_ATTACKS = [
    "Maybe if you spent less time whining online and more time paying attention, you'd know the road was closed. "
    "Grow up.",
    "Your ignorance aside, detectives closed more cases this year. Try keeping up.",
    "Councilor Smith is a disgrace to this city.",
]


def failing_conduct(verdict):
    return [f for f in verdict.failing if f.criterion.value == "conduct"]


@pytest.mark.parametrize("text", PLAIN_ATTACKS)
def test_plain_attacks_fail_on_conduct_with_a_reason_in_plain_words(screen, text):
    verdict = screen(text)
    found = failing_conduct(verdict)
    assert not verdict.passed and found
    assert all(f.message and f.policy_ref.startswith("Res. §1.A") and f.suggestion for f in found)


def test_a_threat_in_the_comment_is_recognised_and_a_taunting_reply_fails(screen):
    verdict = screen("Real tough guy behind a keyboard. We know who you are.",
                     in_reply_to="Somebody should burn down city hall.")
    assert verdict.comment_kind == "threat"
    rules = {f.rule_id for f in verdict.failing}
    assert "reply.engages-threat" in rules and "attack.threat" in rules


@pytest.mark.parametrize("comment", ["City hall should burn.", "I hope someone shoots the mayor.",
                                     "Burn the station down.", "Somebody ought to torch that office."])
def test_threats_are_found_by_meaning_not_word_order(screen, comment):
    assert screen("This comment has been reported to police.", in_reply_to=comment).comment_kind == "threat"


@pytest.mark.parametrize("comment", ["The fire should burn out by tonight, right?", "Can I shoot photos at the park?"])
def test_violent_words_without_a_target_are_not_threats(screen, comment):
    assert screen("Thanks for asking! Details at cabq.gov.", in_reply_to=comment).comment_kind != "threat"


def test_a_polite_reply_on_the_same_topic_passes(screen):
    verdict = screen("Thanks for your patience. The road reopened this morning; closures are posted at "
                     "cabq.gov/traffic, and you can sign up for alerts there.",
                     in_reply_to="Nobody told us the road was closed!")
    assert verdict.passed, [f.rule_id for f in verdict.failing]


# Each disguise of an insult, beside the plain sentence it disguises: zero-width characters, soft
# hyphens, look-alike letters (Cyrillic, Greek), fullwidth and mathematical letters, leetspeak,
# spaced and separated letters, stretched words (22 here, and the gesture below: 23 in all).
DISGUISES = {
    "Only an idiot parks there.": ["Only an id\u200biot parks there.", "Only an іdіоt parks there.",
                                   "Only an ｉｄｉｏｔ parks there.", "Only an 1d10t parks there.",
                                   "Only an i d i o t parks there.", "Only an i.d.i.o.t parks there.",
                                   "Only an idiooooot parks there."],
    "What a stupid question.": ["What a stu\u200dpid question.", "What a ｓｔｕｐｉｄ question.", "What a stup1d question.",
                                "What a s-t-u-p-i-d question.", "What a stuuuupid question."],
    "The councilor is a liar.": ["The councilor is a li\u00adar.", "The councilor is a 𝐥𝐢𝐚𝐫.",
                                 "The councilor is a l!ar.", "The councilor is a l i a r."],
    "Stop complaining, loser.": ["Stop complaining, lo\u2060ser.", "Stop complaining, lοser.",
                                 "Stop complaining, l0ser.", "Stop complaining, LOSERRRR."],
    "Our critics are morons.": ["Our critics are mоrоns.", "Our critics are m0r0ns."],
}


@pytest.mark.parametrize("plain, disguised", [(p, d) for p, ds in DISGUISES.items() for d in ds])
def test_a_disguised_insult_fails_like_its_plain_form(screen, plain, disguised):
    plain_rules = {f.rule_id for f in screen(plain).failing if not f.rule_id.startswith("conduct.model")}
    assert plain_rules, "the plain form must fail on a word rule"
    verdict = screen(disguised)
    assert plain_rules <= {f.rule_id for f in verdict.failing}
    words = [f.span.text for f in verdict.failing if f.rule_id in plain_rules and f.span]
    assert words and all(w in disguised for w in words)  # pointed at as written, disguise and all


def test_the_gesture_alone_fails_as_profanity(screen):
    verdict = screen("Here is what we think of your complaint: 🖕")
    assert "attack.profanity" in {f.rule_id for f in verdict.failing}


def test_the_conduct_model_names_the_category_of_a_sarcastic_reply_and_passes_its_polite_twin(screen):
    comment = "Just put a roundabout there, it's not rocket science"
    sarcastic = screen("Wow, thank you SO much for this brilliant traffic engineering advice. We'll get right on it.",
                       in_reply_to=comment)
    [model] = [f for f in sarcastic.findings if f.rule_id == "conduct.model"]
    assert not sarcastic.passed and model.message.startswith("Reads as ") and "you reply to" in model.message
    assert "words that weigh most" in model.message and model.policy_ref.startswith("Res. §1.A")
    polite = screen("Thanks for the suggestion. Roundabouts are part of the corridor study; you can comment at "
                    "cabq.gov/traffic.", in_reply_to=comment)
    assert polite.passed


def test_a_model_finding_says_named_person_only_when_someone_is_named(screen):
    # The model's likeliest category for this reply is "a critical remark aimed at a named person",
    # but nobody is named: the finding gives the likeliest category that can be true.
    unnamed = screen("Nice try, genius. Maybe read the press release before you comment next time.")
    [model] = [f for f in unnamed.findings if f.rule_id == "conduct.model"]
    assert not unnamed.passed and "named person" not in model.message
    named = screen("Nice try, @jdoe_news. Maybe read the press release before you comment next time.")
    [model] = [f for f in named.findings if f.rule_id == "conduct.model"]
    assert "named person" in model.message


def test_a_declared_event_missing_its_time_fails_while_an_inferred_one_only_warns(screen):
    text = "Join us for the fall festival at Tingley Beach on Saturday, November 29. Free for everyone!"
    declared = [f for f in screen(text, type="event").findings if f.rule_id == "helpful.event-elements"]
    inferred = [f for f in screen(text).findings if f.rule_id == "helpful.event-elements"]
    assert declared and declared[0].severity.value == "error"
    assert inferred and inferred[0].severity.value == "warning"


def test_the_training_command_rebuilds_the_shipped_model_byte_for_byte(tmp_path):
    from postguard.models.conduct.model import MODEL_DIR
    from postguard.training import train

    train(ROOT / "training", "en", tmp_path, quiet=True)
    for name in ("conduct-en.npz", "conduct-en.json"):
        shipped = hashlib.sha256((MODEL_DIR / name).read_bytes()).hexdigest()
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == shipped, f"{name}: retrain and commit"


def test_the_shipped_model_matches_the_taxonomy_and_the_rule_kind():
    import yaml

    from postguard.labels import CATEGORIES
    from postguard.models.conduct.model import ConductModel

    taxonomy = yaml.safe_load((ROOT / "training" / "taxonomy.yaml").read_text(encoding="utf-8"))
    assert tuple(taxonomy["conduct"]) == CATEGORIES == ConductModel.load("en").categories
