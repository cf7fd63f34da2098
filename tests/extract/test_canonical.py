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


def test_most_frequent_long_form_wins_and_cycles_stop():
    r = EntityResolver()
    r.add(
        PaperMentions(
            "a",
            (_m("NN"),),
            (
                Abbreviation("NN", "neural network"),
                Abbreviation("NN", "nearest neighbour"),
                Abbreviation("NN", "neural network"),
            ),
        )
    )
    assert r.finish().key_of["nn"] == "neural network"
