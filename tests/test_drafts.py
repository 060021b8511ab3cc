"""Reading drafts: front matter, folders, stdin, and bad input that must not stop a batch."""
import datetime as dt
import io

import pytest

from postguard.inputs import draft_from_text, load_drafts
from postguard.errors import DraftError


def test_markdown_front_matter_fields_are_read(tmp_path):
    path = tmp_path / "event.md"
    path.write_text("---\nplatform: X\naccount: '@cabq'\nauthor: j.ortiz\nscheduled: 2026-11-29T18:00\n"
                    "type: event\nin_reply_to: {text: 'When is it?', author: '@res'}\n"
                    "media: [{file: map.png, alt: Map of the route}]\nlinks: [https://www.cabq.gov/]\n---\n"
                    "Parade on Saturday at 6 p.m.\n", encoding="utf-8")
    draft = load_drafts([str(path)]).drafts[0]
    assert draft.platform == "x" and draft.account == "@cabq" and draft.type == "event"
    assert draft.scheduled == dt.datetime(2026, 11, 29, 18, 0)
    assert draft.in_reply_to.text == "When is it?" and draft.in_reply_to.author == "@res"
    assert draft.media[0].alt == "Map of the route" and draft.links == ["https://www.cabq.gov/"]
    assert draft.text == "Parade on Saturday at 6 p.m.\n" and draft.body_line == 11


def test_txt_files_are_plain_text_even_if_they_start_with_dashes(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("---\nnot: front matter\n---\nhello\n", encoding="utf-8")
    assert load_drafts([str(path)]).drafts[0].text.startswith("---")


def test_folder_is_walked_recursively_in_order_skipping_hidden_and_other_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("b/2.md", "1.txt", ".git/x.txt", "notes.docx", ".hidden.md"):
        (tmp_path / name).write_text("Parade on Saturday.", encoding="utf-8")
    loaded = load_drafts([str(tmp_path)])
    assert [d.path for d in loaded.drafts] == [str(tmp_path / "1.txt"), str(tmp_path / "b" / "2.md")]
    assert loaded.problems == []


def test_stdin_is_read_with_front_matter():
    loaded = load_drafts(["-"], stdin=io.BytesIO(b"---\ntype: psa\n---\nBoil water advisory.\n"))
    assert loaded.drafts[0].path == "<stdin>" and loaded.drafts[0].type == "psa"


@pytest.mark.parametrize("content, expected", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "looks like a binary file"),
    ("Caf\xe9 opens Monday".encode("latin-1"), "not valid UTF-8 text (byte 3, line 1)"),
    (b"   \n\n", "the draft is empty"),
    (b"---\nplatfrom: x\n---\nHello", "unknown front matter key 'platfrom'"),
    (b"---\nplatform: [x\n---\nHello", "invalid YAML front matter"),
    (b"---\nplatform: x\nHello", "front matter starts with '---' but never ends"),
    (b"---\ntype: advert\n---\nHello", "unknown content type 'advert'"),
    (b"---\nscheduled: next week\n---\nHello", "front matter 'scheduled' is not a date"),
])
def test_bad_drafts_become_one_line_problems_and_the_rest_still_load(tmp_path, policy, content, expected):
    from postguard.inputs import DraftOptions

    bad = tmp_path / "bad.md"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Parade on Saturday.", encoding="utf-8")
    loaded = load_drafts([str(bad), str(good)], options=DraftOptions(content_types=policy.content_type_names))
    assert [d.path for d in loaded.drafts] == [str(good)]
    [problem] = loaded.problems
    assert problem.path == str(bad) and expected in problem.message and "\n" not in problem.message
    assert str(bad) in problem.message and " — " in problem.message  # names the file and the fix


def test_missing_path_is_a_problem_not_a_crash(tmp_path):
    loaded = load_drafts([str(tmp_path / "nope.txt")])
    assert loaded.drafts == [] and "no such file or folder" in loaded.problems[0].message


def test_windows_line_endings_are_normalised():
    draft = draft_from_text("---\r\ntype: psa\r\n---\r\nLine one.\r\nLine two.\r\n", "w.md")
    assert draft.text == "Line one.\nLine two.\n" and draft.body_line == 4


def test_unterminated_front_matter_raises_with_file_and_line():
    with pytest.raises(DraftError, match="x.md:1"):
        draft_from_text("---\ntype: psa\nHello", "x.md")
