"""``treaty check``: the merge-request pipeline, as a library function.

For each configured spec: take the document as it is now (the working-tree file, or the
document regenerated from the app), find the same file at the baseline commit, compare them
with the spec's policy, and say what happened. A spec that is not in the baseline yet is a
new API: reported, and it passes. An app whose committed snapshot no longer matches it fails,
with the command that updates it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from treaty.baseline import Baseline, exists_at, has_commits, resolve_base
from treaty.compare import diff
from treaty.config import SpecConfig, severity_or_none
from treaty.errors import ConfigError, ExitCode
from treaty.report import Report, ReportKind
from treaty.snapshot import check_snapshot, write_snapshot
from treaty.sources import AppSource, Document, GitSource, LoadOptions, load

SNAPSHOT_COMMAND = "treaty check --snapshot-only"
_DEFAULT_LOAD = LoadOptions()


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckResult:
    """The outcome for one spec: its report (empty when nothing was compared) and notes."""

    spec: SpecConfig
    report: Report
    compared: bool  # False: nothing to compare (new API, no commit yet, snapshot refresh)
    notes: tuple[str, ...]
    exit_code: ExitCode


@dataclass(frozen=True, slots=True, kw_only=True)
class CheckOptions:
    """What the command line adds to the configuration."""

    base: str | None = None  # overrides every spec's `base`
    fail_on: str | None = None  # error|warning|info|never; None: each spec's own `fail-on`
    snapshot_only: bool = False  # regenerate snapshots (write them when stale) and stop
    update_snapshot: bool = False  # write a stale snapshot, then compare as usual (the hook)
    today: dt.date | None = None
    load_options: LoadOptions = _DEFAULT_LOAD


def check(
    specs: Sequence[SpecConfig],
    options: CheckOptions | None = None,
    *,
    env: Mapping[str, str] | None = None,
) -> list[CheckResult]:
    """Run the breaking-change check for each spec, from the current directory's repository.

    ``env`` is where CI variables are read (default: the process environment).
    """
    options = options or CheckOptions()
    environment = os.environ if env is None else env
    if not specs:
        raise ConfigError(
            "nothing to check: give a SPEC, or set `spec` (or `app` + `snapshot`) in "
            "[tool.treaty] of pyproject.toml or in treaty.toml",
            where="treaty check",
        )
    baselines: dict[str | None, Baseline] = {}
    results = []
    for spec in specs:
        run = _Run(spec, options)
        if options.snapshot_only:
            if spec.app is not None:
                results.append(run.refresh_snapshot())
            continue
        revision = run.revision()
        wanted = options.base or spec.base
        if wanted is None and not has_commits(Path.cwd()):
            results.append(run.nothing("no commit yet: nothing to compare"))
            continue
        if wanted not in baselines:
            baselines[wanted] = resolve_base(wanted, env=environment, cwd=Path.cwd())
        results.append(run.compare(baselines[wanted], revision))
    return results


def report_path(path: Path, name: str, several: bool) -> Path:
    """Where a spec's report goes: ``{name}`` in ``path`` is replaced by the spec's name; with
    several specs and no placeholder, the name goes before the suffix (``treaty-users.sarif``)."""
    text = str(path)
    if "{name}" in text:
        return Path(text.replace("{name}", name))
    if several:
        return path.with_name(f"{path.stem}-{name}{path.suffix}")
    return path


class _Run:
    """One spec's check (a small object so each step reads as one method)."""

    def __init__(self, spec: SpecConfig, options: CheckOptions) -> None:
        self.spec = spec
        self.options = options
        self.notes: list[str] = []
        self.stale = False

    @property
    def file(self) -> Path:
        file = self.spec.document_file
        if file is None:
            raise ConfigError(
                f"spec {self.spec.name!r}: `treaty check` compares a file in the repository with "
                "its baseline; set `spec` to a file (or `app` + `snapshot`)",
                where="treaty check",
            )
        return file

    def _app_document(self) -> Document:
        assert self.spec.app is not None
        source = AppSource(self.spec.app, self.spec.app_openapi_path)
        return load(source, self.options.load_options)

    def refresh_snapshot(self) -> CheckResult:
        """Regenerate the snapshot; write it and fail when the committed one was stale."""
        document = self._app_document()
        changed = write_snapshot(document, self.file)
        if changed:
            self.notes.append(
                f"{_shown(self.file)}: snapshot was stale and has been updated from "
                f"{self.spec.app}; review and stage it"
            )
        else:
            self.notes.append(f"{_shown(self.file)}: snapshot is current")
        return self._result(self._empty(), compared=False, failed=changed)

    def revision(self) -> str | Document:
        """The document as it is now: the working-tree file, or the app's document."""
        if self.spec.app is None:
            return _shown(self.file)
        if self.spec.snapshot is None:
            raise ConfigError(
                f"spec {self.spec.name!r}: `app` needs `snapshot`, the committed file of its "
                "document that the baseline is read from",
                where="treaty check",
            )
        document = self._app_document()
        if self.options.update_snapshot:
            self.stale = write_snapshot(document, self.file)
            if self.stale:
                self.notes.append(
                    f"{_shown(self.file)}: snapshot was stale and has been updated from "
                    f"{self.spec.app}; review and stage it"
                )
            return document
        outcome = check_snapshot(document, self.file)
        if not outcome.current:
            self.stale = True
            self.notes.append(
                f"{_shown(self.file)}: committed snapshot is stale (it does not match "
                f"{self.spec.app}); run `{SNAPSHOT_COMMAND}` and commit it"
            )
        return document

    def nothing(self, note: str) -> CheckResult:
        self.notes.append(note)
        return self._result(self._empty(), compared=False, failed=self.stale)

    def compare(self, baseline: Baseline, revision: str | Document) -> CheckResult:
        cwd = Path.cwd()
        if not exists_at(baseline.revision, self.file, cwd):
            return self.nothing(
                f"{_shown(self.file)} is not in the baseline ({baseline.label}): "
                "new API, nothing to compare"
            )
        self.notes.append(f"comparing {_shown(self.file)} with {baseline.label}")
        base = GitSource(baseline.revision[:12], _shown(self.file))
        report = diff(
            base,
            revision,
            kind=ReportKind.BREAKING,
            load_options=self.options.load_options,
            policy=self.spec.policy(),
            today=self.options.today,
        )
        wanted = self.options.fail_on
        threshold = self.spec.fail_on if wanted is None else severity_or_none(wanted, "never")
        failed = report.exit_code(threshold) is ExitCode.FINDINGS
        return self._result(report, compared=True, failed=self.stale or failed)

    def _empty(self) -> Report:
        """An empty report, so CI still finds every report file it expects."""
        name = _shown(self.file)
        return Report(
            kind=ReportKind.BREAKING, base=name, revision=name, findings=(), notes=tuple(self.notes)
        )

    def _result(self, report: Report, *, compared: bool, failed: bool) -> CheckResult:
        return CheckResult(
            spec=self.spec,
            report=report,
            compared=compared,
            notes=tuple(self.notes),
            exit_code=ExitCode.FINDINGS if failed else ExitCode.OK,
        )


def _shown(path: Path) -> str:
    """``path`` relative to the cwd (how git sources read it and reports name it)."""
    return Path(os.path.relpath(path, Path.cwd().resolve())).as_posix()
