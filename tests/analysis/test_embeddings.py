import numpy as np
import pytest

from analysis.embeddings import RESOURCE_PATH, StaticEmbedder, WordPieceTokenizer, load_static_vectors


def test_resource_is_shipped_with_provenance():
    assert RESOURCE_PATH.exists()
    table = load_static_vectors()
    assert table.vectors.dtype == np.float32
    assert table.vectors.shape[0] == len(table.vocab)
    assert "all-MiniLM-L6-v2" in table.metadata["source_model"]
    assert table.metadata["licence"] == "Apache-2.0"


def test_encode_shapes_and_norms():
    emb = StaticEmbedder()
    x = emb.encode(["The supervision was really useful", "", "Parking is awful"])
    assert x.shape == (3, emb.dim) and x.dtype == np.float32
    assert np.allclose(np.linalg.norm(x[[0, 2]], axis=1), 1, atol=1e-5)
    assert not x[1].any()  # empty text: zero vector, not NaN
    assert emb.encode([]).shape == (0, emb.dim)


def test_similar_texts_are_closer():
    emb = StaticEmbedder()
    a, b, c = emb.encode(
        ["my laptop keeps crashing", "the computer freezes all the time", "supervision is helpful"]
    )
    assert a @ b > a @ c


def test_cache_gives_identical_vectors_and_unnormalised_mode():
    emb = StaticEmbedder()
    first = emb.encode(["caseloads are too high"])
    assert np.array_equal(first, emb.encode(["caseloads are too high"]))
    raw = StaticEmbedder(normalize=False, cache=False).encode(["caseloads are too high"])
    assert np.allclose(raw / np.linalg.norm(raw), first, atol=1e-5)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Caseloads!!", ["case", "##load", "##s", "!", "!"]),
        ("Café naïve", ["cafe", "naive"]),
        ("don't", ["don", "'", "t"]),
        ("x" * 150, ["[UNK]"]),
    ],
)
def test_wordpiece_matches_bert_uncased(text, expected):
    table = load_static_vectors()
    tok = WordPieceTokenizer(table.vocab, table.unk_id)
    inverse = {i: t for t, i in table.vocab.items()}
    assert [inverse[i] for i in tok.encode(text)] == expected
