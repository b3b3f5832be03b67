"""``treaty init``: set a repository up from what it has.

:func:`plan` detects the spec files and apps (:mod:`treaty.init.detect`), decides every file
to write and refuses, before anything is written, to replace an existing file without
``force``; :func:`write` then writes the planned files. An existing file is only ever appended
to when the result parses back to the old content plus treaty's part (``pyproject.toml``,
``.pre-commit-config.yaml``, ``.gitlab-ci.yml``); when that cannot be done safely the plan
says what to add by hand instead.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from treaty._fs import atomic_write
from treaty.errors import ConfigError, TreatyError
from treaty.init.detect import App, Findings, detect
from treaty.init.files import ci_file, config_file, precommit_file
from treaty.init.model import CI, InitOptions, InitPlan, Planned
from treaty.init.templates import Entry

__all__ = ["CI", "InitOptions", "InitPlan", "Planned", "describe", "plan", "write"]


def plan(root: Path, options: InitOptions | None = None) -> InitPlan:
    """Everything ``treaty init`` would write in ``root``; raises before writing anything."""
    options = options or InitOptions()
    found = detect(root)
    notes: list[str] = []
    entries = _entries(root, found, options, notes)
    files: list[Planned | None] = [config_file(root, entries, options.force, notes)]
    if options.pre_commit:
        files.append(precommit_file(root, entries, notes))
    files.append(ci_file(root, found, entries, options, notes))
    planned = tuple(file for file in files if file is not None)
    return InitPlan(root=root, entries=tuple(entries), files=planned, notes=tuple(notes))


def write(init_plan: InitPlan) -> None:
    """Write the planned files (each atomically: a reader sees the old file or the new one).

    Every target is checked writable first, so a refusal leaves no file half of a setup.
    """
    for file in init_plan.files:
        _check_writable(init_plan.root / file.path, file.path)
    for file in init_plan.files:
        atomic_write(init_plan.root / file.path, file.content)


def _check_writable(path: Path, shown: Path) -> None:
    """The file's nearest existing folder (it may be created) must accept a new file."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        raise TreatyError(f"cannot write: {folder} is not a writable folder", where=str(shown))


# ---- what to configure ----------------------------------------------------------------------


def _entries(root: Path, found: Findings, options: InitOptions, notes: list[str]) -> list[Entry]:
    if options.spec is not None:
        if not (root / options.spec).is_file():
            raise ConfigError("no such file", where=options.spec)
        return [Entry(name=_spec_name(Path(options.spec)), spec=Path(options.spec).as_posix())]
    if options.app is not None:
        snapshot = options.snapshot or "openapi.json"
        return [Entry(name=_app_name(options.app), app=options.app, snapshot=snapshot)]
    if not found.specs and not found.apps:
        raise ConfigError(
            "found no OpenAPI document (a *openapi*/*swagger* .yaml, .yml or .json file) and no "
            "FastAPI, Starlette or Flask app; give --spec FILE or --app module:attr",
            where=str(root),
        )
    specs = list(found.specs)
    entries = []
    for app in found.apps:
        if len(found.apps) == 1 and len(specs) == 1:
            snapshot = specs.pop().as_posix()  # the committed document of the app
        elif len(found.apps) == 1:
            snapshot = options.snapshot or "openapi.json"
        else:
            snapshot = f"openapi-{_app_name(app.target)}.json"
        entries.append(Entry(name=_app_name(app.target), app=app.target, snapshot=snapshot))
        _note_framework(app, notes)
    entries += [Entry(name=_spec_name(spec), spec=spec.as_posix()) for spec in specs]
    return _unique(entries)


def _note_framework(app: App, notes: list[str]) -> None:
    notes.append(f"found {app.framework} app {app.target} in {app.file.as_posix()}")
    if app.file.parts[0] == "src":
        notes.append(f"src/ layout: install the project (pip install -e .) so {app.target} imports")
    if app.framework != "FastAPI":
        notes.append(
            f"{app.framework} serves no OpenAPI document by itself: set `app-openapi-path` to "
            "the path your app serves it at (default /openapi.json)"
        )


def _spec_name(path: Path) -> str:
    generic = path.stem.lower() in {"openapi", "swagger", "api"} and path.parent.name
    return path.parent.name if generic else path.stem


def _app_name(target: str) -> str:
    parts = target.partition(":")[0].split(".")
    generic = len(parts) > 1 and parts[-1] in {"main", "app", "api", "server", "asgi", "wsgi"}
    return parts[-2] if generic else parts[-1]


def _unique(entries: Sequence[Entry]) -> list[Entry]:
    seen: dict[str, int] = {}
    unique = []
    for entry in entries:
        seen[entry.name] = seen.get(entry.name, 0) + 1
        name = entry.name if seen[entry.name] == 1 else f"{entry.name}-{seen[entry.name]}"
        unique.append(Entry(name=name, spec=entry.spec, app=entry.app, snapshot=entry.snapshot))
    return unique


_DONE = {"create": "created", "append": "appended to", "overwrite": "overwrote"}


def describe(init_plan: InitPlan, *, dry_run: bool) -> str:
    """What was written (or, with ``dry_run``, would be), each file's part shown."""
    lines = []
    for file in init_plan.files:
        verb = f"would {file.action}" if dry_run else _DONE[file.action]
        if file.action == "append" and dry_run:
            verb = "would append to"
        lines.append(f"{verb} {file.path.as_posix()}:")
        lines += [f"    {line}".rstrip() for line in file.added.splitlines()]
    lines += [f"note: {note}" for note in init_plan.notes]
    steps = (
        ["pre-commit install"]
        if any(f.path.name.startswith(".pre-commit") for f in init_plan.files)
        else []
    )
    if any(entry.app is not None for entry in init_plan.entries):
        steps.append("treaty check --update-snapshot (writes the snapshot to commit)")
    if steps and not dry_run:
        lines.append("next: " + "; ".join(steps))
    return "\n".join(lines) + "\n"
