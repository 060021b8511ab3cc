"""Hostile and careless input, all in one batch: every bad draft is one line naming the file and
the fix, and every other draft in the same run is still screened with its right verdict.

The cases are written by the test itself (no large or strange files live in git).
"""
import json
import os

import pytest

GOOD = "The Westside pool reopens Saturday at 10 a.m. Lifeguards are on duty until 6 p.m."
BAD = "You people are idiots and your complaints are garbage."
NESTED = "waive: " + "[" * 600 + "]" * 600
BOMB = ("waive:\n  - &a [x, x, x, x, x, x, x, x, x, x]\n  - &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "  - &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  - &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "  - &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  - [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n")


def front(yaml_text, body=GOOD):
    return f"---\n{yaml_text}\n---\n{body}\n"


# file name -> (content as str or bytes, expected: "pass" | "fail" | a fragment of its problem line)
CASES = {
    "scheduled-feb-30.md": (front("scheduled: 2026-02-30"), "is not a real date"),
    "scheduled-month-13.md": (front("scheduled: 2026-13-01"), "is not a real date"),
    "scheduled-year-0.md": (front("scheduled: 0000-01-01"), "is not a real date"),
    "scheduled-tagged.md": (front("scheduled: !!timestamp 2026-02-30"), "front matter"),
    "media-number.md": (front("media: 5"), "'media' must be a list"),
    "waive-number.md": (front("waive: 5"), "'waive' must be a list"),
    "waive-binary.md": (front("waive: [!!binary aGVsbG8=]"), "each waiver must be"),
    "nested-front-matter.md": (front(NESTED), "nested more than"),
    "alias-bomb-waive.md": (front(BOMB), "alias"),
    "alias-bomb-author.md": (front("in_reply_to:\n  text: hi\n  author: &a [x, x]\nplatform: *a"), "alias"),
    "platform-typo.md": (front("platform: twiter"), "did you mean 'twitter'"),
    "type-typo.md": (front("type: evnt"), "did you mean 'event'"),
    "unknown-key.md": (front("platfrom: x"), "did you mean 'platform'"),
    "unclosed-front-matter.md": ("---\nplatform: x\n" + GOOD, "never ends"),
    "empty.txt": ("   \n", "the draft is empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    "latin1.txt": ("Caf\xe9 opens at 9".encode("latin-1"), "not valid UTF-8"),
    "too-long.txt": ("word " * 200_001, "postguard screens at most"),
    "utf16-good.txt": (GOOD.encode("utf-16"), "pass"),
    "utf16-bad.txt": (BAD.encode("utf-16"), "fail"),
    "media-string.md": (front("media: photo.jpg"), "fail"),  # one photo without alt text, not nine letters
    "escapes.md": (front('account: "\\e]0;pwned\\a\\e[2J"', GOOD + "\x1b[31m"), "pass"),
    "rows.jsonl": ((json.dumps({"text": "a\u2028b " + GOOD}) + "\n" + json.dumps({"text": BAD}) + "\n"
                    + "{\"text\": " + "[" * 100_000 + "]" * 100_000 + "}\n").encode(), None),
    "rows.csv": ("text,account\n\"" + "x" * 140_000 + "\",@a\n\"" + BAD + "\",@b\n", None),
    "good.txt": (GOOD, "pass"),
    "bad.txt": (BAD, "fail"),
}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, (content, _) in CASES.items():
        path = folder / name
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content, encoding="utf-8")
    os.symlink(folder / "no-such-draft.txt", folder / "dangling.txt")
    os.mkfifo(folder / "pipe.txt")
    return folder


@pytest.fixture(scope="module")
def result(batch, isolated_models_dir):
    import subprocess

    from conftest import console_script

    done = subprocess.run([console_script(), "check", "--format", "json", "--no-cache", str(batch)],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "NO_COLOR": "1"})
    return done, json.loads(done.stdout)


def entry(report, name):
    [found] = [d for d in report["drafts"] if os.path.basename(d["path"]) == name]
    return found


def test_the_run_ends_with_exit_2_and_no_traceback(result):
    done, report = result
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    assert report["summary"]["exit_code"] == 2


@pytest.mark.parametrize("name", [n for n, (_, expected) in CASES.items() if expected not in (None, "pass", "fail")])
def test_each_bad_draft_is_one_line_naming_the_file_and_the_fix(result, name):
    _, report = result
    found = entry(report, name)
    assert found["status"] == "error"
    assert CASES[name][1] in found["error"] and name in found["error"] and "\n" not in found["error"]


@pytest.mark.parametrize("name", [n for n, (_, expected) in CASES.items() if expected in ("pass", "fail")])
def test_every_other_draft_is_screened_with_its_right_verdict(result, name):
    _, report = result
    assert entry(report, name)["status"] == CASES[name][1]


def test_one_photo_written_without_a_list_is_one_photo(result):
    _, report = result
    media = [f for f in entry(report, "media-string.md")["findings"] if f["rule_id"] == "helpful.media-alt-text"]
    assert len(media) == 1


def test_rows_of_an_export_are_screened_around_a_bad_row(result):
    _, report = result
    jsonl = {d["path"].rsplit("rows.jsonl:", 1)[1]: d for d in report["drafts"] if "rows.jsonl:" in d["path"]}
    assert jsonl["1"]["status"] == "pass" and jsonl["2"]["status"] == "fail"  # U+2028 splits no line
    assert jsonl["3"]["status"] == "error" and "nested too deeply" in jsonl["3"]["error"]
    csv_rows = {d["path"].rsplit("rows.csv:", 1)[1]: d for d in report["drafts"] if "rows.csv:" in d["path"]}
    assert csv_rows["2"]["status"] == "error" and "at most" in csv_rows["2"]["error"]
    assert csv_rows["3"]["status"] == "fail"


def test_a_dangling_link_and_a_pipe_in_a_folder_are_named_not_skipped(result):
    _, report = result
    assert "broken link" in entry(report, "dangling.txt")["error"]
    assert "not a regular file" in entry(report, "pipe.txt")["error"]
