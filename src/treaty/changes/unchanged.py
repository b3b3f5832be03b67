"""Which schema pairs cannot differ: the same JSON, reaching only unchanged ``$ref`` targets.

Between two versions of a large document almost every schema is untouched: 96% of the pairs
the comparer meets in GitHub 22 → 23 and Stripe are the same JSON on both sides. Such a pair
can only differ through a ``$ref`` it reaches, so the comparer skips a pair when

- both sides serialise to the same JSON text (strict: ``1``, ``1.0`` and ``true`` differ, and so
  does key order, which only makes the test more conservative), and
- every ``$ref`` target that text names is itself unchanged, transitively: the same JSON at the
  same pointer in both documents, reaching only unchanged targets. Targets in reference cycles
  are decided together (a greatest fixed point), so Stripe's 73 cyclic schemas are fine.

A pair skipped here is a pair whose comparison would have found nothing, so results are the
same; only the work differs. Whatever cannot be decided cheaply and exactly counts as
changed: ``$recursiveRef``/``$dynamicRef`` (they resolve by position, not by text), refs that
do not resolve, values that are not JSON, and documents of different dialects.

Cost: each node is serialised once (memoised on node identity) and each target once, so the
test is linear in the size of what the comparer reaches.
"""

from __future__ import annotations

import json
import re

from treaty._json import JSONObject, JSONValue
from treaty.errors import SpecError
from treaty.spec.pointer import resolve
from treaty.spec.schema import Conj

# `"$ref": "<json string>"` in json.dumps output (default separators); the group is the
# escaped string body. A `$ref` inside an example or enum is caught too: that only makes the
# test more conservative.
_REF = re.compile(r'"\$ref": "((?:[^"\\]|\\.)*)"')
_POSITIONAL = ('"$recursiveRef"', '"$dynamicRef"')


class Unchanged:
    """Decides, memoised, whether base and revision schema nodes mean exactly the same."""

    def __init__(self, base_root: JSONObject, revision_root: JSONObject, enabled: bool) -> None:
        self._roots = (base_root, revision_root)
        self._enabled = enabled
        # (id(base), id(revision)) -> (base, revision, verdict); the nodes are kept so that
        # their ids stay theirs for the life of this object
        self._nodes: dict[tuple[int, int], tuple[JSONValue, JSONValue, bool]] = {}
        self._targets: dict[str, bool] = {}  # decided `$ref` targets

    @property
    def enabled(self) -> bool:
        """False for documents of different dialects (then nothing counts as unchanged)."""
        return self._enabled

    def conj(self, base: Conj, revision: Conj) -> bool:
        """Whether two conjunctions are part by part the same unchanged nodes."""
        if not self._enabled or len(base) != len(revision):
            return False
        return all(
            old.bare == new.bare and self.node(old.node, new.node)
            for old, new in zip(base, revision, strict=True)
        )

    def node(self, base: JSONValue, revision: JSONValue) -> bool:
        """Whether two schema nodes are the same JSON reaching only unchanged targets."""
        if not self._enabled:
            return False
        key = (id(base), id(revision))
        known = self._nodes.get(key)
        if known is not None:
            return known[2]
        refs = _same_refs(base, revision)
        verdict = refs is not None and self._targets_unchanged(refs)
        self._nodes[key] = (base, revision, verdict)
        return verdict

    def _targets_unchanged(self, refs: set[str]) -> bool:
        undecided = [ref for ref in refs if ref not in self._targets]
        if undecided:
            self._decide(undecided)
        return all(self._targets[ref] for ref in refs)

    def _decide(self, start: list[str]) -> None:
        """Decide every target reachable from ``start``: unchanged unless it reaches a change."""
        edges: dict[str, set[str]] = {}
        changed: set[str] = set()
        todo = list(start)
        while todo:
            target = todo.pop()
            if target in edges or target in self._targets:
                continue
            refs = self._target_refs(target)
            edges[target] = refs or set()
            if refs is None:
                changed.add(target)
            todo.extend(refs or ())
        users: dict[str, list[str]] = {}
        for target, refs in edges.items():
            for ref in refs:
                if ref in edges:
                    users.setdefault(ref, []).append(target)
                elif not self._targets[ref]:
                    changed.add(target)
        stack = list(changed)
        while stack:  # whatever reaches a changed target is changed
            for user in users.get(stack.pop(), ()):
                if user not in changed:
                    changed.add(user)
                    stack.append(user)
        for target in edges:
            self._targets[target] = target not in changed

    def _target_refs(self, target: str) -> set[str] | None:
        """The refs of the node at ``target`` if it is the same JSON in both documents."""
        if not target.startswith("#"):
            return None
        try:
            base, revision = (resolve(root, target) for root in self._roots)
        except SpecError:
            return None
        return _same_refs(base, revision)


def _same_refs(base: JSONValue, revision: JSONValue) -> set[str] | None:
    """The ``$ref`` strings of two nodes that are the same JSON text; None if they are not."""
    if base is not revision and base != revision:  # cheap reject (Python's == is too lax)
        return None
    try:
        text = json.dumps(base)
        if base is not revision and json.dumps(revision) != text:
            return None
    except (TypeError, ValueError):
        return None
    if any(keyword in text for keyword in _POSITIONAL):
        return None
    return {json.loads(f'"{body}"') for body in _REF.findall(text)}
