"""Bad input never raises anything but CorpusError, and every record is a Paper or a Skip."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citegraph.corpus.read import FORMATS, read_data
from citegraph.errors import CorpusError
from citegraph.model import Paper, Skip
from tests.corpus.helpers import FIXTURES

READERS = [f for f in FORMATS if f != "auto"]
FILES = {
    "bibtex": "refs.bib",
    "ris": "refs.ris",
    "arxiv": "arxiv.jsonl",
    "openalex": "works.jsonl",
    "s2": "s2.jsonl",
    "jsonl": "arxiv.jsonl",
    "csv": "papers.tsv",
}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(name: str, data: bytes, fmt: str = "auto") -> list[Paper | Skip]:
    """Read ``data``; a file-level CorpusError is fine, anything else fails the test."""
    try:
        _, records, _ = read_data(Path(name), data, fmt)
        out = list(records)
    except CorpusError as err:
        assert err.line >= 0 and str(err).startswith(name)
        return []
    lines = data.count(b"\n") + data.count(b"\r") + 2
    for r in out:
        assert isinstance(r, Paper | Skip)
        if isinstance(r, Paper):
            assert r.title.strip() and r.abstract.strip()
            assert 1 <= r.sources[0].line <= lines
        else:
            assert 0 <= r.line <= lines and r.reason
    return out


@FUZZ
@given(st.sampled_from(READERS), st.binary(max_size=3000))
def test_random_bytes_in_every_reader(fmt, data):
    check("x.dat", data, fmt)


@FUZZ
@given(st.sampled_from(sorted(FILES.items())), st.data())
def test_truncation_at_any_byte(item, data):
    fmt, name = item
    raw = (FIXTURES / name).read_bytes()
    cut = data.draw(st.integers(0, len(raw)))
    check(name, raw[:cut], fmt)
    check(name, raw[:cut])


@FUZZ
@given(st.sampled_from(sorted(FILES.items())), st.data())
def test_byte_mutations(item, data):
    fmt, name = item
    raw = bytearray((FIXTURES / name).read_bytes())
    for _ in range(data.draw(st.integers(1, 8))):
        raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    check(name, bytes(raw), fmt)


@FUZZ
@given(
    st.sampled_from(sorted(FILES.items())),
    st.sampled_from(["utf-8-sig", "utf-16", "latin-1", "cp1252"]),
    st.text(max_size=40),
)
def test_encodings_and_boms(item, encoding, extra):
    fmt, name = item
    text = (FIXTURES / name).read_text(encoding="utf-8") + extra
    check(name, text.encode(encoding, errors="replace"), fmt)


MARKUP = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "<i>",
            "&amp;",
            "&#x3C;",
            "&bogus;",
            "\\emph{",
            '{\\"u}',
            "}",
            "{",
            "$x^2$",
            "\\",
            "%",
            "~",
            "\n",
            "word",
            "\u00e9",
            "\x00",
            "<jats:p>",
            "\\begin{x}",
        ]
    ),
    max_size=30,
).map("".join)


def _records(fmt: str, title: str, abstract: str) -> str:
    if fmt == "bibtex":
        return f"@article{{k1,\n title = {{{title}}},\n abstract = {{{abstract}}}\n}}\n"
    if fmt == "ris":
        one = abstract.replace("\n", " ")
        return f"TY  - JOUR\nTI  - {title.replace(chr(10), ' ')}\nAB  - {one}\nER  - \n"
    rec = {"title": title, "abstract": abstract, "id": "2101.00001", "update_date": "2021"}
    if fmt == "openalex":
        index: dict[str, list[int]] = {}
        for i, w in enumerate(abstract.split()):
            index.setdefault(w, []).append(i)
        rec = {"id": "https://openalex.org/W1", "title": title, "abstract_inverted_index": index}
    if fmt == "s2":
        rec = {"paperId": "p", "title": title, "abstract": abstract, "externalIds": None}
    return json.dumps(rec) + "\n"


@FUZZ
@given(st.sampled_from(["bibtex", "ris", "arxiv", "openalex", "s2", "jsonl"]), MARKUP, MARKUP)
def test_html_and_latex_laden_records(fmt, title, abstract):
    out = check("x.dat", _records(fmt, title, abstract).encode("utf-8"), fmt)
    for r in out:
        if isinstance(r, Paper):
            assert "<p>" not in r.abstract and "&amp;" not in r.abstract
            assert r.abstract == " ".join(r.abstract.split())


@FUZZ
@given(st.sampled_from(["bibtex", "ris", "arxiv", "openalex", "s2"]), st.lists(st.integers(0, 3)))
def test_duplicated_ids(fmt, picks):
    text = "".join(_records(fmt, f"Title {i}", f"Abstract {i}.") for i in picks)
    out = check("x.dat", text.encode(), fmt)
    assert len([r for r in out if isinstance(r, Paper)]) == len(picks)


def test_ten_megabyte_line_in_every_reader():
    big = "word " * 2_000_000
    for fmt in ["bibtex", "ris", "arxiv", "openalex", "s2", "jsonl"]:
        text = _records(fmt, "Huge", big) + _records(fmt, "Small", "fine abstract")
        out = check("x.dat", text.encode(), fmt)
        assert [r.title for r in out if isinstance(r, Paper)] == ["Small"], fmt
        (skip,) = [r for r in out if isinstance(r, Skip)]
        assert "characters long (limit 100000)" in skip.reason, fmt
