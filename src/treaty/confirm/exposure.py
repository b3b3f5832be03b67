"""What old-contract traffic touched: per operation, the names its requests carried and the
names its responses held. Verdicts use it to tell *not observed* from *not exercised*."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

#: Bodies deeper than this are not searched for names (a hostile response stays cheap).
_MAX_DEPTH = 32
#: Names collected from one body at most.
_MAX_NAMES = 2000


@dataclass(slots=True)
class OperationExposure:
    """What one operation's exchanges carried."""

    answered: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    request_names: Counter[str] = field(default_factory=Counter)
    #: status code -> names found in the JSON bodies of responses with that status
    response_names: dict[int, Counter[str]] = field(default_factory=dict)

    def responses_with(self, status: int | None) -> int:
        """Responses with ``status`` (None: every 2xx response)."""
        if status is None:
            return sum(count for code, count in self.statuses.items() if 200 <= code < 300)
        return self.statuses.get(status, 0)

    def response_carried(self, name: str, status: int | None) -> int:
        """Responses with ``status`` (None: any 2xx) whose body held a property ``name``."""
        return sum(
            names.get(name, 0)
            for code, names in self.response_names.items()
            if (status is None and 200 <= code < 300) or code == status
        )


@dataclass(slots=True)
class Exposure:
    """Every operation's :class:`OperationExposure`, filled by :meth:`observe`."""

    operations: dict[str, OperationExposure] = field(default_factory=dict)

    def of(self, label: str) -> OperationExposure:
        return self.operations.get(label) or OperationExposure()

    def observe(self, case: Any, response: Any) -> None:
        """The fuzz engine's observer: one answered exchange (a schemathesis case, response)."""
        label = str(case.operation.label)
        seen = self.operations.setdefault(label, OperationExposure())
        seen.answered += 1
        status = int(response.status_code)
        seen.statuses[status] += 1
        names: set[str] = set()
        for container in (case.path_parameters, case.query, case.headers, case.cookies):
            if container:
                names.update(str(key) for key in container)
        body = getattr(case, "body", None)
        if isinstance(body, dict | list):
            names.update(_keys(body))
        seen.request_names.update(names)
        parsed = _json_body(response)
        if parsed is not None:
            seen.response_names.setdefault(status, Counter()).update(set(_keys(parsed)))


def _json_body(response: Any) -> Any:
    content = getattr(response, "content", b"")
    if not content or not isinstance(content, bytes):
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return None


def _keys(value: Any) -> Iterator[str]:
    """Object keys anywhere in ``value`` (bounded in depth and count)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    found = 0
    while stack and found < _MAX_NAMES:
        node, depth = stack.pop()
        if depth > _MAX_DEPTH:
            continue
        if isinstance(node, dict):
            for key, child in node.items():
                found += 1
                yield str(key)
                stack.append((child, depth + 1))
        elif isinstance(node, list):
            stack.extend((child, depth + 1) for child in node)
