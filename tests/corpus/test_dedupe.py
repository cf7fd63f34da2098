from pathlib import Path

import pytest

from citegraph.corpus import read_corpus
from citegraph.corpus.dedupe import deduplicate, fuzzy_groups
from citegraph.model import Paper, Source
from tests.corpus.helpers import FIXTURES


def _simple(pid, title, abstract="An abstract.", path="a.txt", line=1):
    return Paper(pid, title, abstract, sources=(Source(path, line, "x"),))


def test_same_title_merges_keeping_longest_abstract_and_every_source():
    result = deduplicate(
        [
            _simple("1", "Pointer Networks", "short"),
            _simple("2", "pointer networks.", "much longer", "b", 9),
        ]
    )
    assert result.merged == 1
    (paper,) = result.papers
    assert paper.id == "1" and paper.abstract == "much longer"
    assert [str(s) for s in paper.sources] == ["a.txt:1", "b:9"]


def test_author_names_glued_to_title_merge_into_the_clean_title():
    result = deduplicate(
        [
            _simple(
                "1",
                "Separations in the Capabilities of Recurrent Architectures "
                "Ann Hahn 2 Phil Lee 1,3",
            ),
            _simple("2", "Separations in the Capabilities of Recurrent Architectures"),
        ]
    )
    assert (result.merged, result.glued_titles) == (1, 1)
    assert result.papers[0].title == "Separations in the Capabilities of Recurrent Architectures"


def test_a_longer_title_that_is_not_author_names_stays_separate():
    result = deduplicate(
        [
            _simple("1", "Neural Circuit Priors for Control"),
            _simple("2", "Neural Circuit Priors for Control Networks"),
        ]
    )
    assert result.merged == 0 and len(result.papers) == 2


def test_order_is_first_seen():
    result = deduplicate(
        [_simple("1", "Beta Paper Title Here"), _simple("2", "Alpha Paper Title Here")]
    )
    assert [p.id for p in result.papers] == ["1", "2"]


SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _p(id: str, title: str, line: int, **kw: str) -> Paper:
    return Paper(id, title, "abstract " + id, sources=(Source("f", line, "x"),), **kw)


def test_doi_duplicate_across_bibtex_and_ris_keeps_both_sources():
    read = read_corpus([FIXTURES / "refs.bib", FIXTURES / "refs.ris"])
    result = deduplicate(read.papers)
    (gnn,) = [p for p in result.papers if p.doi == "10.5555/gnn.2020.001"]
    assert [(Path(s.path).name, s.line, s.format) for s in gnn.sources] == [
        ("refs.bib", 4, "bibtex"),
        ("refs.ris", 1, "ris"),
    ]
    assert result.by_rule()["doi_or_arxiv_id"] == 1


def test_rules_counted_separately():
    papers = [
        _p("a", "Deep Nets for Graph Data", 1, doi="10.1/x"),
        _p("b", "Other title entirely", 2, doi="10.1/x"),
        _p("c", "deep nets for graph data!", 3),
        _p("d", "Deep Nets for Graph Data Ada Lovelace Alan Turing", 4),
        _p("e", "Graph neural networks for molecule property prediction", 5),
        _p("f", "Graph neural network for molecule property prediction", 6),
    ]
    r = deduplicate(papers)
    assert [p.id for p in r.papers] == ["a", "e"]
    assert r.by_rule() == {
        "doi_or_arxiv_id": 1,
        "exact_title": 1,
        "glued_authors": 1,
        "fuzzy_title": 1,
    }
    assert r.merged == 4 and r.glued_titles == 1


def test_ids_link_groups_transitively_and_clashing_ids_are_renamed():
    papers = [
        _p("a", "First", 1, doi="10.1/a"),
        _p("b", "Second", 2, arxiv_id="2101.00001"),
        _p("c", "Third", 3, doi="10.1/a", arxiv_id="2101.00001"),
        _p("a", "A different paper that reuses the id", 4),
    ]
    r = deduplicate(papers)
    assert [p.id for p in r.papers] == ["a", "a~2"]
    assert (r.by_id, r.renamed_ids) == (2, 1)
    assert sorted(s.line for s in r.papers[0].sources) == [1, 2, 3]


def test_fuzzy_keeps_distinct_short_and_different_titles():
    keys = ["bert", "bart", "graph attention networks", "graph attention network x"]
    assert fuzzy_groups(keys) == []
    numbered = ["study 1 of uber graph neural networks", "study 11 of uber graph neural networks"]
    assert fuzzy_groups(numbered) == []


def test_fuzzy_blocks_avoid_all_pairs():
    # 2000 unrelated titles: only titles sharing a blocking key are compared.
    keys = [f"title w{i} about topic t{i} with x{i} y{i}" for i in range(2000)]
    assert fuzzy_groups(keys) == []


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed listings not present")
def test_seed_counts_unchanged():
    read = read_corpus([SEEDS])
    r = deduplicate(read.papers)
    assert (len(read.papers), len(r.papers), r.merged, r.glued_titles) == (182, 155, 27, 1)
    assert r.fuzzy_titles == 0 and r.by_id == 0
