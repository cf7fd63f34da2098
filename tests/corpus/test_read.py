import pytest

from citegraph.corpus import read_corpus
from citegraph.errors import CorpusError


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
