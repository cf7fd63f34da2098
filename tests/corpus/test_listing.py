from citegraph.corpus.listing import DAILY, NEURIPS, read_listing, sniff
from citegraph.model import Paper, Skip


def test_conference_listing_reads_entries_and_reports_stray_text(fixtures):
    text = (fixtures / "listings" / "conference.txt").read_text()
    assert sniff(text) == NEURIPS
    records = list(read_listing("conference.txt", text, NEURIPS))
    papers = [r for r in records if isinstance(r, Paper)]
    stray = [r for r in records if isinstance(r, Skip)]
    assert [p.title for p in papers] == [
        "Sparse Routing Networks for Molecule Property Prediction",
        "Calibrated Uncertainty for Tabular Classification",
        "Sparse Routing Networks for Molecule Property Prediction Ada Quill Bertram Voss",
    ]
    assert papers[0].venue == "Neural Information Processing Systems"
    assert papers[0].abstract.startswith("Graph neural networks (GNNs)")
    assert [(p.sources[0].line) for p in papers] == [3, 10, 17]
    assert [(s.line, s.kind) for s in stray] == [(1, "stray")]


def test_daily_listing_skips_chrome_and_reads_dates(fixtures):
    text = (fixtures / "listings" / "daily.txt").read_text()
    assert sniff(text) == DAILY
    records = list(read_listing("daily.txt", text, DAILY))
    assert all(isinstance(r, Paper) for r in records)
    assert [p.title for p in records] == [
        "Contrastive Pretraining of Protein Language Models",
        "Sparse Routing Networks for Molecule Property Prediction",
        "Faster Attention for Long Documents",
    ]
    assert [(p.date, p.date_text) for p in records] == [
        ("2021-11-27", "Nov 27, 2021"),
        ("", "Jul 15"),
        ("", "Apr 25 2"),
    ]
    assert records[0].sources[0].line == 13


def test_daily_listing_title_without_abstract_is_skipped():
    text = "Title One\n\n" + "An abstract sentence. " * 12 + "\n\nLonely Title\n\nNext Title\n\n"
    text += "Another abstract sentence. " * 12
    records = list(read_listing("x.txt", text, DAILY))
    assert [type(r).__name__ for r in records] == ["Paper", "Skip", "Paper"]
    assert records[1].line == 5 and "has no abstract" in records[1].reason


def test_sniff_rejects_unstructured_text():
    assert sniff("just some words\nwithout any structure\n") is None
