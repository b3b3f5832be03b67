"""SOURCE argument syntax: stdin, URL, existing file, REV:path, otherwise a missing file."""

from __future__ import annotations

from pathlib import Path

import pytest

from treaty.sources import AppSource, FileSource, GitSource, StdinSource, UrlSource
from treaty.sources.location import describe, parse_location


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a:b.yaml").write_text("x")
    assert parse_location("-") == StdinSource()
    assert parse_location("https://x/o.json") == UrlSource("https://x/o.json")
    assert parse_location("a:b.yaml") == FileSource(Path("a:b.yaml"))  # an existing file wins
    assert parse_location("origin/main:api/o.yaml") == GitSource("origin/main", "api/o.yaml")
    assert parse_location(":o.yaml") == FileSource(Path(":o.yaml"))
    assert parse_location("HEAD:") == FileSource(Path("HEAD:"))
    assert parse_location("o.yaml") == FileSource(Path("o.yaml"))


def test_describe_names_every_source() -> None:
    assert describe(StdinSource()) == "<stdin>"
    assert describe(UrlSource("http://x")) == "http://x"
    assert describe(GitSource("HEAD", "o.yaml")) == "HEAD:o.yaml"
    assert describe(AppSource("m:app")) == "m:app"
    assert describe(FileSource(Path("o.yaml"))) == "o.yaml"
