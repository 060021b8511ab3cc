"""The screening engine: drafts in, verdicts out. Also the library API behind the CLI."""
from __future__ import annotations

import multiprocessing
import os
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Sequence

from postguard import __version__
from postguard.analysis import Analysis, Analyzer
from postguard.drafts import Draft, InputProblem
from postguard.findings import Finding, Severity, Span, Verdict
from postguard.nlp import DEFAULT_PIPELINE, load_pipeline, pipeline_label
from postguard.policy import Policy, RuleSpec
from postguard.rules import rule_kind
from postguard.toxicity import describe_backend
from postguard.waivers import apply_waivers


@dataclass(frozen=True)
class ScreenConfig:
    spacy_model: str = DEFAULT_PIPELINE
    toxicity_backend: str = "auto"
    models_dir: Path | None = None
    fail_on: Severity = Severity.ERROR
    batch_size: int = 128
    processes: int = 0  # 0: one per core (at most 4) for large batches; 1: never fork
    cache_dir: Path | None = None  # None: no cache


PARALLEL_MIN_DRAFTS = 200  # below this, starting worker processes costs more than it saves
_WORKER: "Screener | None" = None  # the screener a forked worker inherits from its parent


@dataclass
class RunReport:
    """Everything a renderer needs about one run; renderers never run rules or models."""

    verdicts: list[Verdict]
    problems: list[InputProblem]
    policy: Policy
    pipeline: str
    classifier: str
    fail_on: Severity
    not_run: list[str] = field(default_factory=list)  # checks that could not run in this run
    tool_version: str = __version__

    @property
    def exit_code(self) -> int:
        if self.problems:
            return 2
        return 0 if all(v.passed for v in self.verdicts) else 1


class Screener:
    """Loads the pipeline and classifier once, compiles the rules once, screens many drafts."""

    def __init__(self, policy: Policy, config: ScreenConfig = ScreenConfig(), *, nlp=None, classifier=None):
        self.policy = policy
        self.config = config
        self._nlp = nlp
        self._classifier = classifier

    @cached_property
    def nlp(self):
        return self._nlp or load_pipeline(self.config.spacy_model)

    @cached_property
    def classifier(self):
        if self._classifier is not None:
            return self._classifier
        from postguard.toxicity import load_backend

        return load_backend(self.config.toxicity_backend, self.config.models_dir)

    @cached_property
    def pipeline_name(self) -> str:
        """The pipeline that runs, named without loading it (a fully cached run loads no model)."""
        return pipeline_label(self.config.spacy_model)

    @cached_property
    def classifier_info(self):
        if self._classifier is not None:
            return self._classifier
        return describe_backend(self.config.toxicity_backend, self.config.models_dir)

    @cached_property
    def rules(self) -> list[tuple[RuleSpec, object]]:
        return [(spec, rule_kind(spec.kind, spec.source)(spec, self.nlp)) for spec in self.runnable_specs]

    @cached_property
    def not_run(self) -> list[str]:
        """Rules that cannot run with this classifier: said once per run, never silently dropped."""
        return [reason for spec in self.policy.enabled_rules
                if (reason := rule_kind(spec.kind).not_run_reason(spec, self.classifier_info))]

    @cached_property
    def runnable_specs(self) -> list[RuleSpec]:
        return [spec for spec in self.policy.enabled_rules
                if not rule_kind(spec.kind).not_run_reason(spec, self.classifier_info)]

    @cached_property
    def cache(self):
        if self.config.cache_dir is None:
            return None
        from postguard.cache import FindingsCache

        run_key = "|".join([__version__, self.policy.fingerprint, self.pipeline_name, self.classifier_info.name])
        return FindingsCache(self.config.cache_dir, run_key)

    def analyze(self, drafts: Sequence[Draft]) -> list[Analysis]:
        return Analyzer(self.nlp, self.classifier, self.config.batch_size).analyze(drafts)

    def screen(self, drafts: Sequence[Draft]) -> list[Verdict]:
        """A verdict per draft, in order: from the cache where it can, else screened afresh."""
        drafts = list(drafts)
        findings = self.cache.get_many(drafts) if self.cache else {}
        fresh = [i for i in range(len(drafts)) if i not in findings]
        screened = self._findings_for([drafts[i] for i in fresh])
        if self.cache and fresh:
            self.cache.put_many([(drafts[i], f) for i, f in zip(fresh, screened)])
        findings.update(zip(fresh, screened))
        return [Verdict(draft=d, findings=apply_waivers(d, findings[i], self.policy), fail_on=self.config.fail_on,
                        not_run=list(self.not_run)) for i, d in enumerate(drafts)]

    def _findings_for(self, drafts: list[Draft]) -> list[list[Finding]]:
        """Findings per draft. Large batches are split over worker processes."""
        if not drafts:
            return []
        workers = self._workers(len(drafts))
        if workers <= 1:
            return self._findings_here(drafts)
        global _WORKER
        self.rules, self.classifier  # load and compile once, before forking: workers inherit them
        chunk = -(-len(drafts) // (workers * 4))
        chunks = [drafts[i:i + chunk] for i in range(0, len(drafts), chunk)]
        _WORKER = self
        try:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                return [f for part in pool.map(_findings_in_worker, chunks) for f in part]
        finally:
            _WORKER = None

    def _workers(self, count: int) -> int:
        if count < PARALLEL_MIN_DRAFTS or "fork" not in multiprocessing.get_all_start_methods():
            return 1
        if "torch" in sys.modules:  # torch's thread pools do not survive fork safely
            return 1
        return self.config.processes or min(os.cpu_count() or 1, 4)

    def _findings_here(self, drafts: Sequence[Draft]) -> list[list[Finding]]:
        rules = self.rules  # compile before analysing, so a bad pattern fails fast
        return [self.findings(a, rules) for a in self.analyze(drafts)]

    def findings(self, analysis: Analysis, rules) -> list[Finding]:
        found: list[Finding] = []
        for spec, rule in rules:
            taken: list[tuple[int, int]] = []
            for hit in rule.find(analysis):
                if not spec.quotes and analysis.is_quoted(hit.start, hit.end):
                    continue  # quoted words are someone else's, not the City's
                if any(s < hit.end and hit.start < e for s, e in taken):
                    continue  # one finding per spot per rule
                taken.append((hit.start, hit.end))
                found.append(self._finding(spec, hit, analysis))
        found.sort(key=lambda f: (-f.severity.rank, f.span.line if f.span else 0, f.span.column if f.span else 0))
        return found

    def _finding(self, spec: RuleSpec, hit, analysis: Analysis) -> Finding:
        section = self.policy.section(spec.section)
        message = f"{spec.message} ({hit.detail})" if hit.detail else spec.message
        return Finding(rule_id=spec.id, severity=spec.severity, criterion=spec.criterion,
                       policy_ref=section.citation, policy_title=section.title, message=message,
                       suggestion=spec.suggestion, span=_span(analysis, hit.start, hit.end), score=hit.score)

    def run(self, drafts: Sequence[Draft], problems: Sequence[InputProblem] = ()) -> RunReport:
        verdicts = self.screen(drafts) if drafts else []
        return RunReport(verdicts=verdicts, problems=list(problems), policy=self.policy,
                         pipeline=self.pipeline_name, classifier=self.classifier_info.name,
                         fail_on=self.config.fail_on, not_run=list(self.not_run))


def _findings_in_worker(drafts: Sequence[Draft]) -> list[list[Finding]]:
    return _WORKER._findings_here(drafts)


def _span(analysis: Analysis, start: int, end: int) -> Span:
    line, column = analysis.position(start)
    end_line, end_column = analysis.position(max(end - 1, start))
    first = analysis.sentences[analysis.sentence_index(start)] if analysis.sentences else None
    last = analysis.sentences[analysis.sentence_index(max(end - 1, start))] if analysis.sentences else None
    context_start = first.start_char if first is not None else start
    context_end = max(last.end_char if last is not None else end, end)
    return Span(line=line, column=column, end_line=end_line, end_column=end_column + 1,
                text=analysis.text[start:end], sentence=analysis.text[context_start:context_end].rstrip(),
                start_in_sentence=start - context_start)
