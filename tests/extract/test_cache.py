from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from citegraph.errors import ExtractionError
from citegraph.extract.cache import ExtractionCache, decode, encode, text_hash
from citegraph.model import Abbreviation, Mention, PaperMentions

RECORD = PaperMentions(
    "p1",
    (
        Mention("graph neural networks", "METHOD", 0, 21, 0),
        Mention("GNNs", "METHOD", 23, 27, 0, True),
    ),
    (Abbreviation("GNNs", "graph neural networks"),),
    ((0, 28), (29, 40)),
)


def test_encode_decode_round_trip_under_another_id() -> None:
    again = decode("other", encode(RECORD))
    assert again.paper_id == "other"
    assert (again.mentions, again.abbreviations, again.sentences) == (
        RECORD.mentions,
        RECORD.abbreviations,
        RECORD.sentences,
    )


def test_text_hash_depends_on_text_only() -> None:
    assert text_hash("a") == text_hash("a") != text_hash("b")


def test_hit_and_miss(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with ExtractionCache(path, "v1") as cache:
        cache.put("h1", RECORD)
    with ExtractionCache(path, "v1") as cache:
        found = cache.get_many(["h1", "h2"])
        assert set(found) == {"h1"}
        assert decode("p1", found["h1"]) == RECORD
        assert cache.keys() == {"h1"}
        assert len(cache) == 1


def test_changed_version_misses_and_prunes(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with ExtractionCache(path, "v1") as cache:
        cache.put("h1", RECORD)
        cache.put("h2", RECORD)
    with ExtractionCache(path, "v2") as cache:
        assert cache.pruned == 2
        assert cache.get_many(["h1", "h2"]) == {}
    rows = sqlite3.connect(path).execute("SELECT count(*) FROM mentions").fetchone()
    assert rows == (0,)


def test_versions_sorting_before_and_after_are_both_pruned(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with ExtractionCache(path, "v2") as cache:
        cache.put("h2", RECORD)
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO mentions VALUES (?, ?, '[[],[],[]]')", [("v1.1", "h1"), ("v3.1", "h3")]
        )
    with ExtractionCache(path, "v2") as cache:
        assert cache.pruned == 2 and cache.keys() == {"h2"}


def test_keys_are_listed_without_reading_the_records(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with ExtractionCache(path, "v1") as cache:
        cache.put("h1", RECORD)
    plan = sqlite3.connect(path).execute(
        "EXPLAIN QUERY PLAN SELECT text_hash FROM mentions WHERE version = ?", ("v1",)
    )
    assert "COVERING INDEX" in " ".join(str(row) for row in plan)


def test_buffered_writes_are_committed_in_batches(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    cache = ExtractionCache(path, "v1", commit_every=2)
    cache.put("h1", RECORD)
    cache.put("h2", RECORD)
    cache.put("h3", RECORD)
    with ExtractionCache(path, "v1") as other:
        assert other.keys() == {"h1", "h2"}
    cache.close()
    with ExtractionCache(path, "v1") as other:
        assert other.keys() == {"h1", "h2", "h3"}


def test_unreadable_cache_is_an_extraction_error(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(ExtractionError, match="--no-cache"):
        ExtractionCache(path, "v1")


def test_large_lookups_read_the_table_once_with_the_same_answer(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite"
    with ExtractionCache(path, "v1") as cache:
        for i in range(3000):
            cache.put(f"h{i}", PaperMentions(f"p{i}", (Mention(f"M{i}", "METHOD", 0, 2, 0),)))
    wanted = [f"h{i}" for i in range(2600)] + ["missing"]
    with ExtractionCache(path, "v1") as cache:
        scanned = cache.get_many(wanted, scan=True)
        looked_up = cache.get_many(wanted)
    assert scanned == looked_up
    assert len(scanned) == 2600 and "missing" not in scanned
    assert decode("p7", scanned["h7"]).mentions[0].text == "M7"


def test_changed_storage_format_prunes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import citegraph.extract.cache as cache_module

    path = tmp_path / "c.sqlite"
    with ExtractionCache(path, "v1") as cache:
        cache.put("h1", RECORD)
    monkeypatch.setattr(cache_module, "FORMAT", cache_module.FORMAT + 1)
    with ExtractionCache(path, "v1") as cache:
        assert cache.pruned == 1 and cache.keys() == set()
