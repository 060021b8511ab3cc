"""Batches in one file: rows of .jsonl and .csv exports, each screened as a draft named file:line."""
import json

from click.testing import CliRunner

from postguard.cli import main
from postguard.inputs import load_drafts


def test_jsonl_rows_become_drafts_with_front_matter_fields_and_row_lines(tmp_path):
    export = tmp_path / "week.jsonl"
    export.write_text("\n".join([
        json.dumps({"id": 17, "text": "Join us for a free movie night at Tingley Beach on Friday at 6 p.m.",
                    "platform": "facebook", "type": "event", "likes": 12}),
        "",
        json.dumps({"text": "Only an idiot would park here.", "account": "@ABQ311"}),
        "{not json",
        json.dumps({"title": "no text field"}),
    ]) + "\n", encoding="utf-8")
    loaded = load_drafts([str(export)])
    assert [d.path for d in loaded.drafts] == [f"{export}:1", f"{export}:3"]
    assert loaded.drafts[0].platform == "facebook" and loaded.drafts[0].type == "event"
    assert loaded.drafts[1].account == "@ABQ311" and loaded.drafts[1].file == str(export)
    problems = {p.path: p.message for p in loaded.problems}
    assert "not valid JSON" in problems[f"{export}:4"] and "no text" in problems[f"{export}:5"]


def test_csv_rows_with_multiline_cells_keep_their_line_numbers(tmp_path):
    export = tmp_path / "drafts.csv"
    export.write_text('id,text,platform\n1,"Please avoid Central Ave today.",x\n'
                      '2,"Line one of a post.\nYou people never read the schedule.",facebook\n'
                      '3,"Road work on Lomas tonight.",\n', encoding="utf-8")
    loaded = load_drafts([str(export)])
    assert [d.path.rsplit(":", 1)[1] for d in loaded.drafts] == ["2", "3", "5"]
    assert loaded.drafts[2].platform is None and not loaded.problems


def test_csv_without_a_text_column_is_one_clear_problem(tmp_path):
    export = tmp_path / "bad.csv"
    export.write_text("id,body\n1,hello\n", encoding="utf-8")
    [problem] = load_drafts([str(export)]).problems
    assert "no 'text' column" in problem.message


def test_batch_export_through_the_cli_points_findings_at_the_row(tmp_path):
    export = tmp_path / "week.jsonl"
    export.write_text(json.dumps({"text": "Trash pickup is on Monday."}) + "\n"
                      + json.dumps({"text": "You people never read the schedule."}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--format", "sarif", str(export)])
    assert result.exit_code == 1
    run = json.loads(result.stdout)["runs"][0]
    located = [r["locations"][0]["physicalLocation"] for r in run["results"] if r["ruleId"] == "conduct.condescension"]
    assert located[0]["artifactLocation"]["uri"].endswith("week.jsonl")
    assert located[0]["region"]["startLine"] == 2 and located[0]["region"]["startColumn"] == 1
