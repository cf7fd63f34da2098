"""An entity recogniser that is a majority vote of several trained ones.

Recognisers trained from different seeds make different mistakes, and the spans most of them
agree on are right more often than any one recogniser's. ``citegraph_ner_vote`` holds whole
member pipelines (each ``tok2vec`` + ``ner``), runs each over the batch and keeps the spans
that at least ``min_votes`` members predict with the same label, resolving overlaps in favour
of more votes, then longer spans.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import spacy
import srsly
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import load_model_from_config
from spacy.vocab import Vocab
from thinc.api import Config

MEMBER_DIR = "member{}"
SETTINGS = "vote.json"

Vote = tuple[int, int, int]  # start, end, label hash


def majority(votes: Counter[Vote], min_votes: int) -> list[Vote]:
    """Spans with at least ``min_votes`` votes, without overlaps, in document order.

    Overlapping candidates are settled by more votes, then the longer span, then the earlier.

    >>> majority(Counter({(0, 2, 7): 3, (1, 3, 7): 2, (4, 5, 8): 2, (6, 7, 8): 1}), 2)
    [(0, 2, 7), (4, 5, 8)]
    """
    ranked = sorted(
        (v for v, n in votes.items() if n >= min_votes),
        key=lambda v: (-votes[v], v[0] - v[1], v[0], v[2]),
    )
    taken: set[int] = set()
    kept: list[Vote] = []
    for start, end, label in ranked:
        tokens = range(start, end)
        if taken.isdisjoint(tokens):
            taken.update(tokens)
            kept.append((start, end, label))
    return sorted(kept)


class NerVote:
    """Majority vote of member pipelines; a drop-in for an ``ner`` component.

    Members see each Doc as it came in (their own predictions are undone between members), so
    entities set by earlier components constrain every member alike.
    """

    def __init__(self, vocab: Vocab, name: str = "ner", min_votes: int = 0) -> None:
        self.vocab = vocab
        self.name = name
        self.min_votes = min_votes
        self.members: list[Language] = []

    @property
    def labels(self) -> tuple[str, ...]:
        found: set[str] = set()
        for member in self.members:
            for _, proc in member.pipeline:
                found.update(getattr(proc, "labels", ()))
        return tuple(sorted(found))

    @property
    def needed(self) -> int:
        """Votes a span needs: ``min_votes`` if set, else a strict majority of the members."""
        return self.min_votes or len(self.members) // 2 + 1

    def add_member(self, member: Language) -> None:
        """Add a trained pipeline (its components run in order, the last sets ``doc.ents``)."""
        self.members.append(member)
        # Members label spans by hash; the Docs they vote on use this vocab's strings.
        for _, proc in member.pipeline:
            for label in getattr(proc, "labels", ()):
                self.vocab.strings.add(label)

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        docs = iter(stream)
        while batch := list(islice(docs, batch_size)):
            yield from self._vote(batch)

    def _vote(self, docs: list[Doc]) -> list[Doc]:
        incoming: list[Any] = [doc.to_array([ENT_IOB, ENT_TYPE]) for doc in docs]
        votes: list[Counter[Vote]] = [Counter() for _ in docs]
        for member in self.members:
            for doc, array in zip(docs, incoming, strict=True):
                doc.from_array([ENT_IOB, ENT_TYPE], array)
            batch: Iterable[Doc] = docs
            for _, proc in member.pipeline:
                batch = proc.pipe(batch) if hasattr(proc, "pipe") else map(proc, batch)
            for doc, count in zip(batch, votes, strict=True):
                count.update((e.start, e.end, e.label) for e in doc.ents)
        for doc, array, count in zip(docs, incoming, votes, strict=True):
            doc.from_array([ENT_IOB, ENT_TYPE], array)
            spans = [Span(doc, s, e, label=lab) for s, e, lab in majority(count, self.needed)]
            doc.set_ents(spans, default="outside")
        return docs

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / SETTINGS, {"members": len(self.members)})
        for i, member in enumerate(self.members):
            member.to_disk(path / MEMBER_DIR.format(i))

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> NerVote:
        path = Path(path)
        n = srsly.read_json(path / SETTINGS)["members"]
        self.members = []
        for i in range(n):
            self.add_member(spacy.load(path / MEMBER_DIR.format(i)))
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(
            [{"config": m.config.to_str(), "bytes": m.to_bytes()} for m in self.members]
        )

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> NerVote:
        self.members = []
        for item in srsly.msgpack_loads(data):
            member = load_model_from_config(Config().from_str(item["config"]), auto_fill=True)
            self.add_member(member.from_bytes(item["bytes"]))
        return self


@Language.factory("citegraph_ner_vote", default_config={"min_votes": 0})
def make_ner_vote(nlp: Language, name: str, min_votes: int) -> NerVote:
    """Factory of :class:`NerVote`; ``min_votes`` 0 means a strict majority."""
    return NerVote(nlp.vocab, name, min_votes)


def assemble(members: list[Language], *, min_votes: int = 0, **meta: Any) -> Language:
    """One pipeline whose ``ner`` is the vote of ``members`` (all of one language).

    >>> a, b = spacy.blank("en"), spacy.blank("en")
    >>> assemble([a, b]).pipe_names
    ['ner']
    """
    nlp = spacy.blank(members[0].lang or "en")
    nlp.meta.update(meta)
    vote = nlp.add_pipe("citegraph_ner_vote", name="ner", config={"min_votes": min_votes})
    for member in members:
        vote.add_member(member)  # type: ignore[attr-defined]
    return nlp
