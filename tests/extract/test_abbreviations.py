import spacy

from citegraph.extract.abbreviations import ABBREVIATIONS_KEY, best_long_form, find_abbreviations


def _pairs(sentence: str) -> list[tuple[str, str]]:
    words = sentence.split()
    return [
        (" ".join(words[m.long_start : m.long_end]), " ".join(words[m.short_start : m.short_end]))
        for m in find_abbreviations(words)
    ]


def test_long_form_then_short_form():
    assert _pairs("recent graph neural networks ( GNNs ) scale") == [
        ("graph neural networks", "GNNs")
    ]
    assert _pairs("we use the Neural Tangent Kernel ( NTK ) here") == [
        ("Neural Tangent Kernel", "NTK")
    ]


def test_short_form_then_long_form():
    assert _pairs("the NAS ( neural architecture search ) literature") == [
        ("neural architecture search", "NAS")
    ]


def test_first_short_form_letter_must_start_a_word():
    # "S" matches inside "traversal" but must begin a word: only "Search" fits.
    assert best_long_form("BS", ["beam", "Search"]) == 0
    assert best_long_form("XQ", ["graph", "neural", "networks"]) is None


def test_no_definition_without_parentheses_or_with_long_content():
    assert _pairs("graph neural networks GNNs scale") == []
    assert _pairs("a method ( which we describe in detail later ) works") == []
    assert _pairs("values ( 3 ) are small") == []


def test_component_marks_definitions_and_later_uses():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("citegraph_abbreviations")
    doc = nlp("Large language models (LLMs) are big. Many LLMs are open. LLM use grows.")
    spans = [(s.text, s.label_, s.kb_id_) for s in doc.spans[ABBREVIATIONS_KEY]]
    assert spans == [
        ("Large language models", "LONG", "LLMs"),
        ("LLMs", "SHORT", "Large language models"),
        ("LLMs", "SHORT", "Large language models"),
    ]
