"""treaty's JSON loader against orjson, on the JSON documents of the corpus.

    .venv/bin/python benchmarks/json_parsers.py [CORPUS] [--runs 5]

orjson is not one of treaty's dependencies: install it into the venv to measure it
(``pip install orjson``); without it only the ``json`` columns are printed. For each JSON file
of ``CORPUS`` (default ``../shared/corpus``) the table gives the best CPU time of ``--runs``:

- ``treaty``: :func:`treaty.sources.parse.parse_bytes`, what every command runs: ``json`` with
  duplicate keys, NaN/Infinity, numbers a double cannot hold exactly (``1e400``, ``1e-400``)
  and lone surrogates refused, and the depth limit;
- ``json``: a bare ``json.loads`` (none of those checks);
- ``orjson``: a bare ``orjson.loads``, which keeps the last of duplicate keys silently and
  turns integers beyond 64 bits into floats (and ``1e-400`` into 0.0) without a word;
- ``orjson + checks``: orjson, then what it takes to give treaty's verdicts back without
  re-parsing: a walk over the tree (the depth limit; a float that is zero or at least 2^63
  may have been an underflow or a big integer: fall back to ``json``) and a count of the
  ``"…":`` key endings in the text against the keys in the tree (more in the text: duplicate
  keys, or ``":`` inside strings — then the tree is serialised again to tell which).

``same`` says whether ``orjson + checks`` built the very tree ``treaty`` built (compared as
JSON text, so 1 and 1.0 differ) or fell back to ``json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
KEY_END = re.compile(rb'"[ \t\r\n]*:')
ESCAPED = re.compile(rb"\\u00(?:22|20|3[aA])")  # `"`, ` `, `:` written as \u escapes
TWO_63 = 2.0**63


def _walk(value: Any, limit: int) -> int | None:
    """The number of keys in ``value``'s objects; None when a check says: ask ``json``."""
    keys = 0
    stack = [(value, 0)] if isinstance(value, dict | list) else []
    push = stack.append
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return None
        if type(node) is dict:
            keys += len(node)
            children = node.values()
        else:
            children = node
        for child in children:
            kind = type(child)
            if kind is dict or kind is list:
                push((child, depth + 1))
            elif kind is float and (child == 0 or not -TWO_63 < child < TWO_63):
                return None
    return keys


def orjson_checked(data: bytes) -> tuple[Any, str]:
    import orjson

    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError:
        return None, "refused"
    keys = _walk(value, 256)
    if keys is None:
        return None, "a float to check"
    in_text = len(KEY_END.findall(data))
    if keys != in_text and (
        ESCAPED.search(data) or in_text != len(KEY_END.findall(orjson.dumps(value)))
    ):
        return None, "duplicate keys"
    return value, "ok"


def best(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return min(times) * 1000


def main(argv: list[str]) -> int:
    from treaty.sources.parse import parse_bytes

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    try:
        import orjson
    except ImportError:
        orjson = None
    files = sorted(
        p for p in args.corpus.rglob("*.json") if p.name != "MANIFEST.json" and p.stat().st_size
    )
    header = "| file | MB | treaty | json |"
    if orjson is not None:
        header += f" orjson {orjson.__version__} | orjson + checks | same |"
    print(header)
    print("|---" * (header.count("|") - 1) + "|")
    totals = [0.0, 0.0, 0.0, 0.0]
    for path in files:
        data = path.read_bytes()
        tree, _ = parse_bytes(data, str(path))
        row = [
            best(lambda data=data, name=str(path): parse_bytes(data, name), args.runs),
            best(lambda data=data: json.loads(data), args.runs),
        ]
        cells = [path.relative_to(args.corpus).as_posix(), f"{len(data) / 2**20:.1f}"]
        cells += [f"{ms:.0f} ms" for ms in row]
        if orjson is not None:
            row += [best(lambda data=data: orjson.loads(data), args.runs)]
            row += [best(lambda data=data: orjson_checked(data), args.runs)]
            checked, why = orjson_checked(data)
            same = why == "ok" and json.dumps(checked) == json.dumps(tree)
            cells += [f"{row[2]:.0f} ms", f"{row[3]:.0f} ms", "yes" if same else why]
        totals = [t + r for t, r in zip(totals, row, strict=False)]
        print("| " + " | ".join(cells) + " |", flush=True)
    shown = totals[: 4 if orjson is not None else 2]
    print("| all | | " + " | ".join(f"{ms:.0f} ms" for ms in shown) + (" | |" if orjson else " |"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
