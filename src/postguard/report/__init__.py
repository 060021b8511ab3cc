"""Renderers: turn a RunResults into text for people or machines. They never run rules or models.

Each format's module is imported only when that format is asked for (rich costs start-up time).
Machine formats are written for their real readers and tested against them: sarif (code scanning,
the SARIF 2.1.0 schema), junit (Jenkins' JUnit schema), gitlab (GitLab Code Quality), github
(workflow commands), concise (path:line:col: lines for editors and problem matchers).
"""
from __future__ import annotations

import importlib

RENDERERS = {"text": "terminal:render_terminal", "json": "json_report:render_json", "sarif": "sarif:render_sarif",
             "github": "github:render_github", "junit": "junit:render_junit", "markdown": "markdown:render_markdown",
             "concise": "concise:render_concise", "gitlab": "gitlab:render_gitlab"}


def renderer(fmt: str):
    module, function = RENDERERS[fmt].split(":")
    return getattr(importlib.import_module(f"postguard.report.{module}"), function)
