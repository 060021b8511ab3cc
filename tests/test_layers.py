"""The design's layers hold: import contracts (import-linter), a light renderer import, and
every English word list or date format behind the English language module."""
import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "postguard"
LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def lint_imports(env=None):
    return subprocess.run([LINT_IMPORTS, "--config", str(ROOT / ".importlinter")], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=300)


def test_the_import_contracts_hold():
    done = lint_imports()
    assert done.returncode == 0, done.stdout[-2000:]
    assert "0 broken" in done.stdout


def test_a_renderer_importing_the_engine_breaks_a_contract(tmp_path):
    copy = tmp_path / "postguard"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.npz", "data"))
    with (copy / "report" / "json_report.py").open("a", encoding="utf-8") as f:
        f.write("\nfrom postguard.screening.engine import Screener  # a deliberate violation\n")
    done = lint_imports({"PYTHONPATH": str(tmp_path)})
    assert done.returncode == 1 and "BROKEN" in done.stdout
    assert "postguard.report.json_report -> postguard.screening.engine" in done.stdout


def test_a_renderer_loads_no_rules_analysis_models_or_spacy():
    code = ("import sys, postguard.report.json_report as r; "
            "print('\\n'.join(sorted(m for m in sys.modules if m.startswith(('postguard', 'spacy', 'torch', 'thinc')))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert "postguard.report.json_report" in loaded
    heavy = [m for m in loaded if m.startswith(("postguard.rules", "postguard.analysis", "postguard.models",
                                                 "postguard.screening", "postguard.policy", "spacy", "torch", "thinc"))]
    assert heavy == []


# Words and formats that belong to one language: they live in postguard/analysis/lang/<language>.py.
ENGLISH = re.compile(r"\b(?:january|february|april|june|july|august|september|october|november|december|monday|"
                     r"tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|noon|midnight|street|"
                     r"avenue|boulevard|evacuate)\b|\(\?:st\|nd\|rd\|th\)", re.IGNORECASE)


def _strings(tree: ast.AST):
    """String constants in code, not docstrings or comments (those may show examples)."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_no_english_word_list_or_date_format_outside_the_english_module():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent.name == "lang":
            continue
        for line, text in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if ENGLISH.search(text):
                found.append(f"{path.relative_to(PACKAGE)}:{line}: {text[:60]!r}")
    assert found == []


def test_readme_lists_every_rule_kind_as_the_kinds_describe_themselves():
    from postguard.cli.views import rule_kinds_markdown

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- rule-kinds:", 1)[1].split("-->", 1)[1].split("<!-- /rule-kinds -->")[0]
    assert block.strip() == rule_kinds_markdown().strip(), "run: postguard rules kinds, and paste it into README"
    assert "`reading_grade`" in block or "reading_grade" in block
