"""Detoxify: download, verification, safe loading and prediction — all offline, on a tiny model."""
import json
import hashlib
import os
import pickle
import shutil
import socket

import pytest
from click.testing import CliRunner

from detoxify_fixtures import FileServer, build_tiny_model, spread_weights, write_registry, write_stock_checkpoint
from postguard.cli import main
from postguard.errors import ModelError
from postguard.models.store import ModelStore, load_registry
from postguard.models.store.store import read_checkpoint

torch = pytest.importorskip("torch")  # installed with the test extra; see pyproject.toml


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The tiny model's files laid out like the real hosts: the checkpoint, and hf/<model>/resolve/main/."""
    root = tmp_path_factory.mktemp("published")
    model, tokenizer, checkpoint = build_tiny_model(root / "build")
    (root / "releases").mkdir()
    shutil.copy(checkpoint, root / "releases" / checkpoint.name)
    hf_target = root / "hf" / "tiny-bert" / "resolve" / "main"
    hf_target.mkdir(parents=True)
    for name in ("config.json", "vocab.txt", "tokenizer.json", "tokenizer_config.json"):
        shutil.copy(root / "build" / "hf" / name, hf_target / name)
    return {"root": root, "model": model, "tokenizer": tokenizer, "checkpoint": checkpoint,
            "prefix": checkpoint.stem.rsplit("-", 1)[1], "sha256": hashlib.sha256(checkpoint.read_bytes()).hexdigest()}


@pytest.fixture
def server(tiny):
    with FileServer(tiny["root"]) as running:
        yield running


@pytest.fixture
def registry(tiny, server, tmp_path, monkeypatch):
    path = write_registry(tmp_path / "registry.json", f"{server.url}/releases/{tiny['checkpoint'].name}",
                          tiny["prefix"], f"{server.url}/hf", sha256=tiny["sha256"])
    monkeypatch.setenv("POSTGUARD_MODEL_REGISTRY", str(path))
    return path


@pytest.fixture
def models_dir(tmp_path, monkeypatch):
    folder = tmp_path / "models"
    monkeypatch.setenv("POSTGUARD_MODELS_DIR", str(folder))
    return folder


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails, as in an office with no internet."""
    def refuse(*args, **kwargs):
        raise OSError("network is unreachable (test)")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def pinned_check(tmp_path, text: str, *options):
    """`postguard check` of one draft with a config that pins the tiny Detoxify model."""
    draft = tmp_path / "d.txt"
    draft.write_text(text + "\n", encoding="utf-8")
    config = tmp_path / "pg.yaml"
    config.write_text("toxicity: {backend: detoxify, model: tiny}\n", encoding="utf-8")
    return CliRunner().invoke(main, ["check", "--no-cache", *options, "--config", str(config), str(draft)])


def reference_scores(tiny, texts):
    """What the tiny model itself says: sigmoid of its logits, as Detoxify computes them."""
    with torch.no_grad():
        batch = tiny["tokenizer"](texts, return_tensors="pt", padding=True, truncation=True)
        return torch.sigmoid(tiny["model"](**batch).logits).tolist()


def test_pull_downloads_verifies_converts_and_then_runs_offline(tiny, registry, models_dir, server, monkeypatch):
    calls = []
    store = ModelStore(models_dir, load_registry(registry))
    installed = store.pull("tiny", progress=lambda label, done, total: calls.append((label, done, total)))
    folder = models_dir / "detoxify" / "tiny"
    assert {p.name for p in folder.iterdir()} >= {tiny["checkpoint"].name, "hf", "model.safetensors",
                                                 "postguard-model.json", "manifest.json"}
    assert installed.labels == ("toxicity", "severe_toxicity", "obscene", "threat", "insult", "identity_attack")
    assert any(label == tiny["checkpoint"].name and done == total for label, done, total in calls)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert len(manifest["files"]["model.safetensors"]["sha256"]) == 64

    # from here on: no network at all
    monkeypatch.setattr(socket.socket, "connect", lambda *a, **k: (_ for _ in ()).throw(OSError("offline")))
    from postguard.models.toxicity import load_backend

    backend = load_backend("detoxify", models_dir, "tiny", quantize=False)
    texts = ["you are an idiot", "join us for a free movie night !", "", "the park is open today"]
    scores = backend.score(texts)
    expected = reference_scores(tiny, [t or " " for t in texts])
    for got, want in zip(scores, expected):
        assert list(got) == list(installed.labels)
        assert [round(v, 5) for v in got.values()] == [round(v, 5) for v in want]
    assert backend.name.startswith("detoxify tiny (tiny-bert, 6 labels") and "int8" not in backend.name

    default = load_backend("detoxify", models_dir, "tiny")  # on the CPU: dynamic int8
    assert default.name.endswith(", int8")
    for got, want in zip(default.score(texts), expected):
        assert max(abs(a - b) for a, b in zip(got.values(), want)) < 0.05


# Mixed lengths (1 to ~40 tokens), more than one of postguard's batches of 16 (which it sorts by
# length, where Detoxify keeps the order), capitals, punctuation, words not in the vocabulary, and
# an empty text.
PARITY_TEXTS = [
    "you are an idiot", "Join us for a FREE movie night!", "", "the park is open today. please avoid central ave.",
    "shut up", "You are STUPID . shut up !", "free movie night at the park today", "a",
    "Please avoid Central Ave today: the park is open, join us for a free movie night!",
    "idiot", "the park is open . the park is open . the park is open . the park is open . the park is open !",
    "Café’s “open” — today…", "you are an idiot , shut up", "please", "join us", "Avoid the stupid park.",
    "you are a free movie night", "central ave is open today , please join us for a movie", "!", "us",
]


@pytest.fixture(scope="module")
def stock_checkpoint(tiny, tmp_path_factory):
    """The tiny model (weights spread, see spread_weights) in the format Detoxify publishes, with
    the Hugging Face files that let stock Detoxify load it offline."""
    folder = tmp_path_factory.mktemp("stock")
    return write_stock_checkpoint(folder, spread_weights(tiny["model"]), tiny["tokenizer"])


def test_scores_equal_stock_detoxify_predict_on_the_same_checkpoint(stock_checkpoint, tmp_path, monkeypatch,
                                                                     no_network):
    """postguard's float path gives exactly what `detoxify.Detoxify(...).predict` gives for the
    same checkpoint file: same labels, same order, same probabilities (to 1e-5), for one text
    and for a batch of mixed lengths — both loaded offline (no_network)."""
    from detoxify import Detoxify

    from postguard.models.toxicity import load_backend

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    stock = Detoxify("original", checkpoint=str(stock_checkpoint),
                     huggingface_config_path=str(stock_checkpoint.parent / "hf"))
    digest = hashlib.sha256(stock_checkpoint.read_bytes()).hexdigest()
    monkeypatch.setenv("POSTGUARD_MODEL_REGISTRY", str(write_registry(
        tmp_path / "registry.json", f"https://example.invalid/releases/{stock_checkpoint.name}", digest[:8],
        "https://example.invalid/hf", sha256=digest)))
    ModelStore(tmp_path / "models").import_files("tiny", stock_checkpoint.parent)
    ours = load_backend("detoxify", tmp_path / "models", "tiny", quantize=False)

    expected = stock.predict(PARITY_TEXTS)  # {label: [score per text]}
    got = ours.score(PARITY_TEXTS)  # [{label: score} per text]
    assert list(expected) == list(ours.labels) == ["toxicity", "severe_toxicity", "obscene", "threat", "insult",
                                                    "identity_attack"]
    for i, scores in enumerate(got):
        assert list(scores) == list(expected)
        for label, value in scores.items():
            assert value == pytest.approx(expected[label][i], abs=1e-5), (PARITY_TEXTS[i], label)
    single = stock.predict(PARITY_TEXTS[0])  # one text: Detoxify returns plain floats
    assert ours.score(PARITY_TEXTS[:1])[0] == pytest.approx(single, abs=1e-5)

    # The comparison can fail: the scores differ from label to label and from text to text by far
    # more than 1e-5, so swapped labels or texts, or another squashing function, would show.
    rows = [[expected[label][i] for label in expected] for i in range(len(PARITY_TEXTS))]
    columns = list(zip(*rows))
    assert all(max(abs(a - b) for a, b in zip(columns[j], columns[k])) > 0.05
               for j in range(len(columns)) for k in range(j + 1, len(columns)))
    assert all(max(column) - min(column) > 0.05 for column in columns)
    assert all(0.05 < v < 0.95 for row in rows for v in row)  # not saturated: sigmoid's shape matters


def test_check_uses_detoxify_and_names_it_in_the_report(tiny, registry, models_dir, tmp_path, no_network):
    ModelStore(models_dir, load_registry(registry)).import_files("tiny", tiny["checkpoint"].parent)
    result = pinned_check(tmp_path, "Join us for a free movie night at the park today.", "--format", "json")
    doc = json.loads(result.stdout)
    assert doc["classifier"].startswith("detoxify tiny") and result.exit_code == 0, result.output
    assert doc["checks_not_run"] == []  # the tiny model scores every label the default rules use


def test_auto_chooses_detoxify_when_installed_and_embedded_when_not(tiny, registry, models_dir, no_network):
    from postguard.models.toxicity import describe_backend

    assert describe_backend("auto", models_dir, "tiny").kind == "embedded"
    ModelStore(models_dir, load_registry(registry)).import_files("tiny", tiny["checkpoint"].parent)
    assert describe_backend("auto", models_dir, "tiny").kind == "detoxify"
    assert describe_backend("embedded", models_dir, "tiny").kind == "embedded"


def test_pinned_detoxify_with_missing_files_exits_2_naming_the_install_command(registry, models_dir, tmp_path,
                                                                                no_network):
    result = pinned_check(tmp_path, "Hello.")
    assert result.exit_code == 2
    assert "Detoxify model 'tiny' is not installed" in result.output
    assert "postguard models pull tiny" in result.output and "Traceback" not in result.output


def test_hash_mismatch_is_refused_before_the_file_is_opened(tiny, registry, models_dir, server, tmp_path):
    marker = tmp_path / "pwned"
    evil = tiny["root"] / "releases" / tiny["checkpoint"].name
    good = evil.read_bytes()
    try:
        evil.write_bytes(pickle.dumps(Exploit(str(marker))))
        with pytest.raises(ModelError, match="does not match the registry"):
            ModelStore(models_dir, load_registry(registry)).pull("tiny")
    finally:
        evil.write_bytes(good)
    assert not marker.exists()
    assert not (models_dir / "detoxify" / "tiny" / "model.safetensors").exists()


class Exploit:
    """A pickle that runs code when loaded: it writes a marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_untrusted_checkpoint_is_loaded_weights_only_so_a_malicious_pickle_cannot_run(tmp_path):
    marker = tmp_path / "pwned"
    evil = tmp_path / "custom.ckpt"
    torch.save({"state_dict": {}, "payload": Exploit(str(marker))}, evil)
    with pytest.raises(ModelError, match="would run code from the file: refused"):
        read_checkpoint(evil, trusted=False)
    assert not marker.exists()


def test_interrupted_download_resumes_from_where_it_stopped(tiny, registry, models_dir, server):
    path = f"/releases/{tiny['checkpoint'].name}"
    server.cut_once[path] = 1000
    store = ModelStore(models_dir, load_registry(registry))
    with pytest.raises(ModelError, match="run the same command again to resume"):
        store.pull("tiny")
    part = models_dir / "detoxify" / "tiny" / (tiny["checkpoint"].name + ".part")
    assert part.exists() and part.stat().st_size == 1000
    store.pull("tiny")
    assert ("/releases/" + tiny["checkpoint"].name, "bytes=1000-") in server.requests
    assert not part.exists() and store.is_installed("tiny")


def test_verify_detects_a_changed_file_and_loading_refuses_it(tiny, registry, models_dir, no_network):
    store = ModelStore(models_dir, load_registry(registry))
    store.import_files("tiny", tiny["checkpoint"].parent)
    assert store.verify("tiny") == []
    weights = models_dir / "detoxify" / "tiny" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0xFF
    weights.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["models", "verify", "tiny"])
    assert result.exit_code == 2 and "model.safetensors has changed since it was installed" in result.output
    from postguard.models.toxicity import load_backend

    with pytest.raises(ModelError, match="changed since it was installed"):
        load_backend("detoxify", models_dir, "tiny")


def test_models_import_and_list_from_the_command_line(tiny, registry, models_dir, no_network):
    runner = CliRunner()
    before = runner.invoke(main, ["models", "list"], env={"NO_COLOR": "1"})
    assert "no — postguard models pull tiny" in before.output and "Apache" not in before.output
    imported = runner.invoke(main, ["models", "import", "tiny", str(tiny["checkpoint"].parent)])
    assert imported.exit_code == 0, imported.output
    after = runner.invoke(main, ["models", "list"], env={"NO_COLOR": "1"})
    tiny_row = next(line for line in after.output.splitlines() if line.startswith("│ tiny"))
    assert "yes: " in tiny_row and "test" in tiny_row
    assert runner.invoke(main, ["models", "verify"]).output.strip() == "verified: tiny"


def test_cuda_without_a_gpu_is_a_clear_error(tiny, registry, models_dir, tmp_path, no_network):
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    ModelStore(models_dir, load_registry(registry)).import_files("tiny", tiny["checkpoint"].parent)
    result = pinned_check(tmp_path, "Hello.", "--device", "cuda")
    assert result.exit_code == 2 and "no CUDA GPU" in result.output


def test_a_prefix_match_alone_never_unlocks_a_full_unpickle(tiny, server, tmp_path, models_dir, monkeypatch):
    """A checkpoint that matches only the registry's 8-digit prefix (32 bits: forged in minutes) is
    refused when it needs a full unpickle: its payload never runs and the file is not installed."""
    marker = tmp_path / "pwned"
    forged = tmp_path / "forged"
    forged.mkdir()
    payload = forged / "payload.ckpt"
    torch.save({"state_dict": {}, "payload": Exploit(str(marker))}, payload)
    prefix = hashlib.sha256(payload.read_bytes()).hexdigest()[:8]  # as if forged to the registry's prefix
    shutil.copytree(tiny["checkpoint"].parent / "hf", forged / "hf")
    named = forged / f"toxic_tiny-{prefix}.ckpt"
    payload.rename(named)
    path = write_registry(tmp_path / "prefix-only.json", f"{server.url}/releases/{named.name}", prefix, f"{server.url}/hf")
    store = ModelStore(models_dir, load_registry(path))
    with pytest.raises(ModelError, match="would run code from the file: refused"):
        store.import_files("tiny", forged)
    assert not marker.exists()
    assert not (models_dir / "detoxify" / "tiny" / "model.safetensors").exists()


def test_a_refused_download_is_not_left_in_the_models_folder(tiny, registry, models_dir, server):
    evil = tiny["root"] / "releases" / tiny["checkpoint"].name
    good = evil.read_bytes()
    try:
        evil.write_bytes(b"not the published checkpoint")
        with pytest.raises(ModelError, match="does not match the registry"):
            ModelStore(models_dir, load_registry(registry)).pull("tiny")
    finally:
        evil.write_bytes(good)
    assert not any((models_dir / "detoxify" / "tiny").glob("*.ckpt*"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.com/model.ckpt", "ftp://mirror/model.ckpt"])
def test_the_registry_accepts_only_https_downloads(tmp_path, url):
    path = write_registry(tmp_path / "registry.json", url, "abcdef12", "https://huggingface.co")
    with pytest.raises(ModelError, match="only https"):
        load_registry(path)
