"""The last component: settles ``doc.ents`` from the statistical, rule and abbreviation spans.

Author-defined abbreviations fix span boundaries ("graph neural networks (GNNs)" is one entity,
whatever smaller spans a model or cue found inside it) and every later use of the short form
becomes a mention of the same entity.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from citegraph.extract.abbreviations import ABBREVIATIONS_KEY
from citegraph.extract.cues import head_labels, label_for, load_cues, name_labels
from citegraph.extract.normalise import surface_key

# Labels of the shipped statistical model (SciERC) and of the rule components, to span labels.
# ``Generic`` ("this method", "our approach") helps the model learn but never becomes a node.
SPAN_LABELS: dict[str, str | None] = {
    "Method": "METHOD",
    "Material": "DATASET",
    "Task": "TASK",
    "Metric": "METRIC",
    "OtherScientificTerm": "CONCEPT",
    "Generic": None,
    "METHOD": "METHOD",
    "DATASET": "DATASET",
    "TASK": "TASK",
    "METRIC": "METRIC",
    "CONCEPT": "CONCEPT",
}
_MAX_TOKENS = 8
RULE_LABELS = frozenset({"METHOD", "DATASET", "TASK", "METRIC", "CONCEPT"})


def span_label(label: str) -> str | None:
    """The graph-side span label of a component label, ``None`` for labels never kept.

    >>> span_label("Material"), span_label("Generic"), span_label("TASK")
    ('DATASET', None, 'TASK')
    """
    return SPAN_LABELS.get(label)


def is_statistical(span: Span) -> bool:
    """Whether a span comes from the statistical model (SciERC labels) rather than the rules."""
    return span.label_ not in RULE_LABELS


@Language.factory("citegraph_entities", assigns=["doc.ents"], default_config={})
def make_entities(nlp: Language, name: str) -> EntitySettler:
    """Factory of the component that settles ``doc.ents``."""
    return EntitySettler()


class EntitySettler:
    """Merges abbreviation spans into ``doc.ents``, trims and relabels known names."""

    def __init__(self) -> None:
        self.stop = frozenset(load_cues()["modifier_stop"])
        self.heads = frozenset(head_labels()) - frozenset(name_labels())

    def __call__(self, doc: Doc) -> Doc:
        ents = list(doc.ents)
        abbrevs = doc.spans.get(ABBREVIATIONS_KEY, [])
        long_labels: dict[str, str] = {}
        # A label already on a short form (a coined name, a known name) types its long form.
        at_short = {
            s.kb_id_: span_label(e.label_)
            for s in abbrevs
            if s.label_ == "SHORT"
            for e in ents
            if (e.start, e.end) == (s.start, s.end) and span_label(e.label_) != "CONCEPT"
        }
        for span in (s for s in abbrevs if s.label_ == "LONG"):
            inside = [e for e in ents if e.start < span.end and span.start < e.end]
            typed = [span_label(e.label_) for e in inside]
            if any(is_statistical(e) for e in inside):
                # The model's boundaries measure better than the definition's; keep them.
                long_labels[span.text] = next((lab for lab in typed if lab), "CONCEPT")
                continue
            label = (
                next((lab for lab in typed if lab), None)
                or label_for(span.text)
                or at_short.get(span.text)
                or "CONCEPT"
            )
            long_labels[span.text] = label
            ents = [e for e in ents if e not in inside]
            ents.append(Span(doc, span.start, span.end, label))
        for span in (s for s in abbrevs if s.label_ == "SHORT"):
            label = long_labels.get(span.kb_id_) or label_for(span.kb_id_) or "CONCEPT"
            if any(
                (e.start <= span.start and span.end <= e.end and len(e) > len(span))
                or (is_statistical(e) and e.start < span.end and span.start < e.end)
                for e in ents
            ):
                continue
            ents = [e for e in ents if not (e.start < span.end and span.start < e.end)]
            ents.append(Span(doc, span.start, span.end, label))
        doc.ents = filter_spans([s for s in (self._tidy(doc, e) for e in ents) if s is not None])
        return doc

    def _tidy(self, doc: Doc, ent: Span) -> Span | None:
        if is_statistical(ent):
            return ent
        start, end = ent.start, ent.end
        while start < end and (doc[start].lower_ in self.stop or doc[start].is_punct):
            start += 1
            # A span cut inside a hyphenated compound ("real-world") loses the whole compound.
            if start < end and doc[start - 1].text == "-" and not doc[start - 2].whitespace_:
                start += 1
        while end > start and doc[end - 1].is_punct and doc[end - 1].text not in ")]":
            end -= 1
        text = doc[start:end].text if end > start else ""
        if end - start > _MAX_TOKENS or len(text) < 2 or not any(c.isalpha() for c in text):
            return None
        if end - start == 1 and doc[start].lower_ in self.heads and ent.label_ == label_for(text):
            return None  # a bare head word ("datasets") names nothing
        label = name_labels().get(surface_key(text)) or ent.label_
        return Span(doc, start, end, label)
