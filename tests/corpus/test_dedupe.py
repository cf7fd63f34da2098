from citegraph.corpus.dedupe import deduplicate
from citegraph.model import Paper, Source


def _p(pid, title, abstract="An abstract.", path="a.txt", line=1):
    return Paper(pid, title, abstract, sources=(Source(path, line, "x"),))


def test_same_title_merges_keeping_longest_abstract_and_every_source():
    result = deduplicate(
        [_p("1", "Pointer Networks", "short"), _p("2", "pointer networks.", "much longer", "b", 9)]
    )
    assert result.merged == 1
    (paper,) = result.papers
    assert paper.id == "1" and paper.abstract == "much longer"
    assert [str(s) for s in paper.sources] == ["a.txt:1", "b:9"]


def test_author_names_glued_to_title_merge_into_the_clean_title():
    result = deduplicate(
        [
            _p(
                "1",
                "Separations in the Capabilities of Recurrent Architectures "
                "Ann Hahn 2 Phil Lee 1,3",
            ),
            _p("2", "Separations in the Capabilities of Recurrent Architectures"),
        ]
    )
    assert (result.merged, result.glued_titles) == (1, 1)
    assert result.papers[0].title == "Separations in the Capabilities of Recurrent Architectures"


def test_a_longer_title_that_is_not_author_names_stays_separate():
    result = deduplicate(
        [
            _p("1", "Neural Circuit Priors for Control"),
            _p("2", "Neural Circuit Priors for Control Networks"),
        ]
    )
    assert result.merged == 0 and len(result.papers) == 2


def test_order_is_first_seen():
    result = deduplicate([_p("1", "Beta Paper Title Here"), _p("2", "Alpha Paper Title Here")])
    assert [p.id for p in result.papers] == ["1", "2"]
