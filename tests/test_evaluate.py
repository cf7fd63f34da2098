import json

import pytest
import spacy
from typer.testing import CliRunner

from citegraph.cli import app
from citegraph.errors import CorpusError
from citegraph.evaluate import GRAPH_TO_SCIERC, evaluate, read_gold

runner = CliRunner()


@pytest.fixture
def tiny(fixtures):
    return fixtures / "scierc_tiny.json"


def _ruler_pipeline():
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "Method", "pattern": "graph parser"},
            {"label": "TASK", "pattern": "machine translation"},  # a rule label, mapped back
            {"label": "METRIC", "pattern": "BLEU"},
            {"label": "Material", "pattern": "toy"},  # wrong boundary: gold is "toy corpus"
            {"label": "OtherScientificTerm", "pattern": "Sparse features"},
        ]
    )
    return nlp


def test_rule_labels_map_back_to_scierc_labels():
    assert GRAPH_TO_SCIERC == {
        "METHOD": "Method",
        "DATASET": "Material",
        "TASK": "Task",
        "METRIC": "Metric",
        "CONCEPT": "OtherScientificTerm",
    }


def test_scores_computed_by_hand(tiny):
    result = evaluate(_ruler_pipeline(), tiny)
    # Gold: 7 spans (Generic and a nested OtherScientificTerm included); 5 predicted, 4 right.
    assert result.micro["tp"] == 4 and result.micro["n_pred"] == 5 and result.micro["n_gold"] == 7
    assert result.micro["p"] == pytest.approx(0.8)
    assert result.micro["r"] == pytest.approx(4 / 7)
    assert result.micro["f"] == pytest.approx(2 * 0.8 * (4 / 7) / (0.8 + 4 / 7))
    assert result.per_label["Material"]["tp"] == 0 and result.per_label["Generic"]["r"] == 0.0
    # Documents as sets of (key, graph label): Generic dropped, "toy" is not "toy corpus".
    doc = result.doc_level["micro"]
    assert (doc["tp"], doc["n_pred"], doc["n_gold"]) == (4, 5, 6)
    assert result.documents == 3 and result.words == 9 + 8 + 4 + 3


def test_bad_gold_is_a_clear_error(tmp_path):
    (tmp_path / "bad.json").write_text('{"sentences": [["a"]]}\n')
    with pytest.raises(CorpusError, match=r"bad.json:1: missing key 'ner'"):
        read_gold(tmp_path / "bad.json")
    with pytest.raises(CorpusError, match="no such file"):
        read_gold(tmp_path / "missing.json")


def test_cli_json_has_the_documented_keys(tiny):
    result = runner.invoke(app, ["evaluate", str(tiny), "--json", "--pipeline", "rules"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"micro", "per_label", "doc_level", "words_per_second"} <= set(data)
    assert set(data["micro"]) >= {"p", "r", "f"}


def test_cli_missing_gold_is_one_error_line(tmp_path):
    result = runner.invoke(app, ["evaluate", str(tmp_path / "nope.json")])
    assert result.exit_code == 1
    assert result.output.strip() == (
        f"Error: {tmp_path / 'nope.json'}: no such file; pass a SciERC-format JSON-lines file"
    )
