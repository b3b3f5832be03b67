"""Operation selection and sharding, as plain functions."""

from __future__ import annotations

import pytest
import yaml
from fuzz_helpers import SPEC
from hypothesis import given
from hypothesis import strategies as st

from treaty.errors import TreatyError
from treaty.fuzz import targets
from treaty.fuzz.targets import OperationRef, Selection, Shard

ROOT = yaml.safe_load(SPEC.read_text())
ALL = targets.operations(ROOT)


def labels(selection: Selection) -> set[str]:
    return {op.label for op in targets.select(ALL, selection)}


def test_operations_lists_every_method_in_document_order() -> None:
    assert ALL[0] == OperationRef("GET", "/health", "getHealth", ("misc",))
    assert len(ALL) == 11


def test_path_globs_include_and_exclude() -> None:
    assert labels(Selection(include_paths=("/items*",), exclude_paths=("/items/{itemId}",))) == {
        "GET /items",
        "POST /items",
    }


def test_methods_tags_ids_and_read_only() -> None:
    assert labels(Selection(methods=("delete",))) == {"DELETE /items/{itemId}"}
    assert labels(Selection(tags=("misc",))) == {
        "GET /health",
        "GET /legacy/export",
        "GET /admin/stats",
    }
    assert labels(Selection(operation_ids=("getMe",))) == {"GET /me"}
    assert all(label.startswith("GET") for label in labels(Selection(read_only=True)))


def test_changed_set_restricts_to_those_operations() -> None:
    assert labels(Selection(changed=frozenset({("POST", "/signup")}))) == {"POST /signup"}


def test_operations_of_a_document_without_paths() -> None:
    assert targets.operations({"openapi": "3.0.0"}) == []
    assert targets.operations({"paths": {"/x": None, "/y": {"get": "nope"}}}) == []


@given(
    st.lists(
        st.tuples(st.sampled_from(["GET", "POST", "PUT"]), st.text(min_size=1).map("/".__add__)),
        unique=True,
        max_size=30,
    ),
    st.integers(min_value=1, max_value=8),
)
def test_shards_partition_operations_without_overlap_or_loss(
    pairs: list[tuple[str, str]], total: int
) -> None:
    operations = [OperationRef(method, path) for method, path in pairs]
    shards = [targets.select(operations, Selection(shard=Shard(i, total))) for i in range(total)]
    flat = [op for shard in shards for op in shard]
    assert sorted(flat) == sorted(operations)
    assert len(flat) == len(set(flat))


def test_shard_assignment_ignores_order() -> None:
    assert [targets.shard_of(op, 3) for op in ALL] == [
        targets.shard_of(op, 3) for op in reversed(ALL)
    ][::-1]


def test_parse_shard_and_gitlab_environment() -> None:
    assert targets.parse_shard("2/3") == Shard(1, 3)
    assert targets.shard_from_env({"CI_NODE_INDEX": "1", "CI_NODE_TOTAL": "2"}) == Shard(0, 2)
    assert targets.shard_from_env({}) is None
    for bad in ("0/3", "4/3", "x/y", "3"):
        with pytest.raises(TreatyError):
            targets.parse_shard(bad)


def test_generation_mode_reaches_schemathesis_only_when_asked() -> None:
    from treaty.fuzz.options import FuzzOptions
    from treaty.fuzz.run import config_dict

    positive = config_dict(FuzzOptions(generation_mode="positive"))["generation"]
    default = config_dict(FuzzOptions())["generation"]
    assert isinstance(positive, dict) and positive["mode"] == "positive"
    assert isinstance(default, dict) and "mode" not in default


def test_unmatched_names_nothing_when_the_selection_leaves_operations() -> None:
    assert targets.unmatched(ALL, Selection(tags=("misc",), methods=("get",))) is None
    assert targets.unmatched(ALL, Selection(changed=frozenset({("POST", "/signup")}))) is None


def test_an_empty_shard_or_an_empty_document_is_judged_apart() -> None:
    many = Selection(shard=Shard(index=0, total=1000))
    assert not targets.select(ALL, many)
    assert targets.unmatched(ALL, many) is None  # more CI nodes than operations is no mistake
    assert targets.unmatched([], Selection()) == "the document has no operation"
