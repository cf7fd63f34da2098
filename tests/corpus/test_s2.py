from tests.corpus.helpers import read_fixture


def test_graph_api_and_snapshot_records():
    papers, skips = read_fixture("s2.jsonl")
    api, snap = papers
    assert (api.id, api.doi, api.arxiv_id, api.date) == (
        "a1b2c3",
        "10.8888/rag.code",
        "2302.04444",
        "2023-02-10",
    )
    assert (api.authors, api.venue) == (("Kim Lee",), "ICSE")
    assert (snap.id, snap.arxiv_id, snap.date, snap.doi) == ("987", "2001.00002", "2020", "")
    assert [(s.line, s.reason) for s in skips] == [(3, "record has no abstract")]
