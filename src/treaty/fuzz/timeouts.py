"""Requests that got no answer within ``--timeout``: recorded once, never shrunk, judged apart.

A timeout says the server was slow, not that it broke its contract; unless the user set a
response-time budget (``--max-response-time``) it is reported as "could not judge" (see
:func:`treaty.fuzz.run.report`). Left to itself, Hypothesis treats the timeout as a failing
example and shrinks it, re-sending slow requests into the same timeout for minutes.
:func:`install` registers an ``after_network_error`` hook on the schema that hands every timed
out request to ``sink`` and, in the phases that shrink (examples, coverage, fuzzing), ends the
scenario at once with the engine's own "budget ran out" interrupt: what the scenario found so
far is kept. From then on the run's :class:`~treaty.fuzz.guard.Guard` does not send that
operation's requests: they time out at once, unsent (the stateful phase, which does not end
on a timeout, then stops choosing the operation), so a slow operation costs one timeout per
run. Volume and replay requests (no phase) are left to their callers.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from schemathesis.generation.case import Case
    from schemathesis.schemas import BaseSchema

    from treaty.fuzz.guard import Guard

#: (operation label, the timeout exception, curl command, phase) for each timed-out request.
Sink = Callable[[str, Exception, str, str], None]
#: The phases whose scenarios a timeout ends (Hypothesis would shrink it there).
STOPPING_PHASES = frozenset({"examples", "coverage", "fuzzing"})


def install(schema: BaseSchema, sink: Sink, guard: Guard) -> None:
    """Send every timed-out request of ``schema`` to ``sink``, then have ``guard`` skip the
    operation's requests; stop shrinking with ``guard.refusal``."""
    import requests

    def after_network_error(context: object, case: Case[Any], request: Any) -> None:
        error = sys.exc_info()[1]  # the hook runs while the request's exception is handled
        if not isinstance(error, requests.Timeout) or case.meta is None:
            return  # not a timeout, or a volume or replay request: its caller handles it
        phase = case.meta.phase.name.value
        if not getattr(error, "not_sent", False):
            guard.skip_slow(
                case.operation.method, path_pattern(schema.base_path, case.operation.path)
            )
            curl = case.as_curl_command(headers=dict(request.headers))
            sink(case.operation.label, error, curl, phase)
        if phase in STOPPING_PHASES:
            raise guard.refusal()

    schema.hook("after_network_error")(after_network_error)


def path_pattern(base_path: str, template: str) -> re.Pattern[str]:
    """The URL paths of an operation: ``/api`` + ``/things/{id}`` -> ``/api/things/[^/]+``."""
    parts = re.split(r"\{[^}/]*\}", template)
    return re.compile(re.escape(base_path.rstrip("/")) + "[^/]+".join(map(re.escape, parts)))
