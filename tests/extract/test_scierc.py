"""SciERC reader, span scoring and the shipped entity recogniser."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
import spacy

from citegraph.extract.scierc import (
    SCIERC_LABELS,
    SCIERC_TO_GRAPH,
    SciercDoc,
    read_scierc,
    score_spans,
    to_spacy_doc,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "scierc_tiny.json"
MODEL_DIR = Path(__file__).resolve().parents[2] / "src" / "citegraph" / "models" / "scierc_ner"


def test_score_spans_by_hand() -> None:
    gold = [
        {(0, 2, "Task"), (3, 4, "Method"), (5, 7, "Metric")},
        {(1, 3, "Method")},
    ]
    pred = [
        {(0, 2, "Task"), (3, 4, "Material"), (5, 6, "Metric")},
        {(1, 3, "Method"), (4, 5, "Generic")},
    ]
    s = score_spans(gold, pred)
    # 2 exact matches (Task in doc 1, Method in doc 2) out of 5 predicted and 4 gold.
    assert s["micro"]["tp"] == 2
    assert s["micro"]["p"] == pytest.approx(2 / 5)
    assert s["micro"]["r"] == pytest.approx(2 / 4)
    assert s["micro"]["f"] == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert s["Task"]["f"] == pytest.approx(1.0)
    assert s["Method"]["p"] == pytest.approx(1.0)
    assert s["Method"]["r"] == pytest.approx(0.5)
    assert s["Method"]["f"] == pytest.approx(2 / 3)
    for lab in ("Metric", "Material", "Generic", "OtherScientificTerm"):
        assert s[lab]["f"] == 0.0
    assert set(SCIERC_LABELS) <= s.keys()


def test_score_spans_zero_division() -> None:
    assert score_spans([], [])["micro"] == {
        "p": 0.0,
        "r": 0.0,
        "f": 0.0,
        "tp": 0,
        "n_pred": 0,
        "n_gold": 0,
    }
    only_pred = score_spans([set()], [{(0, 1, "Task")}])
    assert only_pred["micro"]["p"] == 0.0
    assert only_pred["micro"]["r"] == 0.0
    with pytest.raises(ValueError, match="documents"):
        score_spans([set()], [])


def test_read_fixture() -> None:
    docs = list(read_scierc(FIXTURE))
    assert [d.doc_key for d in docs] == ["TINY_1", "TINY_2", "TINY_3"]
    first = docs[0]
    assert isinstance(first, SciercDoc)
    assert first.sentence_starts == [0, 9]
    assert len(first.words) == 17
    # Inclusive SciERC ends become exclusive.
    assert (3, 5, "Method") in first.spans
    assert (9, 10, "Generic") in first.spans
    assert first.words[14:16] == ["toy", "corpus"]
    assert docs[2].sentence_starts == [0]  # empty sentence dropped
    with pytest.raises(AttributeError):
        first.doc_key = "x"  # type: ignore[misc]


def test_to_spacy_doc_keeps_longest_of_nested() -> None:
    nlp = spacy.blank("en")
    first, second, _ = read_scierc(FIXTURE)
    doc = to_spacy_doc(nlp.vocab, first)
    assert [t.text for t in doc] == first.words
    assert [s.start for s in doc.sents] == [0, 9]
    assert {(e.start, e.end, e.label_) for e in doc.ents} == set(first.spans)
    nested = to_spacy_doc(nlp.vocab, second)
    assert [(e.start, e.end, e.label_) for e in nested.ents] == [(0, 2, "OtherScientificTerm")]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "invalid JSON"),
        ('["a list"]', "JSON object"),
        ('{"sentences": [["a"]]}', "missing key 'ner'"),
        ('{"sentences": [["a"]], "ner": []}', "one entry per sentence"),
        ('{"sentences": [["a"]], "ner": [[[0, 0]]]}', "malformed span"),
        ('{"sentences": [["a"]], "ner": [[[0, 0, "Animal"]]]}', "unknown label"),
        ('{"sentences": [["a"]], "ner": [[[0, 3, "Task"]]]}', "outside"),
    ],
)
def test_malformed_line_names_path_and_line(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "bad.json"
    good = json.dumps({"doc_key": "ok", "sentences": [["a"]], "ner": [[]]})
    path.write_text(f"{good}\n{line}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=message) as err:
        list(read_scierc(path))
    assert f"{path}:2" in str(err.value)


def test_graph_mapping_covers_all_but_generic() -> None:
    assert set(SCIERC_TO_GRAPH) == set(SCIERC_LABELS) - {"Generic"}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.usefixtures("no_network")
def test_shipped_model_loads_offline_and_finds_entities() -> None:
    nlp = spacy.load(MODEL_DIR)
    assert nlp.pipe_names[:2] == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == set(SCIERC_LABELS)
    doc = nlp(
        "We present a neural network model for dependency parsing and evaluate it "
        "with labelled attachment score on the Penn Treebank."
    )
    assert doc.ents
    assert {e.label_ for e in doc.ents} <= set(SCIERC_LABELS)
