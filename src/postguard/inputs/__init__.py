"""Inputs: drafts from files, folders, exports and stdin, each checked and bounded.

Nothing here knows about rules, models or reports: drafts go in, Draft objects or one-line
InputProblems come out.
"""
from postguard.inputs.draft import Draft, DraftOptions, InputProblem, LoadResult, Media, ReplyContext
from postguard.inputs.files import load_drafts
from postguard.inputs.parse import draft_from_fields, draft_from_text, make_draft

__all__ = ["Draft", "DraftOptions", "InputProblem", "LoadResult", "Media", "ReplyContext", "draft_from_fields", "draft_from_text",
           "load_drafts", "make_draft"]
