import pytest
import spacy

from citegraph.errors import ExtractionError
from citegraph.extract import build_pipeline, extract, pipeline_version
from citegraph.extract.pipeline import load_model, shipped_model_path
from citegraph.model import Paper


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline("rules")


def test_rules_pipeline_types_spans(nlp):
    doc = nlp(
        "We train graph neural networks (GNNs) for image classification on ImageNet and "
        "report top-1 accuracy. GNNs are strong."
    )
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("graph neural networks", "METHOD"),
        ("GNNs", "METHOD"),
        ("image classification", "TASK"),
        ("ImageNet", "DATASET"),
        ("top-1 accuracy", "METRIC"),
        ("GNNs", "METHOD"),
    ]


def test_coined_names_are_marked_introduced(nlp):
    paper = Paper("p", "A Title", "We introduce RouteNet, a novel router for molecule graphs.")
    (record,) = extract([paper], nlp)
    introduced = [m.text for m in record.mentions if m.introduced]
    assert introduced == ["RouteNet"]
    assert record.sentences[0] == (0, len("A Title."))


def test_extract_streams_in_input_order(nlp):
    papers = [Paper(str(i), f"Title {i}", "We use the ImageNet dataset.") for i in range(5)]
    assert [r.paper_id for r in extract(papers, nlp, batch_size=2)] == ["0", "1", "2", "3", "4"]


def test_version_changes_with_the_pipeline(nlp):
    assert pipeline_version(nlp) == pipeline_version(build_pipeline("rules"))
    assert pipeline_version(nlp) != pipeline_version(build_pipeline("rules", rules=False))


def test_bad_pipeline_path_is_a_clear_error(tmp_path):
    with pytest.raises(ExtractionError, match="not a spaCy pipeline"):
        build_pipeline(str(tmp_path / "missing"))


def test_shipped_model_multiplies_through_numpy_and_predicts_as_spacy_does():
    path = shipped_model_path()
    assert path is not None
    fast = load_model(path)
    # The tok2vec does the large products; the parser's step loop is compiled code either way.
    layers = list(fast.get_pipe("tok2vec").model.walk())
    assert layers and not any(layer.ops.use_blis for layer in layers)

    reference = spacy.load(path)
    assert reference.get_pipe("tok2vec").model.ops.use_blis
    texts = [
        "We propose a graph neural network for node classification and evaluate it on Cora.",
        "Our parser improves labelled attachment score on the Penn Treebank by 1.2 points.",
        "Word error rate drops when the acoustic model is trained with dropout.",
    ]

    def ents(nlp):
        return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]

    assert ents(fast) == ents(reference)
    assert any(ents(fast))
