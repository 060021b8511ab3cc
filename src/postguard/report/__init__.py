"""Renderers: turn a RunReport into text for people or machines. They never run rules or models."""
from postguard.report.json_report import JSON_SCHEMA_VERSION, render_json, report_document
from postguard.report.terminal import render_terminal

RENDERERS = {"text": render_terminal, "json": render_json}

__all__ = ["JSON_SCHEMA_VERSION", "RENDERERS", "render_json", "render_terminal", "report_document"]
