"""Property tests: whatever text and front matter a draft holds, postguard either screens it or
names the problem in one line, and every machine format it writes stays a valid document."""
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from postguard.inputs import draft_from_text
from postguard.errors import DraftError

SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
KEYS = ["platform", "account", "author", "scheduled", "type", "in_reply_to", "media", "links", "waive", "lang", "x"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
                    st.sampled_from(["x", "facebook", "event", "reply", "2026-02-30", "2026-11-29T18:00", "@abq"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(KEYS), values, max_size=5)
# Text with the characters that break things: controls, bidi marks, zero-width, look-alikes, quotes.
bodies = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(list("\x1b\u202e\u200b\u00adіо@$1 \n\"“>#|`"))),
                 min_size=0, max_size=400)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                           HealthCheck.too_slow])


def as_file(meta: dict, body: str) -> str:
    head = yaml.safe_dump(meta, allow_unicode=True) if meta else ""
    return f"---\n{head}---\n{body}" if meta else body


@SETTINGS
@given(meta=front_matter, body=bodies)
def test_any_draft_file_is_read_or_refused_in_one_line(meta, body):
    try:
        draft = draft_from_text(as_file(meta, body), "fuzz.md")
    except DraftError as exc:
        assert "\n" not in exc.one_line() and "fuzz.md" in exc.one_line()
    else:
        assert draft.text.strip()


@pytest.fixture(scope="module")
def small_screener(screener):
    return screener


@SETTINGS
@given(meta=front_matter, body=bodies.filter(lambda t: t.strip()))
def test_every_machine_format_stays_valid_whatever_the_draft_says(small_screener, meta, body):
    from postguard.inputs import InputProblem
    from postguard.report import renderer

    try:
        drafts, problems = [draft_from_text(as_file(meta, body), "fuzz.md")], []
    except DraftError as exc:
        drafts, problems = [], [InputProblem("fuzz.md", exc.one_line())]
    run = small_screener.run(drafts, problems)
    outputs = {}
    for fmt in ("json", "sarif", "junit", "github", "markdown", "text"):
        out = io.StringIO()
        renderer(fmt)(run, out)
        outputs[fmt] = out.getvalue()
    report = json.loads(outputs["json"])
    assert len(report["drafts"]) == 1 and report["summary"]["exit_code"] in (0, 1, 2)
    jsonschema.validate(json.loads(outputs["sarif"]), SCHEMA)
    ET.fromstring(outputs["junit"])
    assert "\x1b" not in outputs["text"] and "\x1b" not in outputs["markdown"]
    for line in outputs["github"].splitlines():
        assert line.startswith(("::", "postguard:")), line  # no line a draft could forge as a command
