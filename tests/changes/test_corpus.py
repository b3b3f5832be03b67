"""Opt-in: every real corpus document builds and diffs empty with itself; every pair runs."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from treaty.changes import compute
from treaty.sources import load
from treaty.spec import Spec, build

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "MANIFEST.json").exists(), reason="no shared corpus"),
]


def _manifest() -> dict[str, list[dict[str, str]]]:
    if not (CORPUS / "MANIFEST.json").exists():
        return {"files": [], "pairs": []}
    manifest: dict[str, list[dict[str, str]]] = json.loads((CORPUS / "MANIFEST.json").read_text())
    return manifest


@cache
def _spec(name: str) -> Spec:
    return build(load(str(CORPUS / name)))


@pytest.mark.parametrize("name", [f["file"] for f in _manifest()["files"]])
def test_corpus_document_diffed_with_itself_is_empty(name: str) -> None:
    spec = _spec(name)
    assert spec.operations
    assert compute(spec, spec) == []


@pytest.mark.parametrize("pair", _manifest()["pairs"], ids=lambda pair: pair["id"])
def test_corpus_pair_diffs_without_error(pair: dict[str, str]) -> None:
    changes = compute(_spec(pair["base"]), _spec(pair["revision"]))
    if pair["id"] == "stripe-json-vs-yaml":
        assert changes == []
    for change in changes:
        assert change.pointer is not None
