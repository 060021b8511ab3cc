"""A supervisor's week: the report, its HTML, CSV and Council views, the ledger and the history."""
import csv
import io
import json
import multiprocessing
import os
from pathlib import Path

import pytest

from browser import needs_chromium, open_page


def week(folder: Path, extra: dict | None = None) -> Path:
    """Drafts of one week from two accounts; one attack, one with script in it, one without a date."""
    folder.mkdir(exist_ok=True)
    drafts = {
        "mon.md": ("@ABQ311", "a.lee", "2026-11-23", "Bulk trash pickup resumes Monday. Set items out by 6 a.m."),
        "tue.md": ("@ABQPolice", "j.doe", "2026-11-24", "Only an idiot parks across a fire hydrant."),
        "wed.md": ("@ABQ311", "a.lee", "2026-11-25", "<script>document.title='pwned'</script> You people are clowns."),
        "thu.md": ("@ABQPolice", "j.doe", "2026-11-26", "Officers will be at the Westside fair on Saturday from 10 a.m."),
        "old.md": ("@ABQPolice", "j.doe", "2026-10-01", "Only a moron drives around the barricades."),
    }
    for name, (account, author, day, text) in {**drafts, **(extra or {})}.items():
        (folder / name).write_text(f'---\naccount: {json.dumps(account)}\nauthor: {json.dumps(author)}\n'
                                   f'scheduled: {day}\n---\n{text}\n', encoding="utf-8")
    (folder / "undated.txt").write_text("The library opens at 10 a.m.", encoding="utf-8")
    return folder


def test_the_report_shows_a_week_at_a_glance_worst_first_and_says_what_it_left_out(run_cli, tmp_path):
    done = run_cli("report", week(tmp_path / "w"), "--since", "2026-11-23", "--until", "2026-11-29",
                   env={"POSTGUARD_TODAY": "2026-11-29"})
    assert done.returncode == 1 and "Traceback" not in done.stderr
    out = done.stdout
    assert "4 drafts screened" in out and "50% passed" in out
    for heading in ("By severity", "By criterion", "By rule", "By account", "By author", "Worst drafts"):
        assert heading in out
    assert "mon.md" not in out and "thu.md" not in out  # passing drafts are counted, not listed
    assert out.index("Worst drafts") < out.index("tue.md") and out.index("Worst drafts") < out.index("wed.md")
    assert "1 draft(s) without a date were left out" in done.stderr
    assert "old.md" not in out  # outside the period


@needs_chromium
def test_the_html_report_renders_sorts_on_click_escapes_drafts_and_fetches_nothing(run_cli, tmp_path):
    page_file = tmp_path / "week.html"
    run_cli("report", week(tmp_path / "w"), "--html", page_file, env={"POSTGUARD_TODAY": "2026-11-29"})
    html = page_file.read_text(encoding="utf-8")
    assert "<script>document.title" not in html  # escaped in the file itself
    with open_page(page_file) as (page, requests):
        assert page.title().startswith("postguard report") and page.title() != "pwned"
        assert "<script>document.title='pwned'</script>" in page.inner_text("body")  # shown as text
        assert page.locator("svg rect").count() > 0  # the charts drew bars
        first_cells = lambda: page.eval_on_selector_all("#draft-table tbody tr td:first-child",  # noqa: E731
                                                        "cells => cells.map(c => c.textContent.trim())")
        page.click("#draft-table th:nth-child(1) button")
        ascending = first_cells()
        assert ascending == sorted(ascending, key=str.lower)
        page.click("#draft-table th:nth-child(1) button")
        assert first_cells() == list(reversed(ascending))
        page.fill("#filter", "clowns")
        visible = page.eval_on_selector_all("#draft-table tbody tr:not(.hidden)", "rows => rows.length")
        assert visible == 1
        assert [r for r in requests if not r.startswith("file://")] == []


def test_the_csv_has_a_row_per_finding_and_neutralises_formulas(run_cli, tmp_path):
    folder = week(tmp_path / "w", {"fri.md": ("=cmd|' /c calc'!A1", "@evil", "2026-11-27", "You clowns never read.")})
    out = tmp_path / "f.csv"
    run_cli("report", folder, "--csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["draft"].rsplit("/", 1)[-1] for r in rows} >= {"tue.md", "wed.md", "fri.md"}
    evil = [r for r in rows if r["draft"].endswith("fri.md")]
    assert evil and all(r["account"].startswith("'=") and r["author"] == "'@evil" for r in evil)
    assert all(cell == "" or not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r.values())


def test_exports_with_other_column_names_are_read_with_map(run_cli, tmp_path):
    export = tmp_path / "scheduler.csv"
    export.write_text("Message,Profile,Author,Date\n"
                      "\"Only an idiot parks there.\",@ABQPolice,j.doe,11/24/2026 10:00 AM\n"
                      "\"Pool opens Saturday at 10 a.m.\",@ABQParks,k.ito,11/25/2026 9:00 AM\n", encoding="utf-8")
    done = run_cli("report", export, "--map", "text=Message,account=Profile,author=Author,scheduled=Date",
                   "--since", "2026-11-23", env={"POSTGUARD_TODAY": "2026-11-29"})
    assert "2 drafts screened" in done.stdout and "@ABQPolice" in done.stdout and "left out" not in done.stderr


def test_the_council_summary_gives_volumes_pass_rate_and_policy_in_markdown_and_html(run_cli, tmp_path):
    folder = week(tmp_path / "w")
    markdown, html = tmp_path / "council.md", tmp_path / "council.html"
    run_cli("report", folder, "--council", markdown)
    run_cli("report", folder, "--council", html)
    text = markdown.read_text(encoding="utf-8")
    assert "Drafts screened:** 6 from 2 accounts" in text and "version 1.0.0" in text and "next review due" in text
    assert "| Conduct (§1.A.1–4) |" in text
    page = html.read_text(encoding="utf-8")
    assert "<table>" in page and "<script" not in page


def _append(args):
    ledger, worker, count = args
    from postguard import Screener, load_policy
    from postguard.inputs import make_draft
    from postguard.ledger import append

    screener = Screener(load_policy())
    for i in range(count):
        run = screener.run([make_draft(f"Pool {worker}-{i} opens at 10 a.m.", f"w{worker}-{i}.txt")])
        append(Path(ledger), run)
    return count


def test_the_ledger_keeps_every_line_when_several_processes_append_at_once(tmp_path, isolated_models_dir):
    ledger = tmp_path / "ledger.jsonl"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        written = sum(pool.map(_append, [(str(ledger), w, 25) for w in range(4)]))
    lines = ledger.read_text(encoding="utf-8").splitlines()
    assert len(lines) == written == 100
    entries = [json.loads(line) for line in lines]
    assert {e["file"] for e in entries} == {f"w{w}-{i}.txt" for w in range(4) for i in range(25)}
    assert all(e["verdict"] == "pass" and e["policy"].startswith("cabq-social-media") for e in entries)


def ledger_line(day: str, author: str, severity: str, text: str) -> str:
    return json.dumps({"time": f"{day}T12:00:00+00:00", "file": f"{text}.md", "sha256": text, "account": "@ABQPolice",
                       "author": author, "scheduled": day, "verdict": "fail",
                       "findings": [{"rule": "attack.name-calling", "severity": severity, "criterion": "conduct"}],
                       "waivers": [], "postguard": "0.1.0", "policy": "cabq-social-media 1.0.0"})


def test_history_prescribes_the_second_step_only_for_a_second_offence_within_the_window(run_cli, tmp_path, policy):
    ledger = tmp_path / "ledger.jsonl"
    ledger.write_text("\n".join([
        ledger_line("2026-01-10", "j.doe", "error", "a"), ledger_line("2026-06-01", "j.doe", "error", "b"),
        ledger_line("2024-03-01", "k.ito", "error", "c"), ledger_line("2026-06-01", "k.ito", "error", "d"),
        ledger_line("2026-06-01", "k.ito", "error", "d"),  # the same draft screened again: one offence
    ]) + "\n", encoding="utf-8")
    from postguard.history import repeats
    from postguard.ledger import read
    from postguard.results import Severity

    found = {r.who: r for r in repeats(read(ledger).entries, policy)}
    second, first = policy.discipline.step(Severity.ERROR, 2), policy.discipline.step(Severity.ERROR, 1)
    assert found["j.doe"].count == 2 and found["j.doe"].step == second
    assert found["k.ito"].count == 1 and found["k.ito"].outside == 1 and found["k.ito"].step == first
    shown = run_cli("history", "--ledger", ledger, "--author", "k.ito").stdout
    assert "k.ito" in shown and "j.doe" not in shown and "+1 earlier" in shown
    assert "recommends" in shown  # postguard recommends; people decide


def test_check_can_write_the_ledger_too_and_a_damaged_line_is_named_not_dropped(run_cli, tmp_path):
    ledger = tmp_path / "l.jsonl"
    draft = tmp_path / "d.txt"
    draft.write_text("Only an idiot parks there.", encoding="utf-8")
    run_cli("check", "--ledger", ledger, draft)
    with ledger.open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    done = run_cli("history", "--ledger", ledger)
    assert done.returncode == 0 and f"{ledger}:2" in done.stderr and "critical" in done.stdout
