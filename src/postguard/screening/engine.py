"""The screening engine: drafts in, verdicts out. Also the library API behind the CLI."""
from __future__ import annotations

import os
import re
import signal
import sys
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from postguard import __version__
from postguard.screening.languages import Languages
from postguard.screening.content_types import infer_content_type
from postguard.inputs import Draft, InputProblem
from postguard.errors import PostguardError
from postguard.policy.patterns import PatternTimeout, compile_pattern, search
from postguard.config import ScreenConfig
from postguard.results import Finding, RunResults, Screening, Span, Verdict
from postguard.analysis.nlp import DEFAULT_PIPELINE, load_pipeline, pipeline_label
from postguard.policy.types import Policy, RuleSpec
from postguard.screening.comments import classify_comment
from postguard.rules import rule_kind
from postguard.rules.base import CrossDraftRuleKind
from postguard.models.toxicity import describe_backend
from postguard.screening.waivers import apply_waivers

if TYPE_CHECKING:  # the analysis loads when a draft is screened: a run the cache answers never needs it
    from postguard.analysis.analyzer import Analysis


PARALLEL_MIN_DRAFTS = 200  # below this, starting worker processes costs more than it saves
PROGRESS_CHUNK = 128  # drafts per piece of work: the progress bar moves at least this often
_WORKER: "Screener | None" = None  # the screener a forked worker inherits from its parent


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
        from postguard.models.toxicity import load_backend

        return load_backend(self.config.toxicity_backend, self.config.models_dir, self.config.toxicity_model,
                            self.config.device, self.config.quantize)

    @cached_property
    def comment_patterns(self) -> dict:
        """Each comment kind's dependency patterns, compiled once (kinds without any are left out)."""
        from postguard.analysis.dependency import DependencyPatterns

        return {kind.name: DependencyPatterns(self.nlp, kind.name, kind.patterns)
                for kind in self.policy.responses.kinds if kind.patterns}

    @cached_property
    def languages(self) -> Languages:
        """Per language: the pipeline, words, conduct model and rules drafts in it are screened with."""
        return Languages(self)

    @cached_property
    def conduct_model_name(self) -> str:
        """The conduct models' names without loading them (for the report and the cache key)."""
        if not any(spec.kind == "conduct_model" for spec in self.runnable_specs):
            return ""
        return self.languages.model_names

    @cached_property
    def pipeline_name(self) -> str:
        """The pipeline that runs, named without loading it (a fully cached run loads no model)."""
        return pipeline_label(self.config.spacy_model)

    @cached_property
    def classifier_info(self):
        if self._classifier is not None:
            return self._classifier
        return describe_backend(self.config.toxicity_backend, self.config.models_dir, self.config.toxicity_model)

    @property
    def rules(self) -> list[tuple[RuleSpec, object]]:
        """The rules compiled for the policy's own language (the others compile when a draft needs them)."""
        return self.languages.kit(self.policy.meta.language).rules

    @cached_property
    def not_run_reasons(self) -> dict[str, str]:
        """Rule id -> why it cannot run with this classifier: said once per run, never silently dropped."""
        return {spec.id: reason for spec in self.policy.enabled_rules
                if (reason := rule_kind(spec.kind).not_run_reason(spec, self.classifier_info))}

    @property
    def not_run(self) -> list[str]:
        return list(self.not_run_reasons.values())

    @cached_property
    def runnable_specs(self) -> list[RuleSpec]:
        specs = [spec for spec in self.policy.enabled_rules if spec.id not in self.not_run_reasons]
        severity = self.config.unsupported_language  # the config may make "not screened" a warning
        return [replace(s, severity=severity) if severity and s.kind == "unsupported_language" else s for s in specs]

    @cached_property
    def cache(self):
        if self.config.cache_dir is None:
            return None
        from postguard.screening.cache import FindingsCache

        run_key = "|".join([__version__, self.policy.fingerprint, self.pipeline_name, self.classifier_info.name,
                            self.conduct_model_name, f"language={self.config.language}",
                            f"unsupported={self.config.unsupported_language}", _library_versions(),
                            ",".join(sorted(self.config.official_domains)), f"int8={self.config.quantize}"])
        return FindingsCache(self.config.cache_dir, run_key)

    def screen(self, drafts: Sequence[Draft], progress: Callable[[int], None] | None = None) -> list[Verdict]:
        """A verdict per draft, in order: from the cache where it can, else screened afresh.
        `progress(n)` is told each time n more drafts are done (for a progress bar)."""
        drafts = list(drafts)
        keys = self.cache.keys(drafts) if self.cache else []
        screenings = self.cache.get_many(keys) if self.cache else {}
        fresh = [i for i in range(len(drafts)) if i not in screenings]
        if progress and screenings:
            progress(len(screenings))
        screened = self._screen_all([drafts[i] for i in fresh], progress)
        if self.cache and fresh:
            self.cache.put_many([(keys[i], s) for i, s in zip(fresh, screened) if s.error is None])
        screenings.update(zip(fresh, screened))
        across = self._cached_across(drafts, keys)
        verdicts = []
        for i, draft in enumerate(drafts):
            s = screenings[i]
            findings = apply_waivers(draft, sorted(s.findings + across.get(i, []), key=_finding_order), self.policy)
            verdicts.append(Verdict(draft=draft, findings=findings, fail_on=self.config.fail_on,
                                    not_run=list(self.not_run), content_type=s.content_type,
                                    content_type_inferred=s.content_type_inferred, comment_kind=s.comment_kind,
                                    language=s.language, error=s.error))
        return verdicts

    def _cached_across(self, drafts: list[Draft], keys: list[str]) -> dict[int, list[Finding]]:
        """Checks across drafts (near-duplicates) depend on the whole batch: cached by the whole batch."""
        if self.cache is None:
            return self._findings_across(drafts)
        key = self.cache.batch_key(drafts, keys)
        found = self.cache.get_batch(key)
        if found is None:
            found = self._findings_across(drafts)
            self.cache.put_batch(key, found)
        return found

    def _findings_across(self, drafts: list[Draft]) -> dict[int, list[Finding]]:
        found: dict[int, list[Finding]] = {}
        for spec in self.runnable_specs:
            kind = rule_kind(spec.kind)
            if issubclass(kind, CrossDraftRuleKind):
                for index, hit, text in kind.find_across(spec, drafts):
                    found.setdefault(index, []).append(self._finding(spec, hit, None, text))
        return found

    def _screen_all(self, drafts: list[Draft], progress: Callable[[int], None] | None = None) -> list[Screening]:
        """A Screening per draft, a chunk at a time. Large batches are split over worker processes."""
        if not drafts:
            return []
        self.rules, self.classifier  # load once, before forking: workers inherit them
        workers = self._workers(len(drafts))  # after loading: a torch backend rules out forking
        size = min(PROGRESS_CHUNK, -(-len(drafts) // (workers * 4)))
        chunks = [drafts[i:i + size] for i in range(0, len(drafts), size)]
        results: list[Screening] = []
        if workers <= 1:
            for chunk in chunks:
                results.extend(self._screen_here(chunk))
                if progress:
                    progress(len(chunk))
            return results
        global _WORKER
        _WORKER = self
        try:
            import multiprocessing  # only a batch large enough to split loads it

            with multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupts) as pool:
                for part in pool.imap(_screen_in_worker, chunks):  # in order, as each chunk is done
                    results.extend(part)
                    if progress:
                        progress(len(part))
            return results
        finally:
            _WORKER = None

    def _workers(self, count: int) -> int:
        if count < PARALLEL_MIN_DRAFTS:
            return 1
        import multiprocessing

        if "fork" not in multiprocessing.get_all_start_methods():
            return 1
        if "torch" in sys.modules:  # torch's thread pools do not survive fork safely
            return 1
        return self.config.processes or min(os.cpu_count() or 1, 4)

    def _screen_here(self, drafts: Sequence[Draft]) -> list[Screening]:
        """Screen a batch; if anything in it fails unexpectedly, screen its drafts one by one so
        that only the draft that breaks postguard is lost — as a "could not screen" entry."""
        self.rules  # compile before analysing, so a bad pattern fails fast
        try:
            return [self._screening(analysis) for analysis in self.analyze(drafts)]
        except PatternTimeout as exc:  # a pack pattern stalled on a draft: that draft, not the run
            if len(drafts) == 1:
                return [Screening([], error=f"{drafts[0].path}: could not screen this draft: {exc.one_line()}")]
        except PostguardError:
            raise
        except Exception:  # noqa: BLE001 — isolate the draft, below
            if len(drafts) == 1:
                return [_failed(drafts[0], sys.exc_info()[1])]
        return [s for draft in drafts for s in self._screen_here([draft])]

    def _screening(self, analysis: Analysis) -> Screening:
        found = analysis.identification
        return Screening(self.findings(analysis), analysis.content_type, analysis.content_type_inferred,
                         analysis.comment_kind, language={"code": found.code, "name": found.name, "how": found.how,
                                                          "confidence": found.confidence})

    def analyze(self, drafts: Sequence[Draft]) -> list[Analysis]:
        """An Analysis per draft, in order: each language's drafts with that language's kit."""
        from postguard.analysis.analyzer import Analyzer

        found = [self.languages.identify(d) for d in drafts]
        groups: dict[str, list[int]] = {}
        for i, identification in enumerate(found):
            groups.setdefault(self.languages.kit(identification.code).code, []).append(i)
        analyses: list[Analysis | None] = [None] * len(drafts)
        for code, indexes in groups.items():
            kit = self.languages.kit(code)
            analyzer = Analyzer(kit.nlp, self.classifier, self.config.batch_size, kit.conduct_model, kit.language)
            for i, analysis in zip(indexes, analyzer.analyze([drafts[i] for i in indexes])):
                analyses[i] = analysis
                analysis.identification = found[i]
        for a in analyses:
            a.content_type, a.content_type_inferred = infer_content_type(a.draft, a.text, self.policy.content_types)
            if a.draft.in_reply_to is not None:
                a.comment_kind = classify_comment(a.draft.in_reply_to.text, a.comment_scores, self.policy.responses,
                                                  a.comment_doc, self.comment_patterns)
        return analyses

    def findings(self, analysis: Analysis, rules=None) -> list[Finding]:
        """The findings of `rules` (default: every rule for the draft's language) on one Analysis."""
        if rules is None:
            rules = self.languages.kit(analysis.identification.code).rules
        found: list[Finding] = []
        for spec, rule in rules:
            if not _applies(spec, analysis):
                continue
            taken: list[tuple[int, int]] = []
            for hit in rule.find(analysis):
                if hit.end > hit.start and not spec.quotes and analysis.is_quoted(hit.start, hit.end):
                    continue  # quoted words are someone else's, not the City's
                if hit.end > hit.start and any(s < hit.end and hit.start < e for s, e in taken):
                    continue  # one finding per spot per rule
                taken.append((hit.start, hit.end))
                found.append(self._finding(spec, hit, analysis))
        return sorted(found, key=_finding_order)

    def _finding(self, spec: RuleSpec, hit, analysis: Analysis | None, text: str = "") -> Finding:
        section = self.policy.section(hit.section or spec.section)
        message = hit.message or spec.message
        message = f"{message} ({hit.detail})" if hit.detail else message
        span = _span(analysis, hit.start, hit.end) if analysis is not None and hit.end > hit.start else None
        return Finding(rule_id=spec.id, severity=hit.severity or spec.severity, criterion=spec.criterion,
                       policy_ref=section.citation, policy_title=section.title, message=message,
                       suggestion=hit.suggestion or spec.suggestion, span=span, score=hit.score)

    def suggestion(self, draft: Draft):
        """The response guideline and filled-in reply templates for one reply draft (`postguard suggest`)."""
        from postguard.screening.comments import suggest

        return suggest(self.analyze([draft])[0], self.policy.responses)

    def run(self, drafts: Sequence[Draft], problems: Sequence[InputProblem] = (),
            progress: Callable[[int], None] | None = None) -> RunResults:
        screened = self.screen(drafts, progress) if drafts else []
        verdicts = [v for v in screened if v.error is None]
        problems = list(problems) + [InputProblem(v.draft.path, v.error) for v in screened if v.error is not None]
        return RunResults(verdicts=verdicts, problems=problems, policy=self.policy,
                         pipeline=self.pipeline_name,
                         classifier=" + ".join(filter(None, [self.classifier_info.name, self.conduct_model_name])),
                         fail_on=self.config.fail_on, not_run=list(self.not_run))


def _library_versions() -> str:
    """The libraries whose data decide findings (languages, domain endings, emoji): a new version
    of one may change a verdict, so it makes new cache keys."""
    import importlib.metadata

    versions = []
    for package in ("lingua-language-detector", "tldextract", "emoji"):
        try:
            versions.append(f"{package} {importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package} ?")
    return ", ".join(versions)


def _screen_in_worker(drafts: Sequence[Draft]) -> list[Screening]:
    return _WORKER._screen_here(drafts)


def _ignore_interrupts() -> None:
    """Workers leave Ctrl-C to the parent, which stops them and says so in one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _failed(draft: Draft, exc: BaseException) -> Screening:
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
    return Screening([], error=(f"{draft.path}: could not screen this draft ({type(exc).__name__}"
                                f"{': ' + detail if detail else ''}) — this is a bug in postguard: please report it "
                                "with the draft attached; the other drafts were screened"))


def _applies(spec: RuleSpec, analysis: Analysis) -> bool:
    """The rule's own conditions: content types, and `unless` patterns or links that excuse a draft."""
    if spec.types and analysis.content_type not in spec.types:
        return False
    if spec.comment_kinds and analysis.comment_kind not in spec.comment_kinds:
        return False
    if spec.unless_link and analysis.links:
        return False
    return not any(search(compile_pattern(p), analysis.text, spec.id) for p in spec.unless)


def _finding_order(f: Finding):
    return -f.severity.rank, f.span.line if f.span else 0, f.span.column if f.span else 0


def _span(analysis: Analysis, start: int, end: int) -> Span:
    """Where a hit in the folded text sits in the draft as written: the words as the author wrote them."""
    first = analysis.sentences[analysis.sentence_index(start)] if analysis.sentences else None
    last = analysis.sentences[analysis.sentence_index(max(end - 1, start))] if analysis.sentences else None
    context_start, _ = analysis.to_original(first.start_char if first is not None else start,
                                            first.end_char if first is not None else end)
    _, context_end = analysis.to_original(last.start_char if last is not None else start,
                                          last.end_char if last is not None else end)
    start, end = analysis.to_original(start, end)
    context_start, context_end = min(context_start, start), max(context_end, end)
    line, column = analysis.position(start)
    end_line, end_column = analysis.position(max(end - 1, start))
    written = analysis.draft.text
    return Span(line=line, column=column, end_line=end_line, end_column=end_column + 1,
                text=written[start:end], sentence=written[context_start:context_end].rstrip(),
                start_in_sentence=start - context_start)
