"""The JSON report: one stable document per run, read by other tools (documented in README)."""
from __future__ import annotations

import datetime as dt
import json

from postguard.results import RunResults
from postguard.results import Verdict

JSON_SCHEMA_VERSION = "1.0"


def verdict_dict(v: Verdict, policy) -> dict:
    d = v.draft
    kind = policy.responses.kind(v.comment_kind)
    reply = None if d.in_reply_to is None else {
        "comment": d.in_reply_to.text, "author": d.in_reply_to.author, "kind": v.comment_kind,
        "guideline": kind.guideline if kind else None, "escalate_to": (kind.escalate_to or None) if kind else None,
        "reply_publicly": kind.reply_publicly if kind else True}
    return {
        "path": d.path, "status": "pass" if v.passed else "fail", "passed": v.passed,
        "criteria": {c.value: {"passed": ok, "findings": [f.rule_id for f in v.findings if f.criterion is c]}
                     for c, ok in v.criteria().items()},
        "content_type": {"name": v.content_type, "inferred": v.content_type_inferred},
        "language": v.language,
        "reply": reply,
        "metadata": {"platform": d.platform, "account": d.account, "author": d.author, "type": d.type,
                     "scheduled": d.scheduled.isoformat() if isinstance(d.scheduled, (dt.date, dt.datetime)) else None,
                     "in_reply_to": d.in_reply_to.text if d.in_reply_to else None},
        "findings": [f.to_dict() for f in v.findings],
    }


def report_document(run: RunResults) -> dict:
    meta = run.policy.meta
    counts = run.summary
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "tool": {"name": "postguard", "version": run.tool_version},
        "policy": {"id": meta.id, "title": meta.title, "version": meta.version, "fingerprint": run.policy.fingerprint,
                   "last_reviewed": meta.last_reviewed, "sources": run.policy.sources,
                   "review_overdue": run.review_overdue or None},
        "pipeline": run.pipeline,
        "classifier": run.classifier,
        "fail_on": run.fail_on.value,
        "summary": {"drafts": counts.drafts, "passed": counts.passed, "failed": counts.failed,
                    "errors": counts.errors, "exit_code": counts.exit_code},
        "checks_not_run": run.not_run,
        "drafts": [verdict_dict(v, run.policy) for v in run.verdicts]
                  + [{"path": p.path, "status": "error", "passed": False, "error": p.message, "findings": []}
                     for p in run.problems],
    }


def render_json(run: RunResults, out) -> None:
    """Indented, except one draft per line: readable, and fast for thousands of drafts."""
    doc = report_document(run)
    drafts = doc.pop("drafts")
    head = json.dumps(doc, indent=2, ensure_ascii=False)
    out.write(head[:-2] + ',\n  "drafts": [')
    out.write(",".join("\n    " + json.dumps(d, ensure_ascii=False) for d in drafts))
    out.write("\n  ]\n}\n")
