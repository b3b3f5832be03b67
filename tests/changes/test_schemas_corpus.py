"""Opt-in: the comparer over the real corpus (``-m corpus``; skipped when it is absent)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from treaty.changes.model import Aspect, Direction
from treaty.changes.schemas import SchemaDiffer, SchemaSite
from treaty.spec.dialect import dialect_of
from treaty.spec.pointer import join

CORPUS = Path(__file__).parents[2].parent / "shared" / "corpus"

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is absent"),
]


@pytest.fixture(autouse=True)
def _opt_in(request: pytest.FixtureRequest) -> None:
    """Run only when asked: ``-m corpus`` or ``TREATY_CORPUS=1`` (about a minute)."""
    selected = "corpus" in request.config.option.markexpr.replace("not corpus", "")
    if not selected and not os.environ.get("TREATY_CORPUS"):
        pytest.skip("corpus tests are opt-in: -m corpus")


def _load(path: Path) -> dict[str, Any]:
    if path.suffix == ".json":
        return json.loads(path.read_bytes())
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_bytes(), Loader=loader)


def _components(root: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if "definitions" in root:
        return "#/definitions/", root["definitions"]
    return "#/components/schemas/", root.get("components", {}).get("schemas", {})


def _documents() -> list[Path]:
    return (
        sorted(p for p in CORPUS.glob("*/*") if p.suffix in {".json", ".yaml"})
        if CORPUS.is_dir()
        else []
    )


@pytest.mark.parametrize("path", _documents(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_component_compared_with_itself_is_no_change(path: Path) -> None:
    root = _load(path)
    differ = SchemaDiffer(root, root, dialect_of(root), dialect_of(root))
    prefix, schemas = _components(root)
    for name, schema in schemas.items():
        site = SchemaSite(schema, prefix + name.replace("~", "~0").replace("/", "~1"))
        for direction in (Direction.REQUEST, Direction.RESPONSE):
            assert differ.compare(site, site, direction) == (), name


def test_stripe_removed_property_is_reported_once_per_direction() -> None:
    base = _load(CORPUS / "stripe" / "2022-03-31-ac382e8.json")
    revision = _load(CORPUS / "stripe" / "2022-04-01-d412983.json")
    differ = SchemaDiffer(base, revision, dialect_of(base), dialect_of(revision))
    found: dict[int, Any] = {}
    for method_path in base["paths"]:
        for method, operation in base["paths"][method_path].items():
            if method_path not in revision["paths"] or method not in revision["paths"][method_path]:
                continue
            other = revision["paths"][method_path][method]
            for status, response in operation.get("responses", {}).items():
                for media, content in response.get("content", {}).items():
                    twin = other.get("responses", {}).get(status, {}).get("content", {}).get(media)
                    if twin is None:
                        continue
                    pointer = join(
                        "#/paths",
                        method_path,
                        method,
                        "responses",
                        status,
                        "content",
                        media,
                        "schema",
                    )
                    for change in differ.compare(
                        SchemaSite(content["schema"], pointer),
                        SchemaSite(twin["schema"], pointer),
                        Direction.RESPONSE,
                    ):
                        found[id(change)] = change
    removed = [
        c for c in found.values() if c.aspect is Aspect.EXISTENCE and c.name == "eu_bank_transfer"
    ]
    assert len(removed) == 1
    prefix, schemas = _components(base)
    for direction in (Direction.REQUEST, Direction.RESPONSE):
        hits = set()
        for name, schema in schemas.items():
            if name in _components(revision)[1]:
                site_b = SchemaSite(schema, prefix + name)
                site_r = SchemaSite(_components(revision)[1][name], prefix + name)
                hits |= {
                    id(c)
                    for c in differ.compare(site_b, site_r, direction)
                    if c.name == "eu_bank_transfer"
                }
        assert len(hits) == 1
