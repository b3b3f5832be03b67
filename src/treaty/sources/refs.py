"""Bundle external ``$ref`` targets into the root document so it is self-contained.

The scheme, close to ``redocly bundle``:

* ``$ref``s that are local to the root document (``#/...``) are kept as they are.
* A ``$ref`` to another document *in a schema position* (under ``schema``, ``schemas``,
  ``definitions`` and everything below them) is hoisted: the target lands once in
  ``components/schemas`` (``definitions`` for Swagger 2.0) under a unique name — the last
  pointer token, or the file stem for a whole-file ref, made unique with ``_2``, ``_3``… — and
  every ref to it becomes ``#/components/schemas/<name>``. The name is reserved before the
  target is walked, so cycles across files stay cycles of local refs.
* Any other external ``$ref`` (parameters, responses, path items, examples…) is inlined, with
  sibling keys overriding the target's; a cycle among such refs is an error. A target inlined
  twice is walked once and shared, and the *expanded* size of the result is bounded by
  ``LoadOptions.max_nodes``, so a chain of refs that doubles at each step cannot exhaust memory.
* A ref from another file back into the root document becomes a local ref.
* Values under ``example``, ``default``, ``enum`` and ``const`` are data and are not walked.
* Inside a schema with an absolute ``$id`` (``https://example.com/schemas/pet.json``), a
  ``$ref`` to another resource (``owner.json``) means that URI resolved against the ``$id``:
  a schema of the root document that declares that ``$id`` becomes a local ref to it; else a
  relative ref is read as a file beside the current one, as tools that publish schemas under
  their file names lay them out; when there is no such file, the ref is left as the absolute
  URI it means, and the diff engine says it cannot judge it (``*-ref-unresolved``).

Policy (remote targets, containment) lives in :mod:`treaty.sources.origin`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

from treaty._json import JSONObject, JSONValue
from treaty.errors import ErrorKind, SourceError
from treaty.sources import origin as origins
from treaty.sources.lines import pointer_tokens
from treaty.sources.location import LoadOptions
from treaty.sources.parse import parse_bytes

_SCHEMA_KEYS = frozenset({"schema", "schemas", "definitions"})
_DATA_KEYS = frozenset({"example", "default", "enum", "const"})
_REF = re.compile(rb"""\$ref['"]?\s*:\s*['"]?(#?)""")


def has_external_refs(raw: bytes) -> bool:
    """A cheap scan of the raw text: could any ``$ref`` point outside the document?"""
    return any(not match.group(1) for match in _REF.finditer(raw))


class Bundler:
    """One bundling pass over a root document (see the module docstring for the scheme)."""

    def __init__(self, root: JSONObject, origin: origins.Origin, name: str, options: LoadOptions):
        self.origin, self.name, self.options = origin, name, options
        self.documents: dict[str, JSONValue] = {origin.key: root}
        self.swagger2 = "swagger" in root
        existing = root.get("definitions") if self.swagger2 else _get(root, "components", "schemas")
        self.taken: set[str] = set(existing) if isinstance(existing, dict) else set()
        self.names: dict[tuple[str, str], str] = {}
        self.hoisted: dict[str, JSONValue] = {}
        self.inlining: list[tuple[str, str]] = []
        self.inlined: dict[tuple[str, str], tuple[JSONValue, int]] = {}  # value, expanded size
        self.nodes = 0
        self._ids: dict[str, str] | None = None  # `$id` URI -> pointer, in the root document

    def bundle(self) -> JSONObject:
        """The self-contained copy of the root document."""
        result = self.walk(self.documents[self.origin.key], self.origin.key, schema=False)
        assert isinstance(result, dict)
        if self.hoisted:
            if self.swagger2:
                section = result.setdefault("definitions", {})
            else:
                components = result.setdefault("components", {})
                assert isinstance(components, dict)
                section = components.setdefault("schemas", {})
            assert isinstance(section, dict)
            section.update(self.hoisted)
        return result

    def count(self, nodes: int) -> None:
        self.nodes += nodes
        if self.nodes > self.options.max_nodes:
            limit = self.options.max_nodes
            raise SourceError(
                f"more than {limit} nodes after inlining external $refs (LoadOptions.max_nodes)",
                where=self.name,
                kind=ErrorKind.TOO_LARGE,
            )

    def walk(self, node: JSONValue, key: str, *, schema: bool, base: str = "") -> JSONValue:
        self.count(1)
        if isinstance(node, list):
            return [self.walk(item, key, schema=schema, base=base) for item in node]
        if not isinstance(node, dict):
            return node
        declared = node.get("$id")
        if schema and isinstance(declared, str):
            joined = urljoin(base, declared)
            base = joined if urlsplit(joined).scheme else base
        ref = node.get("$ref")
        if isinstance(ref, str) and not (key == self.origin.key and ref.startswith("#")):
            if base and not ref.startswith("#"):
                found = self.by_id(node, ref, key, base)
                if found is not None:
                    return found
            return self.reference(node, ref, key, schema=schema)
        return {
            k: v
            if schema and k in _DATA_KEYS
            else self.walk(v, key, schema=schema or k in _SCHEMA_KEYS, base=base)
            for k, v in node.items()
        }

    def by_id(self, node: JSONObject, ref: str, key: str, base: str) -> JSONValue | None:
        """A ``$ref`` inside an ``$id`` resource: the root's schema with that ``$id``, or None
        to read it as a file; the absolute URI when there is no such file either."""
        uri, _, fragment = urljoin(base, ref).partition("#")
        pointer = self.ids().get(uri)
        if pointer is None and urlsplit(ref).scheme:
            return None  # an absolute URI no schema here declares: the remote-ref policy
        siblings = {
            k: self.walk(v, key, schema=True, base=base) for k, v in node.items() if k != "$ref"
        }
        if pointer is not None:
            return {"$ref": "#" + pointer + fragment, **siblings}
        try:
            target = origins.resolve(self.origin, key, ref.partition("#")[0], self.options)
            origins.read(self.origin, target, self.options)
        except SourceError:
            return {"$ref": urljoin(base, ref), **siblings}
        return None

    def ids(self) -> dict[str, str]:
        if self._ids is None:
            self._ids = {}
            stack: list[tuple[JSONValue, str, str]] = [(self.documents[self.origin.key], "", "")]
            while stack:
                node, pointer, base = stack.pop()
                if isinstance(node, list):
                    stack.extend((v, f"{pointer}/{i}", base) for i, v in enumerate(node))
                elif isinstance(node, dict):
                    declared = node.get("$id")
                    if isinstance(declared, str):
                        base = urljoin(base, declared)
                        self._ids.setdefault(base.partition("#")[0], pointer)
                    stack.extend(
                        (v, f"{pointer}/{k.replace('~', '~0').replace('/', '~1')}", base)
                        for k, v in node.items()
                        if k not in _DATA_KEYS
                    )
        return self._ids

    def reference(self, node: JSONObject, ref: str, key: str, *, schema: bool) -> JSONValue:
        uri, _, fragment = ref.partition("#")
        try:
            target = origins.resolve(self.origin, key, uri, self.options) if uri else key
        except SourceError as exc:
            raise self.error(key, exc.message) from exc
        siblings = {k: self.walk(v, key, schema=schema) for k, v in node.items() if k != "$ref"}
        if target == self.origin.key:
            return {"$ref": "#" + fragment, **siblings}
        if schema:
            prefix = "#/definitions/" if self.swagger2 else "#/components/schemas/"
            name = self.hoist(target, fragment, ref, key)
            return {"$ref": prefix + name.replace("~", "~0").replace("/", "~1"), **siblings}
        value = self.inline(target, fragment, ref, key)
        return {**value, **siblings} if isinstance(value, dict) and siblings else value

    def inline(self, target: str, fragment: str, ref: str, key: str) -> JSONValue:
        ident = (target, fragment)
        if ident in self.inlined:
            value, size = self.inlined[ident]
            self.count(size)
            return value
        if ident in self.inlining:
            raise self.error(key, f"$ref {ref!r} is part of a cycle outside schemas")
        self.inlining.append(ident)
        start = self.nodes
        value = self.walk(self.lookup(target, fragment, ref, key), target, schema=False)
        self.inlining.pop()
        self.inlined[ident] = (value, self.nodes - start)
        return value

    def hoist(self, target: str, fragment: str, ref: str, key: str) -> str:
        ident = (target, fragment)
        if ident in self.names:
            return self.names[ident]
        tokens = pointer_tokens(unquote(fragment))
        stem = tokens[-1] if tokens else _stem(target)
        base = re.sub(r"[^A-Za-z0-9._-]", "_", stem) or "schema"
        name, counter = base, 1
        while name in self.taken:
            counter += 1
            name = f"{base}_{counter}"
        self.taken.add(name)
        self.names[ident] = name
        self.hoisted[name] = None  # reserve the slot: a cycle back here now finds the name
        value = self.lookup(target, fragment, ref, key)
        self.hoisted[name] = self.walk(value, target, schema=True)
        return name

    def lookup(self, target: str, fragment: str, ref: str, key: str) -> JSONValue:
        if target not in self.documents:
            try:
                raw = origins.read(self.origin, target, self.options)
                self.documents[target], _ = parse_bytes(
                    raw, target, max_depth=self.options.max_depth, max_nodes=self.options.max_nodes
                )
            except SourceError as exc:
                raise self.error(key, f"cannot resolve $ref {ref!r}: {exc.message}") from exc
        if fragment and not fragment.startswith("/"):  # `#Pet`: a plain-name anchor
            raise self.error(key, f"$ref {ref!r}: malformed JSON pointer (no leading '/')")
        node = self.documents[target]
        for token in pointer_tokens(unquote(fragment)):
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                raise self.error(key, f"$ref {ref!r} points at nothing")
        return node

    def error(self, key: str, message: str) -> SourceError:
        where = origins.display(self.origin, key, self.name)
        return SourceError(message, where=where, kind=ErrorKind.REF)


def _get(root: JSONObject, *keys: str) -> JSONValue:
    node: JSONValue = root
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _stem(key: str) -> str:
    last = key.rstrip("/").rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[0] if "." in last else last


def bundle(root: JSONObject, origin: origins.Origin, name: str, options: LoadOptions) -> JSONObject:
    """Return ``root`` with every external ``$ref`` bundled in (``root`` is not modified)."""
    return Bundler(root, origin, name, options).bundle()
