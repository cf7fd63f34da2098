"""A processed Doc to the small :class:`~citegraph.model.PaperMentions` record."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

from citegraph.extract.abbreviations import ABBREVIATIONS_KEY
from citegraph.extract.coined import COINED_KEY
from citegraph.extract.entities import span_label
from citegraph.model import Abbreviation, Mention, PaperMentions


def paper_mentions(paper_id: str, doc: Doc) -> PaperMentions:
    """The mentions, definitions and sentence offsets of one processed paper.

    Mentions are kept in text order; offsets are characters into the text the Doc was made from.
    """
    sentences = tuple((s.start_char, s.end_char) for s in doc.sents)
    starts = [s for s, _ in sentences]
    coined = {(s.start, s.end) for s in doc.spans.get(COINED_KEY, [])}
    mentions = []
    for ent in doc.ents:
        label = span_label(ent.label_)
        if label is None:
            continue
        mentions.append(
            Mention(
                text=ent.text,
                label=label,
                start=ent.start_char,
                end=ent.end_char,
                sentence=max(0, bisect_right(starts, ent.start_char) - 1),
                introduced=(ent.start, ent.end) in coined,
            )
        )
    abbreviations = tuple(
        dict.fromkeys(
            Abbreviation(short=s.text, long=s.kb_id_)
            for s in doc.spans.get(ABBREVIATIONS_KEY, [])
            if s.label_ == "SHORT"
        )
    )
    return PaperMentions(paper_id, tuple(mentions), abbreviations, sentences)
