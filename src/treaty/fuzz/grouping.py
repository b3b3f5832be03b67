"""One root cause, one finding: failures that differ only in what the server answered.

schemathesis tells its failures apart by a key per failure class. For most classes the key
is a place in the contract (the schema path that failed, the header that is missing): two
keys are two defects. For a few it is only the value the server answered with (the status
code, the content type): an operation that answers 19 different undocumented status codes
broke its contract once, in one place (its ``responses``), and 19 entries would bury the
other findings. :func:`group` folds those into one failure per (operation, check, failure
class) that lists every value seen (``FuzzFailure.variants``), with how often, and keeps the
smallest reproduction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from treaty.fuzz.results import FuzzFailure, Variant

#: schemathesis failure classes whose key is the answered value, not a place in the contract.
BY_ANSWER = frozenset(
    {
        "UndefinedStatusCode",  # status_code_conformance: the undocumented code
        "ServerError",  # not_a_server_error: the 5xx code
        "RejectedPositiveData",  # positive_data_acceptance: the refusing code
        "UndefinedContentType",  # content_type_conformance: the undocumented media type
    }
)


def group(failures: Iterable[FuzzFailure]) -> list[FuzzFailure]:
    """``failures`` with those of one operation, check and answer-keyed class folded into one."""
    kept: list[FuzzFailure] = []
    groups: dict[tuple[str, str, str], list[FuzzFailure]] = {}
    for failure in failures:
        kind, sep, _ = failure.cause.partition(":")
        if sep and kind in BY_ANSWER and not failure.variants:
            groups.setdefault((failure.operation, failure.check, kind), []).append(failure)
        else:
            kept.append(failure)
    kept.extend(_fold(kind, members) for (_, _, kind), members in groups.items())
    return kept


def _fold(kind: str, members: list[FuzzFailure]) -> FuzzFailure:
    found = (Variant(f.cause.partition(":")[2], f.occurrences) for f in members)
    variants = tuple(sorted(found, key=lambda v: (len(v.value), v.value)))  # 404 before 1000
    smallest = min(members, key=lambda f: (len(f.curl), f.cause))
    return replace(
        smallest,
        cause=kind,
        occurrences=sum(f.occurrences for f in members),
        variants=variants,
    )
