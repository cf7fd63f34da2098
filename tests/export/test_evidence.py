import itertools
import re

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from citegraph.export.evidence import (
    EvidenceIndex,
    alias_matches,
    alias_pattern,
    edge_evidence,
    entity_aliases,
    find_spans,
    mention_sentences,
    paper_sentences,
    split_sentences,
)
from citegraph.graph import schema as S


def test_split_sentences_keeps_abbreviations_together():
    text = "We use BERT, e.g. for QA. It works! Does it? 3 runs agree."
    assert split_sentences(text) == [
        "We use BERT, e.g. for QA.",
        "It works!",
        "Does it?",
        "3 runs agree.",
    ]


def test_paper_sentences_start_with_the_title():
    data = {S.TITLE: "A title", S.ABSTRACT: "One. Two."}
    assert paper_sentences(data) == ["A title", "One.", "Two."]


def test_entity_aliases_include_the_name_once():
    data = {S.NAME: "graph neural network", S.ALIASES: "GNN|graph neural network|GNNs"}
    assert entity_aliases(data) == ("graph neural network", "GNN", "GNNs")


def test_alias_pattern_matches_whole_words_ignoring_case():
    pattern = alias_pattern(("GNN", "C++"))
    assert pattern is not None
    assert [m.group() for m in pattern.finditer("gnn and C++ but not GNNs or xgnn")] == [
        "gnn",
        "C++",
    ]


def test_find_spans_prefers_the_longer_overlapping_match():
    patterns = [re.compile("graph neural network"), re.compile("graph")]
    assert find_spans("a graph neural network on a graph", patterns) == [(2, 22, 0), (28, 33, 1)]


def test_mention_sentences_prefer_sentences_naming_both_ends():
    sentences = ["BERT only.", "GPT only.", "BERT beats GPT.", "Nothing."]
    found = mention_sentences(sentences, [re.compile("BERT"), re.compile("GPT")])
    assert [s.index for s in found] == [2]
    assert found[0].spans == ((0, 4, 0), (11, 14, 1))


def test_mention_sentences_cover_each_end_when_none_names_both():
    sentences = ["BERT only.", "Nothing.", "GPT only.", "GPT again."]
    found = mention_sentences(sentences, [re.compile("BERT"), re.compile("GPT")])
    assert [s.index for s in found] == [0, 2]


@given(st.text(), st.lists(st.text(min_size=1), max_size=4))
def test_spans_are_ordered_disjoint_and_inside_any_text(text, aliases):
    patterns = [alias_pattern(tuple(aliases)), alias_pattern(("the",))]
    spans = find_spans(text, patterns)
    for (_, e1, _), (s2, _, _) in itertools.pairwise(spans):
        assert e1 <= s2
    assert all(0 <= s < e <= len(text) for s, e, _ in spans)
    # Splitting loses only whitespace.
    assert "".join("".join(s.split()) for s in split_sentences(text)) == "".join(text.split())


WORDISH = st.text(alphabet="aAbB+ -.xé_1", max_size=30)


@given(WORDISH, st.lists(WORDISH.filter(str.strip), max_size=4))
def test_alias_matches_are_the_alias_patterns_matches(text, aliases):
    pattern = alias_pattern(tuple(aliases))
    expected = [m.span() for m in pattern.finditer(text)] if pattern else []
    assert list(alias_matches(tuple(aliases), text)) == expected


def test_alias_matches_resume_inside_a_match_that_follows_a_word():
    # "xab b": "ab" follows "x"; the "b" inside it follows "a", the next "b" nothing.
    assert list(alias_matches(("ab", "b"), "xab b")) == [(4, 5)]
    assert list(alias_matches(("a b", "b"), "xa b")) == [(3, 4)]


def test_index_matches_each_sentence_as_find_spans_does():
    g = nx.MultiDiGraph()
    g.add_node(
        "paper:p",
        label="Paper",
        title="BERT",
        abstract="We fine-tune BERT. BERT beats bert-large. Nothing here. Finally BERT",
    )
    g.add_node("entity:bert", label="Method", name="BERT", aliases="BERT|bert-large")
    index = EvidenceIndex(g)
    sentences = index.sentences("paper:p")
    pattern = alias_pattern(entity_aliases(g.nodes["entity:bert"]))
    expected = [[(a, b) for a, b, _ in find_spans(s, [pattern])] for s in sentences]
    assert index.matches("paper:p", "entity:bert") == expected
    assert expected[0] == [(0, 4)] and expected[2] == [(0, 4), (11, 21)] and expected[3] == []


def test_edge_evidence_shows_papers_naming_both_ends_in_one_sentence_first():
    g = nx.MultiDiGraph()
    g.add_node("entity:g", label="Method", name="graph")
    g.add_node("entity:gnn", label="Method", name="graph neural network")
    abstracts = {
        # Newest first. "graph" inside "graph neural network" is not a mention of its own.
        "paper:a": "A graph neural network.",
        "paper:b": "A graph. A graph neural network.",
        "paper:c": "A graph and a graph neural network.",
        "paper:d": "Nothing.",
    }
    for i, (paper, abstract) in enumerate(abstracts.items()):
        g.add_node(paper, label="Paper", title=f"T{i}", abstract=abstract)
    common = list(abstracts)
    found, total = edge_evidence(g, "entity:g", "entity:gnn", max_papers=2, common=common)
    assert total == 4 and [paper for paper, _ in found] == ["paper:c", "paper:a"]
    [(_, [sentence])] = found[:1]
    assert (sentence.index, [span[2] for span in sentence.spans]) == (1, [0, 1])
    assert [len(sentences) for _, sentences in found] == [1, 1]
    none, _ = edge_evidence(g, "entity:g", "entity:gnn", max_sentences=0, common=common)
    assert none == [(paper, []) for paper in common]
