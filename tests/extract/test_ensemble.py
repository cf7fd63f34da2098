"""Majority vote of entity recognisers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Span

from citegraph.extract.ensemble import NerVote, assemble, majority

TEXT = "We train a graph neural network on the Penn Treebank with beam search ."


def ruler(*patterns: tuple[str, str]) -> Language:
    """A member that labels fixed phrases: a real spaCy pipeline, predictable by design."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns(  # type: ignore[attr-defined]
        [{"label": label, "pattern": phrase} for phrase, label in patterns]
    )
    return nlp


def members() -> list[Language]:
    return [
        ruler(("graph neural network", "Method"), ("Penn Treebank", "Material")),
        ruler(("neural network", "Method"), ("Penn Treebank", "Material"), ("beam", "Task")),
        ruler(("graph neural network", "Method"), ("beam search", "Method")),
    ]


def ents(nlp: Language, text: str = TEXT) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in nlp(text).ents]


def test_majority_keeps_spans_with_enough_votes() -> None:
    votes = Counter({(0, 2, 1): 2, (3, 4, 1): 1, (5, 6, 2): 3})
    assert majority(votes, 2) == [(0, 2, 1), (5, 6, 2)]
    assert majority(votes, 1) == [(0, 2, 1), (3, 4, 1), (5, 6, 2)]
    assert majority(votes, 4) == []


def test_majority_settles_overlaps_by_votes_then_length() -> None:
    # The same tokens with two labels: the label with more votes wins.
    assert majority(Counter({(0, 2, 1): 2, (0, 2, 2): 3}), 2) == [(0, 2, 2)]
    # Equal votes: the longer span wins, and the shorter one inside it is dropped.
    assert majority(Counter({(0, 3, 1): 2, (1, 3, 1): 2, (3, 4, 1): 2}), 2) == [
        (0, 3, 1),
        (3, 4, 1),
    ]


def test_vote_keeps_what_most_members_predict() -> None:
    nlp = assemble(members())
    assert nlp.pipe_names == ["ner"]
    assert ents(nlp) == [("graph neural network", "Method"), ("Penn Treebank", "Material")]


def test_each_member_sees_the_doc_as_it_came() -> None:
    # The second member would find nothing if it saw the first member's entities, since an
    # entity ruler that does not overwrite skips tokens already inside an entity.
    nlp = assemble(
        [ruler(("graph neural network", "Method")), ruler(("neural network", "Method"))],
        min_votes=1,
    )
    votes: list[list[str]] = []
    vote = nlp.get_pipe("ner")
    assert isinstance(vote, NerVote)
    for member in vote.members:
        votes.append([e.text for e in member(TEXT).ents])
    assert votes == [["graph neural network"], ["neural network"]]
    # With one vote enough, the longer of the two overlapping spans is kept.
    assert ents(nlp) == [("graph neural network", "Method")]


def test_preset_entities_constrain_every_member() -> None:
    nlp = assemble(members())
    doc = nlp.make_doc(TEXT)
    doc.set_ents([Span(doc, 4, 6, label="Task")], default="missing")
    out = nlp.get_pipe("ner")(doc)
    assert [(e.text, e.label_) for e in out.ents][:1] == [("neural network", "Task")]


def test_pipe_matches_call_across_batches() -> None:
    nlp = assemble(members())
    texts = [TEXT, "Beam search helps .", "", "A graph neural network ."] * 3
    one_by_one = [[(e.start, e.end, e.label_) for e in nlp(t).ents] for t in texts]
    piped = [[(e.start, e.end, e.label_) for e in d.ents] for d in nlp.pipe(texts, batch_size=5)]
    assert piped == one_by_one


def test_disk_round_trip_predicts_the_same(tmp_path: Path) -> None:
    nlp = assemble(members(), name="votes", version="1.0.0")
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.meta["name"] == "votes"
    assert len(loaded.get_pipe("ner").members) == 3  # type: ignore[attr-defined]
    assert ents(loaded) == ents(nlp)


def test_labels_are_the_members_labels() -> None:
    assert assemble(members()).get_pipe("ner").labels == (  # type: ignore[attr-defined]
        "Material",
        "Method",
        "Task",
    )


@pytest.mark.parametrize("n, needed", [(1, 1), (2, 2), (3, 2), (4, 3), (5, 3)])
def test_strict_majority_by_default(n: int, needed: int) -> None:
    nlp = assemble([ruler(("beam", "Task")) for _ in range(n)])
    assert nlp.get_pipe("ner").needed == needed  # type: ignore[attr-defined]


def test_saved_vote_is_a_pipeline_citegraph_can_build_on(tmp_path: Path) -> None:
    from citegraph.extract import build_pipeline

    assemble(members()).to_disk(tmp_path / "vote")
    nlp = build_pipeline(str(tmp_path / "vote"))
    assert nlp.pipe_names[:2] == ["sentencizer", "ner"]
    assert ("graph neural network", "Method") in ents(nlp)
