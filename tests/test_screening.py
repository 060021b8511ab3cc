"""What a comms officer sees: which drafts pass, which fail, and where each flag points."""


def rule_ids(verdict):
    return {f.rule_id for f in verdict.findings}


def test_ordinary_city_posts_pass(screen):
    for text in ("Join us for a free movie night at Tingley Beach on Friday at 6 p.m.",
                 "Please avoid Central Ave between 4th and 8th Street while crews repair a water main.",
                 "Winter storm warning for the East Mountains until 6 a.m. Saturday. Stay home if you can.",
                 "Free flu shots on Saturday from 10 a.m. to 2 p.m. at the Westside Community Center."):
        verdict = screen(text)
        assert verdict.passed, (text, [f.rule_id for f in verdict.findings])
        assert verdict.findings == []


def test_personal_attack_fails_with_reason_policy_and_suggestion(screen):
    verdict = screen("Only an idiot would park across a fire hydrant.")
    assert not verdict.passed
    finding = next(f for f in verdict.findings if f.rule_id == "attack.name-calling")
    assert finding.severity.value == "critical"
    assert finding.policy == "Res. §1.A.3 Prohibition on Personal Attacks"
    assert finding.span.text == "idiot"
    assert finding.span.line == 1 and finding.span.column == 9
    assert finding.suggestion and finding.message


def test_quoted_resident_words_never_count_against_the_city(screen):
    verdict = screen('You wrote that "this park is a damn dump run by idiots" and we hear you; '
                     'a cleanup crew comes Tuesday.')
    assert verdict.passed, [(f.rule_id, f.span.text) for f in verdict.findings]


def test_scare_quotes_are_still_ours(screen):
    verdict = screen('Thanks to the "idiot" who left the gate open.')
    assert "attack.name-calling" in rule_ids(verdict)


def test_in_reply_to_comment_is_context_not_screened(screen):
    verdict = screen("Thanks for letting us know. Crews will fix the pothole this week; track it at 311.",
                     in_reply_to={"text": "Fix this damn road you idiots, what a shit city", "author": "@res"})
    assert verdict.passed
    assert verdict.draft.in_reply_to.author == "@res"


def test_reply_that_argues_fails_on_the_reply_words(screen):
    verdict = screen("Maybe try reading the post before complaining. If you don't like it, move.",
                     type="reply", in_reply_to="Why is the pool closed again??")
    assert {"argue.read-the-post", "argue.dismissive"} <= rule_ids(verdict)


def test_finding_lines_count_from_the_top_of_the_file_past_front_matter():
    from postguard import Screener, load_policy
    from postguard.inputs import draft_from_text

    draft = draft_from_text("---\nplatform: x\naccount: '@cabq'\n---\nFirst line is fine.\nYou people never listen.\n",
                            "d.md")
    assert draft.body_line == 5
    verdict = Screener(load_policy()).screen([draft])[0]
    finding = next(f for f in verdict.findings if f.rule_id == "conduct.condescension")
    assert (finding.span.line, finding.span.column) == (6, 1)
    assert finding.span.sentence == "You people never listen."


def test_classifier_finding_points_at_the_worst_sentence_with_its_score(screen):
    verdict = screen("The pool opens Monday. Shut your mouth, you worthless piece of trash. See you there.")
    finding = next(f for f in verdict.findings if f.rule_id == "attack.toxicity")
    assert finding.span.text == "Shut your mouth, you worthless piece of trash."
    assert finding.score >= 0.9
    assert "toxicity 0.9" in finding.message or "toxicity 1.00" in finding.message


class RecordingClassifier:
    """Scores 1.0 for any text containing 'Dick', and remembers what it was asked to score."""

    name = "recording test classifier"
    labels = ("toxicity",)

    def __init__(self):
        self.seen = []

    def score(self, texts):
        self.seen.extend(texts)
        return [{"toxicity": 1.0 if "Dick" in t else 0.0} for t in texts]


def test_people_names_and_quotations_are_hidden_from_the_classifier(screener):
    from postguard import Screener
    from postguard.inputs import make_draft

    recorder = RecordingClassifier()
    tool = Screener(screener.policy, screener.config, nlp=screener.nlp, classifier=recorder)
    verdict = tool.screen([make_draft('Commissioner Cressida Dick thanked volunteers. She said "Dick Tracy is my hero" '
                                      'at the food bank.', "n.txt")])[0]
    assert "attack.toxicity" not in rule_ids(verdict)
    assert recorder.seen and not any("Dick" in t for t in recorder.seen)
    assert any("thanked volunteers" in t for t in recorder.seen)


def test_warnings_alone_do_not_fail_a_draft_but_fail_on_warning_does(screener, policy):
    from dataclasses import replace

    from postguard import Screener
    from postguard.inputs import make_draft
    from postguard.results import Severity

    draft = make_draft("Road work tonight #ABQ #Traffic #Roads #Construction #Detour", "t.txt")
    assert screener.screen([draft])[0].passed
    strict = Screener(policy, replace(screener.config, fail_on=Severity.WARNING), nlp=screener.nlp,
                      classifier=screener.classifier)
    verdict = strict.screen([draft])[0]
    assert not verdict.passed
    assert verdict.criteria()[verdict.failing[0].criterion] is False


def test_criteria_show_which_test_a_draft_failed(screen):
    verdict = screen("I think the council got it wrong.")
    criteria = {c.value: ok for c, ok in verdict.criteria().items()}
    assert criteria == {"true": True, "helpful": True, "necessary": True, "conduct": False}


def test_large_batches_in_worker_processes_give_the_same_verdicts(screener):
    from dataclasses import replace

    from postguard import Screener
    from postguard.inputs import make_draft

    texts = ["Only an idiot parks here.", "Join us Friday for the parade.", "Do your research.",
             "Trash pickup is delayed one day."] * 60
    drafts = [make_draft(t, f"d{i}.txt") for i, t in enumerate(texts)]
    serial = Screener(screener.policy, replace(screener.config, processes=1), nlp=screener.nlp,
                      classifier=screener.classifier).screen(drafts)
    parallel = Screener(screener.policy, replace(screener.config, processes=2), nlp=screener.nlp,
                        classifier=screener.classifier).screen(drafts)
    assert [v.draft.path for v in parallel] == [d.path for d in drafts]
    assert [[f.rule_id for f in v.findings] for v in parallel] == [[f.rule_id for f in v.findings] for v in serial]
    assert sum(not v.passed for v in parallel) == 120
