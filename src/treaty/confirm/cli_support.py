"""Glue for ``treaty confirm``: command-line values in, options and the report out.

Kept out of ``treaty.cli`` so the click command stays thin; nothing heavy is imported until a
run starts.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from treaty._fs import atomic_write
from treaty.confirm.model import ConfirmReport, FailOn
from treaty.errors import ErrorKind, TreatyError

#: (line, transient): transient lines are progress, the CLI decides how to show them.
Echo = Callable[[str, bool], None]
Params = Mapping[str, object]


def parse_outputs(values: tuple[str, ...], default: str) -> list[tuple[str, Path]]:
    """``FORMAT=PATH`` or a bare ``PATH`` (the ``--format`` report)."""
    from treaty.confirm.render import ConfirmFormat

    formats = {f.value for f in ConfirmFormat}
    pairs: list[tuple[str, Path]] = []
    for value in values:
        name, sep, rest = value.partition("=")
        output_format, target = (name, rest) if sep and name in formats else (default, value)
        if not target:
            raise TreatyError(f"invalid --output {value!r}: names no file", kind=ErrorKind.USAGE)
        if any(str(path) == target for _, path in pairs):
            raise TreatyError(f"--output {target!r} is given twice", kind=ErrorKind.USAGE)
        pairs.append((output_format, Path(target)))
    return pairs


def execute(params: Params, *, environ: Mapping[str, str], echo: Echo) -> ConfirmReport:
    """Run ``treaty confirm`` for the CLI: diff, old-contract traffic, reports written."""
    from treaty.config import load_config
    from treaty.confirm.render import ConfirmFormat, render
    from treaty.confirm.run import ConfirmOptions, confirm_documents
    from treaty.fuzz.cli_support import build_options
    from treaty.rules.registry import Severity

    documents = params.get("documents") or ()
    if not isinstance(documents, tuple) or len(documents) != 2:
        raise TreatyError(
            "give BASE (the released contract) and REVISION (the new one)", kind=ErrorKind.USAGE
        )
    base, revision = str(documents[0]), str(documents[1])
    old_url, old_app = _text(params, "old_url"), _text(params, "old_app")
    if old_url is not None and old_app is not None:
        raise TreatyError("give --old-url or --old-app, not both", kind=ErrorKind.USAGE)
    output_format = _text(params, "output_format") or "text"
    outputs = parse_outputs(_strings(params, "outputs"), output_format)
    if params.get("no_config") and params.get("config_file") is not None:
        raise TreatyError("give --config or --no-config, not both", kind=ErrorKind.USAGE)
    spec_settings = None
    if not params.get("no_config"):
        config_file = params.get("config_file")
        config = load_config(config_file if isinstance(config_file, Path) else None)
        spec_settings = config.for_revision(revision)
    fuzz = build_options(params, environ, spec=base)
    if fuzz.seed is None:  # every run is reproducible: the seed is printed and reported
        fuzz = replace(fuzz, seed=secrets.randbelow(2**32))
    fail_on = _text(params, "fail_on") or (
        spec_settings.confirm_fail_on if spec_settings is not None else FailOn.CONFIRMED.value
    )
    options = ConfirmOptions(
        fuzz=fuzz,
        old_url=old_url.rstrip("/") if old_url else None,
        old_app=old_app,
        all_operations=bool(params.get("all_operations")),
        fail_on=FailOn(fail_on),
        declared_severity=spec_settings.fail_on if spec_settings is not None else Severity.ERROR,
    )
    echo(f"treaty confirm: seed {fuzz.seed}", False)

    def progress(label: str, requests: int, failures: int) -> None:
        echo(f"{label}: {requests} requests, {failures} failures", True)

    report = confirm_documents(
        base,
        revision,
        options,
        policy=spec_settings.policy() if spec_settings is not None else None,
        progress=progress,
    )
    rendered: dict[str, str] = {}
    for name, path in outputs:
        if name not in rendered:
            rendered[name] = render(report, ConfirmFormat(name))
        atomic_write(path, rendered[name])
    return report


def _text(params: Params, key: str) -> str | None:
    value = params.get(key)
    return value if isinstance(value, str) else None


def _strings(params: Params, key: str) -> tuple[str, ...]:
    value = params.get(key) or ()
    return tuple(str(item) for item in value) if isinstance(value, tuple | list) else ()
