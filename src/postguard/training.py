"""Train the conduct model from the team's corpus: `python -m postguard.training`.

Reads training/<lang>/*.jsonl (drafts the team wrote: see training/README.md), folds each text
the way screening does, marks people's names with the spaCy pipeline, and fits two logistic
regressions on words, word pairs and character n-grams: inappropriate or not, and which
conduct category. Writes src/postguard/conduct/data/conduct-<lang>.{npz,json}. The same corpus
gives the same bytes: rows are sorted, the solver is deterministic, weights are rounded, and
the archive carries no timestamps.

The shared evaluation sets (../shared/data) are never read here: they measure the model
(benchmarks/quality.py), they do not train or tune it.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import json
import sys
import zipfile
from pathlib import Path

from postguard.models.conduct.features import features
from postguard.models.conduct.model import FORMAT, MODEL_DIR
from postguard.analysis.normalize import normalize

LABELS = ("appropriate", "inappropriate")
MIN_DOCUMENTS = 2  # a feature seen in one draft only is the draft's wording, not a pattern
C_GRID = (1.0, 3.0, 10.0)  # inverse regularisation strengths that cross-validation compares
C = 10.0  # the one the shipped model uses: the best of C_GRID in cross-validation (conduct-<lang>.cv.json)
FOLDS = 5
SEED = 0


def load_taxonomy(root: Path) -> dict:
    import yaml

    return yaml.safe_load((root / "taxonomy.yaml").read_text(encoding="utf-8"))


def load_rows(root: Path, language: str, taxonomy: dict) -> list[dict]:
    """Every labelled row of training/<language>/, checked, in a stable order."""
    conduct, appropriate = set(taxonomy["conduct"]), set(taxonomy["appropriate"])
    rows = []
    for path in sorted((root / language).glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                row = json.loads(line)
            except ValueError as exc:
                raise SystemExit(f"{where}: not valid JSON ({exc})")
            label, category = row.get("label"), row.get("category")
            allowed = conduct if label == "inappropriate" else appropriate if label == "appropriate" else None
            if allowed is None or category not in allowed or not str(row.get("text", "")).strip():
                raise SystemExit(f"{where}: needs text, label (appropriate|inappropriate) and a category "
                                 f"from training/taxonomy.yaml (got label={label!r}, category={category!r})")
            row["_where"] = where
            rows.append(row)
    return sorted(rows, key=lambda r: (str(r.get("id")), r["text"]))


def featurize(rows: list[dict], nlp) -> list[list[str]]:
    texts = [normalize(row["text"]).text for row in rows]
    result = []
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=256)):
        names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        result.append([f for f, _ in features(text, names)])
    return result


def build_matrix(featurized: list[list[str]], vocabulary: list[str] | None = None):
    """TF-IDF matrix (sub-linear tf, smooth idf, L2 rows) exactly as ConductModel computes it."""
    import numpy as np
    from scipy.sparse import csr_matrix

    if vocabulary is None:
        df: dict[str, int] = {}
        for found in featurized:
            for f in set(found):
                df[f] = df.get(f, 0) + 1
        vocabulary = sorted(f for f, n in df.items() if n >= MIN_DOCUMENTS)
    index = {f: i for i, f in enumerate(vocabulary)}
    rows, cols, counts = [], [], []
    for r, found in enumerate(featurized):
        tally: dict[int, int] = {}
        for f in found:
            if (j := index.get(f)) is not None:
                tally[j] = tally.get(j, 0) + 1
        for j, c in sorted(tally.items()):
            rows.append(r)
            cols.append(j)
            counts.append(c)
    counts_matrix = csr_matrix((np.array(counts, dtype=np.float64), (rows, cols)),
                               shape=(len(featurized), len(vocabulary)))
    return counts_matrix, vocabulary


def tfidf(counts_matrix, idf):
    import numpy as np
    from sklearn.preprocessing import normalize as l2

    m = counts_matrix.copy()
    m.data = 1.0 + np.log(m.data)
    return l2(m.multiply(idf).tocsr())


def document_frequency_idf(counts_matrix):
    import numpy as np

    n = counts_matrix.shape[0]
    df = np.bincount(counts_matrix.indices, minlength=counts_matrix.shape[1])
    return np.log((1 + n) / (1 + df)) + 1.0


def fit(x, y_binary, y_category, categories, c: float):
    from sklearn.linear_model import LogisticRegression

    # No intercept: a draft earns its score from its words. With one, the intercept soaks up the
    # corpus's share of bad drafts and every word a real post has that the corpus lacks (a
    # British spelling, a hashtag, a name) leaves the score at that share — "unknown" reads as "bad".
    binary = LogisticRegression(C=c, class_weight="balanced", solver="lbfgs", max_iter=3000, fit_intercept=False)
    binary.fit(x, y_binary)
    bad = y_binary == 1
    category = LogisticRegression(C=c, solver="lbfgs", max_iter=2000)
    category.fit(x[bad], y_category[bad])
    assert list(category.classes_) == list(range(len(categories)))
    return binary, category


def cross_validate(counts_matrix, featurized, y_binary, y_category, groups, categories, c: float) -> dict:
    """Folds by corpus file (a slice of account types and topics, written by one hand), so each
    fold tests on topics and wording the model never saw — and a draft's twin is never in it."""
    import numpy as np
    from sklearn.metrics import roc_auc_score
    from sklearn.model_selection import GroupKFold

    scores = np.zeros(len(y_binary))
    predicted = np.zeros(len(y_binary), dtype=int)
    for train, test in GroupKFold(n_splits=FOLDS).split(counts_matrix, y_binary, groups):
        fold_counts, vocabulary = build_matrix([featurized[i] for i in train])
        idf = document_frequency_idf(fold_counts)
        test_counts, _ = build_matrix([featurized[i] for i in test], vocabulary)
        binary, category = fit(tfidf(fold_counts, idf), y_binary[train], y_category[train], categories, c)
        x_test = tfidf(test_counts, idf)
        scores[test] = binary.predict_proba(x_test)[:, 1]
        predicted[test] = category.predict(x_test)
    bad = y_binary == 1
    good_scores = np.sort(scores[~bad])
    at_5 = float(good_scores[int(0.95 * (len(good_scores) - 1))])
    at_1 = float(good_scores[int(0.99 * (len(good_scores) - 1))])
    return {"c": c, "roc_auc": round(float(roc_auc_score(y_binary, scores)), 4),
            "recall_at_5pct_fp": round(float((scores[bad] > at_5).mean()), 4),
            "score_at_5pct_fp": round(at_5, 4), "score_at_1pct_fp": round(at_1, 4),
            "recall_at_1pct_fp": round(float((scores[bad] > at_1).mean()), 4),
            "category_accuracy": round(float((predicted[bad] == y_category[bad]).mean()), 4),
            "recall_at_0.5": round(float((scores[bad] >= 0.5).mean()), 4),
            "false_positive_rate_at_0.5": round(float((scores[~bad] >= 0.5).mean()), 4)}


class Corpus:
    """The rows of one language, featurized once, with their labels."""

    def __init__(self, root: Path, language: str, nlp=None, say=lambda *a: None):
        import numpy as np

        taxonomy = load_taxonomy(root)
        self.categories = list(taxonomy["conduct"])
        self.rows = load_rows(root, language, taxonomy)
        if not self.rows:
            raise SystemExit(f"no training rows in {root / language}")
        if nlp is None:
            from postguard.analysis.nlp import load_pipeline, pipeline_for

            nlp = load_pipeline(pipeline_for(language))  # the pipeline screening reads this language with
        say(f"{len(self.rows)} rows; folding and marking names ...")
        self.featurized = featurize(self.rows, nlp)
        self.y_binary = np.array([LABELS.index(r["label"]) for r in self.rows])
        self.y_category = np.array([self.categories.index(r["category"]) if r["label"] == "inappropriate" else 0
                                    for r in self.rows])
        files = [r["_where"].rsplit(":", 1)[0] for r in self.rows]
        if len(set(files)) >= FOLDS:
            self.grouped_by = "corpus file"
            self.groups = np.array(files)
        else:  # too few files to fold by: by contrastive pair, so a draft's twin is never in its test fold
            self.grouped_by = "pair"
            self.groups = np.array([str(r.get("pair") or r.get("id") or r["_where"]) for r in self.rows])

    @property
    def sha256(self) -> str:
        return hashlib.sha256("\n".join(json.dumps({k: v for k, v in r.items() if k != "_where"}, sort_keys=True)
                                        for r in self.rows).encode()).hexdigest()


def cross_validation(corpus: Corpus, say=lambda *a: None) -> dict:
    """The figures of every C in C_GRID, folds grouped by corpus file."""
    counts_matrix, _ = build_matrix(corpus.featurized)
    grid = []
    for c in C_GRID:
        grid.append(cross_validate(counts_matrix, corpus.featurized, corpus.y_binary, corpus.y_category,
                                   corpus.groups, corpus.categories, c))
        say(f"  C={c:g}: {grid[-1]}")
    return {"folds": FOLDS, "grouped_by": corpus.grouped_by, "rows": len(corpus.rows), "corpus_sha256": corpus.sha256,
            "grid": grid, "best_c": max(grid, key=lambda r: (r["roc_auc"], -r["c"]))["c"], "shipped_c": C}


def train(root: Path, language: str, out: Path, nlp=None, quiet: bool = False, corpus: Corpus | None = None) -> dict:
    """Fit the shipped model on the whole corpus and write it to `out`: the same corpus, the same bytes."""
    import numpy as np

    say = (lambda *a: None) if quiet else (lambda *a: print(*a, file=sys.stderr))
    corpus = corpus or Corpus(root, language, nlp, say)
    rows, categories, y_binary = corpus.rows, corpus.categories, corpus.y_binary
    counts_matrix, vocabulary = build_matrix(corpus.featurized)
    idf = document_frequency_idf(counts_matrix)
    binary, category = fit(tfidf(counts_matrix, idf), y_binary, corpus.y_category, categories, C)
    arrays = {
        "idf": idf,
        "binary_coef": binary.coef_[0],
        "binary_intercept": binary.intercept_,
        "category_coef": category.coef_,
        "category_intercept": category.intercept_,
    }
    blob = _npz_bytes({k: np.round(v, 6).astype(np.float32) for k, v in arrays.items()})
    corpus_hash = corpus.sha256
    weights_hash = hashlib.sha256(blob).hexdigest()
    meta = {
        "format": FORMAT,
        "language": language,
        "version": weights_hash[:12],
        "weights_sha256": weights_hash,
        "categories": categories,
        "trained_on": {"rows": len(rows), "corpus_sha256": corpus_hash,
                       "by_label": {label: int((y_binary == i).sum()) for i, label in enumerate(LABELS)},
                       "features": len(vocabulary), "min_documents": MIN_DOCUMENTS, "c": C},
        "vocabulary": vocabulary,
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / f"conduct-{language}.npz").write_bytes(blob)
    (out / f"conduct-{language}.json").write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")),
                                                  encoding="utf-8")
    say(f"wrote {out / f'conduct-{language}.npz'} ({len(blob):,} bytes, sha256 {weights_hash[:16]}…), "
        f"{len(vocabulary):,} features")
    return meta


def _npz_bytes(arrays: dict) -> bytes:
    """An .npz archive with fixed entry times, so the same weights give the same bytes."""
    import numpy as np

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(arrays):
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = io.BytesIO()
            np.lib.format.write_array(data, np.ascontiguousarray(arrays[name]), allow_pickle=False)
            archive.writestr(entry, data.getvalue())
    return buffer.getvalue()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m postguard.training", description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("training"), help="the corpus folder (default: training)")
    parser.add_argument("--language", default="en")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the model files")
    parser.add_argument("--no-cross-validation", action="store_true",
                        help="only fit the model (cross-validation takes a few minutes)")
    args = parser.parse_args(argv)
    say = lambda *a: print(*a, file=sys.stderr)  # noqa: E731
    corpus = Corpus(args.corpus, args.language, say=say)
    train(args.corpus, args.language, args.out, corpus=corpus)
    if not args.no_cross_validation:
        report = cross_validation(corpus, say)
        path = args.out / f"conduct-{args.language}.cv.json"
        path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        say(f"wrote {path}: best C {report['best_c']:g} (shipped: {C:g})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
