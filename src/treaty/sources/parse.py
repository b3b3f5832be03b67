"""Bytes to a JSON tree, fast: ``json`` for JSON, libyaml (CSafeLoader) for YAML.

The YAML loader is a *safe* loader: custom tags such as ``!!python/object`` are refused, never
constructed. YAML 1.1 scalars that are not JSON (integer keys like ``200:``, dates, ``!!binary``)
are turned into the JSON value a JSON reader would see (``"200"``, ``"2024-01-31"``). Aliases are
kept shared but their *expanded* size is bounded (``max_nodes``, against "billion laughs"), as is
nesting depth (``max_depth``) and self-referencing anchors are refused, so every later stage can
walk the tree as a finite tree.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import math
import re
import sys
from collections.abc import Iterator

import yaml

from treaty._gc import paused_gc
from treaty._json import JSONObject, JSONValue
from treaty.errors import ErrorKind, SourceError
from treaty.sources.document import SyntaxKind
from treaty.sources.location import LoadOptions

# libyaml is ~5x faster; fall back to the pure-Python loader where PyYAML was built without it
_Base: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = getattr(
    yaml, "CSafeLoader", yaml.SafeLoader
)


class _DuplicateKey(ValueError):
    """A JSON object names the same key twice."""


class _NotExact(ValueError):
    """A number JSON cannot carry exactly: NaN, infinity, or one out of a double's range."""


def _float_problem(text: str, value: float) -> str | None:
    """Why ``value`` (read from ``text``) cannot enter the model unchanged, if it cannot."""
    if math.isnan(value):
        return "NaN is not a JSON number"
    if math.isinf(value):
        return f"{text} is out of range (it would become infinity)"
    mantissa = text.lower().split("e")[0]
    if value == 0 and any(digit in mantissa for digit in "123456789"):
        return f"{text} is out of range (it would become 0)"
    return None


def _exact_float(text: str) -> float:
    value = float(text)
    problem = _float_problem(text, value)
    if problem:
        raise _NotExact(problem)
    return value


def _no_constant(text: str) -> float:
    raise _NotExact(f"{text} is not a JSON number")


# a \uD800-\uDFFF escape: the only way JSON text can carry a lone surrogate
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _unique_keys(pairs: list[tuple[str, JSONValue]]) -> dict[str, JSONValue]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


class _Loader(_Base):  # type: ignore[valid-type,misc]  # a base chosen at import time
    """The safe loader; a key written twice in one mapping is an error (PyYAML keeps the last
    silently, which would drop half of a document with two ``paths:``), and a date-like scalar
    that is no real date stays text."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[object, object]:
        seen: set[str] = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                if key.value in seen:
                    raise _refusal(f"duplicate key {key.value!r}", key)
                seen.add(key.value)
        self.flatten_mapping(node)  # merged (`<<`) keys are checked too; flattening is idempotent
        for key, _ in node.value:
            if not isinstance(key, yaml.ScalarNode):
                kind = "sequence" if isinstance(key, yaml.SequenceNode) else "mapping"
                raise _refusal(f"a mapping key must be a scalar, not a {kind}", key)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    def construct_undefined(self, node: yaml.Node) -> object:
        """Every tag the safe loader has no constructor for (``!!python/object``, ``!include``)
        is refused in treaty's words, never constructed."""
        tag = str(node.tag).replace("tag:yaml.org,2002:", "!!", 1)
        raise _refusal(f"the tag {tag!r} is not allowed (only JSON values are)", node)

    def construct_yaml_float(self, node: yaml.ScalarNode) -> object:
        try:
            value = super().construct_yaml_float(node)
        except ValueError:  # `!!float abc`
            raise _refusal(f"{node.value!r} is not a number", node) from None
        problem = _float_problem(str(node.value), float(value))
        if problem:
            raise _refusal(problem, node)
        return value

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # `2024-13-45`: a JSON reader (or YAML 1.2) sees a string
            return self.construct_scalar(node)


def _refusal(problem: str, node: yaml.Node) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(None, None, problem, node.start_mark)


_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor(None, _Loader.construct_undefined)
_DEFAULTS = LoadOptions()

# libyaml's composer recurses in C once per nesting level and crashes the whole process (a
# segfault, not an exception) somewhere past 20 000 levels, so depth must be known *before*
# composing. Nesting comes from flow brackets and block indentation (at most two levels per
# column), so a document with fewer brackets and no longer indentation than these is at most
# ~10 000 levels deep and composes safely; only other documents pay for an exact event pass.
_FEW_BRACKETS = 8_000
_LONG_INDENT = re.compile(rb"(?:\A|\n)[ \t?:-]{1000}")
# treaty's own ceiling on nesting, whatever ``max_depth`` says: well below the lowest limit any
# libyaml imposes (0.2.6 refuses past 1 000 levels, older releases have none), so the limit a
# user meets is always treaty's, with treaty's message, whichever PyYAML is installed; and low
# enough for the recursive conversion below (two frames a level) to stay inside Python's stack.
# JSON shares it: ``json`` gives up by RecursionError somewhere near Python's recursion limit
# (1 000 frames, less what is already on the stack), always above this ceiling, so that error
# too is reported as this limit exceeded.
YAML_DEPTH_CEILING = 256
_TOO_MANY_DIGITS = "a number has too many digits"
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
# what can open a nesting level in YAML text: flow brackets and block indicators
_OPENERS = re.compile(r"[\[{?:-]")


def detect_syntax(data: bytes) -> SyntaxKind:
    """Tell JSON from YAML by content: JSON documents start with ``{`` or ``[``."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return SyntaxKind.JSON if head in (b"{", b"[") else SyntaxKind.YAML


def _parse_error(message: str, where: str) -> SourceError:
    return SourceError(message, where=where, kind=ErrorKind.PARSE)


def _scalar(value: object) -> JSONValue:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)  # pragma: no cover - the safe loader builds nothing else


def _too_many_digits(value: int) -> bool:
    """Whether ``value`` has more decimal digits than Python will print (``str`` would raise).

    A decimal literal that long already fails to parse, but YAML's hex, octal and binary
    integers do not: the limit applies to decimal text only, so one would reach the model and
    fail wherever it is shown or written.
    """
    limit = sys.get_int_max_str_digits()
    return limit > 0 and abs(value) >= _power_of_ten(limit)


@functools.cache
def _power_of_ten(digits: int) -> int:
    return int(10**digits)  # `int ** int` is typed Any (a negative power is a float)


def _key(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    return str(_scalar(value))  # the loader refuses unhashable (collection) keys


class _Normaliser:
    """One pass over a YAML tree: JSON values, bounded expansion, depth and no cycles."""

    def __init__(self, where: str, max_depth: int, max_nodes: int) -> None:
        self.where, self.max_depth, self.max_nodes = where, max_depth, max_nodes
        self.nodes = 0
        # shared (aliased) containers are converted once; their expanded size is remembered
        self.done: dict[int, tuple[JSONValue, int]] = {}
        self.active: set[int] = set()

    def count(self, nodes: int) -> None:
        self.nodes += nodes
        if self.nodes > self.max_nodes:
            raise _parse_error(
                f"more than {self.max_nodes} nodes after expanding YAML aliases", self.where
            )

    def convert(self, value: object, depth: int) -> JSONValue:
        self.count(1)
        if not isinstance(value, dict | list):
            if type(value) is int and _too_many_digits(value):  # `0x` + 4 000 hex digits
                raise _parse_error(f"invalid YAML: {_TOO_MANY_DIGITS}", self.where)
            return _scalar(value)
        ident = id(value)
        if ident in self.done:
            result, size = self.done[ident]
            self.count(size)
            return result
        if ident in self.active:
            raise _parse_error("a YAML anchor contains an alias to itself", self.where)
        if depth > self.max_depth:
            raise _parse_error(f"nested deeper than {self.max_depth} levels", self.where)
        self.active.add(ident)
        start = self.nodes
        if isinstance(value, dict):
            result = {_key(k): self.convert(v, depth + 1) for k, v in value.items()}
        else:
            result = [self.convert(item, depth + 1) for item in value]
        self.active.discard(ident)
        self.done[ident] = (result, self.nodes - start)
        return result


class _TooDeep(Exception):
    """The event stream went deeper than the limit."""


class _Depth:
    """Follows nesting through a YAML event stream and stops as soon as it passes ``limit``."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.depth = 0
        self.line = 0  # where the last event ended (0-based), for a failure that follows it

    def follow(self, events: Iterator[yaml.Event]) -> None:
        for event in events:
            if isinstance(event, _OPENING):
                self.depth += 1
                if self.depth > self.limit + 1:  # the top-level collection is level 0
                    raise _TooDeep
            elif isinstance(event, _CLOSING):
                self.depth -= 1
            if event.end_mark is not None:
                self.line = event.end_mark.line


def _check_yaml_depth(data: bytes, text: str, limit: int) -> None:
    """Refuse YAML nested deeper than ``limit`` before libyaml composes it (see above)."""
    if data.count(b"[") + data.count(b"{") < _FEW_BRACKETS and not _LONG_INDENT.search(data):
        return
    _Depth(limit).follow(yaml.parse(text, Loader=_Loader))


def _too_deep_at_failure(text: str, error: yaml.MarkedYAMLError, limit: int) -> bool:
    """Whether the document is nested deeper than ``limit`` before the place the parser failed.

    A parser may refuse deep nesting itself, with its own wording, before treaty's limit is
    reached: libyaml 0.2.6 does at 1 000 levels, and its scanner looks up to 1 024 characters
    ahead, so a run of brackets fails before the first event. treaty's verdict must not depend
    on that, so a failed parse is measured again: libyaml's events up to the failure, then, only
    if what follows the last event could open enough levels, PyYAML's pure-Python parser (no
    nesting limit, no recursion) over the text up to the failing line.
    """
    mark = error.problem_mark
    if mark is None or isinstance(error, yaml.constructor.ConstructorError):
        return False  # the events were fine: something could not be constructed
    lines = text.split("\n", mark.line + 1)
    prefix = "\n".join(lines[: mark.line + 1])
    probe = _Depth(limit)
    try:
        probe.follow(yaml.parse(prefix, Loader=_Loader))
    except _TooDeep:
        return True
    except yaml.YAMLError:
        pass
    rest = "\n".join(lines[probe.line : mark.line + 1])
    if probe.depth + len(_OPENERS.findall(rest)) <= limit + 1:
        return False
    try:
        _Depth(limit).follow(yaml.parse(prefix, Loader=yaml.SafeLoader))
    except _TooDeep:
        return True
    except yaml.YAMLError:
        pass
    return False


def _load_yaml(data: bytes, text: str, where: str, limit: int) -> object:
    try:
        _check_yaml_depth(data, text, limit)
        return yaml.load(text, Loader=_Loader)  # SafeLoader subclass: no object tags
    except _TooDeep as exc:
        raise _parse_error(f"nested deeper than {limit} levels", where) from exc
    except yaml.MarkedYAMLError as exc:
        if _too_deep_at_failure(text, exc, limit):
            raise _parse_error(f"nested deeper than {limit} levels", where) from exc
        mark = exc.problem_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _parse_error(f"invalid YAML{at}: {exc.problem or exc}", where) from exc
    except ValueError as exc:  # an integer longer than sys.get_int_max_str_digits()
        raise _parse_error(f"invalid YAML: {_TOO_MANY_DIGITS}", where) from exc
    except (yaml.YAMLError, RecursionError) as exc:
        raise _parse_error(f"invalid YAML: {exc}", where) from exc


class _Inexact:
    """Stands for a number JSON cannot carry while :func:`_inexact_at` looks for it."""


def _inexact_at(text: str) -> str:
    """`` at <pointer>`` of the first number :func:`_exact_float` refuses in ``text``.

    Only on the error path: ``json`` does not say where a ``parse_float`` hook failed, so the
    text is read again with every such number kept as a marker, and the tree walked for it.
    """
    marker = _Inexact()

    def mark(number: str) -> object:
        return marker if _float_problem(number, float(number)) else 0

    try:
        tree = json.loads(text, parse_float=mark, parse_constant=lambda _: marker)
    except (ValueError, RecursionError):  # pragma: no cover - the first read got further
        return ""
    stack: list[tuple[object, str]] = [(tree, "#")]
    while stack:
        node, pointer = stack.pop()
        if node is marker:
            return f" at {pointer}"
        if isinstance(node, dict | list):
            items = node.items() if isinstance(node, dict) else enumerate(node)
            children = [(child, f"{pointer}/{_escape(str(key))}") for key, child in items]
            stack.extend(reversed(children))  # document order: the first one is reported
    return ""  # pragma: no cover - the first read found one


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _check_json_depth(value: JSONValue, where: str, max_depth: int) -> None:
    """Refuse ``value`` if a container sits deeper than ``max_depth`` (the top one is at 0).

    Walked a level at a time, one list comprehension per container: half the time of a
    walk that stacks every container with its depth (40 ms instead of 80 on GitHub's 13 MB).
    """
    level: list[dict[str, JSONValue] | list[JSONValue]] = (
        [value] if isinstance(value, dict | list) else []
    )
    depth = 0
    while level:
        if depth > max_depth:
            raise _parse_error(f"nested deeper than {max_depth} levels", where)
        below: list[dict[str, JSONValue] | list[JSONValue]] = []
        for node in level:
            children = node.values() if type(node) is dict else node
            below.extend([c for c in children if type(c) is dict or type(c) is list])
        level = below
        depth += 1


def parse_bytes(
    data: bytes,
    where: str,
    *,
    max_depth: int = _DEFAULTS.max_depth,
    max_nodes: int = _DEFAULTS.max_nodes,
) -> tuple[JSONObject, SyntaxKind]:
    """Parse ``data`` as JSON or YAML and require a mapping at the top."""
    if not data.strip():
        raise _parse_error("the document is empty", where)
    syntax = detect_syntax(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _parse_error(f"not UTF-8 text (bad byte at offset {exc.start})", where) from exc
    value: JSONValue
    limit = min(max_depth, YAML_DEPTH_CEILING)
    if syntax is SyntaxKind.JSON:
        try:
            with paused_gc():  # every container json builds lives on: collecting finds nothing
                value = json.loads(
                    text,
                    object_pairs_hook=_unique_keys,
                    parse_float=_exact_float,
                    parse_constant=_no_constant,
                )
                _check_json_depth(value, where, limit)
        except json.JSONDecodeError as exc:
            raise _parse_error(
                f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", where
            ) from exc
        except RecursionError as exc:
            raise _parse_error(f"nested deeper than {limit} levels", where) from exc
        except _NotExact as exc:
            raise _parse_error(f"invalid JSON{_inexact_at(text)}: {exc}", where) from exc
        except _DuplicateKey as exc:
            raise _parse_error(f"invalid JSON: duplicate key {exc.args[0]!r}", where) from exc
        except ValueError as exc:  # an integer longer than sys.get_int_max_str_digits()
            raise _parse_error(f"invalid JSON: {_TOO_MANY_DIGITS}", where) from exc
        if _SURROGATE_ESCAPE.search(text):
            try:
                json.dumps(value, ensure_ascii=False).encode("utf-8")
            except UnicodeEncodeError as exc:
                raise _parse_error(
                    "invalid JSON: a lone surrogate (\\ud800-\\udfff)", where
                ) from exc
    else:
        loaded = _load_yaml(data, text, where, limit)
        value = _Normaliser(where, limit, max_nodes).convert(loaded, 0)
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "nothing"
        raise SourceError(
            f"expected a mapping at the top of the document, found {kind}",
            where=where,
            kind=ErrorKind.NOT_OPENAPI,
        )
    return value, syntax
