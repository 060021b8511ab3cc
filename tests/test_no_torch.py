"""A run that needs no torch never imports it, even where torch is installed (thinc would)."""
import os
import subprocess
import sys
import textwrap

from conftest import EXAMPLES, console_script


def fake_torch(tmp_path):
    """A stand-in `torch` package that leaves a marker file when anything imports it."""
    package = tmp_path / "fake" / "torch"
    package.mkdir(parents=True)
    marker = tmp_path / "torch-was-imported"
    package.joinpath("__init__.py").write_text(textwrap.dedent(f"""
        open({str(marker)!r}, "w").write("imported")
        raise ImportError("fake torch for the test")
    """), encoding="utf-8")
    return tmp_path / "fake", marker


def test_the_check_does_not_import_torch(tmp_path, isolated_models_dir):
    path, marker = fake_torch(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(path), "POSTGUARD_MODELS_DIR": str(isolated_models_dir)}
    result = subprocess.run([console_script(), "check", EXAMPLES / "02-movie-night.md"], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert not marker.exists(), "postguard imported torch although no torch backend was asked for"


def test_the_fake_torch_would_be_noticed_by_a_plain_spacy_import(tmp_path):
    """Control: without postguard's guard, importing spaCy reaches for torch (so the test above can fail)."""
    path, marker = fake_torch(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(path)}
    subprocess.run([sys.executable, "-c", "import spacy"], env=env, check=True, capture_output=True)
    assert marker.exists()


def _modules_after_a_check(draft) -> set[str]:
    """The modules a real `postguard check` has imported when it ends (run in a fresh process)."""
    script = textwrap.dedent(f"""
        import atexit, json, sys
        atexit.register(lambda: print(json.dumps(sorted(sys.modules))))
        from postguard.cli import main
        main(["check", "--no-cache", "--format", "json", {str(draft)!r}])
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    import json

    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_the_check_does_not_import_spacys_command_line_chain():
    """spaCy's CLI (typer, weasel, requests) costs start-up time and memory a check never uses."""
    modules = _modules_after_a_check(EXAMPLES / "02-movie-night.md")
    assert "spacy" in modules and "spacy.matcher" in modules  # the check really ran spaCy
    assert not {"spacy.cli", "typer", "weasel", "torch"} & modules


def test_a_plain_spacy_import_pulls_in_its_command_line_chain():
    """Control: without postguard's stand-ins, `import spacy` imports spacy.cli and typer."""
    script = "import sys; sys.modules['torch'] = None; import spacy; print('spacy.cli' in sys.modules, 'typer' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True"]


def test_spacys_command_line_still_works_after_postguard_loaded_spacy():
    script = ("from postguard.analysis.nlp import load_pipeline; load_pipeline(); "
              "import spacy, spacy.cli; print(callable(spacy.cli.download), callable(spacy.info))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True"]


def test_a_run_the_cache_answers_loads_no_model_and_no_analysis(tmp_path):
    """The second run over unchanged drafts reads every verdict from the cache: spaCy, the
    analysis and language identification are never imported (that is what makes it fast)."""
    draft = tmp_path / "d.txt"
    draft.write_text("Free flu shots on Saturday at the Westside Community Center.", encoding="utf-8")
    script = textwrap.dedent(f"""
        import atexit, json, os, sys
        os.environ["POSTGUARD_CACHE_DIR"] = {str(tmp_path / "cache")!r}
        atexit.register(lambda: print(json.dumps(sorted(sys.modules))))
        from postguard.cli import main
        main(["check", {str(draft)!r}])
    """)
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert first.returncode == again.returncode == 0 and "PASS" in again.stdout
    import json

    before = set(json.loads(first.stdout.strip().splitlines()[-1]))
    after = set(json.loads(again.stdout.strip().splitlines()[-1]))
    heavy = {"spacy", "postguard.analysis.analyzer", "lingua"}
    assert heavy <= before  # the first run really screened
    assert not heavy & after
