from hypothesis import given
from hypothesis import strategies as st

from citegraph.extract.normalise import display_name, singular, surface_key


def test_variants_share_a_key():
    keys = {
        surface_key(t)
        for t in ["Graph Neural Networks", "graph-neural network", "graph  neural networks"]
    }
    assert keys == {"graph neural network"}
    assert surface_key("GNNs") == surface_key("GNN") == "gnn"


def test_singular_keeps_words_that_only_look_plural():
    assert [singular(w) for w in ["loss", "analysis", "dynamics", "bias", "NAS", "data"]] == [
        "loss",
        "analysis",
        "dynamics",
        "bias",
        "NAS",
        "data",
    ]


def test_display_name_keeps_case():
    assert display_name("Vision Transformers") == "Vision Transformer"


@given(st.text(max_size=60))
def test_surface_key_is_idempotent_and_never_fails(text):
    key = surface_key(text)
    assert surface_key(key) == key
