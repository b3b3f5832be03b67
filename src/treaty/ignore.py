"""Accepted breaking changes: the ignore file (``.treaty-ignore.yaml``).

The file is a YAML list; each entry names a check id, where it applies (an operation
``METHOD /path`` or a schema ``component``, or neither for everywhere), a mandatory reason and
an optional ``until`` date::

    - id: response-property-optional-removed
      component: Pet.nickname
      reason: nobody read it (API-123)
      until: 2026-06-30

An entry stops applying after its ``until`` date, and an unexpired entry that matches nothing
is stale: both are reported so the file does not rot.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from treaty._fs import read_regular
from treaty._json import JSONValue
from treaty.changes.labels import element_label
from treaty.errors import ConfigError

if TYPE_CHECKING:
    from treaty.changes.model import Change
    from treaty.report import Finding

_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})
_KEYS = ("id", "reason", "operation", "component", "until")
_COMPONENT_ROOTS = ("#/components/schemas/", "#/definitions/")
_TEMPLATE_PARAMETER = re.compile(r"\{[^}/]*\}")


@dataclass(frozen=True, slots=True, kw_only=True)
class IgnoreEntry:
    """One accepted change: a check id and where it applies, with the reason it is accepted.

    ``operation`` is ``METHOD /path`` (the path template as the document writes it);
    ``component`` names a schema component (``Pet``) or an element inside one (``Pet.owner``).
    An entry gives one of them, or neither to accept the check everywhere. After ``until``
    the entry stops applying (and the report says so).
    """

    id: str
    reason: str
    operation: str | None = None
    component: str | None = None
    until: dt.date | None = None
    line: int | None = None  # where the entry starts in the ignore file, for messages

    def expired(self, today: dt.date) -> bool:
        """True once ``today`` is past ``until`` (the entry applies on its last day)."""
        return self.until is not None and today > self.until

    def describe(self) -> str:
        """The entry as people name it: ``operation-removed at POST /pets``."""
        where = self.operation or self.component
        return f"{self.id} at {where}" if where else self.id


@dataclass(frozen=True, slots=True, kw_only=True)
class IgnoreOutcome:
    """What an ignore file did to a list of findings.

    ``accepted`` pairs each suppressed finding with the entry that accepted it; ``expired``
    entries are past their date and suppressed nothing; ``stale`` entries are unexpired and
    matched no finding.
    """

    kept: tuple[Finding, ...]
    accepted: tuple[tuple[Finding, IgnoreEntry], ...]
    expired: tuple[IgnoreEntry, ...]
    stale: tuple[IgnoreEntry, ...]

    def notes(self, source: str | None = None) -> tuple[str, ...]:
        """One line per thing the reader should know, naming ``source`` (the file) and lines."""
        name = source or "ignore file"
        lines: list[str] = []
        if self.accepted:
            count = len(self.accepted)
            lines.append(f"{count} accepted change{'s' if count != 1 else ''} ({name})")
        for entry in self.expired:
            lines.append(
                f"{_at(name, entry)}: {entry.describe()} expired on {entry.until}; it no longer "
                "applies (renew `until` or remove the entry)"
            )
        for entry in self.stale:
            lines.append(f"{_at(name, entry)}: {entry.describe()} matches nothing; remove it")
        return tuple(lines)


def _at(name: str, entry: IgnoreEntry) -> str:
    return f"{name}:{entry.line}" if entry.line else name


def apply(
    findings: Iterable[Finding], entries: Iterable[IgnoreEntry], today: dt.date
) -> IgnoreOutcome:
    """Split ``findings`` into kept and accepted ones; find expired and stale entries."""
    entries = tuple(entries)
    expired = tuple(e for e in entries if e.expired(today))
    active = [e for e in entries if not e.expired(today)]
    used: set[int] = set()
    kept: list[Finding] = []
    accepted: list[tuple[Finding, IgnoreEntry]] = []
    for finding in findings:
        index = next((i for i, e in enumerate(active) if matches(e, finding)), None)
        if index is None:
            kept.append(finding)
            continue
        used.add(index)
        accepted.append((finding, active[index]))
    stale = tuple(e for i, e in enumerate(active) if i not in used)
    return IgnoreOutcome(kept=tuple(kept), accepted=tuple(accepted), expired=expired, stale=stale)


def matches(entry: IgnoreEntry, finding: Finding) -> bool:
    """Whether ``entry`` accepts ``finding`` (its date is not considered here)."""
    if entry.id != finding.rule:
        return False
    if entry.operation is not None:
        wanted = operation_key(entry.operation)
        return any(
            (op.method.lower(), _template(op.path)) == wanted for op in finding.change.operations
        )
    if entry.component is not None:
        element = component_path(finding.change) or ""
        inside = (entry.component + ".", entry.component + "[")
        return element == entry.component or element.startswith(inside)
    return True


def operation_key(text: str) -> tuple[str, str]:
    """``"get /pets/{id}"`` -> ``("get", "/pets/{}")``: what operation entries compare."""
    method, _, path = text.strip().partition(" ")
    return method.lower(), _template(path.strip())


def _template(path: str) -> str:
    # `/pets/{id}` and `/pets/{petId}` are the same operation (treaty pairs them too)
    return _TEMPLATE_PARAMETER.sub("{}", path)


def component_path(change: Change) -> str | None:
    """The element of a schema component the change is at (``Pet.owner.name``), if any."""
    if not (change.pointer or "").startswith(_COMPONENT_ROOTS):
        return None
    return element_label(change) or None


# ---- reading the file ---------------------------------------------------------------------


def load_ignore_file(
    path: Path, *, known: Collection[str] | None = None
) -> tuple[IgnoreEntry, ...]:
    """The entries of the ignore file at ``path`` (none when it does not exist).

    ``known``, when given, is the set of valid check ids. Every problem is a ConfigError
    naming the file, the line and the key.
    """
    try:
        text = read_regular(path).decode("utf-8")
    except FileNotFoundError:
        return ()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", where=str(path)) from exc
    return parse_ignore(text, str(path), known=known)


def parse_ignore(
    text: str, name: str, *, known: Collection[str] | None = None
) -> tuple[IgnoreEntry, ...]:
    """The entries of an ignore file's ``text``; ``name`` is used in messages.

    The file is read as YAML 1.2 core schema by the reader documents go through
    (:mod:`treaty.sources.yaml12`), so ``yes``, ``on`` or ``2026-06-30`` are text here as
    there, non-JSON tags and keys written twice are refused, and nodes and depth are bounded
    by the same defaults; a second pass over the event stream finds each entry's lines.
    """
    from treaty.sources import yaml12
    from treaty.sources.location import LoadOptions

    limits = LoadOptions()
    try:
        root = yaml12.build(text, max_depth=limits.max_depth, max_nodes=limits.max_nodes)
    except yaml12.YamlProblem as exc:
        where = f"{name}:{exc.line}" if exc.line else name
        invalid = "not valid YAML: " if exc.invalid else ""
        raise ConfigError(f"{invalid}{exc.problem}", where=where) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{name}:{mark.line + 1}" if mark is not None else name
        raise ConfigError(f"not valid YAML: {getattr(exc, 'problem', exc)}", where=where) from exc
    if root is None:
        return ()
    first, entries = _lines(text)
    if not isinstance(root, list):
        raise ConfigError("expected a list of entries (`- id: …`)", where=f"{name}:{first}")
    return tuple(
        _entry(name, item, lines, known) for item, lines in zip(root, entries, strict=True)
    )


@dataclass(frozen=True, slots=True)
class _EntryLines:
    """Where an entry starts, and the lines of its keys and of their values (1-based)."""

    start: int
    keys: dict[str, int]
    values: dict[str, int]


def _lines(text: str) -> tuple[int, list[_EntryLines]]:
    """The line of the top-level node and the lines of each item of a top-level list.

    Only called on text :func:`yaml12.build` read, so the parser raises nothing here. Keys
    are named as the tree names them (``yaml12.scalar_key``); a key taken from an alias or a
    merge (``<<``) has no line of its own and falls back to its entry's.
    """
    from treaty.sources import yaml12

    parser = yaml12.FAST_LOADER(text)
    first, depth, entries = 1, 0, list[_EntryLines]()
    key: str | None = None
    in_mapping = False
    try:
        while not isinstance(event := parser.get_event(), yaml.StreamEndEvent):
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            assert event.start_mark is not None  # libyaml's and PyYAML's events have marks
            line = event.start_mark.line + 1
            if depth == 0:
                first = line
            elif depth == 1:
                entries.append(_EntryLines(line, {}, {}))
                in_mapping, key = isinstance(event, yaml.MappingStartEvent), None
            elif depth == 2 and in_mapping:
                if key is None:
                    key = yaml12.scalar_key(event) if isinstance(event, yaml.ScalarEvent) else ""
                    entries[-1].keys.setdefault(key, line)
                else:
                    entries[-1].values.setdefault(key, line)
                    key = None
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
    finally:
        parser.dispose()
    return first, entries


def _scalar_text(value: JSONValue) -> str:
    """A scalar's value as text: ``true`` for a boolean, the number as written by Python."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip()


def _entry(
    name: str, node: JSONValue, lines: _EntryLines, known: Collection[str] | None
) -> IgnoreEntry:
    line = lines.start
    where = f"{name}:{line}"
    if not isinstance(node, dict):
        raise ConfigError("each entry is a mapping with `id` and `reason`", where=where)
    values: dict[str, str] = {}
    for key, value in node.items():
        if key not in _KEYS:
            problem = f"unknown key `{key}`{did_you_mean(key, _KEYS)}"
            raise ConfigError(problem, where=f"{name}:{lines.keys.get(key, line)}")
        if isinstance(value, dict | list):
            problem = f"`{key}` must be a single value"
            raise ConfigError(problem, where=f"{name}:{lines.values.get(key, line)}")
        values[key] = _scalar_text(value)
    for required in ("id", "reason"):
        if not values.get(required):
            raise ConfigError(f"`{required}` is required and may not be empty", where=where)
    check_id = values["id"]
    if known is not None and check_id not in known:
        hint = did_you_mean(check_id, known)
        raise ConfigError(f"`id`: unknown check id {check_id!r}{hint}", where=where)
    operation, component = values.get("operation"), values.get("component")
    if operation is not None and component is not None:
        raise ConfigError("give `operation` or `component`, not both", where=where)
    if operation is not None:
        method, path = operation_key(operation)
        if method not in _METHODS or not path.startswith("/"):
            raise ConfigError(
                f"`operation`: expected `METHOD /path`, not {operation!r}", where=where
            )
    if component is not None and not component:
        raise ConfigError("`component` may not be empty", where=where)
    return IgnoreEntry(
        id=check_id,
        reason=values["reason"],
        operation=operation,
        component=component,
        until=_date(values.get("until"), where),
        line=line,
    )


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `x`?)`` for the closest of ``choices``, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f" (did you mean `{close[0]}`?)" if close else ""


def _date(text: str | None, where: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ConfigError(
            f"`until`: expected a date YYYY-MM-DD, not {text!r}", where=where
        ) from exc
