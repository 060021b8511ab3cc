"""The embedded classifier computes exactly what alt-profanity-check computes, without scikit-learn."""
import subprocess
import sys

import numpy as np
import pytest

from postguard.models.toxicity.embedded import EmbeddedClassifier

SENTENCES = [
    "Join us for a free movie night at Tingley Beach.",
    "Shut up, you worthless idiot.",
    "What a load of crap.",
    "Please avoid Central Ave while crews repair a water main.",
    "",
    "zzzz qqqq",  # no known words at all
    "Damn damn damn, the the the road is closed",  # repeated words: term frequency matters
]


def test_scores_match_the_package_predict_prob(tmp_path):
    profanity_check = pytest.importorskip("profanity_check")
    ours = EmbeddedClassifier.load(tmp_path)
    expected = profanity_check.predict_prob(SENTENCES)
    got = [s["toxicity"] for s in ours.score(SENTENCES)]
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)
    assert got[1] > 0.9 > got[0]


def test_converted_model_is_cached_and_reloaded_without_scikit_learn(tmp_path):
    EmbeddedClassifier.load(tmp_path)  # converts once
    folder = next((tmp_path / "embedded").iterdir())
    assert {p.name for p in folder.iterdir()} == {"weights.npz", "vocabulary.json"}
    code = ("import sys; from postguard.models.toxicity.embedded import EmbeddedClassifier as E; "
            f"c = E.load({str(tmp_path)!r}); print(round(c.score(['you idiot'])[0]['insult'], 6)); "
            "print('sklearn' in sys.modules, 'profanity_check' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert float(out[0]) > 0.9
    assert out[1:] == ["False", "False"]


def test_unwritable_models_dir_still_works(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the models folder should be", encoding="utf-8")  # even root cannot mkdir here
    classifier = EmbeddedClassifier.load(blocked)
    assert classifier.score(["you idiot"])[0]["toxicity"] > 0.9


def test_labels_it_stands_in_for_are_declared():
    assert set(EmbeddedClassifier.labels) == {"toxicity", "insult", "obscene"}


def test_the_packages_pickles_are_opened_only_when_their_hashes_match(tmp_path, monkeypatch):
    """Unpickling runs code: a model file that differs by one byte from the pinned hash, or a
    version with no pinned hashes, is refused with one line naming the fix — never opened."""
    from postguard.errors import ModelError
    from postguard.models.toxicity import embedded

    monkeypatch.delitem(sys.modules, "profanity_check.profanity_check", raising=False)
    version = embedded._package_version()
    wrong = {name: "0" * 64 for name in embedded.PICKLE_SHA256[version]}
    monkeypatch.setitem(embedded.PICKLE_SHA256, version, wrong)
    with pytest.raises(ModelError, match="does not match its pinned sha256"):
        EmbeddedClassifier.load(tmp_path / "a")
    assert "profanity_check.profanity_check" not in sys.modules  # refused before the package ran
    monkeypatch.setattr(embedded, "_package_version", lambda: "0.0.1")  # a version postguard does not know
    with pytest.raises(ModelError, match="no pinned hashes") as refused:
        EmbeddedClassifier.load(tmp_path / "b")
    assert "pip install alt-profanity-check==" in refused.value.one_line()
