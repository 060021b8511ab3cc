"""Every rule's own flag and pass examples behave: the policy pack is its own test suite."""
import pytest

from postguard import load_policy
from postguard.screening.rule_examples import run_examples

DEFAULT_RULES = load_policy().rules


def test_default_pack_covers_the_policy_with_enough_rules_and_examples():
    assert len(DEFAULT_RULES) >= 40
    for rule in DEFAULT_RULES:
        assert len(rule.examples["flag"]) >= 3, rule.id
        assert len(rule.examples["pass"]) >= 3, rule.id
    cited = {rule.section for rule in DEFAULT_RULES}
    assert {"§1.A.1", "§1.A.2", "§1.A.3", "§1.A.4"} <= cited


@pytest.fixture(scope="module")
def example_results(screener):
    return run_examples(screener)


@pytest.mark.parametrize("rule_id", [r.id for r in DEFAULT_RULES])
def test_rule_flags_its_flag_examples_and_passes_its_pass_examples(example_results, rule_id):
    results = [r for r in example_results if r.rule_id == rule_id]
    assert results, f"{rule_id} ran no examples"
    wrong = [f"{r.expected}: {r.text}" for r in results if not r.ok]
    assert not wrong, f"{rule_id} gets these examples wrong: {wrong}"
