from citegraph.corpus.arxiv import record_to_paper
from tests.corpus.helpers import read_fixture


def test_first_version_date_latex_and_whitespace():
    papers, _ = read_fixture("arxiv.jsonl")
    p = papers[0]
    assert (p.id, p.arxiv_id, p.date) == ("2104.05678", "2104.05678", "2021-04-12")
    assert p.title == "Diffusion Models for Protein Design"
    assert p.abstract.startswith("We adapt diffusion models to protein design with α-helix")
    assert "30% fewer" in p.abstract and p.authors == ("Ana Silva", "Bo Chen")
    assert p.url == "https://arxiv.org/abs/2104.05678"


def test_update_date_old_style_id_and_doi():
    papers, _ = read_fixture("arxiv.jsonl")
    p = papers[1]
    assert (p.arxiv_id, p.date, p.doi) == ("hep-th/9901001", "2008-11-13", "10.1000/strings.1")


def test_duplicate_id_is_read_and_missing_title_skipped():
    papers, skips = read_fixture("arxiv.jsonl")
    assert [p.sources[0].line for p in papers if p.arxiv_id == "2104.05678"] == [1, 3]
    assert [str(s).split("/")[-1] for s in skips] == ["arxiv.jsonl:4: record has no title"]


def test_odd_field_types_do_not_crash():
    r = {"id": 5, "title": ["A", "B"], "abstract": {"x": 1}, "versions": "v1", "update_date": 3}
    assert record_to_paper(r, "a.jsonl", 1).title == "A; B"
