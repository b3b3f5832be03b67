"""Which YAML parser should treaty use? YAML 1.2 semantics, speed, and the same tree on the corpus.

    python benchmarks/yaml_parsers.py [CORPUS]

treaty reads YAML as YAML 1.2 with the core schema (``treaty.sources.yaml12``: libyaml's events,
treaty's resolver). This compares it with PyYAML's own libyaml loader (YAML 1.1, what treaty used
before) and with the alternatives on PyPI that are installed in the running interpreter: yaml-rs
(Rust), rapidyaml (C++, via its JSON emitter) and ruamel.yaml (YAML 1.2, C-accelerated safe
loader). It prints two tables:

1. *Semantics*: each parser on small documents whose YAML 1.2 core-schema reading is known
   (``yes`` is text, ``0777`` is 777, ``!!set`` and colliding keys are refused…). A parser that
   fails one cannot replace treaty's without a second pass to repair it.
2. *Corpus*: best-of-3 time per YAML file of the corpus, and whether each parser's tree (dates and
   binary as text, keys as strings) is the very same as treaty's: ``same``, ``DIFFERENT``, or the
   parser's error. The pure-Python column is treaty's builder over PyYAML's pure-Python parser,
   the fallback where PyYAML has no libyaml: it must be ``same`` everywhere.
"""

from __future__ import annotations

import base64
import datetime as dt
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from treaty.sources.yaml12 import build  # noqa: E402  (after the path is set)

_LIMITS = {"max_depth": 256, "max_nodes": 10**8}
_REFUSED = "refused"
# (document, what YAML 1.2 core schema reads, or _REFUSED when only refusing keeps JSON exact)
PROBES: dict[str, tuple[str, Any]] = {
    "1.1 booleans are text": ("a: [yes, no, on, off]", {"a": ["yes", "no", "on", "off"]}),
    "1.2 booleans": ("a: [true, True, TRUE, false]", {"a": [True, True, True, False]}),
    "0777 is decimal": ("a: 0777", {"a": 777}),
    "0o17 is octal": ("a: 0o17", {"a": 15}),
    "1_000 is text": ("a: 1_000", {"a": "1_000"}),
    "nulls": ("a: [~, null, Null, NULL]", {"a": [None, None, None, None]}),
    "dates are text": ("a: 2024-01-31", {"a": "2024-01-31"}),
    "colliding keys": ("{true: a, True: b}", _REFUSED),
    "!!set": ("a: !!set {x, y}", _REFUSED),
    "!!binary": ("a: !!binary aGVsbG8=", _REFUSED),
    "!!python/tuple": ("a: !!python/tuple [1, 2]", _REFUSED),
    "!!float abc": ("a: !!float abc", _REFUSED),
    ".inf": ("a: .inf", _REFUSED),
    "merge key": ("x: &a {k: 1}\ny: {<<: *a, z: 2}", {"x": {"k": 1}, "y": {"k": 1, "z": 2}}),
}  # fmt: skip


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
    found: dict[str, Callable[[str], Any] | str] = {
        "treaty, pure Python": lambda text: build(text, loader=yaml.SafeLoader, **_LIMITS),
        "PyYAML libyaml (1.1)": lambda text: yaml.load(text, Loader=yaml.CSafeLoader),
    }
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
    gc.disable()  # as treaty parses (sources/cache.py)
    try:
        for _ in range(count):
            start = time.perf_counter()
            result = func()
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best, result


def _verdict(parser: Callable[[str], Any], text: str, expected: Any) -> str:
    try:
        value = normalise(parser(text))
    except Exception:  # a parser's own error type
        return "ok" if expected is _REFUSED else "error"
    if expected is _REFUSED:
        return f"accepts: {json.dumps(value, default=repr)[:40]}"
    return "ok" if value == expected else f"reads {json.dumps(value, default=repr)[:40]}"


def semantics(candidates: dict[str, Callable[[str], Any] | str]) -> None:
    everyone: dict[str, Callable[[str], Any] | str] = {
        "treaty (libyaml events)": lambda text: build(text, **_LIMITS),
        **candidates,
    }
    names = [name for name, parser in everyone.items() if not isinstance(parser, str)]
    print("| YAML 1.2 core schema | " + " | ".join(names) + " |\n|" + "---|" * (len(names) + 1))
    for probe, (text, expected) in PROBES.items():
        row = [probe]
        for name in names:
            parser = everyone[name]
            assert not isinstance(parser, str)
            row.append(_verdict(parser, text, expected))
        print("| " + " | ".join(row) + " |")
    print()


def main() -> int:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "corpus"
    candidates = parsers()
    semantics(candidates)
    header = ["file", "MB", "treaty (libyaml events)", *candidates]
    print("| " + " | ".join(header) + " |\n|" + "---|" * len(header))
    for path in sorted(corpus.glob("*/*.yaml")):
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
        took, expected = best_of(3, lambda text=text: build(text, **_LIMITS))  # type: ignore[misc]
        row = [f"{path.parent.name}/{path.stem[:18]}", f"{len(data) / 1e6:.2f}", f"{took:.2f} s"]
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
