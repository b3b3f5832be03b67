"""Special files (FIFOs) as SOURCE, config, ignore file or -o target: refused at once, never a
hang; and a pyproject.toml that is not UTF-8 or nests without end is one line naming it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from treaty._fs import NotRegularFile, atomic_write, read_regular
from treaty.config import load_config
from treaty.errors import ConfigError, SourceError, TreatyError
from treaty.ignore import load_ignore_file
from treaty.sources.files import read_file

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


def test_a_fifo_source_is_refused(fifo: Path) -> None:
    with pytest.raises(SourceError, match="named pipe"):
        read_file(fifo, 1024)


def test_a_fifo_ignore_file_is_refused(fifo: Path) -> None:
    with pytest.raises(ConfigError, match="named pipe"):
        load_ignore_file(fifo)


def test_a_fifo_config_is_refused(fifo: Path) -> None:
    with pytest.raises(ConfigError, match="named pipe"):
        load_config(fifo)


def test_a_fifo_output_is_never_replaced(fifo: Path) -> None:
    with pytest.raises(TreatyError, match="named pipe"):
        atomic_write(fifo, "{}")
    with pytest.raises(NotRegularFile):
        read_regular(fifo)


def test_a_regular_file_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"hello")
    assert read_regular(path) == b"hello" and read_regular(path, 2) == b"hel"


@pytest.mark.parametrize(
    ("body", "problem"),
    [(b"[tool.treaty]\nx = '\xff'\n", "not UTF-8"), (b"x = " + b"[" * 100_000, "nested too")],
)
def test_a_broken_pyproject_is_one_line(tmp_path: Path, body: bytes, problem: str) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_bytes(body)
    with pytest.raises(ConfigError, match=problem) as caught:
        load_config(path)
    assert "pyproject.toml" in str(caught.value)
