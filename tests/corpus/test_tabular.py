from citegraph.corpus.tabular import read_csv, read_jsonl
from citegraph.model import Paper, Skip
from tests.corpus.helpers import read_fixture


def test_jsonl_reads_metadata_and_reports_bad_lines(fixtures):
    path = fixtures / "papers.jsonl"
    records = list(read_jsonl(str(path), path.read_text()))
    papers = [r for r in records if isinstance(r, Paper)]
    skips = [(r.line, r.reason) for r in records if isinstance(r, Skip)]
    assert [p.id for p in papers] == ["j1", "j3"]
    assert papers[0].authors == ("Ana Ortiz", "Li Wei")
    assert papers[0].date == "2022-05-04" and papers[1].date == "2021"
    assert papers[0].sources[0].line == 1 and papers[1].sources[0].line == 5
    assert skips[0] == (3, "record has no abstract")
    assert skips[1][0] == 4 and skips[1][1].startswith("invalid JSON")


def test_csv_reads_rows_with_line_numbers(fixtures):
    path = fixtures / "papers.csv"
    records = list(read_csv(str(path), path.read_text()))
    assert isinstance(records[0], Paper) and records[0].sources[0].line == 2
    assert isinstance(records[1], Skip) and (records[1].line, records[1].reason) == (
        3,
        "record has no abstract",
    )


def test_csv_without_title_column_is_one_skip():
    records = list(read_csv("x.csv", "name,text\na,b\n"))
    assert len(records) == 1 and isinstance(records[0], Skip)
    assert "header has no column for title=title" in records[0].reason


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
