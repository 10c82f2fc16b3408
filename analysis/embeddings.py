"""Static sentence embeddings distilled from all-MiniLM-L6-v2, with no deep-learning stack at run time.

A text's vector is the weighted mean of per-token vectors looked up in a table shipped in
``analysis/resources/`` (built once by ``scripts/distill_embeddings.py``; provenance and licence in
``analysis/resources/README.md``). Tokenisation is the model's own uncased WordPiece, re-implemented here
in pure Python so that nothing beyond numpy/scipy is installed.
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


class StaticEmbedder:
    """Embed texts as L2-normalised weighted means of distilled MiniLM token vectors.

    ``encode`` returns float32 ``(n, dim)``; an empty text (or one with no known token) gives a zero row.
    With ``cache=True`` vectors are remembered per distinct text, which pays off when the same comments
    are embedded for fitting, assignment and tracking.
    """

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

    @functools.cached_property
    def _text_cache(self) -> dict[str, np.ndarray]:
        return {}

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
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            np.divide(out, norms, out=out, where=norms > 0)
        else:
            lengths = np.asarray(counts.sum(axis=1), dtype=np.float32)
            np.divide(out, lengths, out=out, where=lengths > 0)
        return out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Return a float32 array of shape ``(len(texts), dim)``."""
        texts = [t if isinstance(t, str) else "" for t in texts]
        if not self.cache:
            return self._embed(texts) if texts else np.zeros((0, self.dim), np.float32)
        store = self._text_cache
        missing = list(dict.fromkeys(t for t in texts if t not in store))
        if missing:
            for text, row in zip(missing, self._embed(missing), strict=True):
                store[text] = row
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.vstack([store[t] for t in texts]).astype(np.float32, copy=False)
