"""Differential mode: the same old-contract request to the old and the new deployment.

Every exchange the fuzz engine observes on the new deployment is re-sent, as the identical
request, to the old one, and the two responses are compared with deepdiff (status, content
type, the headers BASE declares, body structure and values). Before anything is reported the
comparer learns what is *volatile*: the first exchanges of each operation are sent twice to
each deployment, and every body path or header that differs between two identical calls to the
same deployment (timestamps, generated ids, request ids) is never reported. What remains is one
:class:`~treaty.confirm.model.Difference` per operation, place and kind of change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from treaty.confirm.model import Difference, Differential
from treaty.fuzz.results import RecordedRequest
from treaty.redact import Redactor

if TYPE_CHECKING:
    from schemathesis.schemas import BaseSchema

#: Exchanges per operation sent twice to each deployment to learn its volatile fields.
LEARN_PER_OPERATION = 3
#: Body differences kept from one exchange (the rest are the same root cause, repeated).
_MAX_DELTAS = 50
_SHOWN = 80  # characters of a value shown in a report


@dataclass(frozen=True, slots=True)
class Delta:
    kind: str  # "status" | "header" | "body"
    path: str
    change: str  # "changed" | "added" | "removed" | "type"
    old: str
    new: str


@dataclass(slots=True)
class _Exchange:
    operation: str
    key: tuple[str, str, str]
    request: RecordedRequest
    curl: str
    deltas: list[Delta]


@dataclass(slots=True)
class Comparer:
    """The observer of differential mode: re-sends each exchange and keeps the deltas.

    ``old_schema`` is BASE loaded for the old deployment (its config carries the same
    credentials); ``kwargs`` go to ``Case.call`` (timeout, TLS). ``declared_headers`` maps an
    operation label and status to the header names BASE declares there.
    """

    old_schema: BaseSchema
    redactor: Redactor
    kwargs: dict[str, Any] = field(default_factory=dict)
    declared_headers: Mapping[str, Mapping[int, frozenset[str]]] = field(default_factory=dict)
    old_target: str = ""
    exchanges: list[_Exchange] = field(default_factory=list)
    volatile: dict[str, set[str]] = field(default_factory=dict)
    learned: dict[str, int] = field(default_factory=dict)
    seen: set[tuple[str, str, str]] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    stopped: bool = False

    def observe(self, case: Any, response: Any) -> None:
        """Re-send the exchange (case, response of the new deployment) to the old deployment."""
        if self.stopped:
            return
        label = str(case.operation.label)
        key = _key(response.request)
        if key in self.seen:
            return
        self.seen.add(key)
        operation = self.old_schema.find_operation_by_label(label)
        if operation is None:  # pragma: no cover - both schemas are the same BASE
            return
        old = self._send(operation.Case(**_case_values(case)), label)
        if old is None:
            return
        headers = self.declared_headers.get(label, {})
        if self.learned.get(label, 0) < LEARN_PER_OPERATION:
            self.learned[label] = self.learned.get(label, 0) + 1
            again_new = self._send(case, label)
            again_old = self._send(operation.Case(**_case_values(case)), label)
            volatile = self.volatile.setdefault(label, set())
            for first, second in ((response, again_new), (old, again_old)):
                if second is not None:
                    volatile.update(d.path for d in compare(first, second, headers))
        request = RecordedRequest(method=key[0], url=self.redactor.url(key[1]), body=key[2] or None)
        curl = self.redactor.text(str(case.as_curl_command()))
        self.exchanges.append(_Exchange(label, key, request, curl, compare(old, response, headers)))

    def _send(self, case: Any, label: str) -> Any:
        try:
            return case.call(**self.kwargs)
        except KeyboardInterrupt:  # the request budget is spent, or Ctrl-C: stop comparing
            self.stopped = True
            return None
        except Exception as exc:  # a lost connection or timeout: that exchange is not compared
            reason = " ".join(str(exc).split()) or type(exc).__name__
            self.errors.append(self.redactor.text(f"{label}: {reason}"))
            return None

    def same_answer(self, method: str, url: str, body: str | None) -> bool | None:
        """Whether the old deployment answered this request as the new one did (None: the
        request was not compared)."""
        for exchange in self.exchanges:
            if (
                exchange.request.method == method
                and exchange.request.url == url
                and ((exchange.request.body or None) == (body or None))
            ):
                return not self._kept(exchange)
        return None

    def _kept(self, exchange: _Exchange) -> list[Delta]:
        volatile = self.volatile.get(exchange.operation, set())
        return [d for d in exchange.deltas if not _is_volatile(d.path, volatile)]

    def result(self) -> Differential:
        """The differences that survive the volatile filter, one per operation/place/kind."""
        found: dict[tuple[str, str, str, str], Difference] = {}
        for exchange in self.exchanges:
            for delta in self._kept(exchange):
                index = (exchange.operation, delta.kind, delta.path, delta.change)
                known = found.get(index)
                if known is not None:
                    found[index] = replace(known, occurrences=known.occurrences + 1)
                    continue
                found[index] = Difference(
                    operation=exchange.operation,
                    kind=delta.kind,
                    path=delta.path,
                    change=delta.change,
                    old=self.redactor.text(delta.old),
                    new=self.redactor.text(delta.new),
                    request=exchange.request,
                    curl=exchange.curl,
                )
        return Differential(
            old_target=self.old_target,
            compared=len(self.exchanges),
            differences=tuple(found[k] for k in sorted(found)),
            volatile=tuple(
                (label, tuple(sorted(paths))) for label, paths in sorted(self.volatile.items())
            ),
            errors=tuple(dict.fromkeys(self.errors)),
        )


def compare(old: Any, new: Any, declared_headers: Mapping[int, frozenset[str]]) -> list[Delta]:
    """What differs between two schemathesis responses to the same request."""
    deltas: list[Delta] = []
    if old.status_code != new.status_code:
        deltas.append(
            Delta("status", "status", "changed", str(old.status_code), str(new.status_code))
        )
    old_type, new_type = _media_type(old), _media_type(new)
    if old_type != new_type:
        deltas.append(Delta("header", "header:content-type", "changed", old_type, new_type))
    wanted = declared_headers.get(int(new.status_code), frozenset()) | declared_headers.get(
        int(old.status_code), frozenset()
    )
    for name in sorted(wanted):
        had, has = _header(old, name), _header(new, name)
        if (had is None) != (has is None):
            deltas.append(
                Delta("header", f"header:{name}", "removed" if has is None else "added",
                      had or "", has or "")
            )  # fmt: skip
        elif had != has:
            deltas.append(Delta("header", f"header:{name}", "changed", had or "", has or ""))
    if old.status_code == new.status_code:  # else the body differs because the status does
        deltas.extend(_body(old, new))
    return deltas


def _body(old: Any, new: Any) -> list[Delta]:
    before, after = _json(old.content), _json(new.content)
    if before is _NOT_JSON or after is _NOT_JSON:
        if bytes(old.content) == bytes(new.content):
            return []
        return [Delta("body", "/", "changed", _show_bytes(old.content), _show_bytes(new.content))]
    from deepdiff import DeepDiff

    tree = DeepDiff(before, after, view="tree", ignore_order=False, max_diffs=_MAX_DELTAS)
    deltas: list[Delta] = []
    for report_type, items in tree.items():
        change = _CHANGES.get(report_type)
        if change is None:
            continue
        for item in items:
            path = _pointer(item.path(output_format="list"))
            deltas.append(Delta("body", path, change, _show(item.t1), _show(item.t2)))
    return sorted(deltas, key=lambda d: (d.path, d.change))


_CHANGES = {
    "values_changed": "changed",
    "type_changes": "type",
    "dictionary_item_added": "added",
    "dictionary_item_removed": "removed",
    "iterable_item_added": "added",
    "iterable_item_removed": "removed",
}
_NOT_JSON = object()


def _json(content: bytes) -> Any:
    if not content:
        return _NOT_JSON
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return _NOT_JSON


def _pointer(parts: list[Any]) -> str:
    """A JSON pointer with array indices as ``*``: the same field in every element."""
    if not parts:
        return "/"
    escaped = (
        "*" if isinstance(p, int) else str(p).replace("~", "~0").replace("/", "~1") for p in parts
    )
    return "/" + "/".join(escaped)


def _is_volatile(path: str, volatile: set[str]) -> bool:
    if path in volatile:
        return True
    return any(path.startswith(v.rstrip("/") + "/") for v in volatile if v != "status")


def _media_type(response: Any) -> str:
    value = _header(response, "content-type") or ""
    return value.split(";", 1)[0].strip().lower()


def _header(response: Any, name: str) -> str | None:
    headers = response.headers or {}
    for key, values in headers.items():
        if str(key).lower() == name:
            return ", ".join(values) if isinstance(values, list) else str(values)
    return None


def _show(value: Any) -> str:
    if type(value).__name__ == "NotPresent":
        return ""
    try:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _show_bytes(content: bytes) -> str:
    text = bytes(content[: _SHOWN * 4]).decode("utf-8", "replace")
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def _key(request: Any) -> tuple[str, str, str]:
    body = request.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    return (str(request.method).upper(), str(request.url), body or "")


def _case_values(case: Any) -> dict[str, Any]:
    """The generated values of ``case``, to build the identical case for another target."""
    from schemathesis.core import NOT_SET

    values: dict[str, Any] = {
        "path_parameters": dict(case.path_parameters or {}),
        "query": dict(case.query or {}),
        "headers": dict(case.headers or {}),
        "cookies": dict(case.cookies or {}),
        "media_type": case.media_type,
    }
    if case.body is not NOT_SET:
        values["body"] = case.body
    return values


def declared_headers(root: Mapping[str, Any]) -> dict[str, dict[int, frozenset[str]]]:
    """Operation label -> status -> the (lower-case) response header names BASE declares."""
    found: dict[str, dict[int, frozenset[str]]] = {}
    paths = root.get("paths")
    if not isinstance(paths, Mapping):
        return found
    for path, item in paths.items():
        item = _resolve(root, item)
        if not isinstance(item, Mapping):
            continue
        for method, operation in item.items():
            operation = _resolve(root, operation)
            if not isinstance(operation, Mapping) or not isinstance(
                operation.get("responses"), Mapping
            ):
                continue
            label = f"{str(method).upper()} {path}"
            for status, response in operation["responses"].items():
                response = _resolve(root, response)
                if not str(status).isdigit() or not isinstance(response, Mapping):
                    continue
                headers = response.get("headers")
                if isinstance(headers, Mapping):
                    found.setdefault(label, {})[int(status)] = frozenset(
                        str(name).lower() for name in headers if str(name).lower() != "content-type"
                    )
    return found


def _resolve(root: Mapping[str, Any], node: Any) -> Any:
    """Follow local ``$ref``s (a few hops; bundled documents only have local ones)."""
    for _ in range(8):
        if not isinstance(node, Mapping) or not isinstance(node.get("$ref"), str):
            return node
        ref = str(node["$ref"])
        if not ref.startswith("#/"):
            return None
        target: Any = root
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(target, Mapping) or part not in target:
                return None
            target = target[part]
        node = target
    return None
