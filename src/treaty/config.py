"""The configuration file: ``[tool.treaty]`` in ``pyproject.toml``, or ``treaty.toml``.

A single-spec project writes its keys at the top level. A repository with several APIs lists
them under ``[[specs]]``, each with a unique ``name``; top-level keys are then defaults every
spec inherits and may override. Relative paths are resolved against the directory of the
config file. Unknown keys and values of the wrong type are errors naming the (dotted) key and
the file, so a typo never silently turns a check off.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treaty._fs import read_regular
from treaty.errors import ConfigError
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from treaty.classify import Policy
    from treaty.ignore import IgnoreEntry

CONFIG_NAMES = ("treaty.toml", "pyproject.toml")
DEFAULT_IGNORE_FILE = ".treaty-ignore.yaml"
FAIL_ON = ("error", "warning", "info", "never")
#: ``confirm-fail-on``: when ``treaty confirm`` exits 1 (see :class:`treaty.confirm.model.FailOn`)
CONFIRM_FAIL_ON = ("confirmed", "declared", "any")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """:func:`treaty.ignore.did_you_mean`, imported only when a message needs it."""
    from treaty.ignore import did_you_mean as hint

    return hint(word, choices)


def known_check_ids() -> frozenset[str]:
    """Every id a config or ignore file may name: the catalogue, the policies' checks and the
    report-level ids."""
    from treaty.policies import POLICY_CHECKS
    from treaty.report import DOCUMENTATION_RULE, UNCLASSIFIED_RULE
    from treaty.rules import RULES

    ids = {rule.id for rule in RULES} | {check.id for check in POLICY_CHECKS}
    return frozenset(ids) | {DOCUMENTATION_RULE, UNCLASSIFIED_RULE}


@dataclass(frozen=True, slots=True, kw_only=True)
class SpecConfig:
    """The resolved settings of one API: where its document comes from and how to judge it.

    ``spec`` is a SOURCE string (files are made absolute); ``app`` + ``snapshot`` say the
    document is generated from a Python app and committed as ``snapshot``. ``fail_on`` is
    None for ``never``; ``version_bump`` is None for ``off``.
    """

    name: str
    spec: str | None = None
    app: str | None = None
    app_openapi_path: str = "/openapi.json"
    snapshot: Path | None = None
    base: str | None = None
    fail_on: Severity | None = Severity.ERROR
    ignore_file: Path | None = None
    include_paths: tuple[str, ...] = ()
    exclude_paths: tuple[str, ...] = ()
    disable: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    outputs: tuple[tuple[str, Path], ...] = ()
    deprecation_days: int | None = None
    stability: bool = True
    version_bump: Severity | None = Severity.WARNING
    extensible_enums: bool = False
    confirm_fail_on: str = "confirmed"

    @property
    def document_file(self) -> Path | None:
        """The file compared in the working tree and at the baseline: the spec, or the snapshot."""
        if self.snapshot is not None:
            return self.snapshot
        if self.spec is None or self.spec == "-" or self.spec.startswith(("http://", "https://")):
            return None
        return Path(self.spec)

    def policy(self) -> Policy:
        """The :class:`treaty.classify.Policy` for this spec (reads the ignore file)."""
        from treaty.classify import Policy

        entries: tuple[IgnoreEntry, ...] = ()
        # a missing ignore file has no entries: the ignore module (YAML) is not even imported
        if self.ignore_file is not None and os.path.lexists(self.ignore_file):
            from treaty.ignore import load_ignore_file

            entries = load_ignore_file(self.ignore_file, known=known_check_ids())
        return Policy(
            disabled=self.disable,
            severities=dict(self.severity),
            include_paths=self.include_paths,
            exclude_paths=self.exclude_paths,
            ignore=entries,
            ignore_file=_display(self.ignore_file) if entries and self.ignore_file else None,
            deprecation_days=self.deprecation_days,
            stability=self.stability,
            version_bump=self.version_bump,
            extensible_enums=self.extensible_enums,
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """A loaded configuration: the file it came from (None: defaults only) and its specs.

    ``defaults`` holds the top-level settings; a spec named on the command line that the
    file does not list gets them.
    """

    path: Path | None
    root: Path
    defaults: SpecConfig
    specs: tuple[SpecConfig, ...]

    def select(self, names: Collection[str]) -> tuple[SpecConfig, ...]:
        """The specs called ``names`` (all of them when ``names`` is empty)."""
        if not names:
            return self.specs
        by_name = {spec.name: spec for spec in self.specs}
        unknown = [name for name in names if name not in by_name]
        if unknown:
            known = ", ".join(sorted(by_name)) or "none"
            raise ConfigError(
                f"no spec named {', '.join(map(repr, unknown))} (configured: {known})",
                where=self._where(),
            )
        return tuple(by_name[name] for name in names)

    def for_source(self, source: str) -> SpecConfig:
        """The settings for a SOURCE given on the command line: the configured spec with that
        file, else the top-level defaults applied to it."""
        candidate = _resolve_source(source, Path.cwd())
        for spec in self.specs:
            if candidate in (spec.spec, str(spec.snapshot) if spec.snapshot else None):
                return dataclasses.replace(spec, spec=candidate, app=None, snapshot=None)
        return dataclasses.replace(self.defaults, name=source, spec=candidate)

    def for_revision(self, revision: str) -> SpecConfig:
        """The settings ``treaty breaking|changelog|diff`` judge with: :meth:`for_source` of
        REVISION, a ``REV:path`` source standing for its path (the same file, committed)."""
        from treaty.sources import GitSource, parse_location

        location = parse_location(revision)
        return self.for_source(location.path if isinstance(location, GitSource) else revision)

    def _where(self) -> str:
        return str(self.path) if self.path else "treaty"


def find_config(start: Path) -> Path | None:
    """The nearest config file from ``start`` up to the git work tree root (or ``/``).

    In each directory ``treaty.toml`` wins; ``pyproject.toml`` counts only with a
    ``[tool.treaty]`` table.
    """
    directory = start.resolve()
    for folder in (directory, *directory.parents):
        candidate = folder / "treaty.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file() and "treaty" in _read(candidate).get("tool", {}):
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Load ``path`` (or the file :func:`find_config` finds from ``start``/the cwd).

    With no file at all, the result holds the defaults (the ignore file in ``start``) and no
    spec.
    """
    if path is None:
        path = find_config(start or Path.cwd())
    if path is None:
        root = (start or Path.cwd()).resolve()
        defaults = SpecConfig(name="default", ignore_file=root / DEFAULT_IGNORE_FILE)
        return Config(path=None, root=root, defaults=defaults, specs=())
    path = path.resolve()
    data = _read(path)
    prefix = ""
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("treaty") if isinstance(tool, dict) else None
        if not isinstance(table, dict):
            raise ConfigError("no [tool.treaty] table", where=str(path))
        data, prefix = table, "tool.treaty."
    return _Parser(path, prefix).config(data)


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_regular(path).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"not UTF-8 text (bad byte at offset {exc.start})", where=str(path)
        ) from exc
    except RecursionError as exc:  # tomllib recurses once per nested `[` or `{`
        raise ConfigError("not valid TOML: nested too deeply", where=str(path)) from exc
    except FileNotFoundError as exc:
        raise ConfigError("no such file", where=str(path)) from exc
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror or exc}", where=str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", where=str(path)) from exc


def _display(path: Path) -> str:
    """``path`` as notes show it: relative to the cwd when it is below it."""
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _resolve_source(source: str, directory: Path) -> str:
    """A SOURCE with a relative file path made absolute against ``directory``."""
    if source == "-" or source.startswith(("http://", "https://")):
        return source
    return str((directory / source).resolve())


# ---- parsing ------------------------------------------------------------------------------

_SEVERITIES = tuple(s.value for s in Severity)


class _Parser:
    """Turns the raw TOML table into a :class:`Config`, with one error per wrong key."""

    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix
        self.directory = path.parent
        self.fields: dict[str, Callable[[str, object], object]] = {
            "spec": lambda key, v: _resolve_source(self._str(key, v), self.directory),
            "app": self._str,
            "app-openapi-path": self._str,
            "snapshot": self._path,
            "base": self._str,
            "fail-on": lambda key, v: self._choice(key, v, FAIL_ON),
            "confirm-fail-on": lambda key, v: self._choice(key, v, CONFIRM_FAIL_ON),
            "ignore-file": self._path,
            "include-paths": self._strings,
            "exclude-paths": self._strings,
            "disable": self._check_ids,
            "severity": self._severities,
            "outputs": self._outputs,
        }

    def error(self, key: str, problem: str) -> ConfigError:
        return ConfigError(f"`{self.prefix}{key}`: {problem}", where=str(self.path))

    def config(self, data: Mapping[str, object]) -> Config:
        top = self.settings("", data, allowed=(*self.fields, "policy", "specs"))
        defaults = self.checked("", SpecConfig(name="default", **top))
        raw_specs = data.get("specs")
        if raw_specs is None:
            single = defaults.spec or defaults.app or defaults.snapshot
            return Config(
                path=self.path,
                root=self.directory,
                defaults=defaults,
                specs=(defaults,) if single else (),
            )
        if not isinstance(raw_specs, list) or not all(isinstance(s, dict) for s in raw_specs):
            raise self.error("specs", "expected an array of tables ([[specs]])")
        specs: list[SpecConfig] = []
        for index, raw in enumerate(raw_specs):
            scope = f"specs[{index}]."
            name = raw.get("name")
            if not isinstance(name, str) or not name:
                raise self.error(f"{scope}name", "every [[specs]] entry needs a non-empty name")
            if any(spec.name == name for spec in specs):
                raise self.error(f"{scope}name", f"duplicate spec name {name!r}")
            values = self.settings(scope, raw, allowed=(*self.fields, "policy", "name"))
            specs.append(self.checked(scope, dataclasses.replace(defaults, **values)))
        return Config(path=self.path, root=self.directory, defaults=defaults, specs=tuple(specs))

    def settings(
        self, scope: str, data: Mapping[str, object], *, allowed: tuple[str, ...]
    ) -> dict[str, Any]:
        """The SpecConfig fields ``data`` sets (dataclass attribute -> parsed value)."""
        self.reject_unknown(scope, data, allowed)
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key == "policy":
                values.update(self._policy(scope + key, value))
            elif key in self.fields:
                values[key.replace("-", "_")] = self.fields[key](scope + key, value)
        if "name" in data:
            values["name"] = data["name"]
        if not scope and "ignore_file" not in values:
            values["ignore_file"] = self.directory / DEFAULT_IGNORE_FILE
        if "fail_on" in values:
            values["fail_on"] = severity_or_none(values["fail_on"], "never")
        return values

    def checked(self, scope: str, spec: SpecConfig) -> SpecConfig:
        """``spec`` once its keys agree with each other."""
        if spec.snapshot is not None and spec.app is None:
            raise self.error(scope + "snapshot", "a snapshot is generated from `app`; set `app`")
        if spec.app is not None and spec.spec is not None:
            raise self.error(
                scope + "app", "give `spec` (a committed document) or `app` + `snapshot`, not both"
            )
        return spec

    def reject_unknown(
        self, scope: str, data: Mapping[str, object], allowed: tuple[str, ...]
    ) -> None:
        for key in data:
            if key not in allowed:
                raise self.error(scope + key, f"unknown key{did_you_mean(key, allowed)}")

    # -- value checkers: each takes the dotted key (for messages) and the raw value --------

    def _str(self, key: str, value: object) -> str:
        if not isinstance(value, str) or not value:
            raise self.error(key, "expected a non-empty string")
        return value

    def _path(self, key: str, value: object) -> Path:
        return (self.directory / self._str(key, value)).resolve()

    def _choice(self, key: str, value: object, choices: tuple[str, ...]) -> str:
        if value not in choices:
            raise self.error(key, f"expected one of {', '.join(choices)}, not {value!r}")
        return str(value)

    def _strings(self, key: str, value: object) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.error(key, "expected an array of strings")
        return tuple(value)

    def _check_ids(self, key: str, value: object) -> frozenset[str]:
        ids = self._strings(key, value)
        self._known(key, ids)
        return frozenset(ids)

    def _known(self, key: str, ids: Iterable[str]) -> None:
        known = known_check_ids()
        for check_id in ids:
            if check_id not in known:
                hint = did_you_mean(check_id, known)
                raise self.error(key, f"unknown check id {check_id!r}{hint}; see `treaty checks`")

    def _table(self, key: str, value: object) -> dict[str, object]:
        if not isinstance(value, dict):
            raise self.error(key, "expected a table")
        return value

    def _severities(self, key: str, value: object) -> dict[str, Severity]:
        table = self._table(key, value)
        self._known(key, table)
        return {
            check_id: Severity(self._choice(f"{key}.{check_id}", level, _SEVERITIES))
            for check_id, level in table.items()
        }

    def _outputs(self, key: str, value: object) -> tuple[tuple[str, Path], ...]:
        from treaty.render import OutputFormat

        table = self._table(key, value)
        formats = [f.value for f in OutputFormat]
        for fmt in table:
            if fmt not in formats:
                hint = did_you_mean(fmt, formats)
                raise self.error(f"{key}.{fmt}", f"unknown report format{hint}")
        return tuple((fmt, self._path(f"{key}.{fmt}", target)) for fmt, target in table.items())

    def _policy(self, key: str, value: object) -> dict[str, object]:
        table = self._table(key, value)
        allowed = ("deprecation-days", "stability", "version-bump", "extensible-enums")
        self.reject_unknown(f"{key}.", table, allowed)
        values: dict[str, object] = {}
        if "deprecation-days" in table:
            days = table["deprecation-days"]
            if not isinstance(days, int) or isinstance(days, bool) or days < 0:
                raise self.error(f"{key}.deprecation-days", "expected an integer >= 0")
            values["deprecation_days"] = days
        for name in ("stability", "extensible-enums"):
            if name in table:
                if not isinstance(table[name], bool):
                    raise self.error(f"{key}.{name}", "expected true or false")
                values[name.replace("-", "_")] = table[name]
        if "version-bump" in table:
            choices = (*_SEVERITIES, "off")
            level = self._choice(f"{key}.version-bump", table["version-bump"], choices)
            values["version_bump"] = severity_or_none(level, "off")
        return values


def severity_or_none(level: str, none: str) -> Severity | None:
    """The severity named ``level``, or None for the word that means "none" (never, off)."""
    return None if level == none else Severity(level)
