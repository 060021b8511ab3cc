import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "drafts"


@pytest.fixture(scope="session", autouse=True)
def isolated_models_dir(tmp_path_factory):
    """Tests never touch the user's model or results cache, nor pick up a stray config."""
    path = tmp_path_factory.mktemp("models")
    saved = {k: os.environ.get(k) for k in ("POSTGUARD_MODELS_DIR", "POSTGUARD_CACHE_DIR")}
    os.environ["POSTGUARD_MODELS_DIR"] = str(path)
    os.environ["POSTGUARD_CACHE_DIR"] = str(tmp_path_factory.mktemp("findings-cache"))
    yield path
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def not_in_github_actions(monkeypatch):
    """The CLI picks GitHub annotations under GitHub Actions; tests choose formats themselves."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)


@pytest.fixture(scope="session")
def policy():
    from postguard import load_policy

    return load_policy()


@pytest.fixture(scope="session")
def screener(policy, isolated_models_dir):
    from postguard import Screener

    return Screener(policy)


@pytest.fixture
def screen(screener):
    """Screen one text (with optional front matter fields) and return its verdict."""
    from postguard.inputs import make_draft

    def _screen(text, **meta):
        return screener.screen([make_draft(text, "test.md", meta)])[0]
    return _screen


def console_script() -> str:
    """The installed `postguard` console script next to this interpreter."""
    script = Path(sys.executable).with_name("postguard")
    assert script.exists(), f"postguard is not installed in {sys.prefix}: pip install -e '.[test]'"
    return str(script)


@pytest.fixture
def run_cli(isolated_models_dir):
    """Run the real console script in a subprocess; returns CompletedProcess with text output."""
    def _run(*args, stdin: str | None = None, env: dict | None = None, cwd=None):
        full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
        full_env.pop("GITHUB_ACTIONS", None)
        return subprocess.run([console_script(), *map(str, args)], input=stdin, capture_output=True, text=True,
                              env=full_env, cwd=cwd, timeout=120)
    return _run
