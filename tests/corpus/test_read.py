from pathlib import Path

import pytest

from citegraph.corpus.read import decode, detect_format, read_corpus, read_data
from citegraph.errors import CorpusError
from tests.corpus.helpers import FIXTURES, read_fixture


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("refs.bib", "bibtex"),
        ("refs.ris", "ris"),
        ("arxiv.jsonl", "arxiv"),
        ("works.jsonl", "openalex"),
        ("s2.jsonl", "s2"),
        ("papers.tsv", "csv"),
    ],
)
def test_formats_detected_by_suffix_and_keys(name, fmt):
    path = FIXTURES / name
    assert detect_format(path, path.read_text(encoding="utf-8")) == fmt


def test_content_detection_for_txt_files():
    assert detect_format(Path("x.txt"), "TY  - JOUR\nTI  - T\nER  - \n") == "ris"
    assert detect_format(Path("x.txt"), "@article{k, title={T}}\n") == "bibtex"
    assert detect_format(Path("x.txt"), '\n{"title": "T", "abstract": "A"}\n') == "jsonl"
    assert detect_format(Path("x.json"), 'garbage\n{"paperId": "p"}\n') == "s2"


def test_forced_format_overrides_detection():
    fmt, records, _ = read_data(
        Path("x.txt"), b'{"id": "2101.00001", "title": "T", "abstract": "A"}'
    )
    assert fmt == "jsonl"
    fmt, records, _ = read_data(
        Path("x.txt"), b'{"id": "2101.00001", "title": "T", "abstract": "A"}', "arxiv"
    )
    assert fmt == "arxiv" and next(records).arxiv_id == "2101.00001"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be"])
def test_unicode_encodings_with_bom_read_the_same(encoding):
    text = (FIXTURES / "refs.ris").read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    text_back, warning = decode(Path("a.ris"), data)
    assert (text_back.lstrip("\ufeff"), warning) == (text, "")


@pytest.mark.parametrize("name", ["refs.bib", "refs.ris", "arxiv.jsonl", "works.jsonl"])
def test_latin1_file_is_read_with_a_warning(tmp_path, name):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    target = tmp_path / name
    target.write_bytes(text.encode("latin-1"))
    result = read_corpus([target])
    expected, _ = read_fixture(name)
    assert [p.title for p in result.papers] == [p.title for p in expected]
    if any(ord(c) > 127 for c in text):
        (warning,) = result.warnings
        assert warning.reason.startswith("not valid UTF-8 (first bad byte on line")
        assert warning.reason.endswith("read as cp1252, check accented characters")


def test_on_error_fail_stops_at_first_bad_record():
    with pytest.raises(CorpusError) as err:
        read_corpus([FIXTURES / "refs.ris"], on_error="fail")
    assert str(err.value).endswith(
        "refs.ris:17: record has no abstract; use --on-error skip to continue"
    )


def test_binary_and_empty_files_are_skipped_as_files(tmp_path):
    (tmp_path / "a.bib").write_bytes(b"\x00\x01\x02" * 10)
    (tmp_path / "b.ris").write_bytes(b"   \n")
    result = read_corpus([tmp_path])
    assert [(Path(s.path).name, s.kind) for s in result.skipped] == [
        ("a.bib", "file"),
        ("b.ris", "file"),
    ]
