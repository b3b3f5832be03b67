"""Pairing base and revision elements: operations, parameters, media types, statuses."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from treaty.changes.model import OperationKey
from treaty.changes.options import DiffOptions
from treaty.spec.build import template
from treaty.spec.document import Operation, Parameter, ParameterLocation, Spec

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Pairing(Generic[T]):
    """Elements present on both sides, only in the base, only in the revision."""

    matched: list[tuple[T, T]]
    removed: list[T]
    added: list[T]

    def sides(self) -> list[tuple[T | None, T | None]]:
        """Every element as (base, revision): removed, then added, then matched."""
        return [
            *((item, None) for item in self.removed),
            *((None, item) for item in self.added),
            *self.matched,
        ]


def pair(
    base: Iterable[T],
    revision: Iterable[T],
    key: Callable[[T], Hashable],
    revision_key: Callable[[T], Hashable] | None = None,
) -> Pairing[T]:
    """Pair elements with equal keys, in base order; the first revision element wins a key."""
    index: dict[Hashable, list[T]] = {}
    for item in revision:
        index.setdefault((revision_key or key)(item), []).append(item)
    matched, removed = [], []
    for item in base:
        candidates = index.get(key(item))
        if candidates:
            matched.append((item, candidates.pop(0)))
        else:
            removed.append(item)
    added = [item for items in index.values() for item in items]
    return Pairing(matched, removed, added)


def media_type_key(name: str) -> str:
    """``application/JSON; charset=utf-8`` -> ``application/json``."""
    return name.split(";", 1)[0].strip().lower()


def status_key(status: str) -> str:
    """Status codes compare case-insensitively (``2xx`` is ``2XX``)."""
    return status.upper()


def parameter_key(parameter: Parameter, operation: Operation) -> tuple[str, str]:
    """Parameters pair by (in, name); header names ignore case; path parameters go by position.

    Matching path parameters by their position in the template is what makes the rename
    ``/pets/{id}`` -> ``/pets/{petId}`` a non-event.
    """
    name = parameter.name
    if parameter.location is ParameterLocation.HEADER:
        name = name.lower()
    elif parameter.location is ParameterLocation.PATH and name in operation.path_parameters:
        name = f"#{operation.path_parameters.index(name)}"
    return (parameter.location.value, name)


def _prefix(path: str, strip: str | None, add: str | None) -> str:
    # strip only whole segments: "/v1" strips "/v1/pets" but not "/v1beta/pets"
    prefix = (strip or "").rstrip("/")
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix) :] or "/"
    if add:
        path = add.rstrip("/") + path
    return path


def operation_keys(options: DiffOptions, *, revision: bool) -> Callable[[Operation], Hashable]:
    """The matching key of an operation on one side: method + blanked template after prefixes."""
    strip = options.strip_prefix_revision if revision else options.strip_prefix_base
    add = options.add_prefix_revision if revision else options.add_prefix_base

    def key(operation: Operation) -> Hashable:
        path = operation.key.path
        if options.match_servers and operation.servers:
            path = operation.servers[0].base_path + path
        return (operation.key.method, template(_prefix(path, strip, add))[0])

    return key


def pair_operations(base: Spec, revision: Spec, options: DiffOptions) -> Pairing[Operation]:
    """Pair operations by method and path template, parameter names ignored."""
    pairing = pair(
        sorted(base.operations.values(), key=_by_key),
        sorted(revision.operations.values(), key=_by_key),
        operation_keys(options, revision=False),
        operation_keys(options, revision=True),
    )
    return Pairing(pairing.matched, pairing.removed, sorted(pairing.added, key=_by_key))


def _by_key(operation: Operation) -> OperationKey:
    return operation.key
