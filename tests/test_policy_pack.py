"""Loading the policy pack: clear errors naming file, line and field; department packs override by id."""
import textwrap

import pytest

from postguard import load_policy
from postguard.errors import PolicyError

GOOD_RULE = """
  - id: dept.no-spoilers
    title: No spoilers
    kind: phrases
    phrases: [spoiler alert]
    criterion: conduct
    section: "§1.A.1"
    severity: warning
    message: Spoils the surprise.
    suggestion: Keep the surprise.
    examples:
      flag: ["Spoiler alert: the parade ends at City Hall."]
      pass: ["The parade ends at City Hall."]
"""


def write_pack(tmp_path, body, name="dept.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def load_error(tmp_path, body) -> str:
    with pytest.raises(PolicyError) as info:
        load_policy([write_pack(tmp_path, body)])
    message = info.value.one_line()
    assert "\n" not in message
    return message


def test_department_pack_adds_a_rule_and_overrides_defaults_by_id(tmp_path):
    pack = write_pack(tmp_path, "rules:" + GOOD_RULE + """
  - id: attack.toxicity
    severity: critical
  - id: helpful.hashtags
    enabled: false
  - id: argue.shouting
    max: 8
""")
    policy = load_policy([pack])
    assert policy.rule("dept.no-spoilers").severity.value == "warning"
    assert policy.rule("attack.toxicity").severity.value == "critical"
    assert policy.rule("attack.toxicity").message  # untouched fields keep their default values
    assert not policy.rule("helpful.hashtags").enabled
    assert "helpful.hashtags" not in {r.id for r in policy.enabled_rules}
    assert policy.rule("argue.shouting").params["max"] == 8
    assert policy.rule("attack.toxicity").source.startswith(str(pack))
    assert policy.fingerprint != load_policy().fingerprint


def test_extends_none_replaces_the_default_pack(tmp_path):
    pack = write_pack(tmp_path, """
extends: none
sections:
  "§1.A.1": Behavioral Expectations
rules:""" + GOOD_RULE)
    policy = load_policy([pack])
    assert [r.id for r in policy.rules] == ["dept.no-spoilers"]


@pytest.mark.parametrize("body, expected", [
    ("rules:\n  - id: x.bad\n    title: Bad\n    kind: nonsense\n    criterion: conduct\n    section: '§1.A.1'\n"
     "    severity: error\n    message: m\n    suggestion: s\n    examples: {flag: [a], pass: [b]}\n",
     "dept.yaml:4 (kind): unknown rule kind 'nonsense'"),
    ("rules:\n  - id: x.bad\n    title: Bad\n    kind: phrases\n    phrases: [a]\n    criterion: conduct\n"
     "    section: '§1.A.1'\n    severity: error\n    suggestion: s\n    examples: {flag: [a], pass: [b]}\n",
     "dept.yaml:2 (message): rule 'x.bad' is missing 'message'"),
    ("rules:" + GOOD_RULE + GOOD_RULE, "dept.yaml:15 (id): duplicate rule id 'dept.no-spoilers'"),
    ("rules:" + GOOD_RULE.replace("kind: phrases\n    phrases: [spoiler alert]",
                                  "kind: regex\n    patterns: ['spoiler (alert']"),
     "pattern does not compile"),
    ("rules:" + GOOD_RULE.replace("kind: phrases\n    phrases: [spoiler alert]",
                                  "kind: regex\n    patterns: ['spoiler alert!\\b']"),
     "matches none of the rule's flag examples"),
    ("rules:" + GOOD_RULE.replace("severity: warning", "severity: fatal"),
     "dept.yaml:8 (severity): severity 'fatal' is not one of: info, warning, error, critical"),
    ("rules:" + GOOD_RULE.replace('section: "§1.A.1"', 'section: "§9"'), "cites unknown policy section '§9'"),
    ("rules:" + GOOD_RULE.replace("phrases: [spoiler alert]", "phrases: [spoiler alert]\n    colour: red"),
     "dept.yaml:6 (colour): unknown field 'colour' for a rule of kind 'phrases'"),
    ("rules:\n  - id: x\n    title: [unclosed\n", "dept.yaml:4: invalid YAML"),
    ("rules:" + GOOD_RULE.replace("pass: [\"The parade ends at City Hall.\"]", "pass: []"),
     "examples need at least one 'pass' example"),
])
def test_invalid_packs_give_one_line_naming_file_line_and_field(tmp_path, body, expected):
    assert expected in load_error(tmp_path, body)


def test_invalid_token_pattern_is_reported_when_compiled(tmp_path, screener):
    from postguard import Screener

    pack = write_pack(tmp_path, "rules:" + GOOD_RULE.replace(
        "kind: phrases\n    phrases: [spoiler alert]", "kind: pattern\n    patterns: [[{LOWERCASE: spoiler}]]"))
    tool = Screener(load_policy([pack]), nlp=screener.nlp, classifier=screener.classifier)
    with pytest.raises(PolicyError) as info:
        tool.rules
    assert "dept.yaml:2" in info.value.one_line() and "invalid token pattern" in info.value.one_line()


def test_missing_pack_path_is_an_error():
    with pytest.raises(PolicyError, match="rules pack not found"):
        load_policy(["/no/such/pack.yaml"])


def test_policy_metadata_and_severity_meanings_are_loaded(policy):
    assert policy.meta.review_interval_months == 12
    assert policy.meta.last_reviewed
    assert set(s.value for s in policy.severities) == {"info", "warning", "error", "critical"}
    assert "reprimand" in policy.severities[max(policy.severities, key=lambda s: s.rank)].discipline.lower()


def test_prose_cut_by_a_yaml_comment_is_a_load_error(tmp_path):
    body = "rules:" + GOOD_RULE.replace("suggestion: Keep the surprise.", "suggestion: Tag it #NoSpoilers instead.")
    assert "dept.yaml:10: this text has ' #' in it" in load_error(tmp_path, body)
    quoted = "rules:" + GOOD_RULE.replace("suggestion: Keep the surprise.", "suggestion: 'Tag it #NoSpoilers instead.'")
    assert load_policy([write_pack(tmp_path, quoted)]).rule("dept.no-spoilers").suggestion == "Tag it #NoSpoilers instead."
