"""Documents whose names would control a terminal or CI if printed raw, generated here.

A path key holding a newline and a GitHub workflow command, ANSI and OSC escape sequences, a
C1 control, a bidi override and a line separator; a parameter and a property named the same
way. The revision removes the path, makes the parameter required and retypes the property.
"""

from __future__ import annotations

import json
from pathlib import Path

EVIL_PATH = (
    "/pets\n::error file=evil.py,line=1::pwned\r\x1b]0;retitled\x07\x1b[31mred\x1b[0m"
    "\x9b2J\u202eesrever\u2028next"
)
EVIL_NAME = "q\x1b[2J\n::warning::x\x00"
EVIL_PROPERTY = "p\x1b]8;;http://evil/\x07link\x1b]8;;\x07\n::error::y"


def hostile_documents(tmp_path: Path) -> tuple[Path, Path]:
    ok = {"200": {"description": "ok"}}
    schema = {"type": "object", "properties": {EVIL_PROPERTY: {"type": "string"}}}
    base = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            EVIL_PATH: {"get": {"responses": ok}},
            "/a": {
                "get": {
                    "parameters": [{"name": EVIL_NAME, "in": "query", "schema": {}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": schema}},
                        }
                    },
                }
            },
        },
    }
    revision = json.loads(json.dumps(base))
    del revision["paths"][EVIL_PATH]
    operation = revision["paths"]["/a"]["get"]
    operation["parameters"][0]["required"] = True
    properties = operation["responses"]["200"]["content"]["application/json"]["schema"]
    properties["properties"][EVIL_PROPERTY]["type"] = "integer"
    paths = tmp_path / "base.json", tmp_path / "revision.json"
    for path, document in zip(paths, (base, revision), strict=True):
        path.write_text(json.dumps(document))
    return paths


def raw_controls(text: str) -> list[str]:
    """Characters of ``text`` that are not printable, the line breaks of the format aside."""
    return sorted({c for c in text if not c.isprintable() and c != "\n"})
