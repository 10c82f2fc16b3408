import numpy as np
import pytest

from analysis.embeddings import (
    RESOURCE_PATH,
    ContextualEmbedder,
    JointEmbedder,
    StaticEmbedder,
    WordPieceTokenizer,
    contextual_available,
    default_embedder,
    load_static_vectors,
)


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


# -- MiniLM in context, and the two embedders side by side ---------------------------------------------------
def test_contextual_embedder_is_installed():
    # `make run` and `make test` install MiniLM; a missing package must fail here, not quietly degrade themes.
    assert contextual_available()


def test_contextual_embedder_shapes_norms_and_meaning():
    emb = ContextualEmbedder()
    x = emb.encode(
        ["My caseload is far too high", "I have too many cases to manage", "", "The car park is always full"]
    )
    assert x.shape == (4, ContextualEmbedder.dim) and x.dtype == np.float32
    assert np.allclose(np.linalg.norm(x[[0, 1, 3]], axis=1), 1, atol=1e-2)
    assert not x[2].any()  # empty text: zero vector, as with the static embedder
    assert x[0] @ x[1] > x[0] @ x[3] + 0.2
    assert emb.encode([]).shape == (0, ContextualEmbedder.dim)


def test_contextual_embedder_is_deterministic_and_precisions_agree():
    texts = ["Supervision is regular and useful", "The new case recording system is slow"]
    first = ContextualEmbedder(cache=False).encode(texts)
    assert np.array_equal(first, ContextualEmbedder(cache=False).encode(texts))
    full = ContextualEmbedder(precision="float32", cache=False).encode(texts)
    assert np.all(np.sum(first * full, axis=1) > 0.99)


def test_contextual_embedder_refuses_an_unknown_precision():
    with pytest.raises(ValueError, match="precision"):
        ContextualEmbedder(precision="int4").encode(["anything"])


def test_joint_embedder_weights_and_norms():
    joint = JointEmbedder((StaticEmbedder(), StaticEmbedder()), weights=(1.0, 0.0))
    x = joint.encode(["Parking is awful", ""])
    dim = StaticEmbedder().dim
    assert x.shape == (2, 2 * dim)
    assert np.isclose(np.linalg.norm(x[0]), 1, atol=1e-5) and not x[0, dim:].any()
    assert not x[1].any()
    assert not joint.contextual and JointEmbedder((ContextualEmbedder(), StaticEmbedder())).contextual


def test_default_embedder_is_contextual_up_to_its_limit():
    small = default_embedder(100, max_contextual=1000)
    assert isinstance(small, JointEmbedder) and small.contextual
    assert isinstance(default_embedder(1001, max_contextual=1000), StaticEmbedder)
