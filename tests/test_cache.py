"""The parsed-document cache: content-addressed, atomic, ignored when foreign or corrupt."""

from __future__ import annotations

import gc
import hashlib
import json
import os
from pathlib import Path

import pytest

from treaty.errors import SourceError
from treaty.sources import cache, load, parse
from treaty.sources.document import SyntaxKind

YAML = b"openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-when: 2024-01-31\n"
JSON = b'{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}'
LIMITS = {"max_depth": 128, "max_nodes": 1_000_000}


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache folder (never the user's home)."""
    monkeypatch.setenv("TREATY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TREATY_NO_CACHE", raising=False)
    monkeypatch.setattr(cache, "MIN_BYTES", 0)  # the documents here are small
    return tmp_path / "cache" / "documents"


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


def _parse_yaml_must_not_run(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("parsed again")

    monkeypatch.setattr(parse, "parse_bytes", refuse)


def test_a_yaml_document_is_parsed_once_then_read_from_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cache.parse_document(YAML, "api.yaml", **LIMITS)
    assert first[1] is SyntaxKind.YAML and first[0]["x-when"] == "2024-01-31"
    assert len(_entries(cache_dir)) == 1
    _parse_yaml_must_not_run(monkeypatch)
    assert cache.parse_document(YAML, "other-name.yaml", **LIMITS) == first


def test_load_goes_through_the_cache(tmp_path: Path, cache_dir: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_bytes(YAML)
    assert load(str(spec)).root == load(str(spec)).root
    assert len(_entries(cache_dir)) == 1


def test_small_yaml_documents_are_not_cached(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "MIN_BYTES", len(YAML) + 1)
    cache.parse_document(YAML, "api.yaml", **LIMITS)
    assert _entries(cache_dir) == []


def test_json_documents_are_not_cached(cache_dir: Path) -> None:
    root, syntax = cache.parse_document(JSON, "api.json", **LIMITS)
    assert syntax is SyntaxKind.JSON and root["openapi"] == "3.0.3"
    assert _entries(cache_dir) == []


@pytest.mark.parametrize("value", ["1", "yes"])
def test_treaty_no_cache_switches_it_off(
    value: str, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_NO_CACHE", value)
    assert cache.directory() is None
    cache.parse_document(YAML, "api.yaml", **LIMITS)
    assert _entries(cache_dir) == []


def test_the_folder_follows_treaty_cache_dir_then_xdg_then_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TREATY_NO_CACHE", "0")
    assert cache.directory() == tmp_path / "cache" / "documents"
    monkeypatch.delenv("TREATY_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "treaty" / "documents"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "treaty" / "documents"


def test_the_key_depends_on_the_bytes_and_the_limits() -> None:
    key = cache.entry_key(YAML, 128, 1000)
    assert key == cache.entry_key(YAML, 128, 1000)
    assert key != cache.entry_key(YAML + b"\n", 128, 1000)
    assert key != cache.entry_key(YAML, 64, 1000)
    assert key != cache.entry_key(YAML, 128, 999)


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda blob: b"garbage",
        lambda blob: blob[:-5],  # truncated body: the digest no longer matches
        lambda blob: blob.replace(b'"format": 1', b'"format": 0'),  # another format
        lambda blob: blob.replace(b"3.0.3", b"3.0.4"),  # edited body
    ],
)
def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(
    corrupt: object, cache_dir: Path
) -> None:
    expected = cache.parse_document(YAML, "api.yaml", **LIMITS)
    [entry] = _entries(cache_dir)
    entry.write_bytes(corrupt(entry.read_bytes()))  # type: ignore[operator]
    key = entry.name.removesuffix(".json")
    assert cache.read_entry(cache_dir, key) is None
    assert cache.parse_document(YAML, "api.yaml", **LIMITS) == expected
    assert cache.read_entry(cache_dir, key) == expected[0]


def test_an_entry_that_is_not_a_mapping_is_ignored(cache_dir: Path) -> None:
    body = b"[1, 2]"
    header = {"format": cache.FORMAT, "key": "k", "sha256": hashlib.sha256(body).hexdigest()}
    cache_dir.mkdir(parents=True)
    (cache_dir / "k.json").write_bytes(json.dumps(header).encode() + b"\n" + body)
    assert cache.read_entry(cache_dir, "k") is None


def test_an_unwritable_cache_never_fails_the_parse(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert not cache.write_entry(blocker, "k", {"openapi": "3.0.3"}, 100)
    assert cache.read_entry(blocker, "k") is None


def test_an_alias_expansion_far_larger_than_the_source_is_not_stored(cache_dir: Path) -> None:
    big = {"openapi": "3.0.3", "x": ["y" * 1000] * 3000}  # 3 MB from a "1 kB" source
    assert not cache.write_entry(cache_dir, "k", big, 1000)
    assert _entries(cache_dir) == []


def test_only_the_most_recently_used_entries_are_kept(cache_dir: Path) -> None:
    for index in range(3):
        assert cache.write_entry(cache_dir, f"k{index}", {"openapi": str(index)}, 100)
        os.utime(cache_dir / f"k{index}.json", (1_000 + index, 1_000 + index))
    assert cache.read_entry(cache_dir, "k0") is not None  # a hit makes k0 the newest
    cache._prune(cache_dir, keep=2)
    assert [path.name for path in _entries(cache_dir)] == ["k0.json", "k2.json"]
    cache._prune(cache_dir / "missing", keep=2)  # nothing to do, no error


def test_a_document_that_does_not_parse_is_not_cached(cache_dir: Path) -> None:
    with pytest.raises(SourceError):
        cache.parse_document(b"openapi: [unclosed\n", "bad.yaml", **LIMITS)
    assert _entries(cache_dir) == []


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_state_is_restored(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        cache.parse_document(YAML, "api.yaml", **LIMITS)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_pruning_survives_an_entry_that_vanishes(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cache.write_entry(cache_dir, "k", {"openapi": "3.0.3"}, 100)

    def vanished(self: Path, **kwargs: object) -> os.stat_result:
        raise FileNotFoundError(self)

    monkeypatch.setattr(Path, "stat", vanished)
    cache._prune(cache_dir, keep=0)  # another process removed it first: nothing to do
    monkeypatch.undo()
    assert _entries(cache_dir) != []


def test_a_failed_write_leaves_no_temporary_file(cache_dir: Path) -> None:
    (cache_dir / "k.json").mkdir(parents=True)  # a folder where the entry should go
    (cache_dir / "k.json" / "inside").write_text("")
    assert not cache.write_entry(cache_dir, "k", {"openapi": "3.0.3"}, 100)
    assert [path.name for path in cache_dir.iterdir()] == ["k.json"]


def test_writes_abandoned_long_ago_are_removed(cache_dir: Path) -> None:
    cache_dir.mkdir(parents=True)
    old, recent = cache_dir / ".k.json.old.tmp", cache_dir / ".k.json.recent.tmp"
    old.write_text("partial")
    recent.write_text("being written")
    os.utime(old, (1_000, 1_000))
    assert cache.write_entry(cache_dir, "k", {"openapi": "3.0.3"}, 100)
    assert not old.exists() and recent.exists()
