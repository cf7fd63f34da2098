from pathlib import Path

import pytest

from citegraph.corpus.dates import page_date, page_dates, resolve_date, resolve_dates
from citegraph.corpus.listing import DAILY
from citegraph.model import Paper, Source

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


@pytest.mark.parametrize(
    ("text", "page", "iso"),
    [
        ("Nov 27, 2017", "", "2017-11-27"),
        ("Oct 10, 2024 3", "Aug 6", "2024-10-10"),
        ("Jul 15", "Aug 6, 2024", "2024-07-15"),
        ("Aug 6", "Aug 6, 2024", "2024-08-06"),
        ("Dec 11", "Feb 2, 2025", "2024-12-11"),
        ("Apr 25 2", "May 1, 2023", "2023-04-25"),
        ("Jul 15", "Aug 6", ""),
        ("Jul 15", "", ""),
        ("", "Aug 6, 2024", ""),
    ],
)
def test_resolve_date(text, page, iso):
    assert resolve_date(text, page) == iso


def test_page_date_is_the_line_after_the_chrome():
    text = "new\n\nSubscribe\n\nDaily Papers\n\nAug 6, 2024\n\nA Title\n\n" + "word " * 60
    assert page_date(text) == "Aug 6, 2024"
    assert page_date("A Title\n\nJul 15\n\n" + "word " * 60) == ""


def test_yearless_dates_are_counted_never_guessed(tmp_path):
    listing = tmp_path / "page.txt"
    listing.write_text("new\n\nDaily Papers\n\nAug 6\n\nT\n\n" + "w " * 120, encoding="utf-8")
    src = (Source(str(listing), 7, DAILY),)
    papers = [
        Paper("a", "A", "x", date_text="Jul 15", sources=src),
        Paper("b", "B", "x", date="2017-11-27", date_text="Nov 27, 2017", sources=src),
        Paper("c", "C", "x", sources=src),
    ]
    pages = page_dates({str(listing): DAILY})
    assert pages == {str(listing): "Aug 6"}
    r = resolve_dates(papers, pages)
    assert [p.date for p in r.papers] == ["", "2017-11-27", ""]
    assert (r.resolved, r.unknown, r.undated) == (0, 1, 1)
    r = resolve_dates(papers, {str(listing): "Aug 6, 2024"})
    assert [p.date for p in r.papers] == ["2024-07-15", "2017-11-27", ""]
    assert (r.resolved, r.unknown, r.undated) == (1, 0, 1)


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed listings not found at {SEEDS}")
def test_seed_page_dates_have_no_year():
    from citegraph.corpus import read_corpus

    files = read_corpus([SEEDS]).files
    found = page_dates(files)
    assert found and all(d and "," not in d for d in found.values())
