import numpy as np
import pytest
import scipy.sparse as sp
from _corpus import corpus

from citegraph.graph import schema as S
from citegraph.graph.build import assemble, build_graph
from citegraph.graph.citations import (
    add_cites,
    add_related,
    find_cites,
    link_related,
    related_columns,
    top_k_per_row,
)
from citegraph.graph.columns import sources_of


def cites(g):
    return sorted((u, v, d[S.VIA]) for u, v, k, d in g.edges(keys=True, data=True) if k == S.CITES)


def test_cites_points_from_user_to_introducer():
    docs = {"intro": ["NewNet", "ImageNet"], "user": ["NewNet"], "other": ["ImageNet"]}
    papers, ex, res = corpus(docs, introduced={"intro": {"NewNet"}})
    g = build_graph(papers, ex, res)
    found = add_cites(g, ex, res)
    assert cites(g) == [("paper:user", "paper:intro", "NewNet")]
    assert [(c.citing, c.cited, c.via) for c in found] == [
        ("paper:user", "paper:intro", ("NewNet",))
    ]


@pytest.mark.parametrize(
    ("intro_date", "user_date", "expected"),
    [
        ("2020-01-01", "2021-01-01", 1),
        ("2020-01-01", "2020-01-01", 1),
        ("2021-01-01", "2020-01-01", 0),  # the user is older: it cannot cite the introducer
        ("", "2020-01-01", 1),
        ("2021-01-01", "", 1),
    ],
)
def test_cites_date_rule(intro_date, user_date, expected):
    docs = {"intro": ["NewNet"], "user": ["NewNet"]}
    dates = {k: v for k, v in (("intro", intro_date), ("user", user_date)) if v}
    papers, ex, res = corpus(docs, dates=dates, introduced={"intro": {"NewNet"}})
    g = build_graph(papers, ex, res)
    assert len(add_cites(g, ex, res)) == expected == len(cites(g))


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        ({"a": "2019-05-01", "b": "2020-01-01"}, [("paper:user", "paper:a", "NewNet")]),
        ({"a": "2020-01-01", "b": "2020-01-01"}, []),  # a tie settles nothing
        ({"b": "2020-01-01"}, []),  # an undated claimant might be the first
    ],
)
def test_several_introducers_credit_the_earliest_or_no_one(dates, expected):
    docs = {"a": ["NewNet"], "b": ["NewNet"], "user": ["NewNet"]}
    papers, ex, res = corpus(docs, dates=dates, introduced={"a": {"NewNet"}, "b": {"NewNet"}})
    g = build_graph(papers, ex, res)
    add_cites(g, ex, res)
    assert [c for c in cites(g) if c[0] == "paper:user"] == expected


def test_ordinary_phrases_credit_no_one():
    docs = {"intro": ["neural network"], "user": ["neural network"]}
    papers, ex, res = corpus(docs, introduced={"intro": {"neural network"}})
    g = build_graph(papers, ex, res)
    assert add_cites(g, ex, res) == []


def test_top_k_per_row_by_hand():
    m = sp.csr_matrix(np.array([[0, 0.2, 0.9, 0.5], [0.1, 0, 0, 0], [0, 0, 0, 0]]))
    t = top_k_per_row(m, 2)
    assert sorted(zip(t.row.tolist(), t.col.tolist(), strict=True)) == [(0, 2), (0, 3), (1, 0)]


def test_top_k_per_row_breaks_ties_by_column_whatever_the_stored_order():
    # Row 0 stored with its columns unsorted, as sparse products leave them.
    m = sp.csr_matrix(
        (np.array([0.5, 0.5, 0.9, 0.7, 0.7]), np.array([3, 1, 2, 4, 0]), np.array([0, 3, 5])),
        shape=(2, 5),
    )
    t = top_k_per_row(m, 2)
    picked = list(zip(t.row.tolist(), t.col.tolist(), t.data.tolist(), strict=True))
    assert picked == [(0, 2, 0.9), (0, 1, 0.5), (1, 0, 0.7), (1, 4, 0.7)]


def test_related_top_k_and_label_weights():
    docs = {
        "a": ["ImageNet", "attention"],
        "b": ["ImageNet"],
        "c": ["attention"],
        "d": ["ImageNet", "attention", "BERT"],
        "e": ["Zeta"],
    }
    papers, ex, res = corpus(docs)
    g = build_graph(papers, ex, res)
    for key, label in (("imagenet", S.DATASET), ("attention", S.CONCEPT)):
        g.nodes[f"entity:{key}"][S.LABEL] = label
    n = add_related(g, k=1)
    related = {
        u: (v, d[S.SIMILARITY]) for u, v, k, d in g.edges(keys=True, data=True) if k == S.RELATED
    }
    assert n == len(related) == 4  # e shares nothing, so it has no RELATED edge
    # Cosine: d's extra Method dilutes what it shares with a, so a's nearest is b.
    assert related["paper:a"][0] == "paper:b"
    # b shares a Dataset with a and d, c only a Concept: b is nearer to a than c is.
    assert related["paper:b"][0] == "paper:a" and related["paper:c"][0] == "paper:a"
    assert related["paper:b"][1] > related["paper:c"][1]
    assert all(0 < s <= 1 for _, s in related.values())
    assert add_related(g, k=0) == 0


def test_related_keeps_at_most_k_per_paper():
    docs = {f"p{i}": ["ImageNet", f"M{i % 3}"] for i in range(8)}
    papers, ex, res = corpus(docs)
    g = build_graph(papers, ex, res)
    add_related(g, k=3)
    for p in papers:
        out = [k for _, _, k in g.out_edges(S.paper_node(p.id), keys=True) if k == S.RELATED]
        assert len(out) == 3


def test_links_found_from_columns_are_those_added_to_the_whole_graph():
    docs = {"p1": ["Alpha", "Beta"], "p2": ["Alpha", "Gamma"], "p3": ["Alpha", "Beta", "Delta"]}
    dates = {"p1": "2020-01-01", "p2": "2021-01-01", "p3": "2022-01-01"}
    papers, records, resolution = corpus(docs, dates=dates, introduced={"p1": {"Alpha"}})
    whole = assemble(papers, records, resolution)
    nodes_only = assemble(papers, records, resolution, edges=False)
    related = related_columns(nodes_only.graph, k=1, mentions=nodes_only.mentions)
    mentions = nodes_only.columns[0]
    found = find_cites(nodes_only.graph, records, resolution, mentioning=sources_of(mentions))
    assert nodes_only.graph.number_of_edges() == 0
    added = link_related(whole.graph, k=1, mentions=whole.mentions)
    assert list(related.edges()) == list(added.edges()) and len(added)
    assert found == add_cites(whole.graph, records, resolution) and found
