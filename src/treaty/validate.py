"""Validate a loaded document against its OpenAPI/Swagger specification.

openapi-spec-validator (imported lazily) does the work: the right validator is picked from the
declared version (2.0, 3.0.x, 3.1.x, 3.2.x) and *all* its errors are collected. Dangling local
``$ref``s are found by treaty first, because the validator stops at the first one it meets.
Each error becomes a typed :class:`Problem` with a JSON pointer (``#/paths/~1pets/get``; ``#``
for the document root when the validator does not say where) and, when it can be found, a line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from treaty._json import JSONValue
from treaty.errors import ErrorKind, SpecError
from treaty.redact import printable
from treaty.sources import refgraph
from treaty.sources.document import Document
from treaty.sources.lines import line_of

if TYPE_CHECKING:
    from openapi_spec_validator.validation.validators import SpecValidator

_OPERATION = re.compile(r"for '(\w+)'(?: operation)? in '(/[^']*)'")
_TOO_LONG = 200
#: The most ``$ref`` objects leading straight to one another that are handed to the validator:
#: it resolves such a chain in quadratic time and by recursion (800 steps: 6 s; 1 000: stack
#: exhausted). Real documents have chains of one or two.
MAX_REF_CHAIN = 64
#: How deep a document may nest when its ``$ref``s are followed (see
#: :func:`treaty.sources.refgraph.ref_depth`) before the validator, which recurses once per
#: schema it follows, is asked; the deepest real document measured (Stripe) nests 144 levels.
MAX_REF_DEPTH = 500


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a document is not valid OpenAPI."""

    pointer: str
    message: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """The problems found in one document (none: it is valid)."""

    name: str
    version: str
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """True when there is nothing to report."""
        return not self.problems


def _pointer(tokens: list[str | int]) -> str:
    return "#" + "".join("/" + str(t).replace("~", "~0").replace("/", "~1") for t in tokens)


def _dangling_refs(root: JSONValue) -> Iterator[tuple[str, str]]:
    """(pointer of the ``$ref``, message) for each local ``$ref`` that points at nothing."""
    stack: list[tuple[JSONValue, list[str | int]]] = [(root, [])]
    while stack:
        node, path = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#") and not _resolves(root, ref):
                yield _pointer([*path, "$ref"]), f"$ref {ref!r} points at nothing"
            stack.extend((v, [*path, k]) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((v, [*path, i]) for i, v in reversed(list(enumerate(node))))


def _resolves(root: JSONValue, ref: str) -> bool:
    from treaty.errors import SpecError
    from treaty.spec.pointer import resolve

    try:
        resolve(root, ref)
    except SpecError:
        return False
    return True


def _message(text: str) -> str:
    text = " ".join(text.split("\n\n", 1)[0].split())  # drop jsonschema's "Failed validating…"
    if len(text) > _TOO_LONG:  # messages that start with a dump of the offending value
        cut = text.rfind(" is ")
        text = "the value" + text[cut:] if cut > 0 else text[: _TOO_LONG - 1] + "…"
    return text


def _validator_errors(document: Document) -> Iterator[tuple[str, str]]:
    import openapi_spec_validator as osv

    version = document.version
    cls: type[SpecValidator]
    if document.is_swagger2:
        cls = osv.OpenAPIV2SpecValidator
    elif version.startswith("3.0"):
        cls = osv.OpenAPIV30SpecValidator
    elif version.startswith("3.1"):
        cls = osv.OpenAPIV31SpecValidator
    elif version.startswith("3.2"):
        cls = osv.OpenAPIV32SpecValidator
    else:
        field = "swagger" if "swagger" in document.root else "openapi"
        yield f"#/{field}", f"unsupported version {version!r} (expected 2.0, 3.0.x or 3.1.x)"
        return
    reported = False
    _check_bounds(document)
    try:
        for error in cls(document.root).iter_errors():
            tokens: list[str | int] = list(error.absolute_path)
            found = _OPERATION.search(error.message) if not tokens else None
            if found:
                tokens = ["paths", found.group(2), found.group(1)]
            reported = True
            yield _pointer(tokens), _message(error.message)
    except RecursionError as exc:  # a shape the bounds above did not foresee
        raise _cannot(document, "its $refs nest deeper than the validator can follow") from exc
    except Exception as exc:  # the validator gives up on some documents (e.g. broken refs)
        # Its keyword checks run after the schema check and trip over what the schema check
        # already reported (a `responses: null` ends in KeyError 'responses'): say nothing more.
        if not reported:
            yield "#", _message(f"the validator could not finish: {_reason(exc)}")


def _cannot(document: Document, why: str) -> SpecError:
    return SpecError(f"cannot validate: {why}", where=document.name, kind=ErrorKind.TOO_LARGE)


def _check_bounds(document: Document) -> None:
    """Refuse, in treaty's words and in linear time, what the validator would follow into a
    stack overflow or minutes of work."""
    chain = refgraph.longest_chain(document.root)
    if chain > MAX_REF_CHAIN:
        raise _cannot(document, f"$ref chain of {chain} steps exceeds the limit of {MAX_REF_CHAIN}")
    depth = refgraph.ref_depth(document.root)
    if depth > MAX_REF_DEPTH:
        raise _cannot(
            document,
            f"following its $refs it nests {depth} levels deep, more than the limit of "
            f"{MAX_REF_DEPTH}",
        )


def _reason(exc: Exception) -> str:
    """What stopped the validator, in the document's terms rather than Python's."""
    if isinstance(exc, KeyError) and exc.args:
        return f"{exc.args[0]!r} is missing or not an object where it is required"
    return str(exc) or type(exc).__name__


def validate(document: Document) -> ValidationResult:
    """Check ``document`` against the OpenAPI/Swagger specification it declares."""
    found = list(_dangling_refs(document.root))
    if not found:
        found = list(_validator_errors(document))
    unique = dict.fromkeys(found)  # the validator repeats some errors
    problems = tuple(
        Problem(pointer, message, line_of(document, pointer)) for pointer, message in unique
    )
    return ValidationResult(name=document.name, version=document.version, problems=problems)


def _problem_line(result: ValidationResult, problem: Problem) -> str:
    where = f"{result.name}:{problem.line}" if problem.line else result.name
    return printable(f"{where}: {problem.pointer}: {problem.message}")  # one line, inert


def render(results: Sequence[ValidationResult], output_format: str = "text") -> str:
    """Text (one line per problem, ``file:line: pointer: message``) or JSON for ``results``."""
    if output_format == "json":
        import json

        payload = {
            "documents": [
                {
                    "name": r.name,
                    "version": r.version,
                    "valid": r.valid,
                    "problems": [
                        {"pointer": p.pointer, "message": p.message, "line": p.line}
                        for p in r.problems
                    ],
                }
                for r in results
            ]
        }
        return json.dumps(payload, indent=2) + "\n"
    lines: list[str] = []
    for result in results:
        if result.valid:
            lines.append(printable(f"{result.name}: valid (version {result.version})"))
        lines.extend(_problem_line(result, problem) for problem in result.problems)
    return "".join(line + "\n" for line in lines)
