from citegraph.corpus.tabular import read_csv
from tests.corpus.helpers import read_fixture


def test_column_mapping_reads_any_header():
    columns = {"title": "Paper Title", "abstract": "Summary", "date": "Year", "doi": "DOI"}
    papers, skips = read_fixture("papers.tsv", columns=columns)
    assert [(p.title, p.date, p.doi, p.sources[0].line) for p in papers] == [
        ("Tabular Graph Learning", "2019", "10.4444/tab", 2)
    ]
    assert [(s.line, s.reason) for s in skips] == [(3, "record has no abstract")]


def test_missing_columns_say_what_to_do():
    (skip,) = read_fixture("papers.tsv")[1]
    assert skip.line == 1
    assert "no column for title=title, abstract=abstract" in skip.reason
    assert skip.reason.endswith("use --columns title=...,abstract=...")


def test_over_long_field_skips_only_its_row():
    text = "title,abstract\nT," + "x" * 300_000 + "\nU,ok\n"
    out = list(read_csv("a.csv", text))
    assert str(out[0]) == "a.csv:2: abstract is 300000 characters long (limit 100000)"
    assert out[1].title == "U"
