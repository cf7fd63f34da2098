from citegraph.corpus.ris import read_ris, split_records
from tests.corpus.helpers import by_title, read_fixture


def test_fields_dates_doi_and_html():
    papers, _ = read_fixture("refs.ris")
    gnn = by_title(papers)["GNNs for Über-Scale Sparse Graphs"]
    assert (gnn.date, gnn.doi, gnn.sources[0].line) == ("2020-07-15", "10.5555/gnn.2020.001", 1)
    assert gnn.venue == "Journal of Graph Learning"
    att = by_title(papers)["Attention Over Citation Graphs"]  # from T1
    assert att.abstract == "We apply attention over citation graphs & report gains."
    assert (att.id, att.date, att.sources[0].line) == ("att2018", "2018-11-02", 10)


def test_bad_records_are_skipped_with_their_line():
    _, skips = read_fixture("refs.ris")
    assert [(s.line, s.reason) for s in skips] == [
        (17, "record has no abstract"),
        (22, "RIS record has no 'ER  -' end tag; the file may be cut short"),
    ]


def test_text_outside_records_is_reported():
    text = "stray\nTY  - JOUR\nTI  - T\nAB  - A.\nER  - \n"
    out = list(read_ris("a.ris", text))
    assert str(out[0]) == "a.ris:1: text outside an RIS record: 'stray'"
    assert out[1].title == "T"
    assert [n for n, _ in split_records(text)] == [1, 2]
