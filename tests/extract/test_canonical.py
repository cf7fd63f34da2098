from citegraph.extract.canonical import EntityResolver
from citegraph.model import Abbreviation, Mention, PaperMentions


def _m(text, label="METHOD"):
    return Mention(text, label, 0, len(text), 0)


def test_acronym_defined_once_resolves_everywhere():
    r = EntityResolver()
    r.add(
        PaperMentions(
            "a",
            (_m("graph neural networks"), _m("GNNs", "CONCEPT")),
            (Abbreviation("GNNs", "graph neural networks"),),
        )
    )
    r.add(
        PaperMentions(
            "b", (_m("GNN", "CONCEPT"), _m("Graph-Neural Network"), _m("graph neural networks"))
        )
    )
    res = r.finish()
    assert set(res.entities) == {"graph neural network"}
    entity = res.entities["graph neural network"]
    assert entity.label == "Method"
    assert entity.name == "graph neural network"
    assert entity.aliases == ("GNN", "GNNs", "Graph-Neural Network", "graph neural networks")


def test_concept_is_the_fallback_label():
    r = EntityResolver()
    r.add(
        PaperMentions(
            "a",
            (
                _m("loss landscape", "CONCEPT"),
                _m("loss landscape", "CONCEPT"),
                _m("loss landscape", "METHOD"),
            ),
        )
    )
    assert r.finish().entities["loss landscape"].label == "Method"
    r.add(PaperMentions("b", (_m("loss landscape", "CONCEPT"),) * 3))
    assert r.finish().entities["loss landscape"].label == "Concept"


def test_most_frequent_long_form_wins_where_a_paper_defines_nothing():
    r = EntityResolver()
    r.add(PaperMentions("a", (_m("NN"),), (Abbreviation("NN", "neural network"),)))
    r.add(PaperMentions("b", (_m("NN"),), (Abbreviation("NN", "neural network"),)))
    r.add(PaperMentions("c", (_m("NN"),), (Abbreviation("NN", "nearest neighbour"),)))
    r.add(PaperMentions("d", (_m("NN"),)))
    res = r.finish()
    assert res.key_of["nn"] == "neural network"
    assert res.entity_key(_m("NN"), "d") == "neural network"


def test_a_paper_own_definition_wins_over_the_corpus():
    r = EntityResolver()
    for pid in ("a", "b"):
        r.add(
            PaperMentions(
                pid,
                (_m("counter-current learning"), _m("CCL")),
                (Abbreviation("CCL", "counter-current learning"),),
            )
        )
    r.add(
        PaperMentions(
            "c",
            (_m("cyclical curriculum learning"), _m("CCL")),
            (Abbreviation("CCL", "cyclical curriculum learning"),),
        )
    )
    res = r.finish()
    assert res.entity_key(_m("CCL"), "c") == "cyclical curriculum learning"
    assert res.entity_key(_m("CCL"), "a") == "counter current learning"
    assert res.entities["cyclical curriculum learning"].aliases == (
        "CCL",
        "cyclical curriculum learning",
    )
