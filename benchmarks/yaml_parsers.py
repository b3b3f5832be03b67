"""Which YAML parser should treaty use? Speed and agreement on every YAML file of the corpus.

    python benchmarks/yaml_parsers.py [CORPUS]

Compares PyYAML's libyaml loader (what treaty uses) with the alternatives on PyPI that are
installed in the running interpreter: yaml-rs (Rust), rapidyaml (C++, via its JSON emitter)
and ruamel.yaml (C-accelerated safe loader). Each result is normalised the way treaty
normalises PyYAML's (dates and binary as text, keys as strings) and compared with treaty's
own parse of the same file: ``same`` means the very same tree. Times are the best of 3.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from treaty.sources.parse import parse_bytes  # noqa: E402  (after the path is set)


def normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {_key(key): normalise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return value


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


def parsers() -> dict[str, Callable[[str], Any] | str]:
    found: dict[str, Callable[[str], Any] | str] = {}
    try:
        import yaml_rs  # type: ignore[import-not-found]

        found["yaml-rs"] = lambda text: yaml_rs.loads(text, parse_datetime=False)
    except ImportError:
        found["yaml-rs"] = "not installed"
    try:
        import ryml  # type: ignore[import-not-found]

        def rapid(text: str) -> Any:
            tree = ryml.parse_in_arena(text.encode())
            tree.resolve()  # expand aliases
            return json.loads(ryml.emit_json_malloc(tree, tree.root_id()))

        found["rapidyaml"] = rapid
    except ImportError:
        found["rapidyaml"] = "not installed"
    try:
        from ruamel.yaml import YAML  # type: ignore[import-not-found]

        loader = YAML(typ="safe", pure=False)
        found["ruamel.yaml"] = loader.load
    except ImportError:
        found["ruamel.yaml"] = "not installed"
    return found


def best_of(count: int, func: Callable[[], Any]) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(count):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    candidates = parsers()
    header = ["file", "MB", "PyYAML libyaml (treaty)", *candidates]
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for path in sorted(corpus.glob("*/*.yaml")):
        data = path.read_bytes()
        took, (expected, _) = best_of(3, lambda data=data: parse_bytes(data, "-"))  # type: ignore[misc]
        row = [f"{path.parent.name}/{path.stem[:18]}", f"{len(data) / 1e6:.2f}", f"{took:.2f} s"]
        text = data.decode("utf-8-sig")
        for parser in candidates.values():
            if isinstance(parser, str):
                row.append(parser)
                continue
            try:
                took, value = best_of(3, lambda p=parser, t=text: p(t))  # type: ignore[misc]
            except Exception as exc:  # a parser's own error type
                row.append(f"error: {type(exc).__name__}")
                continue
            verdict = "same" if normalise(value) == expected else "DIFFERENT"
            row.append(f"{took:.2f} s {verdict}")
        print("| " + " | ".join(row) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
