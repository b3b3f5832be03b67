"""Build a schemathesis schema from treaty's loaded document, run it, return a FuzzReport."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from treaty.errors import ErrorKind, FuzzTargetError, TreatyError
from treaty.fuzz import convert, grouping, resources, semantics, targets, timeouts
from treaty.fuzz.apps import import_app
from treaty.fuzz.determinism import no_local_constants
from treaty.fuzz.engine import Observer, Outcome, Progress, execute, refusal
from treaty.fuzz.guard import Guard, installed, interrupts
from treaty.fuzz.options import PHASES, FuzzOptions, seeded
from treaty.fuzz.progress import Tracker
from treaty.fuzz.results import FuzzFailure, FuzzReport, OperationStat, Untested
from treaty.redact import Redactor

if TYPE_CHECKING:
    from schemathesis.schemas import BaseSchema

    from treaty.sources import Document


def run(
    document: Document,
    options: FuzzOptions,
    *,
    mode: str = "fuzz",
    progress: Progress | None = None,
    observe: Observer | None = None,
    on_start: Callable[[int], None] | None = None,
    guard: Guard | None = None,
    grouped: bool = True,
    tracker: Tracker | None = None,
) -> FuzzReport:
    """Fuzz the operations ``options.selection`` picks from ``document`` against the target.

    A run given no seed gets a fresh one (see :func:`~treaty.fuzz.options.seeded`), so its
    report can always be reproduced with ``--seed``. ``observe`` sees every answered
    exchange (``treaty confirm``'s differential mode re-sends them); requests it sends go
    through the same guard and budget. ``on_start`` gets the seed once the target answered,
    before the first generated request. ``guard`` is the run's budget when the caller
    shares it with requests of its own (default: a new one from ``options``). ``grouped``
    folds failures that differ only in the answer into one (:mod:`treaty.fuzz.grouping`);
    ``treaty confirm`` judges each answer on its own and turns it off. ``tracker`` follows
    the run for a progress line (:mod:`treaty.fuzz.progress`).
    """
    options = seeded(options)  # every run has a seed, stored in its report
    redactor = Redactor.for_secrets(options.auth.secrets())
    selected = planned(document, options)
    guard = guard or new_guard(options)
    tracker = tracker or Tracker(mode)
    tracker.attach(len(selected), lambda: guard.sent)
    outcome = Outcome()
    timed_out: list[FuzzFailure] = []  # filled by the schema's hook, from the workers

    def on_timeout(label: str, error: Exception, curl: str, phase: str) -> None:
        found = convert.transport_failure(label, error, curl, phase, redactor)
        if found is not None:
            timed_out.append(found)

    with (
        installed(guard),
        interrupts(guard),
        deadline(guard, options.max_time),
        no_local_constants(),
        tempfile.TemporaryDirectory(prefix="treaty-examples-") as examples,
    ):
        try:
            if options.app is None:
                tracker.enter("probing")
                probe(options, guard)
            if on_start is not None:
                assert options.seed is not None
                on_start(options.seed)
            if selected:
                labels = {op.label for op in selected}
                schema = build_schema(
                    document, options, labels, guard, on_timeout=on_timeout, database=examples
                )
                outcome = execute(
                    schema,
                    redactor,
                    guard=guard,
                    progress=progress,
                    observe=observe,
                    tracker=tracker,
                )
                for found in timed_out:
                    outcome.add(found)
                if options.volume and "stateful" in options.phases and not outcome.interrupted:
                    from treaty.fuzz.volume import build_up

                    tracker.enter("volume")
                    build_up(schema, options, outcome, redactor)
        except KeyboardInterrupt:  # a refusal or Ctrl-C outside the engine (probe, volume step)
            outcome.interrupt()
        except TreatyError:  # bad input or an unreachable target: one line, exit 2
            raise
        except Exception as exc:  # treaty's own bug or the engine's: still report what ran
            reason = convert.one_line(str(exc)) or type(exc).__name__
            outcome.errors.append(redactor.text(f"internal error: {type(exc).__name__}: {reason}"))
            outcome.stop_reason = INTERNAL_ERROR
        if guard.stop_reason is not None:
            outcome.interrupted = guard.stop_reason == "interrupted"
            outcome.stop_reason = guard.stop_reason
    return report(options, selected, outcome, redactor, mode, sent=guard.sent, grouped=grouped)


#: ``stop_reason`` of a run that treaty itself could not finish (its report says what ran).
INTERNAL_ERROR = "internal_error"


@contextmanager
def deadline(guard: Guard, seconds: float | None) -> Iterator[None]:
    """Stop ``guard`` ``seconds`` after the block starts (``--max-time``), whatever runs then.

    schemathesis's own ``max-time`` is checked between test cases; this one refuses every
    request from the deadline on (probe, every phase, the volume step), and a request in
    flight ends within ``--timeout``, so the run ends within ``--max-time`` + ``--timeout``.
    """
    if seconds is None:
        yield
        return
    timer = threading.Timer(seconds, guard.stop, ("max_time",))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def new_guard(options: FuzzOptions) -> Guard:
    """The run's request budget and body cap, refusing the way the engine expects."""
    return Guard(
        max_requests=options.max_requests,
        max_response_size=options.max_response_size,
        refusal=refusal,
    )


def planned(document: Document, options: FuzzOptions) -> list[targets.OperationRef]:
    """The operations a run would exercise (what ``--dry-run`` lists)."""
    return targets.select(targets.operations(document.root), options.selection)


def build_schema(
    document: Document,
    options: FuzzOptions,
    labels: set[str],
    guard: Guard | None = None,
    *,
    on_timeout: timeouts.Sink | None = None,
    database: str | None = None,
    replaying: bool = False,
) -> BaseSchema:
    """Load the document with ``schemathesis.openapi.from_dict`` and keep ``labels`` only.

    A WSGI ``--app`` is wrapped so ``guard`` counts its calls (ASGI apps and network targets
    are reached through ``requests``, where :func:`~treaty.fuzz.guard.installed` counts).
    ``on_timeout`` gets every request of the engine's phases that timed out; those scenarios
    end there instead of shrinking (see :mod:`treaty.fuzz.timeouts`). ``database`` is the
    directory of the run's own Hypothesis example database (None: no database).
    ``replaying``: the run being replayed created the resources (see :mod:`treaty.fuzz.resources`).
    """
    import schemathesis
    from schemathesis.config import ConfigError, SchemathesisConfig
    from schemathesis.core.errors import LoaderError

    try:
        config = SchemathesisConfig.from_dict(config_dict(options, database=database))
        schema = schemathesis.openapi.from_dict(dict(document.root), config=config)
    except (ConfigError, LoaderError) as exc:
        raise TreatyError(" ".join(str(exc).split()), where=document.name) from exc
    if options.app is not None:
        from schemathesis.transport import get as transport_for
        from schemathesis.transport.wsgi import WSGI_TRANSPORT

        app: Any = import_app(options.app)
        if guard is not None and transport_for(app) is WSGI_TRANSPORT:
            app = guard.wrap_wsgi(app)
        schema.app = app
    selected = schema.include(lambda ctx: ctx.operation.label in labels)
    semantics.install(selected)
    resources.install(
        selected, timeout=options.timeout, verify=options.tls_verify, judge_created=not replaying
    )
    if on_timeout is not None and guard is not None:
        timeouts.install(selected, on_timeout, guard)
    return selected


def config_dict(options: FuzzOptions, *, database: str | None = None) -> dict[str, object]:
    """The schemathesis configuration (its TOML shape, validated by its own JSON Schema)."""
    config: dict[str, object] = {
        "continue-on-failure": True,  # find every distinct break, not just the first
        "tls-verify": options.tls_verify,
        "request-timeout": options.timeout,
        "workers": options.workers,
        "checks": check_settings(options),
        "phases": phase_settings(options),
        "generation": {
            "max-examples": options.max_examples,
            "deterministic": options.deterministic,
            # the run's own example database, in a fresh temporary directory removed when the
            # run ends: nothing is read from or written to ./.hypothesis in the user's
            # directory, nothing from an earlier run is replayed (a seeded run is
            # reproducible), and the phases of one run share what they found — measured on
            # fixtures/apps/shop_api.py, the stateful phase then reaches addCartItem's
            # unknown-product 400 as plain schemathesis does, which it missed with no database
            "database": database or "none",
        },
        "output": {"sanitization": {"enabled": True}},
    }
    if options.generation_mode is not None:
        generation = config["generation"]
        assert isinstance(generation, dict)
        generation["mode"] = options.generation_mode
    if options.seed is not None:
        config["seed"] = options.seed
    if options.max_time is not None:
        config["max-time"] = max(1, round(options.max_time))
    if options.base_url is not None:
        config["base-url"] = options.base_url
    elif options.app is not None:
        config["base-url"] = "http://localhost"
    if options.rate_limit is not None:
        config["rate-limit"] = options.rate_limit
    headers = options.auth.all_headers()
    if headers:
        config["headers"] = headers
    if options.auth.basic is not None:
        username, password = options.auth.basic
        config["auth"] = {"basic": {"username": username, "password": password}}
    return config


def check_settings(options: FuzzOptions) -> dict[str, object]:
    """Every check on unless ``--checks`` narrows or ``--exclude-checks`` removes some."""
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()  # the OpenAPI checks register lazily; without this only the core one shows
    known = set(CHECKS.get_all_names())
    unknown = sorted((set(options.checks) | set(options.exclude_checks)) - known)
    if unknown:
        raise TreatyError(
            f"unknown check(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}",
            kind=ErrorKind.USAGE,
        )
    enabled = set(options.checks) or known
    settings: dict[str, object] = {
        name: {"enabled": name in enabled and name not in options.exclude_checks}
        for name in sorted(known)
    }
    # response bodies are judged against the standard formats the contract names (date-time,
    # uuid, email, ipv4…); formats no standard defines are ignored, never guessed
    schema_check = settings["response_schema_conformance"]
    assert isinstance(schema_check, dict)
    schema_check["validate-formats"] = True
    if options.max_response_time is not None:
        settings["max_response_time"] = options.max_response_time
    return settings


def phase_settings(options: FuzzOptions) -> dict[str, object]:
    settings: dict[str, object] = {name: {"enabled": name in options.phases} for name in PHASES}
    if options.fill_missing:
        settings["examples"] = {"enabled": "examples" in options.phases, "fill-missing": True}
    if options.max_steps is not None:
        settings["stateful"] = {
            "enabled": "stateful" in options.phases,
            "max-steps": options.max_steps,
        }
    return settings


def probe(options: FuzzOptions, guard: Guard) -> None:
    """Fail fast, in one line, when the base URL cannot be reached at all.

    One request, counted by ``guard``; the body is never read and redirects are not followed.
    """
    import httpx

    if options.base_url is None:
        raise TreatyError(
            "give the target with --url BASE_URL or --app module:attr", kind=ErrorKind.USAGE
        )
    guard.admit()
    client = httpx.Client(verify=options.tls_verify, timeout=min(options.timeout, 10.0))
    try:
        with client, client.stream("GET", options.base_url, headers=options.auth.all_headers()):
            pass
    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # the line names no credential
        reason = Redactor.for_secrets(options.auth.secrets()).text(str(exc))
        reason = " ".join(reason.split()) or type(exc).__name__
        raise FuzzTargetError(f"cannot reach the target: {reason}", where=options.base_url) from exc


def report(
    options: FuzzOptions,
    selected: list[targets.OperationRef],
    outcome: Outcome,
    redactor: Redactor,
    mode: str,
    *,
    sent: int | None = None,
    grouped: bool = True,
) -> FuzzReport:
    """Fold an engine outcome into the public report, in a stable order.

    Timeouts are failures only when the run has a response-time budget
    (``--max-response-time``); otherwise they are reported apart, as requests that could
    not be judged.
    """
    said = f"no answer within {options.timeout:g}s"
    timed_out = [
        replace(outcome.timeouts[label], message=said) for label in sorted(outcome.timeouts)
    ]
    judged = options.max_response_time is not None
    found = [*outcome.failures.values(), *(timed_out if judged else ())]
    if grouped:
        found = grouping.group(found)
    failures = sorted(found, key=lambda f: (f.operation, f.check, f.cause))
    per_operation: Mapping[str, int] = {
        label: sum(1 for f in failures if f.operation == label)
        for label in {f.operation for f in failures}
    }
    stats = tuple(
        OperationStat(
            op.label,
            outcome.requests[op.label],
            per_operation.get(op.label, 0),
            statuses=tuple(
                sorted(
                    (status, count)
                    for (label, status), count in outcome.statuses.items()
                    if label == op.label
                )
            ),
        )
        for op in selected
    )
    denied = tuple(
        op.label for op in selected if outcome.denied[op.label] and not outcome.admitted[op.label]
    )
    target = options.base_url or ""
    if options.app is not None:
        target = f"app:{options.app}"
    return FuzzReport(
        mode=mode,
        target=redactor.url(target),
        seed=options.seed,
        operations=stats,
        failures=tuple(failures),
        unjudged=() if judged else tuple(timed_out),
        requests=outcome.requests.total() if sent is None else sent,
        duration=round(outcome.duration, 3),
        errors=tuple(dict.fromkeys(outcome.errors)),
        notes=tuple(dict.fromkeys(outcome.notes)),
        untested=tuple(Untested(operation, reason) for operation, reason in outcome.untested),
        denied=denied,
        accept_denied=options.accept_denied,
        interrupted=outcome.interrupted,
        stop_reason=outcome.stop_reason,
        spec=redactor.url(options.spec),  # a URL SOURCE without its credentials, as target
    )
