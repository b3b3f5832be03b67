"""The files ``treaty init`` writes, each planned against what the repository already has.

An existing file is only appended to when the result parses back to the old content plus
treaty's part; a file that would be replaced is refused unless ``force``; when an append
cannot be made safely, a note says what to add by hand.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from treaty.errors import ConfigError, ErrorKind, TreatyError
from treaty.init import templates
from treaty.init.detect import Findings
from treaty.init.model import CI, InitOptions, Planned
from treaty.init.templates import Entry


def _existing(root: Path, name: str) -> str | None:
    path = root / name
    if not path.exists():
        return None
    if not path.is_file():
        raise TreatyError("exists and is not a regular file", where=name)
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TreatyError(f"cannot read: {exc}", where=name) from exc


def _refuse(name: str, what: str, force: str = "--force replaces it") -> ConfigError:
    return ConfigError(f"{what}; {force}", where=name, kind=ErrorKind.USAGE)


def config_file(root: Path, entries: Sequence[Entry], force: bool, notes: list[str]) -> Planned:
    standalone = templates.config_table(entries, "")
    own = _existing(root, "treaty.toml")
    if own is not None:
        if not force:
            raise _refuse("treaty.toml", "already exists")
        return Planned(Path("treaty.toml"), "overwrite", standalone, standalone)
    pyproject = _existing(root, "pyproject.toml")
    if pyproject is None:
        return Planned(Path("treaty.toml"), "create", standalone, standalone)
    current = _toml(pyproject, "pyproject.toml")
    if "treaty" in current.get("tool", {}):
        if not force:
            raise _refuse(
                "pyproject.toml",
                "already has a [tool.treaty] table",
                "--force writes treaty.toml, which takes precedence",
            )
        notes.append("treaty.toml takes precedence over [tool.treaty] in pyproject.toml")
        return Planned(Path("treaty.toml"), "create", standalone, standalone)
    table = templates.config_table(entries, "tool.treaty")
    content = _joined(pyproject, table)
    appended = _toml(content, "pyproject.toml", quiet=True)
    expected = {**current, "tool": {**current.get("tool", {}), "treaty": _toml(standalone, "")}}
    if appended != expected:  # e.g. an inline `tool = {…}` table: appending would change it
        notes.append("pyproject.toml cannot take a [tool.treaty] table safely: wrote treaty.toml")
        return Planned(Path("treaty.toml"), "create", standalone, standalone)
    return Planned(Path("pyproject.toml"), "append", table, content)


def _toml(text: str, name: str, *, quiet: bool = False) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        if quiet:
            return {}
        raise ConfigError(f"is not valid TOML: {exc}", where=name) from exc


def _joined(old: str, added: str) -> str:
    if not old.strip():
        return added
    return old + ("" if old.endswith("\n") else "\n") + "\n" + added


def _yaml(text: str, name: str, *, quiet: bool = False) -> object:
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        if quiet:
            return None
        problem = " ".join(str(exc).split())
        raise ConfigError(f"is not valid YAML: {problem}", where=name) from exc


def precommit_file(root: Path, entries: Sequence[Entry], notes: list[str]) -> Planned | None:
    name = ".pre-commit-config.yaml"
    old = _existing(root, name)
    if old is None or not old.strip():
        text = templates.precommit_config(entries)
        return Planned(Path(name), "create", text, text)
    current = _yaml(old, name)
    repos = current.get("repos") if isinstance(current, dict) else None
    hooks = [
        hook.get("id")
        for repo in repos or ()
        if isinstance(repo, dict)
        for hook in repo.get("hooks") or ()
        if isinstance(hook, dict)
    ]
    if any(str(hook).startswith("treaty-") for hook in hooks):
        notes.append(f"{name} already runs treaty hooks: left as it is")
        return None
    if isinstance(repos, list) and isinstance(current, dict):
        ours = _yaml(templates.precommit_repo(entries, 0), name)
        expected = {**current, "repos": [*repos, *(ours if isinstance(ours, list) else [])]}
        for indent in _indents(old):
            added = templates.precommit_repo(entries, indent)
            content = _joined(old, added)
            if _yaml(content, name, quiet=True) == expected:
                return Planned(Path(name), "append", added, content)
    notes.append(
        f"{name}: cannot append safely (`repos` is not its last block list); add this under "
        "`repos:` by hand:\n" + templates.precommit_repo(entries, 2)
    )
    return None


def _indents(text: str) -> list[int]:
    """Where the existing ``repos:`` items put their dash (first one found), then the usual."""
    dashes = [len(line) - len(line.lstrip()) for line in text.splitlines() if "- repo:" in line]
    return list(dict.fromkeys([*dashes[:1], 2, 0]))


def ci_file(
    root: Path, found: Findings, entries: Sequence[Entry], options: InitOptions, notes: list[str]
) -> Planned | None:
    ci = options.ci
    if ci is CI.AUTO:
        ci = CI.GITLAB if found.gitlab else CI.GITHUB if found.github else CI.NONE
        if ci is CI.NONE:
            notes.append("no .github/ or .gitlab-ci.yml: no CI file written (--ci github|gitlab)")
    if ci is CI.GITHUB:
        text = templates.github_workflow(entries)
        name = templates.GITHUB_WORKFLOW
        if _existing(root, name) is None:
            return Planned(Path(name), "create", text, text)
        if not options.force:
            raise _refuse(name, "already exists")
        return Planned(Path(name), "overwrite", text, text)
    if ci is CI.GITLAB:
        return _gitlab(root, entries, notes)
    return None


def _gitlab(root: Path, entries: Sequence[Entry], notes: list[str]) -> Planned | None:
    name = ".gitlab-ci.yml"
    added = templates.gitlab_include(entries)
    old = _existing(root, name)
    if old is None or not old.strip():
        return Planned(Path(name), "create", added, added)
    current = _yaml(old, name)
    if isinstance(current, dict) and "include" not in current and "treaty" not in current:
        content = _joined(old, added)
        ours = _yaml(added, name)
        if isinstance(ours, dict) and _yaml(content, name, quiet=True) == {**current, **ours}:
            return Planned(Path(name), "append", added, content)
    notes.append(
        f"{name}: cannot append safely (it has `include:` or a `treaty` job); add:\n{added}"
    )
    return None
