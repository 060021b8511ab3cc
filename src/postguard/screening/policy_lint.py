"""`postguard policy lint` in full: the pack's own problems (postguard.policy.lint), then whether
every rule still does what its examples say — which takes the screening engine to find out."""
from __future__ import annotations

from dataclasses import replace

from postguard.errors import PolicyError
from postguard.policy.lint import LintProblem, lint_packs
from postguard.screening.engine import Screener
from postguard.screening.rule_examples import run_examples


def lint_policy(extra_packs, config) -> list[LintProblem]:
    """Every problem found, in the order of the checks; [] for a clean pack."""
    result = lint_packs(extra_packs)
    if result.policy is None:
        return result.problems
    return result.problems + example_problems(result.policy, config)


def example_problems(policy, config) -> list[LintProblem]:
    """A flag example the rule no longer flags, or a pass example it now flags. Rules that cannot
    run here (the classifier lacks their label) are not judged: `rules test` lists them."""
    screener = Screener(policy, replace(config, cache_dir=None))
    try:
        results = run_examples(screener)
    except PolicyError as exc:  # a pattern the loader accepts but spaCy cannot compile
        return [LintProblem(exc.where or "", exc.message, exc.fix or "")]
    rules = {rule.id: rule for rule in policy.rules}
    problems = []
    for result in results:
        if result.ok or result.not_run:
            continue
        wrong = "no longer flags its flag example" if result.expected == "flag" else "now flags its pass example"
        problems.append(LintProblem(f"{rules[result.rule_id].source} (examples)",
                                    f"rule {result.rule_id!r} {wrong} “{' '.join(result.text.split())}”",
                                    "fix the rule, or the example if the rule is right"))
    return problems
