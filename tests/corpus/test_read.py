from pathlib import Path

import pytest

from citegraph.corpus.read import decode, detect_format, read_corpus, read_data
from citegraph.errors import CorpusError
from tests.corpus.helpers import FIXTURES, read_fixture


def test_folder_is_read_recursively_with_formats(fixtures):
    result = read_corpus([fixtures / "listings", fixtures / "papers.jsonl"])
    assert len(result.papers) == 8
    assert sorted(result.files.values()) == ["daily-listing", "jsonl", "neurips-listing"]
    assert next((s.line, s.reason) for s in result.skipped) == (3, "record has no abstract")


def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="no such file or folder"):
        read_corpus([tmp_path / "nope"])


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match="folder has no input files"):
        read_corpus([tmp_path])


def test_bad_files_are_skipped_with_file_and_line(fixtures):
    result = read_corpus([fixtures / "bad"])
    reasons = {s.path.rsplit("/", 1)[-1]: (s.line, s.reason) for s in result.skipped}
    assert reasons["binary.txt"][1].startswith("binary file")
    assert reasons["notes.txt"][1].startswith("unknown format")
    assert not result.papers


def test_on_error_fail_stops_at_first_bad_record(fixtures):
    with pytest.raises(CorpusError) as info:
        read_corpus([fixtures / "papers.jsonl"], on_error="fail")
    assert str(info.value) == (
        f"{fixtures / 'papers.jsonl'}:3: record has no abstract; use --on-error skip to continue"
    )


def test_utf16_and_bom_files_decode(tmp_path):
    line = '{"title": "Caf\\u00e9 Nets", "abstract": "We study caf\\u00e9 networks."}\n'
    (tmp_path / "a.jsonl").write_text(line, encoding="utf-16")
    (tmp_path / "b.jsonl").write_text(line, encoding="utf-8-sig")
    result = read_corpus([tmp_path])
    assert [p.title for p in result.papers] == ["Café Nets", "Café Nets"]


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


def test_on_error_fail_stops_at_first_bad_ris_record():
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
