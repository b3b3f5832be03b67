"""What a repository has for ``treaty init``: OpenAPI documents and Python web apps.

Apps are found by reading Python files with :mod:`ast`, never by importing them: importing a
project's modules runs its code (connections, settings, side effects) and needs its
dependencies. An app is a module-level ``name = FastAPI(...)`` (or Starlette, Flask) whose
class was imported from that framework, under any alias.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# the framework classes an app is made from: module -> class names it exports
_FRAMEWORKS: dict[str, dict[str, str]] = {
    "fastapi": {"FastAPI": "FastAPI"},
    "fastapi.applications": {"FastAPI": "FastAPI"},
    "starlette.applications": {"Starlette": "Starlette"},
    "flask": {"Flask": "Flask"},
    "flask.app": {"Flask": "Flask"},
}
# folders that hold no project's own app or contract: dependencies, build output, test data
_SKIPPED = {
    *("node_modules", "site-packages", "__pycache__", "build", "dist", "venv", "env"),
    *("tests", "test", "fixtures", "testdata"),
}
_SPEC_NAME = re.compile(r"(openapi|swagger)[^/]*\.(ya?ml|json)$", re.IGNORECASE)
_SPEC_KEY = re.compile(rb"""^[\s{]*["']?(openapi|swagger)["']?\s*:""", re.MULTILINE)
_MAX_PYTHON = 1 << 20  # larger .py files are generated code, not an app's entry point
_HEAD = 4096  # where a document says `openapi:` / `swagger:`


@dataclass(frozen=True, slots=True)
class App:
    """A web app found in the source: ``module:attr`` and its framework."""

    target: str  # module:attr, importable from the repository root (src/ layout handled)
    framework: str  # FastAPI | Starlette | Flask
    file: Path  # relative to the repository root


@dataclass(frozen=True, slots=True)
class Findings:
    """What :func:`detect` found, each list sorted by path."""

    specs: tuple[Path, ...]  # relative to the repository root
    apps: tuple[App, ...]
    github: bool  # a .github/ folder
    gitlab: bool  # a .gitlab-ci.yml file


def detect(root: Path) -> Findings:
    """Look through ``root`` (hidden folders, virtualenvs and build output left out)."""
    specs: list[Path] = []
    apps: list[App] = []
    for path in _files(root):
        relative = path.relative_to(root)
        if path.suffix == ".py":
            apps.extend(_apps_in(path, relative))
        elif _SPEC_NAME.search(path.name) and _is_openapi(path):
            specs.append(relative)
    return Findings(
        specs=tuple(sorted(specs)),
        apps=tuple(sorted(apps, key=lambda app: app.file)),
        github=(root / ".github").is_dir(),
        gitlab=(root / ".gitlab-ci.yml").is_file(),
    )


def _files(root: Path) -> Iterator[Path]:
    for directory, folders, files in os.walk(root):
        folders[:] = sorted(
            name
            for name in folders
            if not name.startswith(".")
            and name not in _SKIPPED
            and not (Path(directory) / name / "pyvenv.cfg").exists()
        )
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _is_openapi(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return _SPEC_KEY.search(handle.read(_HEAD)) is not None
    except OSError:
        return False


def _apps_in(path: Path, relative: Path) -> list[App]:
    try:
        if path.stat().st_size > _MAX_PYTHON:
            return []
        tree = ast.parse(path.read_bytes(), filename=str(relative))
    except (OSError, SyntaxError, ValueError):
        return []  # not readable as Python: not something treaty could import either
    classes, modules = _imported_frameworks(tree)
    module = _module_name(relative)
    found = []
    for node in tree.body:
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if not isinstance(value, ast.Call):
            continue
        framework = _framework_of(value.func, classes, modules)
        for name in _assigned_names(node):
            if framework is not None and module is not None:
                found.append(App(f"{module}:{name}", framework, relative))
    return found


def _imported_frameworks(tree: ast.Module) -> tuple[dict[str, str], dict[str, str]]:
    """Local names bound to a framework class, and to a framework module (``import fastapi``)."""
    classes: dict[str, str] = {}
    modules: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module in _FRAMEWORKS and node.level == 0:
            exported = _FRAMEWORKS[node.module]
            for alias in node.names:
                if alias.name in exported:
                    classes[alias.asname or alias.name] = exported[alias.name]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in _FRAMEWORKS:
                    modules[alias.asname or alias.name] = alias.name
    return classes, modules


def _framework_of(func: ast.expr, classes: dict[str, str], modules: dict[str, str]) -> str | None:
    if isinstance(func, ast.Name):
        return classes.get(func.id)
    if isinstance(func, ast.Attribute):
        owner = ast.unparse(func.value)
        module = modules.get(owner)
        if module is None and owner.partition(".")[0] in modules:
            module = modules[owner.partition(".")[0]] + owner[owner.index(".") :]
        if module is not None:
            return _FRAMEWORKS.get(module, {}).get(func.attr)
    return None


def _assigned_names(node: ast.stmt) -> list[str]:
    targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
    return [target.id for target in targets if isinstance(target, ast.Name)]


def _module_name(relative: Path) -> str | None:
    """The dotted module of a file, as imported from the root (``src/`` stripped)."""
    parts = list(relative.with_suffix("").parts)
    if parts and parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    if not parts or not all(part.isidentifier() for part in parts):
        return None
    return ".".join(parts)
