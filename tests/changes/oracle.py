"""The semantic oracle of the schema comparer (issue #12 §5): random schemas, random mutations.

A base schema is drawn from a bounded strategy (object / array / string / integer / number /
boolean / enum / const, ``required``, bounds, ``additionalProperties``, nested up to two
levels), then one mutation of one of its nodes. Instances valid under one side are drawn with
hypothesis-jsonschema and validated under the other with jsonschema's 2020-12 validator:

- in a REQUEST body, a base-valid instance the revision rejects is a *narrowing* witness:
  ``treaty breaking`` must exit 1 at ``--fail-on warning``;
- in a RESPONSE body the roles swap: a revision-valid instance the base rejects is a
  *widening* witness, with the same demand;
- a mutation that is equivalent by construction (the same instances, spelt differently) must
  not be judged an ``error`` in either direction.

Deliberate policies where treaty's verdict is not the instance oracle's are listed in
:data:`POLICIES` and matched explicitly, never silently. ``benchmarks/semantic_oracle.py``
runs the same oracle without stopping at the first disagreement and prints the rate.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st

Schema = dict[str, Any]
Path = tuple[str | int, ...]

NAMES = ("a", "b", "c")
TODAY = dt.date(2026, 1, 1)


# ---- base schemas ---------------------------------------------------------------------------


@st.composite
def _strings(draw: st.DrawFn) -> Schema:
    schema: Schema = {"type": "string"}
    low = draw(st.none() | st.integers(0, 4))
    if low is not None:
        schema["minLength"] = low
    high = draw(st.none() | st.integers(low or 0, (low or 0) + 4))
    if high is not None:
        schema["maxLength"] = high
    return schema


@st.composite
def _integers(draw: st.DrawFn) -> Schema:
    schema: Schema = {"type": "integer"}
    low = draw(st.none() | st.integers(-5, 5))
    if low is not None:
        if draw(st.booleans()):
            schema["minimum"] = low
        else:
            schema["exclusiveMinimum"] = low - 1
    high = draw(st.none() | st.integers(low if low is not None else -5, 10))
    if high is not None:
        if draw(st.booleans()):
            schema["maximum"] = high
        else:
            schema["exclusiveMaximum"] = high + 1
    if draw(st.integers(0, 3)) == 0 and (low is None or high is None or high - low >= 3):
        schema["multipleOf"] = draw(st.sampled_from([2, 3]))
    return schema


@st.composite
def _numbers(draw: st.DrawFn) -> Schema:
    schema: Schema = {"type": "number"}
    low = draw(st.none() | st.sampled_from([-1.5, 0, 0.5, 2]))
    if low is not None:
        schema[draw(st.sampled_from(["minimum", "exclusiveMinimum"]))] = low
    high = draw(st.none() | st.sampled_from([3, 4.5, 10]))
    if high is not None:
        schema[draw(st.sampled_from(["maximum", "exclusiveMaximum"]))] = high
    return schema


_SCALARS = st.sampled_from([0, 1, 2, 7, "x", "y", "zz", True, None])


@st.composite
def _enums(draw: st.DrawFn) -> Schema:
    kind = draw(st.sampled_from(["string", "integer", "mixed"]))
    pool = {"string": ["x", "y", "zz", "w"], "integer": [0, 1, 2, 7], "mixed": [0, "x", True, None]}
    values = draw(st.lists(st.sampled_from(pool[kind]), min_size=1, max_size=3, unique=True))
    schema: Schema = {"enum": values}
    if kind != "mixed" and draw(st.booleans()):
        schema = {"type": kind, **schema}
    return schema


def _leaves() -> st.SearchStrategy[Schema]:
    return st.one_of(
        _strings(),
        _integers(),
        _numbers(),
        st.just({"type": "boolean"}),
        _enums(),
        st.builds(lambda value: {"const": value}, _SCALARS),
    )


@st.composite
def _objects(draw: st.DrawFn, children: st.SearchStrategy[Schema]) -> Schema:
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True))
    schema: Schema = {"type": "object", "properties": {name: draw(children) for name in names}}
    required = draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True))
    if required:
        schema["required"] = required
    closed = draw(st.sampled_from(["absent", "true", "false", "schema"]))
    if closed != "absent":
        schema["additionalProperties"] = {"true": True, "false": False}.get(
            closed, {"type": "integer"}
        )
    return schema


@st.composite
def _arrays(draw: st.DrawFn, children: st.SearchStrategy[Schema]) -> Schema:
    schema: Schema = {"type": "array", "items": draw(children)}
    low = draw(st.none() | st.integers(0, 2))
    if low is not None:
        schema["minItems"] = low
    high = draw(st.none() | st.integers(max(low or 0, 1), 4))
    if high is not None:
        schema["maxItems"] = high
    return schema


def _level(children: st.SearchStrategy[Schema]) -> st.SearchStrategy[Schema]:
    return st.one_of(_leaves(), _objects(children), _arrays(children))


def schemas() -> st.SearchStrategy[Schema]:
    """A base schema: a leaf, or an object / array nesting up to two levels."""
    return _level(_level(_leaves()))


# ---- mutations ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mutation:
    """One edit of one node of the base; ``equivalent``: the same instances by construction."""

    kind: str
    path: Path
    revision: Schema
    equivalent: bool = False


Edit = tuple[str, Schema, bool]


def _nodes(schema: Schema, path: Path = ()) -> Iterator[tuple[Path, Schema]]:
    yield path, schema
    for name, child in schema.get("properties", {}).items():
        yield from _nodes(child, (*path, "properties", name))
    if isinstance(schema.get("items"), dict):
        yield from _nodes(schema["items"], (*path, "items"))
    if isinstance(schema.get("additionalProperties"), dict):
        yield from _nodes(schema["additionalProperties"], (*path, "additionalProperties"))


def _replace(schema: Schema, path: Path, node: Schema) -> Schema:
    if not path:
        return node
    revision = copy.deepcopy(schema)
    parent: Any = revision
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = node
    return revision


def _without(node: Schema, *keys: str) -> Schema:
    return {k: v for k, v in node.items() if k not in keys}


def _bound_edits(node: Schema) -> Iterator[Edit]:
    """Tighten, loosen, add or drop one bound; equivalent spellings of integer bounds."""
    integer = node.get("type") == "integer"
    for key, sign in (
        ("minimum", 1),
        ("exclusiveMinimum", 1),
        ("maximum", -1),
        ("exclusiveMaximum", -1),
        ("minLength", 1),
        ("maxLength", -1),
        ("minItems", 1),
        ("maxItems", -1),
        ("multipleOf", 0),
    ):
        if key not in node:
            continue
        value = node[key]
        yield f"{key}-removed", _without(node, key), False
        counted = key.endswith(("Length", "Items"))  # a count: never below zero
        for verb, moved in (("tightened", value + sign), ("loosened", value - sign)):
            if sign and (moved >= 0 or not counted):
                yield f"{key}-{verb}", {**node, key: moved}, False
        if not sign:
            yield f"{key}-doubled", {**node, key: value * 2}, False
        if integer and key in ("minimum", "maximum"):
            exclusive = "exclusiveMinimum" if key == "minimum" else "exclusiveMaximum"
            yield f"{key}-as-{exclusive}", {**_without(node, key), exclusive: value - sign}, True
            # a fractional bound between two integers admits the same integers
            yield f"{key}-fractional", {**node, key: value - sign * 0.5}, True
        if integer and key in ("exclusiveMinimum", "exclusiveMaximum"):
            inclusive = "minimum" if key == "exclusiveMinimum" else "maximum"
            yield f"{key}-as-{inclusive}", {**_without(node, key), inclusive: value + sign}, True
    kind = node.get("type")
    added = {
        "integer": ("minimum", 0),
        "number": ("maximum", 1.5),
        "string": ("maxLength", 3),
        "array": ("maxItems", 2),
    }.get(kind if isinstance(kind, str) else "")
    if added and added[0] not in node:
        yield f"{added[0]}-added", {**node, added[0]: added[1]}, False
    zero = {"string": "minLength", "array": "minItems", "object": "minProperties"}.get(
        kind if isinstance(kind, str) else ""
    )
    if zero and zero not in node:
        yield f"{zero}-zero-added", {**node, zero: 0}, True
    if integer and "multipleOf" not in node:
        yield "multipleOf-one-added", {**node, "multipleOf": 1}, True


def _type_edits(node: Schema) -> Iterator[Edit]:
    kind = node.get("type")
    if not isinstance(kind, str):
        return
    yield "type-as-array", {**node, "type": [kind]}, True
    other = {"integer": "number", "number": "integer", "string": "integer", "boolean": "string"}
    if kind in other:
        yield "type-changed", {**node, "type": other[kind]}, False
        yield "type-widened", {**node, "type": [kind, other[kind]]}, False
        yield "type-nullable", {**node, "type": [kind, "null"]}, False


def _value_edits(node: Schema) -> Iterator[Edit]:
    if "enum" in node:
        values = node["enum"]
        pool = [v for v in ["x", "q", 0, 5, True] if v not in values]
        typed = node.get("type")
        fitting = [v for v in pool if typed is None or _fits(v, typed)]
        if fitting:
            yield "enum-value-added", {**node, "enum": [*values, fitting[0]]}, False
        if len(values) > 1:
            yield "enum-value-removed", {**node, "enum": values[:-1]}, False
            yield "enum-reordered", {**node, "enum": list(reversed(values))}, True
        else:
            yield "enum-as-const", {**_without(node, "enum"), "const": values[0]}, True
        yield "enum-removed", _without(node, "enum"), False
    if "const" in node:
        value = node["const"]
        yield "const-as-enum", {**_without(node, "const"), "enum": [value]}, True
        yield "const-changed", {**node, "const": "other" if value != "other" else 0}, False
        yield "const-widened", {**_without(node, "const"), "enum": [value, "other"]}, False


def _fits(value: object, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return False


def _object_edits(node: Schema) -> Iterator[Edit]:
    if node.get("type") != "object":
        return
    properties: dict[str, Schema] = node.get("properties", {})
    required: list[str] = node.get("required", [])
    for name in properties:
        if name not in required:
            yield "required-added", {**node, "required": [*required, name]}, False
    if required:
        rest = required[:-1]
        yield (
            "required-removed",
            {**_without(node, "required"), **({"required": rest} if rest else {})},
            False,
        )
        if len(required) > 1:
            yield "required-reordered", {**node, "required": list(reversed(required))}, True
    free = [name for name in ("d", "e") if name not in properties]
    yield (
        "property-added",
        {**node, "properties": {**properties, free[0]: {"type": "string"}}},
        False,
    )
    yield (
        "required-property-added",
        {
            **node,
            "properties": {**properties, free[0]: {"type": "string"}},
            "required": [*required, free[0]],
        },
        False,
    )
    for name in properties:
        if name not in required:
            yield (
                "property-removed",
                {**node, "properties": {k: v for k, v in properties.items() if k != name}},
                False,
            )
            break
    closed = node.get("additionalProperties")
    if closed is None:
        yield "additionalProperties-true-added", {**node, "additionalProperties": True}, True
        yield "additionalProperties-false-added", {**node, "additionalProperties": False}, False
    elif closed is False:
        yield "additionalProperties-false-removed", _without(node, "additionalProperties"), False
    else:
        yield "additionalProperties-closed", {**node, "additionalProperties": False}, False
        if closed is True:
            yield "additionalProperties-true-removed", _without(node, "additionalProperties"), True


def _wrapping_edits(node: Schema) -> Iterator[Edit]:
    """The node as the only member of a composition: the same instances."""
    yield "wrapped-in-allOf", {"allOf": [node]}, True
    yield "wrapped-in-anyOf", {"anyOf": [node]}, True


def edits(node: Schema) -> list[Edit]:
    """Every mutation this strategy knows for one node."""
    return [
        *_bound_edits(node),
        *_type_edits(node),
        *_value_edits(node),
        *_object_edits(node),
        *_wrapping_edits(node),
    ]


@st.composite
def mutations(draw: st.DrawFn, base: Schema) -> Mutation:
    """One edit of one node of ``base`` (the root or a nested property, item, ...)."""
    path, node = draw(st.sampled_from(list(_nodes(base))))
    kind, node, equivalent = draw(st.sampled_from(edits(node)))
    return Mutation(kind, path, _replace(base, path, node), equivalent)


# ---- treaty's verdict and the instances' ----------------------------------------------------


def document(schema: Schema, request: bool) -> dict[str, Any]:
    """A minimal OpenAPI 3.1 document with ``schema`` as the request or the response body."""
    media = {"application/json": {"schema": schema}}
    operation: dict[str, Any] = {"responses": {"200": {"description": "ok"}}}
    if request:
        operation["requestBody"] = {"required": True, "content": media}
    else:
        operation["responses"]["200"]["content"] = media
    return {
        "openapi": "3.1.0",
        "info": {"title": "oracle", "version": "1"},
        "paths": {"/things": {"post": operation}},
    }


@dataclass(frozen=True, slots=True)
class Verdict:
    """What ``treaty breaking`` says about one mutation in one direction."""

    exit_code: int  # at --fail-on warning
    errors: tuple[str, ...]
    warnings: tuple[str, ...]


def treaty_verdict(base: Schema, revision: Schema, request: bool) -> Verdict:
    from treaty import api
    from treaty.report import ReportKind
    from treaty.rules.registry import Severity
    from treaty.sources.document import Document, SyntaxKind

    sides = [
        Document(root=document(schema, request), name=name, syntax=SyntaxKind.JSON)
        for schema, name in ((base, "base.json"), (revision, "revision.json"))
    ]
    report = api.diff(sides[0], sides[1], kind=ReportKind.BREAKING, today=TODAY)
    found = report.findings
    return Verdict(
        exit_code=int(report.exit_code(Severity.WARNING)),
        errors=tuple(f.rule for f in found if f.severity is Severity.ERROR),
        warnings=tuple(f.rule for f in found if f.severity is Severity.WARNING),
    )


def _canonical(schema: Schema) -> Any:
    import jsonschema_rs

    return jsonschema_rs.canonicalize(schema, draft=20)


def difference(schema: Schema, other: Schema) -> Schema | None:
    """A schema of the values ``schema`` admits and ``other`` rejects; None if provably none.

    jsonschema-rs (schemathesis' engine) computes it; it only aims the draws at the values
    that matter, every witness is still checked with jsonschema's 2020-12 validator.
    """
    from jsonschema_rs.canonical import Satisfiability

    rest = _canonical(schema).subtract(_canonical(other))
    if rest.satisfiability() == Satisfiability.NO:
        return None
    found: Schema = rest.to_json_schema()
    return found


def instances(schema: Schema | None) -> st.SearchStrategy[list[Any]]:
    """Up to six instances of ``schema`` from schemathesis' generator (none for None)."""
    if schema is None:
        return st.just([])
    import schemathesis

    loaded = schemathesis.openapi.from_dict(document(schema, request=True))
    cases = loaded["/things"]["POST"].as_strategy()
    return st.lists(cases.map(lambda case: case.body), max_size=6)


def rejected(schema: Schema, values: list[Any]) -> list[Any]:
    """The values ``schema`` rejects under JSON Schema 2020-12."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema)
    return [value for value in values if not validator.is_valid(value)]


def witnesses(data: st.DataObject, base: Schema, revision: Schema) -> tuple[list[Any], list[Any]]:
    """Values only the base admits (narrowing) and values only the revision admits (widening).

    Drawn from each side and from each difference, then checked by jsonschema on both sides.
    """
    found: list[list[Any]] = []
    for old, new in ((base, revision), (revision, base)):
        drawn = [
            *data.draw(instances(difference(old, new))),
            *data.draw(instances(_satisfiable(old))),
        ]
        found.append(rejected(new, [value for value in drawn if not rejected(old, [value])]))
    return found[0], found[1]


def _satisfiable(schema: Schema) -> Schema | None:
    from jsonschema_rs.canonical import Satisfiability

    return None if _canonical(schema).satisfiability() == Satisfiability.NO else schema


# ---- deliberate policies --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Policy:
    """A place where treaty's verdict deliberately differs from the instance oracle."""

    name: str
    why: str
    applies: Callable[[Mutation, bool], bool]


POLICIES: tuple[Policy, ...] = (
    Policy(
        "request-property-added",
        "A new optional property in a request object that admitted any other property narrows "
        "it in theory (a value the base let through under that name may not fit the new "
        "schema); treaty calls it info: clients send the properties the contract names "
        "(request-property-optional-added).",
        lambda mutation, request: request and mutation.kind == "property-added",
    ),
    Policy(
        "response-property-added",
        "A new property in a response widens a closed object (additionalProperties false, or "
        "a schema the new values do not fit); treaty calls it info, as the rules' docs say: "
        "clients ignore properties they do not know (response-property-*-added). Opening "
        "the object as such is response-body-additional-properties-widened, a warning.",
        lambda mutation, request: (
            not request and mutation.kind in ("property-added", "required-property-added")
        ),
    ),
)


def policy_for(mutation: Mutation, request: bool) -> Policy | None:
    return next((p for p in POLICIES if p.applies(mutation, request)), None)


# ---- one example ----------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """The oracle's findings for one (base, mutation) pair."""

    disagreements: list[str] = field(default_factory=list)
    excused: list[str] = field(default_factory=list)


def judge(
    mutation: Mutation,
    base: Schema,
    narrowing: list[Any],
    widening: list[Any],
) -> Outcome:
    """Compare treaty's verdicts with the witnesses found (base-valid values the revision
    rejects: ``narrowing``; revision-valid values the base rejects: ``widening``)."""
    if mutation.equivalent and (narrowing or widening):  # the oracle's own construction is wrong
        raise AssertionError(f"{mutation.kind} is not equivalent: {narrowing or widening}")
    outcome = Outcome()
    for request, witnesses in ((True, narrowing), (False, widening)):
        where = "request" if request else "response"
        verdict = treaty_verdict(base, mutation.revision, request)
        problem = None
        if witnesses and verdict.exit_code == 0:
            problem = f"{where} {mutation.kind}: silent on witness {witnesses[0]!r}"
        elif mutation.equivalent and verdict.errors:
            problem = f"{where} {mutation.kind}: equivalent, yet errors {verdict.errors}"
        if problem is None:
            continue
        policy = policy_for(mutation, request)
        (outcome.excused if policy else outcome.disagreements).append(
            f"[{policy.name}] {problem}" if policy else problem
        )
    return outcome
