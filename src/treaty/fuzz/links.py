"""OpenAPI link runtime expressions, evaluated against a replayed step's exchange.

When a recorded sequence sent ``DELETE /items/4`` because ``POST /items`` had answered
``{"id": 4}`` (a link parameter ``itemId: $response.body#/id``), replay sends the POST again
and takes the id from the *new* answer. This module evaluates those expressions: the forms
links use (``$statusCode``, ``$request.path|query|header.NAME``, ``$request.body#/ptr``,
``$response.header.NAME``, ``$response.body#/ptr``, whole or embedded in a string as
``{$...}``) plus the ``*`` wildcard segment schemathesis's inferred links use. Anything else
is :data:`UNRESOLVED`, and replay then sends the value recorded in the original run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from treaty.errors import TreatyError
from treaty.spec.pointer import split


class _Unresolved:
    def __repr__(self) -> str:
        return "UNRESOLVED"


#: The expression cannot be evaluated against this exchange.
UNRESOLVED: object = _Unresolved()

_EXPRESSION = re.compile(r"\$(request|response)\.(path|query|header|body)(?:\.([^#]+)|(#.*))?")
_EMBEDDED = re.compile(r"\{(\$[^}]+)\}")


@dataclass(frozen=True, slots=True)
class Exchange:
    """One step's request values and response, as plain data."""

    status: int
    path: Mapping[str, object] = field(default_factory=dict)
    query: Mapping[str, object] = field(default_factory=dict)
    headers: Mapping[str, object] = field(default_factory=dict)
    body: object = None
    response_headers: Mapping[str, str] = field(default_factory=dict)
    response_body: object = None


def evaluate(expression: str, exchange: Exchange, recorded: object = UNRESOLVED) -> object:
    """The value of ``expression`` for ``exchange``, or :data:`UNRESOLVED`.

    ``recorded`` is the value the original run sent: when a wildcard matches several values
    it is kept if it is among them (else the first match is taken), so replay follows the
    original choice whenever the server still offers it.
    """
    if expression.startswith("$"):
        return _single(expression, exchange, recorded)
    pieces = _EMBEDDED.split(expression)
    if len(pieces) == 1:
        return expression  # a constant
    text = []
    for index, piece in enumerate(pieces):
        value = _single(piece, exchange, UNRESOLVED) if index % 2 else piece
        if value is UNRESOLVED or value is None:
            return UNRESOLVED
        text.append(str(value))
    return "".join(text)


def _single(expression: str, exchange: Exchange, recorded: object) -> object:
    if expression == "$statusCode":
        return exchange.status
    match = _EXPRESSION.fullmatch(expression)
    if match is None:
        return UNRESOLVED
    side, source, name, pointer = match.groups()
    if source == "body":
        body = exchange.body if side == "request" else exchange.response_body
        return _pointer(body, pointer or "", recorded)
    if name is None:
        return UNRESOLVED
    if source == "header":
        headers = exchange.headers if side == "request" else exchange.response_headers
        return _lookup(headers, name, case_sensitive=False)
    if side == "response":
        return UNRESOLVED  # $response.path / $response.query do not exist
    return _lookup(exchange.path if source == "path" else exchange.query, name)


def _lookup(values: Mapping[str, object], name: str, *, case_sensitive: bool = True) -> object:
    if case_sensitive:
        return values.get(name, UNRESOLVED)
    lowered = name.lower()
    return next((v for k, v in values.items() if k.lower() == lowered), UNRESOLVED)


def _pointer(document: object, pointer: str, recorded: object) -> object:
    try:
        tokens = split(pointer)
    except TreatyError:
        return UNRESOLVED
    matches = _walk(document, tokens)
    if not matches:
        return UNRESOLVED
    if len(matches) > 1 and recorded in matches:
        return recorded
    return matches[0]


def _walk(node: object, tokens: list[str]) -> list[object]:
    if not tokens:
        return [node]
    token, rest = tokens[0], tokens[1:]
    if token == "*":
        children = list(node.values()) if isinstance(node, dict) else node
        if not isinstance(children, list):
            return []
        return [found for child in children for found in _walk(child, rest)]
    if isinstance(node, dict) and token in node:
        return _walk(node[token], rest)
    if isinstance(node, list) and token.isdigit() and int(token) < len(node):
        return _walk(node[int(token)], rest)
    return []
