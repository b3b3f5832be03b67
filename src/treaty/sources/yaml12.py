"""YAML text to a JSON tree under the YAML 1.2 core schema, built straight from libyaml's events.

OpenAPI asks for YAML 1.2, and its peers read documents that way; PyYAML's loaders read YAML 1.1.
So treaty takes only libyaml's *parser* (its event stream, in C) and builds the tree itself:

- Plain scalars resolve as the 1.2 core schema says: ``null``/``Null``/``NULL``/``~``/empty,
  ``true``/``True``/``TRUE`` and the three ``false``, decimal integers (``0777`` is 777), ``0o``
  octal and ``0x`` hex integers, decimal floats. Everything else is a string: ``yes``, ``no``,
  ``on``, ``off``, ``y``, ``n``, ``1_000``, ``12:30``, ``2024-01-31``. Quoted scalars and the
  non-specific tag ``!`` are strings.
- Only JSON values reach the model. The JSON tags (``!!str``, ``!!int``, ``!!float``, ``!!bool``,
  ``!!null``, ``!!map``, ``!!seq``) are honoured and checked; every other tag (``!!set``,
  ``!!omap``, ``!!timestamp``, ``!!binary``, ``!!python/...``, ``!include``) is refused with the
  tag and its line. NaN, infinity and floats out of a double's range are refused.
- Keys become JSON keys (``true`` → ``"true"``, ``200`` → ``"200"``); two keys of one mapping
  that become the same JSON key (``{true: a, True: b}``, ``{1: a, 01: b}``) are an error with
  the line, as is a key written twice. Merge keys (``<<: *base``, a YAML 1.1 type many real
  documents use) are still honoured, as PyYAML and most peers do.
- Work is bounded *while* parsing: every node (scalar, key, collection) is counted as its event
  arrives, an alias counts the whole subtree it stands for, and the parse stops at ``max_nodes``
  or past ``max_depth``; shared (aliased) values are built once and shared, never copied.

Building from events is also about four times faster than PyYAML's composer and constructor
(``benchmarks/yaml_parsers.py``). libyaml is used where PyYAML was built with it; otherwise
PyYAML's pure-Python parser produces the same events and so the same tree.
"""

from __future__ import annotations

import math
import re
from typing import Protocol, TypeAlias

import yaml

from treaty._json import JSONValue

Loader: TypeAlias = type[yaml.CSafeLoader] | type[yaml.SafeLoader]
FAST_LOADER: Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_DECIMAL = re.compile(r"[-+]?[0-9]+")
_OCTAL = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INFINITY = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
# the first characters of every plain scalar that is not a string (empty is null)
_MAYBE_NOT_TEXT = frozenset("-+.0123456789~nNtTfF")
_MERGE = "<<"


class Mark(Protocol):
    """Where an event is (libyaml's and PyYAML's marks alike); 0-based."""

    line: int
    column: int


# an anchor's value, its size in nodes and its height in levels; None while it is still open
_Anchored: TypeAlias = tuple[JSONValue, int, int] | None


class YamlProblem(Exception):
    """The document is not one treaty reads; ``line``/``column`` are 1-based, 0 when unknown."""

    def __init__(self, problem: str, mark: Mark | None = None, *, invalid: bool = True):
        super().__init__(problem)
        self.problem = problem
        self.line = mark.line + 1 if mark is not None else 0
        self.column = mark.column + 1 if mark is not None else 0
        self.invalid = invalid  # "invalid YAML" (False: a limit of treaty's was exceeded)


def too_many_nodes(max_nodes: int, after: str = "") -> str:
    """The message for a document past ``max_nodes`` (YAML and JSON alike)."""
    return (
        f"more than {max_nodes} nodes{after} (keys, values and collections; LoadOptions.max_nodes)"
    )


def show_tag(tag: str) -> str:
    """``tag:yaml.org,2002:set`` as a reader wrote it: ``!!set``."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def float_problem(text: str, value: float) -> str | None:
    """Why ``value`` (read from numeric ``text``, never NaN) cannot enter the model unchanged."""
    if math.isinf(value):
        return f"{text} is out of range (it would become infinity)"
    mantissa = text.lower().split("e")[0]
    if value == 0 and any(digit in mantissa for digit in "123456789"):
        return f"{text} is out of range (it would become 0)"
    return None


def _float(text: str, mark: Mark | None) -> float:
    if _INFINITY.fullmatch(text):
        raise YamlProblem(f"{text} (infinity) is not a JSON number", mark)
    if _NAN.fullmatch(text):
        raise YamlProblem("NaN is not a JSON number", mark)
    value = float(text)
    problem = float_problem(text, value)
    if problem:
        raise YamlProblem(problem, mark)
    return value


def _integer(text: str, mark: Mark | None) -> int:
    try:
        if _DECIMAL.fullmatch(text):
            return int(text, 10)
        value = int(text[2:], 8 if text[1] == "o" else 16)
        if len(text) > 64:  # as long in decimal as sys.get_int_max_str_digits() allows?
            str(value)
        return value
    except ValueError:  # more digits than sys.get_int_max_str_digits() allows
        raise YamlProblem("a number has too many digits", mark) from None


def resolve_plain(text: str, mark: Mark | None) -> JSONValue:
    """The value of an untagged plain scalar under the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    boolean = _BOOLS.get(text)
    if boolean is not None:
        return boolean
    if _DECIMAL.fullmatch(text) or _OCTAL.fullmatch(text) or _HEX.fullmatch(text):
        return _integer(text, mark)
    if _FLOAT.fullmatch(text) or _INFINITY.fullmatch(text) or _NAN.fullmatch(text):
        return _float(text, mark)
    return text


def _tagged(tag: str, text: str, mark: Mark | None) -> JSONValue:
    """A scalar with an explicit tag: the JSON tags are checked, any other is refused."""
    name = tag[len(_CORE) :] if tag.startswith(_CORE) else None
    if name == "str":
        return text
    if name == "int":
        if _DECIMAL.fullmatch(text) or _OCTAL.fullmatch(text) or _HEX.fullmatch(text):
            return _integer(text, mark)
        raise YamlProblem(f"{text!r} is not an integer (tagged !!int)", mark)
    if name == "float":
        if _DECIMAL.fullmatch(text) or _FLOAT.fullmatch(text):
            return _float(text, mark)
        if _INFINITY.fullmatch(text) or _NAN.fullmatch(text):
            return _float(text, mark)
        raise YamlProblem(f"{text!r} is not a number (tagged !!float)", mark)
    if name == "bool" and text in _BOOLS:
        return _BOOLS[text]
    if name == "null" and text in _NULLS:
        return None
    if name in ("bool", "null"):
        raise YamlProblem(f"{text!r} is not a {'boolean' if name == 'bool' else 'null'}", mark)
    raise YamlProblem(f"the tag {show_tag(tag)!r} is not allowed (only JSON values are)", mark)


def _json_key(value: JSONValue) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    return "null" if value is None else str(value)


def scalar_key(event: yaml.ScalarEvent) -> str:
    """The JSON key a scalar event stands for as a mapping key (``True`` → ``"true"``), for
    readers of the event stream that must agree with the tree (line lookups)."""
    if event.tag is not None or event.style:
        return event.value
    try:
        return _json_key(resolve_plain(event.value, None))
    except YamlProblem:  # not a key any loaded document has
        return event.value


class _Frame:
    """A collection being read: its value so far and what its next event means."""

    __slots__ = ("anchor", "height", "key", "key_text", "merges", "start", "value")

    def __init__(
        self, value: dict[str, JSONValue] | list[JSONValue], anchor: str | None, start: int
    ):
        self.value = value
        self.anchor = anchor
        self.start = start  # the node count before this collection
        self.height = 0  # levels of collections below this one
        self.key: str | None = None  # a mapping's key awaiting its value
        self.key_text = ""
        self.merges: list[dict[str, JSONValue]] | None = None


class _Builder:
    """One pass over the events of one document."""

    def __init__(self, max_depth: int, max_nodes: int) -> None:
        self.levels = max_depth + 1  # the top-level collection is level 0
        self.max_nodes = max_nodes
        self.nodes = 0
        self.aliased = False  # whether an alias has added to the count
        self.anchors: dict[str, _Anchored] = {}
        self.stack: list[_Frame] = []
        self.root: JSONValue = None

    def too_many(self, mark: Mark | None) -> YamlProblem:
        after = " after expanding YAML aliases" if self.aliased else ""
        return YamlProblem(too_many_nodes(self.max_nodes, after), mark, invalid=False)

    def too_deep(self) -> YamlProblem:
        # no line: a parser may refuse the same document earlier, and the message must not
        # depend on which did (see parse._too_deep_at_failure)
        return YamlProblem(f"nested deeper than {self.levels - 1} levels", invalid=False)

    def open(self, event: yaml.CollectionStartEvent, mapping: bool) -> None:
        tag = event.tag
        if tag is not None and tag != "!" and tag != _CORE + ("map" if mapping else "seq"):
            kind = "mapping" if mapping else "sequence"
            raise YamlProblem(
                f"the tag {show_tag(tag)!r} is not allowed on a {kind} (only JSON values are)",
                event.start_mark,
            )
        if self.stack and isinstance(self.stack[-1].value, dict) and self.stack[-1].key is None:
            kind = "mapping" if mapping else "sequence"
            raise YamlProblem(f"a mapping key must be a scalar, not a {kind}", event.start_mark)
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise self.too_many(event.start_mark)
        if len(self.stack) >= self.levels:
            raise self.too_deep()
        if event.anchor is not None:
            self.anchors[event.anchor] = None
        value: dict[str, JSONValue] | list[JSONValue] = {} if mapping else []
        self.stack.append(_Frame(value, event.anchor, self.nodes - 1))

    def close(self, event: yaml.Event) -> None:
        frame = self.stack.pop()
        value = frame.value
        if frame.merges is not None and isinstance(value, dict):
            merged: dict[str, JSONValue] = {}
            for source in reversed(frame.merges):  # the first merged mapping wins
                merged.update(source)
            merged.update(value)  # and the mapping's own keys win over all of them
            value = merged
        if frame.anchor is not None:
            self.anchors[frame.anchor] = (value, self.nodes - frame.start, frame.height)
        if self.stack:
            parent = self.stack[-1]
            parent.height = max(parent.height, frame.height + 1)
        self.add(value, event.end_mark)

    def scalar(self, event: yaml.ScalarEvent) -> None:
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise self.too_many(event.start_mark)
        text = event.value
        tag = event.tag
        value: JSONValue
        if tag is None and not event.style:  # plain
            if text and text[0] not in _MAYBE_NOT_TEXT:
                value = text
            else:
                value = resolve_plain(text, event.start_mark)
        elif tag is None or tag == "!":
            value = text
        else:
            value = _tagged(tag, text, event.start_mark)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1, 0)
        if self.stack:  # the common cases inline: an item, a plain key, a key's value
            frame = self.stack[-1]
            container = frame.value
            if type(container) is list:
                container.append(value)
                return
            key = frame.key
            if key is None:
                if type(value) is str and value != _MERGE and value not in container:
                    frame.key, frame.key_text = value, value
                else:
                    self.key(frame, value, text, event, merge=tag is None and not event.style)
                return
            if frame.key_text or key != _MERGE:
                frame.key = None
                container[key] = value  # type: ignore[call-overload]  # a mapping frame
                return
        self.add(value, event.start_mark)

    def alias(self, event: yaml.AliasEvent) -> None:
        anchor = event.anchor
        if anchor not in self.anchors:
            raise YamlProblem(f"the alias *{anchor} names no anchor before it", event.start_mark)
        found = self.anchors[anchor]
        if found is None:
            raise YamlProblem(f"the anchor &{anchor} contains an alias to itself", event.start_mark)
        value, size, height = found
        self.aliased = True
        self.nodes += size
        if self.nodes > self.max_nodes:
            raise self.too_many(event.start_mark)
        if isinstance(value, dict | list):  # a shared collection: its levels count here too
            if len(self.stack) + height >= self.levels:
                raise self.too_deep()
            parent = self.stack[-1]  # an alias follows its anchor, so never at the top
            parent.height = max(parent.height, height + 1)
        frame = self.stack[-1] if self.stack else None
        if frame is not None and frame.key is None and isinstance(frame.value, dict):
            if isinstance(value, dict | list):
                kind = "mapping" if isinstance(value, dict) else "sequence"
                raise YamlProblem(f"a mapping key must be a scalar, not a {kind}", event.start_mark)
            self.key(frame, value, f"*{anchor}", event, merge=False)
            return
        self.add(value, event.start_mark)

    def key(
        self, frame: _Frame, value: JSONValue, text: str, event: yaml.Event, *, merge: bool
    ) -> None:
        key = _MERGE if merge and text == _MERGE else _json_key(value)
        if key != _MERGE or not merge:
            mapping = frame.value
            if key in mapping:
                same = "" if key == text else f" (read as {key!r}, a key already in this mapping)"
                raise YamlProblem(f"duplicate key {text!r}{same}", event.start_mark)
            frame.key_text = text
        else:
            frame.key_text = ""  # `<<`: the value is merged, not stored
        frame.key = key

    def add(self, value: JSONValue, mark: Mark | None) -> None:
        if not self.stack:
            self.root = value
            return
        frame = self.stack[-1]
        container = frame.value
        if isinstance(container, list):
            container.append(value)
            return
        key = frame.key
        frame.key = None
        if key == _MERGE and not frame.key_text:
            self.merge(frame, value, mark)
            return
        assert key is not None  # a value always follows its key
        container[key] = value

    def merge(self, frame: _Frame, value: JSONValue, mark: Mark | None) -> None:
        """``<<: *base`` or ``<<: [*a, *b]``: keys taken from other mappings."""
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(source, dict) for source in sources):
            raise YamlProblem("a merge key (<<) takes a mapping or a list of mappings", mark)
        if frame.merges is None:
            frame.merges = []
        frame.merges.extend(sources)  # type: ignore[arg-type]  # all mappings, checked above


def build(text: str, *, max_depth: int, max_nodes: int, loader: Loader = FAST_LOADER) -> JSONValue:
    """The JSON value of the single YAML document in ``text`` (None for an empty stream).

    Raises :class:`YamlProblem` for what treaty refuses and ``yaml.MarkedYAMLError`` for what
    the parser cannot read.
    """
    parser = loader(text)
    builder = _Builder(max_depth, max_nodes)
    scalar, alias, open_, close = builder.scalar, builder.alias, builder.open, builder.close
    documents = 0
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, yaml.ScalarEvent):
                scalar(event)
            elif isinstance(event, yaml.MappingStartEvent):
                open_(event, True)
            elif isinstance(event, yaml.SequenceStartEvent):
                open_(event, False)
            elif isinstance(event, yaml.CollectionEndEvent):
                close(event)
            elif isinstance(event, yaml.AliasEvent):
                alias(event)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        "more than one document in the stream (treaty reads one)",
                        event.start_mark,
                    )
            elif isinstance(event, yaml.StreamEndEvent):
                return builder.root
    finally:
        parser.dispose()
