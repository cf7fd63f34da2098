from citegraph.corpus.bibtex import read_bibtex, sniff
from tests.corpus.helpers import by_title, read_fixture


def test_latex_accents_braces_and_markup_become_text():
    papers, _ = read_fixture("refs.bib")
    p = by_title(papers)["GNNs for Über-Scale Sparse Graphs"]
    assert p.id == "muller2020"
    assert p.authors == ("Müller, Jörg", "García, Ana")
    assert "(GNNs)" in p.abstract and "50% saving" in p.abstract and "café" in p.abstract
    assert "\\" not in p.abstract and "{" not in p.abstract
    assert p.venue == "International Conference on Machine Learning"  # @string resolved
    assert (p.date, p.doi) == ("2020-07", "10.5555/gnn.2020.001")
    assert p.sources[0].line == 4 and p.sources[0].format == "bibtex"


def test_eprint_date_field_and_duplicate_key_are_read():
    papers, _ = read_fixture("refs.bib")
    lee = [p for p in papers if p.id == "lee2021"]
    assert [p.sources[0].line for p in lee] == [20, 28]
    assert lee[0].title == "Contrastive Pretraining of Molecule Encoders"
    assert (lee[0].arxiv_id, lee[0].date) == ("2103.01234", "2021-03-02")


def test_missing_abstract_and_broken_entry_are_skipped_with_their_line():
    papers, skips = read_fixture("refs.bib")
    assert [(s.line, s.reason.split(" (")[0]) for s in skips] == [
        (15, "record has no abstract"),
        (34, "malformed BibTeX entry"),
    ]
    assert "Reading Resumes After a Broken Entry" in by_title(papers)


def test_sniff_and_non_paper_blocks():
    assert sniff("@inproceedings{x, title={T}}")
    assert not sniff("Just a title\n\nand an abstract")
    assert list(read_bibtex("a.bib", "@comment{hello}\n@preamble{x}\n")) == []
