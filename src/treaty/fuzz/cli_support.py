"""Glue for ``treaty fuzz``/``treaty smoke``: command-line values in, options and reports out.

Kept out of ``treaty.cli`` so the click commands stay thin and this logic is testable as a
library; it imports nothing heavy until a run starts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from treaty._fs import atomic_write
from treaty.errors import ErrorKind, TreatyError
from treaty.fuzz import targets
from treaty.fuzz.guard import DEFAULT_MAX_RESPONSE_SIZE
from treaty.fuzz.options import (
    PHASES,
    Auth,
    FuzzOptions,
    bearer_from_env,
    parse_base_url,
    parse_basic,
    parse_header,
    parse_rate_limit,
    positive_seconds,
)
from treaty.fuzz.results import FuzzReport

#: (line, transient): transient lines are progress, the CLI decides how to show them.
Echo = Callable[[str, bool], None]
Params = Mapping[str, object]


def _text(params: Params, key: str) -> str | None:
    value = params.get(key)
    return value if isinstance(value, str) else None


def _many(params: Params, key: str) -> tuple[str, ...]:
    value = params.get(key) or ()
    items = value if isinstance(value, tuple | list) else ()
    return tuple(part.strip() for item in items for part in str(item).split(",") if part.strip())


def _number(params: Params, key: str) -> float | None:
    value = params.get(key)
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def build_options(params: Params, environ: Mapping[str, str], spec: str = "") -> FuzzOptions:
    """Turn command-line values into validated :class:`FuzzOptions`."""
    base_url, app = _text(params, "base_url"), _text(params, "app")
    if base_url is None and app is None:
        raise TreatyError(
            "give the target with --url BASE_URL or --app module:attr", kind=ErrorKind.USAGE
        )
    bearer_env, basic = _text(params, "bearer_env"), _text(params, "basic")
    auth = Auth(
        headers=tuple(parse_header(h) for h in _many_raw(params, "headers")),
        basic=parse_basic(basic) if basic is not None else None,
        bearer=bearer_from_env(bearer_env, environ) if bearer_env is not None else None,
    )
    shard_text = _text(params, "shard")
    selection = targets.Selection(
        include_paths=_many(params, "include_path"),
        exclude_paths=_many(params, "exclude_path"),
        methods=tuple(m.upper() for m in _many(params, "include_method")),
        tags=_many(params, "tag"),
        operation_ids=_many(params, "operation_id"),
        read_only=bool(params.get("read_only")),
        shard=targets.parse_shard(shard_text) if shard_text else targets.shard_from_env(environ),
    )
    phases = _many(params, "phases")
    unknown = sorted(set(phases) - set(PHASES))
    if unknown:
        raise TreatyError(
            f"unknown phase(s) {', '.join(unknown)} in --phases; known: {', '.join(PHASES)}",
            kind=ErrorKind.USAGE,
        )
    rate = _text(params, "rate_limit")
    seed, max_requests = params.get("seed"), params.get("max_requests")
    return FuzzOptions(
        base_url=parse_base_url(base_url) if base_url else None,
        app=app,
        auth=auth,
        selection=selection,
        checks=_many(params, "checks"),
        exclude_checks=_many(params, "exclude_checks"),
        max_response_time=positive_seconds(
            "--max-response-time", _number(params, "max_response_time")
        ),
        seed=seed if isinstance(seed, int) else None,
        max_examples=int(_number(params, "max_examples") or 50),
        rate_limit=parse_rate_limit(rate) if rate is not None else None,
        max_requests=max_requests if isinstance(max_requests, int) else None,
        max_response_size=int(_number(params, "max_response_size") or DEFAULT_MAX_RESPONSE_SIZE),
        max_time=positive_seconds("--max-time", _number(params, "max_time")),
        timeout=positive_seconds("--timeout", _number(params, "timeout")) or 10.0,
        tls_verify=not params.get("insecure"),
        workers=int(_number(params, "workers") or 1),
        spec=spec,
        accept_denied=bool(params.get("accept_denied")),
        phases=tuple(p for p in PHASES if p in phases) if phases else PHASES,
    )


def parse_outputs(values: tuple[str, ...]) -> list[tuple[str, Path]]:
    """``FORMAT=PATH`` pairs, validated against the renderer table."""
    from treaty.fuzz.render import FuzzFormat

    pairs = []
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not path or name not in {f.value for f in FuzzFormat}:
            raise TreatyError(
                f"invalid --output {value!r}: expected FORMAT=PATH with FORMAT one of "
                + ", ".join(f.value for f in FuzzFormat),
                kind=ErrorKind.USAGE,
            )
        pairs.append((name, Path(path)))
    return pairs


def write_outputs(report: FuzzReport, outputs: list[tuple[str, Path]]) -> None:
    """Render ``report`` into every requested file, atomically."""
    from treaty.fuzz.render import FuzzFormat, render

    for name, path in outputs:
        atomic_write(path, render(report, FuzzFormat(name)))


def execute(
    params: Params,
    *,
    mode: str,
    environ: Mapping[str, str],
    echo: Echo,
    say: Callable[[str], None] = lambda line: None,
    progress_every: float | None = None,
) -> FuzzReport | None:
    """Run fuzz or smoke for the CLI; ``None`` after a ``--dry-run`` listing.

    ``say`` gets the lines a run prints before it starts (its seed). Every
    ``progress_every`` seconds (None: never) ``echo`` gets a transient progress line:
    phase, operations done / total, requests, failures, elapsed.
    """
    from treaty.sources import load

    spec = _text(params, "spec")
    if spec is None:
        raise TreatyError("missing SPEC (the OpenAPI document)", kind=ErrorKind.USAGE)
    outputs = parse_outputs(_many_raw(params, "outputs"))
    document = load(spec)
    options = build_options(params, environ, spec=spec)
    changed_since = _text(params, "changed_since")
    if changed_since is not None:
        from treaty.fuzz.changed import changed_operations

        changed = changed_operations(load(changed_since), document)
        options = replace(options, selection=replace(options.selection, changed=changed))
    if mode == "smoke":
        from treaty.fuzz.smoke import smoke_options

        options = smoke_options(options, all_methods=bool(params.get("all_methods")))
    problem = targets.unmatched(targets.operations(document.root), options.selection)
    if problem is not None:
        raise TreatyError(problem, where=spec, kind=ErrorKind.USAGE)
    if params.get("dry_run"):
        from treaty.fuzz.run import check_settings, planned

        check_settings(options)  # an unknown --checks name fails the dry run too
        for operation in planned(document, options):
            echo(operation.label, False)
        return None
    from contextlib import nullcontext

    from treaty.fuzz.progress import Ticker, Tracker
    from treaty.fuzz.run import run

    def started(seed: int) -> None:
        say(f"treaty {mode}: seed {seed} (--seed {seed} repeats this run)")

    tracker = Tracker(mode)
    ticking = (
        Ticker(tracker, progress_every, lambda line: echo(line, True))
        if progress_every is not None
        else nullcontext()
    )
    with ticking:
        report = run(document, options, mode=mode, on_start=started, tracker=tracker)
    write_outputs(report, outputs)
    return report


def replay(params: Params, *, environ: Mapping[str, str], echo: Echo) -> FuzzReport:
    """Replay the failures of a JSON report (``--replay``)."""
    from treaty.fuzz.render.json import parse
    from treaty.fuzz.replay import replay as replay_report
    from treaty.sources import load

    path = params.get("replay")
    assert isinstance(path, Path)
    try:
        previous = parse(path.read_text(encoding="utf-8"), where=str(path))
    except OSError as exc:
        raise TreatyError(f"cannot read: {exc.strerror}", where=str(path)) from exc
    spec = _text(params, "spec") or previous.spec
    outputs = parse_outputs(_many_raw(params, "outputs"))
    if _text(params, "base_url") is None and _text(params, "app") is None:
        params = {**params, "base_url": previous.target}
    options = build_options(params, environ, spec=spec)
    report = replay_report(load(spec), options, previous)
    write_outputs(report, outputs)
    return report


def _many_raw(params: Params, key: str) -> tuple[str, ...]:
    value = params.get(key) or ()
    return tuple(str(item) for item in value) if isinstance(value, tuple | list) else ()
