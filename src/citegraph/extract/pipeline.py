"""Assembly of the extraction pipeline and running it over papers.

The pipeline is ``sentencizer`` → [statistical ``tok2vec`` + ``ner``] → abbreviations →
cue patterns → coined names → entity settling. The statistical part comes from the model
shipped in the package when present; any spaCy pipeline with an ``ner`` slots in the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from thinc.api import use_ops

from citegraph.errors import ExtractionError
from citegraph.extract import (  # noqa: F401  (registers factories)
    abbreviations,
    coined,
    ensemble,
    entities,
)
from citegraph.extract.cues import load_cues, span_patterns
from citegraph.extract.mentions import paper_mentions
from citegraph.model import Paper, PaperMentions

SHIPPED_MODEL = "scierc_ner"
RULE_COMPONENTS = (
    "citegraph_abbreviations",
    "citegraph_cues",
    "citegraph_coined",
    "citegraph_entities",
)


def shipped_model_path() -> Path | None:
    """Folder of the statistical model shipped in the package, if this install has one."""
    path = Path(str(resources.files("citegraph"))) / "models" / SHIPPED_MODEL
    return path if (path / "config.cfg").is_file() else None


def load_model(path: str | Path) -> Language:
    """``spacy.load(path)`` with the model's layers multiplying matrices through NumPy's BLAS.

    thinc's CPU backend multiplies with the BLIS library it bundles unless told otherwise; on
    the AVX-512 machines citegraph is benchmarked on, NumPy's OpenBLAS computes the tok2vec's
    products 3.5 times as fast (85 against 24 GFLOPS) and runs the shipped model about 1.5
    times as fast, predicting the same entities. Layers keep the backend they were built with.

    >>> nlp = load_model(Path(__file__).parents[1] / "models" / SHIPPED_MODEL)
    >>> nlp.get_pipe("tok2vec").model.ops.use_blis
    False
    """
    with use_ops("numpy", use_blis=False):
        return spacy.load(path)


def build_pipeline(model: str = "default", *, rules: bool = True) -> Language:
    """The extraction pipeline.

    Parameters
    ----------
    model
        ``"default"``: the shipped statistical model when installed, else none;
        ``"rules"``: rule components on ``spacy.blank("en")`` only;
        anything else: the path of a spaCy pipeline with an ``ner`` component.
    rules
        Whether to add the rule components after the statistical ones.

    Raises
    ------
    ExtractionError
        ``model`` is a path that holds no loadable spaCy pipeline.

    Examples
    --------
    >>> nlp = build_pipeline("rules")
    >>> [e.text for e in nlp("We train graph neural networks (GNNs) on ImageNet.").ents]
    ['graph neural networks', 'GNNs', 'ImageNet']
    """
    if model == "rules":
        nlp = spacy.blank("en")
    elif model == "default":
        path = shipped_model_path()
        nlp = load_model(path) if path else spacy.blank("en")
    else:
        try:
            nlp = load_model(model)
        except (OSError, ValueError) as err:
            raise ExtractionError(
                f"{model}: not a spaCy pipeline ({err}); pass a folder written by "
                "nlp.to_disk() or use --pipeline default"
            ) from None
    nlp.add_pipe("sentencizer", first=True)
    if rules:
        nlp.add_pipe("citegraph_abbreviations")
        ruler = nlp.add_pipe(
            "span_ruler",
            name="citegraph_cues",
            config={
                "annotate_ents": True,
                "overwrite": False,
                "phrase_matcher_attr": "LOWER",
                "spans_key": None,
                "ents_filter": {"@misc": "spacy.prioritize_existing_ents_filter.v1"},
                "validate": False,
            },
        )
        # Measured on SciERC dev: with a statistical model, head-word cues cost precision more
        # than they add recall, while known names and the other rules are neutral or better.
        statistical = "ner" in nlp.pipe_names
        patterns = [p for p in span_patterns() if not statistical or p["id"] == "name"]
        ruler.add_patterns(patterns)  # type: ignore[attr-defined]
        nlp.add_pipe("citegraph_coined")
        nlp.add_pipe("citegraph_entities")
    return nlp


def pipeline_version(nlp: Language) -> str:
    """A fingerprint of what the pipeline does: components, model meta, cue data and the code
    of the extraction components.

    Two pipelines with the same fingerprint extract the same mentions from the same text.
    """
    parts = {
        "pipes": nlp.pipe_names,
        "meta": {k: nlp.meta.get(k) for k in ("name", "version", "spacy_version")},
        "cues": load_cues(),
        "code": _code_fingerprint(),
    }
    return hashlib.sha1(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


# Modules that never change what a paper's record holds: scheduling, caching (its stored format
# has a version of its own, cache.FORMAT), corpus-wide resolution (it runs on records after they
# are cached) and SciERC conversion. Editing them keeps caches.
_NOT_IN_RECORDS = frozenset({"runner.py", "cache.py", "canonical.py", "scierc.py"})


@cache
def _code_fingerprint() -> str:
    # An edited component changes results without a version bump; hash the sources instead.
    root = Path(__file__).parent
    digest = hashlib.sha1()
    for path in sorted(root.glob("*.py")):
        if path.name in _NOT_IN_RECORDS:
            continue
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def extract(
    papers: Iterable[Paper], nlp: Language, *, batch_size: int = 64
) -> Iterator[PaperMentions]:
    """Mentions of each paper, streamed in input order; Docs never outlive their batch."""
    items = ((p.text, p.id) for p in papers)
    for doc, paper_id in nlp.pipe(items, as_tuples=True, batch_size=batch_size):
        yield paper_mentions(paper_id, doc)
