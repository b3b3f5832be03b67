"""Bytes to a JSON tree, fast: ``json`` for JSON, libyaml's events for YAML (``yaml12``).

YAML is read as YAML 1.2 with the core schema, and only JSON values reach the model
(:mod:`treaty.sources.yaml12`: the resolution rules, tags, keys, merge keys). Aliases are kept
shared but their *expanded* size is bounded while parsing (``max_nodes``, against "billion
laughs" and against documents with millions of plain items), as is nesting depth
(``max_depth``), and self-referencing anchors are refused, so every later stage can walk the
tree as a finite tree.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import yaml

from treaty._gc import paused_gc
from treaty._json import JSONObject, JSONValue
from treaty.errors import ErrorKind, SourceError
from treaty.sources import yaml12
from treaty.sources.document import SyntaxKind
from treaty.sources.location import LoadOptions

# libyaml is ~5x faster; fall back to the pure-Python parser where PyYAML was built without it
_Loader = yaml12.FAST_LOADER


class _DuplicateKey(ValueError):
    """A JSON object names the same key twice."""


class _NotExact(ValueError):
    """A number JSON cannot carry exactly: NaN, infinity, or one out of a double's range."""


def _exact_float(text: str) -> float:
    value = float(text)
    problem = yaml12.float_problem(text, value)
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


_DEFAULTS = LoadOptions()

# treaty's own ceiling on nesting, whatever ``max_depth`` says: well below the lowest limit any
# libyaml imposes (0.2.6 refuses past 1 000 levels, older releases have none), so the limit a
# user meets is always treaty's, with treaty's message, whichever PyYAML is installed; and low
# enough for treaty's recursive walkers (two frames a level) to stay inside Python's stack.
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
    if mark is None:  # pragma: no cover - libyaml marks every error it reports
        return False
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


def _load_yaml(text: str, where: str, limit: int, max_nodes: int) -> JSONValue:
    try:
        return yaml12.build(text, max_depth=limit, max_nodes=max_nodes)
    except yaml12.YamlProblem as exc:
        at = f" at line {exc.line}, column {exc.column}" if exc.line else ""
        if exc.invalid:
            raise _parse_error(f"invalid YAML{at}: {exc.problem}", where) from exc
        reached = f", reached at line {exc.line}" if exc.line else ""
        raise _parse_error(f"{exc.problem}{reached}", where) from exc
    except yaml.MarkedYAMLError as exc:
        if _too_deep_at_failure(text, exc, limit):
            raise _parse_error(f"nested deeper than {limit} levels", where) from exc
        mark = exc.problem_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise _parse_error(f"invalid YAML{at}: {exc.problem or exc}", where) from exc
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml marks every error it reports
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
        return marker if yaml12.float_problem(number, float(number)) else 0

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


def _check_json_shape(value: JSONValue, where: str, max_depth: int, max_nodes: int) -> None:
    """Refuse ``value`` if a container sits deeper than ``max_depth`` (the top one is at 0) or
    it has more than ``max_nodes`` nodes, counted as YAML's are: every key, every value and
    the top-level value (a container is the value it is).

    Walked a level at a time, one list comprehension per container: half the time of a
    walk that stacks every container with its depth (40 ms instead of 80 on GitHub's 13 MB).
    The count costs one ``len`` per container; it is checked once a level, so a document past
    the limit is refused after its tree is built (the parse is bounded by ``max_bytes``) but
    before any later stage walks it.
    """
    level: list[dict[str, JSONValue] | list[JSONValue]] = (
        [value] if isinstance(value, dict | list) else []
    )
    depth = 0
    nodes = 1
    while level:
        if depth > max_depth:
            raise _parse_error(f"nested deeper than {max_depth} levels", where)
        below: list[dict[str, JSONValue] | list[JSONValue]] = []
        children: Iterable[JSONValue]
        for node in level:
            if type(node) is dict:
                nodes += 2 * len(node)
                children = node.values()
            else:
                nodes += len(node)
                children = node
            below.extend([c for c in children if type(c) is dict or type(c) is list])
        if nodes > max_nodes:
            raise _parse_error(yaml12.too_many_nodes(max_nodes), where)
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
                _check_json_shape(value, where, limit, max_nodes)
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
        value = _load_yaml(text, where, limit, max_nodes)
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "nothing"
        raise SourceError(
            f"expected a mapping at the top of the document, found {kind}",
            where=where,
            kind=ErrorKind.NOT_OPENAPI,
        )
    return value, syntax
