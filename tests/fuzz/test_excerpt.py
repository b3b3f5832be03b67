"""Schema and value excerpts beside fuzz failures: elided by structure, never cut mid-JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fuzz_helpers import invoke, serving
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from treaty.fuzz.excerpt import elide

FIELDS = [f"field_{i:02}" for i in range(30)]


def unelided(text: str) -> Any:
    """The excerpt as JSON once its elision marks are taken out (folded containers empty)."""
    text = re.sub(r",\n\s*… \d+ more", "", text)
    text = re.sub(r"\{… \d+ keys?\}", "{}", text)
    text = re.sub(r"\[… \d+ items?\]", "[]", text)
    return json.loads(text.replace("…", ""))


def test_a_value_that_fits_comes_back_whole() -> None:
    value = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
    text = elide(value)
    assert json.loads(text) == value
    assert text.splitlines()[0] == "{"


def test_a_large_schema_keeps_its_top_level_keys_and_folds_deeper_ones() -> None:
    schema = {
        "required": FIELDS,
        "type": "object",
        "properties": {
            name: {"type": "string", "description": "d" * 200, "enum": list(range(40))}
            for name in FIELDS
        },
        "additionalProperties": False,
    }
    text = elide(schema, max_lines=20)
    lines = text.splitlines()
    assert len(lines) <= 20
    assert (lines[0], lines[-1]) == ("{", "}")
    shown = unelided(text)
    assert list(shown) == ["required", "type", "properties", "additionalProperties"]
    assert shown["type"] == "object" and shown["additionalProperties"] is False
    more = [int(n) for n in re.findall(r"… (\d+) more", text)]
    assert len(shown["required"]) + more[0] == len(FIELDS)  # what was left out is counted
    assert len(shown["properties"]) + more[1] == len(FIELDS)
    assert shown["required"] == FIELDS[: len(shown["required"])]  # the first ones, in order
    assert '        "field_00": {… 3 keys},' in lines  # deeper levels fold, named by size


def test_long_strings_and_deep_nesting_are_elided_inside_valid_structure() -> None:
    deep: Any = {"leaf": "x" * 500}
    for level in range(30):
        deep = {f"level{level}": deep, "items": list(range(100))}
    text = elide(deep, max_lines=12)
    assert len(text.splitlines()) <= 12
    assert isinstance(unelided(text), dict)
    assert all(len(line) <= 100 for line in text.splitlines())
    assert elide("y" * 500) == json.dumps("y" * 79 + "…", ensure_ascii=False)
    assert elide([]) == "[]" and elide({}) == "{}" and elide(None) == "null"
    assert elide({"a": [1, 2]}, max_lines=1) == "{… 1 key}"
    assert elide([{"a": 1}], max_lines=1) == "[… 1 item]"


async def _catalog(request: Request) -> JSONResponse:
    # every documented field, but the required `field_29` is missing
    return JSONResponse({name: "value" for name in FIELDS[:-1]})


def test_a_schema_failure_shows_a_readable_excerpt_of_schema_and_value(tmp_path: Path) -> None:
    properties = {name: {"type": "string", "description": f"The {name}."} for name in FIELDS}
    schema = {"type": "object", "required": FIELDS, "properties": properties}
    document = {
        "openapi": "3.0.3",
        "info": {"title": "catalog", "version": "1"},
        "paths": {
            "/catalog": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "the catalog",
                            "content": {"application/json": {"schema": schema}},
                        }
                    }
                }
            }
        },
    }
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(document))
    app = Starlette(routes=[Route("/catalog", _catalog)])
    with serving(app) as url:
        run = invoke(["fuzz", str(spec), "--url", url, "--max-examples", "2"], tmp_path)
    assert run.exit_code == 1, run.stderr
    failures = run.report["failures"]
    assert isinstance(failures, list)
    message = next(f["message"] for f in failures if f["check"] == "response_schema_conformance")
    head, _, value = message.partition("\n\nValue:\n\n")
    explanation, _, excerpt = head.partition("\n\nSchema:\n\n")
    assert '"field_29" is a required property' in explanation
    for block in (excerpt, value):
        assert len(block.splitlines()) <= 20
        assert block.splitlines()[-1] == "    }"  # closed, at the indentation it opened
        assert isinstance(unelided(block), dict)
    assert list(unelided(excerpt)) == ["required", "type", "properties"]
    shown = unelided(value)
    left_out = re.search(r"… (\d+) more", value)
    assert len(shown) + (int(left_out.group(1)) if left_out else 0) == len(FIELDS) - 1
    # the text report shows the same excerpt, not its first lines
    assert "\n".join(f"   {line}" for line in excerpt.splitlines() if line) in run.outputs["text"]
