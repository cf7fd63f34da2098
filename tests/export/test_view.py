import networkx as nx
import pytest

from citegraph.config import ViewConfig
from citegraph.errors import ExportError
from citegraph.export.view import evidence_data, find_entity, select
from citegraph.graph import schema as S


def entity(graph, key, label, papers, aliases=(), **extra):
    graph.add_node(
        S.entity_node(key),
        **{
            S.LABEL: label,
            S.NAME: key,
            S.KEY: key,
            S.ALIASES: S.LIST_SEP.join(aliases or (key,)),
            S.PAPERS: papers,
            **extra,
        },
    )


def link(graph, a, b, weight):
    graph.add_edge(
        S.entity_node(a),
        S.entity_node(b),
        key=S.CO_OCCURS,
        **{S.TYPE: S.CO_OCCURS, S.WEIGHT: weight},
    )


def paper(graph, pid, title, abstract, mentions, date="2024-01-01"):
    node = S.paper_node(pid)
    graph.add_node(
        node,
        **{S.LABEL: S.PAPER, S.NAME: title, S.TITLE: title, S.DATE: date, S.ABSTRACT: abstract},
    )
    for key in mentions:
        graph.add_edge(
            node, S.entity_node(key), key=S.MENTIONS, **{S.TYPE: S.MENTIONS, S.WEIGHT: 1}
        )


@pytest.fixture
def graph():
    g = nx.MultiDiGraph()
    entity(g, "bert", S.METHOD, 3, ("BERT", "bert"))
    entity(g, "squad", S.DATASET, 2, ("SQuAD",))
    entity(g, "f1", S.METRIC, 1, ("F1", "F1 score"))
    entity(g, "gpt", S.METHOD, 1, ("GPT",))
    link(g, "bert", "squad", 2)
    link(g, "bert", "f1", 1)
    link(g, "f1", "squad", 1)
    link(g, "f1", "gpt", 1)
    paper(g, "p1", "BERT on SQuAD", "We fine-tune BERT. It reads SQuAD well.", ["bert", "squad"])
    paper(g, "p2", "Reading", "BERT scores F1 of 90 on SQuAD.", ["bert", "squad", "f1"])
    paper(g, "p3", "Other", "A survey mentions GPT and F1.", ["gpt", "f1"])
    return g


def test_top_entities_by_papers_and_edges_above_the_threshold(graph):
    sel = select(graph, ViewConfig(max_nodes=2, min_weight=1))
    assert sel.entities == [S.entity_node("bert"), S.entity_node("squad")]
    assert sel.edges == [(S.entity_node("bert"), S.entity_node("squad"), 2)]
    assert (sel.total_entities, sel.ranked_by) == (4, S.PAPERS)
    assert set(sel.papers) == {S.paper_node("p1"), S.paper_node("p2")}


def test_pagerank_ranks_entities_when_present(graph):
    nx.set_node_attributes(
        graph, {S.entity_node("gpt"): 0.9, S.entity_node("bert"): 0.1}, S.PAGERANK
    )
    sel = select(graph, ViewConfig(max_nodes=1))
    assert (sel.entities, sel.ranked_by) == ([S.entity_node("gpt")], S.PAGERANK)


def test_min_weight_and_max_edges_bound_the_links(graph):
    assert len(select(graph, ViewConfig(min_weight=2)).edges) == 1
    sel = select(graph, ViewConfig(max_edges=2))
    assert [w for *_, w in sel.edges] == [2, 1]
    assert sel.candidate_edges == 4


def test_ego_view_follows_links_to_the_given_depth(graph):
    one = select(graph, ViewConfig(ego="SQuAD", depth=1))
    assert set(one.entities) == {S.entity_node(k) for k in ("squad", "bert", "f1")}
    assert one.entities[0] == one.ego == S.entity_node("squad")
    two = select(graph, ViewConfig(ego="squad", depth=2))
    assert S.entity_node("gpt") in two.entities


@pytest.mark.parametrize("query", ["bert", "BERT", "entity:bert", " Bert "])
def test_find_entity_by_name_alias_or_key(graph, query):
    assert find_entity(graph, query) == S.entity_node("bert")


def test_find_entity_suggests_close_names(graph):
    with pytest.raises(ExportError, match=r"--ego 'berd': no entity .* did you mean 'bert'"):
        find_entity(graph, "berd")


def test_evidence_cites_sentences_naming_both_ends(graph):
    sel = select(graph, ViewConfig())
    data = evidence_data(graph, sel, max_evidence=5)
    i = sel.edges.index((S.entity_node("bert"), S.entity_node("squad"), 2))
    cited = dict(data["edges"][i]["papers"])
    # p2 names both in one sentence; p1 only in separate ones.
    assert [idx for idx, _ in cited[S.paper_node("p2")]] == [1]
    [[_, spans]] = cited[S.paper_node("p2")]
    sentence = data["papers"][S.paper_node("p2")]["sentences"]["1"]
    assert [sentence[s:e] for s, e, _ in spans] == ["BERT", "SQuAD"]
    assert data["entities"][S.entity_node("f1")]["aliases"] == ["f1", "F1", "F1 score"]


def test_evidence_is_bounded_per_edge(graph):
    sel = select(graph, ViewConfig())
    data = evidence_data(graph, sel, max_evidence=1)
    assert all(len(e["papers"]) <= 1 for e in data["edges"])
    assert data["edges"][0]["paperCount"] == 2


def test_links_among_chosen_entities_match_a_scan_of_every_neighbour(graph):
    from citegraph.export.view import co_occurring

    for among in ({S.entity_node("squad")}, {S.entity_node(k) for k in ("squad", "f1", "gpt")}):
        for key in ("bert", "f1"):
            node = S.entity_node(key)
            every = [(o, w) for o, w in co_occurring(graph, node, 1) if o in among]
            assert sorted(co_occurring(graph, node, 1, among=among)) == sorted(every)


def test_papers_of_an_entity_in_one_shared_order(graph):
    from citegraph.export.evidence import paper_order, papers_of

    paper(graph, "p4", "Newest", "BERT again.", ["bert"], date="2025-02-01")
    paper(graph, "p0", "Alpha", "BERT first.", ["bert"])
    order = paper_order(graph)
    expected = [S.paper_node(p) for p in ("p4", "p0", "p1", "p2")]
    assert papers_of(graph, S.entity_node("bert")) == expected
    assert papers_of(graph, S.entity_node("bert"), order) == expected
