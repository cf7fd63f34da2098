from citegraph.corpus.openalex import rebuild_abstract
from tests.corpus.helpers import by_title, read_fixture


def test_inverted_index_rebuilt_in_word_order():
    papers, _ = read_fixture("works.jsonl")
    p = by_title(papers)["Sparse Attention for Long Documents"]
    assert p.abstract == "We make attention sparse so that long attention scales to long documents."
    assert (p.id, p.doi, p.date) == ("W2001", "10.7777/sparse.1", "2022-05-17")
    assert (p.authors, p.venue) == (("Ada Byron",), "Journal of Long Texts")


def test_display_name_html_and_arxiv_location():
    papers, _ = read_fixture("works.jsonl")
    assert by_title(papers)["Display Name Only Work"].abstract == "A Title from display_name."
    html = by_title(papers)["An HTML & JATS Work"]
    assert (html.abstract, html.arxiv_id) == ("Tags & entities", "2103.01234")


def test_missing_abstract_and_truncated_line_skipped():
    _, skips = read_fixture("works.jsonl")
    assert [(s.line, s.reason.split(" (")[0]) for s in skips] == [
        (3, "record has no abstract"),
        (5, "invalid JSON"),
    ]


def test_rebuild_ignores_bad_positions():
    assert rebuild_abstract({"a": [1, -1, "x", True], "b": [0], "c": "nope"}) == "b a"
    assert rebuild_abstract({"a": [10**12]}) == ""
