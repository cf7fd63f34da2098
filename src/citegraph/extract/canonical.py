"""Corpus-wide canonical entities: every alias of a thing resolves to one key.

Case, plurals and hyphen/space variants fold through :func:`surface_key`; a short form defined
anywhere in the corpus ("graph neural networks (GNNs)") joins its long form everywhere.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from citegraph.extract.normalise import display_name, surface_key
from citegraph.model import Abbreviation, Entity, Mention, PaperMentions  # noqa: F401

# CONCEPT is the fallback label: a typed label wins unless CONCEPT has this many times more votes.
_CONCEPT_DISCOUNT = 2


@dataclass(frozen=True, slots=True)
class Resolution:
    """Surface key to entity key, and the entities themselves."""

    key_of: dict[str, str]
    entities: dict[str, Entity]
    # (paper id, short-form key) -> entity key, for short forms a paper defines itself.
    local: dict[tuple[str, str], str] = field(default_factory=dict)

    def entity_key(self, mention: Mention, paper_id: str = "") -> str | None:
        """The entity a mention in paper ``paper_id`` belongs to.

        A short form the paper defines means that paper's long form, even where the corpus
        mostly uses it for something else.

        >>> r = EntityResolver()
        >>> r.add(PaperMentions("p", (Mention("GNNs", "METHOD", 0, 4, 0),)))
        >>> r.finish().entity_key(Mention("GNN", "METHOD", 0, 3, 0))
        'gnn'
        """
        return self.paper_keys(PaperMentions(paper_id, (mention,)))[0]

    def paper_keys(self, extraction: PaperMentions) -> list[str | None]:
        """:meth:`entity_key` of each mention of ``extraction``, in order (one call per
        paper rather than per mention: assembling a graph asks for millions).

        >>> r = EntityResolver()
        >>> r.add(PaperMentions("p", (Mention("GNNs", "METHOD", 0, 4, 0),)))
        >>> r.finish().paper_keys(PaperMentions("q", (Mention("GNN", "METHOD", 0, 3, 0),)))
        ['gnn']
        """
        local, key_of, paper_id = self.local, self.key_of, extraction.paper_id
        keys = map(surface_key, [m.text for m in extraction.mentions])
        return [local.get((paper_id, key)) or key_of.get(key) for key in keys]


class EntityResolver:
    """Accumulates mentions paper by paper, then resolves them corpus-wide in :meth:`finish`.

    Examples
    --------
    >>> r = EntityResolver()
    >>> r.add(PaperMentions("p1", (Mention("graph neural networks", "METHOD", 0, 21, 0),
    ...                            Mention("GNNs", "CONCEPT", 23, 27, 0)),
    ...                     (Abbreviation("GNNs", "graph neural networks"),)))
    >>> r.add(PaperMentions("p2", (Mention("GNN", "CONCEPT", 0, 3, 0),)))
    >>> e = r.finish().entities["graph neural network"]
    >>> e.name, e.label, e.aliases
    ('graph neural network', 'Method', ('GNN', 'GNNs', 'graph neural networks'))
    """

    def __init__(self) -> None:
        self.surfaces: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.labels: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.definitions: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.local: dict[tuple[str, str], str] = {}

    def add(self, extraction: PaperMentions) -> None:
        """Count the mentions and abbreviation definitions of one paper."""
        own: dict[str, str] = {}
        for a in extraction.abbreviations:
            short, long = surface_key(a.short), surface_key(a.long)
            if short and long and short != long:
                self.definitions[short][long] += 1
                own.setdefault(short, long)
        for short, long in own.items():
            self.local[(extraction.paper_id, short)] = long
        for m in extraction.mentions:
            key = surface_key(m.text)
            if not key:
                continue
            key = own.get(key, key)  # a short form the paper defines counts for its long form
            self.surfaces[key][m.text] += 1
            self.labels[key][m.label] += 1

    def _canonical(self) -> dict[str, str]:
        target = {
            short: max(longs.items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[0]
            for short, longs in self.definitions.items()
        }
        key_of: dict[str, str] = {}
        for key in self.surfaces:
            seen = {key}
            k = key
            while k in target and target[k] not in seen:
                k = target[k]
                seen.add(k)
            key_of[key] = k
        return key_of

    def finish(self) -> Resolution:
        """Resolve every surface key seen so far into canonical entities."""
        from citegraph.graph.schema import SPAN_TO_NODE

        key_of = self._canonical()
        groups: defaultdict[str, list[str]] = defaultdict(list)
        for key, canonical in key_of.items():
            groups[canonical].append(key)
        entities: dict[str, Entity] = {}
        for canonical, keys in groups.items():
            votes: Counter[str] = Counter()
            surfaces: Counter[str] = Counter()
            for k in keys:
                votes.update(self.labels[k])
                surfaces.update(self.surfaces[k])
            typed = {lab: n for lab, n in votes.items() if lab != "CONCEPT"}
            label = "CONCEPT"
            if typed:
                best = max(typed.items(), key=lambda kv: (kv[1], kv[0]))
                if best[1] * _CONCEPT_DISCOUNT >= votes["CONCEPT"]:
                    label = best[0]
            top = _name_of(self.surfaces.get(canonical) or surfaces)
            entities[canonical] = Entity(
                key=canonical,
                label=SPAN_TO_NODE[label],
                name=display_name(top),
                aliases=tuple(sorted(surfaces)),
                papers=0,
            )
        local = {where: key_of.get(long, long) for where, long in self.local.items()}
        return Resolution(key_of, entities, {k: v for k, v in local.items() if v in entities})


def _name_of(surfaces: Counter[str]) -> str:
    """The most used spelling; lower case when the corpus also writes it so, since capitals
    then come from titles and sentence starts (names with inner capitals keep them).

    >>> _name_of(Counter({"Graph Neural Networks": 3, "graph neural networks": 1}))
    'graph neural networks'
    >>> _name_of(Counter({"ImageNet": 4, "imagenet": 1, "MNIST": 2}))
    'ImageNet'
    """
    by_lower: Counter[str] = Counter()
    for text, n in surfaces.items():
        by_lower[text.lower()] += n
    best = max(by_lower.items(), key=lambda kv: (kv[1], kv[0]))[0]
    variants = {t: n for t, n in surfaces.items() if t.lower() == best}
    top = max(variants.items(), key=lambda kv: (kv[1], kv[0].islower(), kv[0]))[0]
    camel = any(c.isupper() for word in top.split() for c in word[1:])
    return best if best in variants and not camel else top
