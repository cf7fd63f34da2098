from _corpus import corpus

from citegraph.graph import schema as S
from citegraph.graph.build import build_graph
from citegraph.graph.time import annotate_time

DOCS = {
    "old1": ["Alpha", "Beta"],
    "old2": ["Beta"],
    "new1": ["Alpha", "Beta"],
    "new2": ["Alpha"],
    "nodate": ["Alpha", "Gamma"],
}
DATES = {"old1": "2019-01-10", "old2": "2020-06-01", "new1": "2021-02-01", "new2": "2021-06-30"}


def test_first_and_last_seen():
    g = build_graph(*corpus(DOCS, dates=DATES))
    annotate_time(g)
    a, b, c = (g.nodes[f"entity:{n}"] for n in ("alpha", "beta", "gamma"))
    assert (a[S.FIRST_SEEN], a[S.LAST_SEEN]) == ("2019-01-10", "2021-06-30")
    assert (b[S.FIRST_SEEN], b[S.LAST_SEEN]) == ("2019-01-10", "2021-02-01")
    assert (c[S.FIRST_SEEN], c[S.LAST_SEEN]) == ("", "")


def test_rising_compares_last_twelve_months_with_before():
    g = build_graph(*corpus(DOCS, dates=DATES))
    r = annotate_time(g)
    assert (r.newest, r.period_start) == ("2021-06-30", "2020-06-30")
    # Alpha: 2 papers after 2020-06-30, 1 before; Beta: 1 after, 2 before.
    assert r.rising == [{"entity": "Alpha", "label": S.METHOD, "recent": 2, "before": 1}]


def test_no_dates_no_rising():
    g = build_graph(*corpus(DOCS))
    r = annotate_time(g)
    assert r.rising == [] and r.newest == ""
    assert all(d.get(S.FIRST_SEEN, "") == "" for _, d in g.nodes(data=True))
