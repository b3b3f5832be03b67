"""The text ``treaty init`` writes: the config table, pre-commit hooks and CI files.

The hooks mirror ``.pre-commit-hooks.yaml`` as ``repo: local`` hooks running the treaty of the
developer's environment (``language: system``): it is the one that has the app's dependencies,
and it is the treaty that ran ``init`` (tests/init checks the two stay the same hooks). The CI
files are the ones the README shows: the composite action, the GitLab template.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

REPOSITORY = "OWNER/treaty"  # where the action and the GitLab template are published
RELEASE = "v0.1.0"
GITHUB_WORKFLOW = ".github/workflows/treaty.yml"
GITLAB_INCLUDE = f"https://raw.githubusercontent.com/{REPOSITORY}/{RELEASE}/ci/treaty.gitlab-ci.yml"


@dataclass(frozen=True, slots=True)
class Entry:
    """One API for the config: a spec file, or an app and its snapshot."""

    name: str
    spec: str | None = None
    app: str | None = None
    snapshot: str | None = None


def _toml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string


def _keys(entry: Entry) -> list[str]:
    if entry.spec is not None:
        return [f"spec = {_toml_string(entry.spec)}"]
    assert entry.app is not None and entry.snapshot is not None
    return [f"app = {_toml_string(entry.app)}", f"snapshot = {_toml_string(entry.snapshot)}"]


def config_table(entries: Sequence[Entry], prefix: str) -> str:
    """The table: ``[tool.treaty]`` (``prefix`` "tool.treaty") or treaty.toml's top level ("")."""
    lines = [f"[{prefix}]"] if prefix else []
    if len(entries) == 1:
        lines += _keys(entries[0])
    else:
        for entry in entries:
            header = f"{prefix}.specs" if prefix else "specs"
            lines += ["", f"[[{header}]]", f"name = {_toml_string(entry.name)}", *_keys(entry)]
    return "\n".join(lines).lstrip("\n") + "\n"


_HOOKS = {
    "treaty-validate": (
        "treaty validate",
        "treaty validate",
        r"(^|/)[^/]*(openapi|swagger)[^/]*\.(ya?ml|json)$",
        True,
    ),
    "treaty-breaking": (
        "treaty breaking changes",
        "treaty check",
        r"\.(ya?ml|json|toml)$",
        False,
    ),
    "treaty-code-first": (
        "treaty code-first check",
        "treaty check --update-snapshot",
        r"\.(py|toml|ya?ml|json)$",
        False,
    ),
}


def hook_ids(entries: Sequence[Entry]) -> list[str]:
    """Spec files are validated and compared; apps get the code-first hook."""
    ids = []
    if any(entry.spec is not None for entry in entries):
        ids += ["treaty-validate", "treaty-breaking"]
    if any(entry.app is not None for entry in entries):
        ids.append("treaty-code-first")
    return ids


def precommit_repo(entries: Sequence[Entry], indent: int) -> str:
    """A ``repos:`` item (``- repo: local`` …) whose dash sits ``indent`` spaces in."""
    pad = " " * indent
    lines = [f"{pad}- repo: local", f"{pad}  hooks:"]
    for hook in hook_ids(entries):
        name, entry, files, pass_filenames = _HOOKS[hook]
        lines += [
            f"{pad}    - id: {hook}",
            f"{pad}      name: {name}",
            f"{pad}      entry: {entry}",
            f"{pad}      language: system",
            f"{pad}      files: '{files}'",
        ]
        if not pass_filenames:
            lines.append(f"{pad}      pass_filenames: false")
    return "\n".join(lines) + "\n"


def precommit_config(entries: Sequence[Entry]) -> str:
    return "# pre-commit (https://pre-commit.com): run `pre-commit install` once\nrepos:\n" + (
        precommit_repo(entries, 2)
    )


def github_workflow(entries: Sequence[Entry]) -> str:
    install = ""
    if any(entry.app is not None for entry in entries):
        install = '\n          install: "-e ."  # the app and its dependencies, to regenerate it'
    return f"""# treaty: breaking changes of the API in every pull request
name: treaty
on: pull_request
permissions:
  contents: read
  security-events: write
  pull-requests: write
jobs:
  treaty:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # the merge-base needs history
      - uses: {REPOSITORY}@{RELEASE}
        with:
          comment: "true"{install}
"""


def gitlab_include(entries: Sequence[Entry]) -> str:
    text = f"include:\n  - remote: {GITLAB_INCLUDE}\n"
    if any(entry.app is not None for entry in entries):
        text += (
            "\ntreaty:\n  variables:  # the app and its dependencies, to regenerate it\n"
            f'    TREATY_INSTALL: "git+https://github.com/{REPOSITORY}.git@{RELEASE} -e ."\n'
        )
    return text
