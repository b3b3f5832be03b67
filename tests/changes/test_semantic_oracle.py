"""The semantic oracle (issue #12 §5): treaty's verdicts against what instances say.

Random schemas and random mutations (``oracle.py``); instances valid under one side drawn by
schemathesis' generator and validated under the other by jsonschema's 2020-12 validator. The
example count is the suite's hypothesis profile (``tests/conftest.py``), derandomized.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from oracle import (
    POLICIES,
    Mutation,
    Schema,
    document,
    judge,
    mutations,
    rejected,
    schemas,
    treaty_verdict,
    witnesses,
)

from treaty.cli import cli


@given(st.data())
def test_treaty_agrees_with_the_instances(data: st.DataObject) -> None:
    base = data.draw(schemas(), label="base")
    mutation = data.draw(mutations(base), label="mutation")
    narrowing, widening = witnesses(data, base, mutation.revision)
    outcome = judge(mutation, base, narrowing, widening)
    assert not outcome.disagreements, outcome.disagreements


def _witnesses(old: Schema, new: Schema, candidates: list[Any]) -> list[Any]:
    """The candidates ``old`` admits and ``new`` rejects."""
    return rejected(new, [value for value in candidates if not rejected(old, [value])])


# Disagreements the oracle found, kept as fixed examples: (base, mutation, candidate values).
FOUND = {
    "integer-multiple-of-one": (
        {"type": "integer", "maximum": 3},
        Mutation(
            "multipleOf-one-added", (), {"type": "integer", "maximum": 3, "multipleOf": 1}, True
        ),
        [3, -7, 2.0],
    ),
    "null-only-any-of": (
        {"type": "array", "items": {"enum": [None]}},
        Mutation(
            "wrapped-in-anyOf",
            ("items",),
            {"type": "array", "items": {"anyOf": [{"enum": [None]}]}},
            True,
        ),
        [[None], [], [None, None]],
    ),
    "type-changed-beside-its-enum": (
        {"type": "string", "enum": ["small", "large"]},
        Mutation("type-changed", (), {"type": "integer", "enum": ["small", "large"]}),
        ["small", "large"],
    ),
}


@pytest.mark.parametrize("case", sorted(FOUND))
def test_found_disagreements_stay_fixed(case: str, tmp_path: Path) -> None:
    base, mutation, candidates = FOUND[case]
    narrowing = _witnesses(base, mutation.revision, candidates)
    widening = _witnesses(mutation.revision, base, candidates)
    assert mutation.equivalent or narrowing, "the example lost its witness"
    outcome = judge(mutation, base, narrowing, widening)
    assert not outcome.disagreements and not outcome.excused
    # the library's verdict is the command's: `treaty breaking --fail-on warning`
    for request in (True, False):
        paths = []
        for name, schema in (("base", base), ("revision", mutation.revision)):
            path = tmp_path / f"{name}-{request}.json"
            path.write_text(json.dumps(document(schema, request)), encoding="utf-8")
            paths.append(str(path))
        result = CliRunner().invoke(cli, ["breaking", *paths, "--fail-on", "warning"])
        assert result.exit_code == treaty_verdict(base, mutation.revision, request).exit_code
        assert result.exit_code == (1 if not mutation.equivalent else 0), result.output


def test_a_written_policy_excuses_only_its_own_case() -> None:
    """A new response property in a closed object widens it; treaty says info on purpose."""
    base = {
        "type": "object",
        "properties": {"a": {"type": "integer"}},
        "additionalProperties": False,
    }
    revision = {**base, "properties": {"a": {"type": "integer"}, "d": {"type": "string"}}}
    widening = _witnesses(revision, base, [{"d": "x"}, {"a": 1}])
    assert widening == [{"d": "x"}]
    outcome = judge(Mutation("property-added", (), revision), base, [], widening)
    assert outcome.disagreements == []
    assert [line.split("]")[0] for line in outcome.excused] == ["[response-property-added"]
    # the same silence on a mutation no policy names is a disagreement
    outcome = judge(
        Mutation("additionalProperties-false-removed", (), revision), base, [], widening
    )
    assert outcome.disagreements and not outcome.excused
    assert {policy.name for policy in POLICIES} == {
        "request-property-added",
        "response-property-added",
    }
