"""A use-after-free is reported only for a resource the run created and the server keeps.

fixtures/apps/resources_app.py under a real uvicorn on 127.0.0.1 has three look-alike
collections: ``/notes`` (a real use-after-free), ``/echo`` (stateless: answers every id) and
``/tags`` (fixed entries the run only lists). Plain schemathesis flags all three.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_helpers import CliRun, found, invoke, serving, validate_report

from treaty.fuzz.resources import ABSENT_TEXT, ABSENT_UUID, Created, absent


@pytest.fixture(scope="module")
def resources_url() -> Iterator[str]:
    import resources_app

    with serving(resources_app.resources_app()) as url:
        yield url


@pytest.fixture(scope="module")
def resources_run(resources_url: str, tmp_path_factory: pytest.TempPathFactory) -> CliRun:
    import resources_app

    tmp = tmp_path_factory.mktemp("resources")
    spec = tmp / "resources.json"
    spec.write_text(json.dumps(resources_app.DOCUMENT))
    args = ["fuzz", str(spec), "--url", resources_url, "--seed", "1", "--max-examples", "25"]
    return invoke([*args, "-q"], tmp)


def test_the_real_one_replays_against_the_same_deployment(
    resources_run: CliRun, resources_url: str, tmp_path: Path
) -> None:
    """Replay resends the DELETE and the read; the resource came from the replayed run."""
    report = tmp_path / "uaf.json"
    report.write_text(resources_run.outputs["json"])
    again = invoke(["fuzz", "--replay", str(report), "--url", resources_url], tmp_path)
    replays = again.report["replays"]
    assert isinstance(replays, list)
    assert [r["reproduced"] for r in replays] == [True], replays


def test_only_the_resource_the_run_created_is_used_after_free(resources_run: CliRun) -> None:
    validate_report(resources_run.report)
    assert found(resources_run) == {("DELETE /notes/{id}", "use_after_free")}
    [failure] = resources_run.report["failures"]  # type: ignore[misc]
    assert failure["sequence"], failure  # with the DELETE it needs


def test_the_look_alikes_were_deleted_and_read_again(resources_run: CliRun) -> None:
    """No alarm because nothing happened would prove nothing: the sequences did run."""
    statuses = {
        stat["operation"]: dict(stat["statuses"])
        for stat in resources_run.report["operations"]  # type: ignore[union-attr]
    }
    for name in ("echo", "tags"):
        assert statuses[f"DELETE /{name}/{{id}}"].get(204, 0) > 0
        assert statuses[f"GET /{name}/{{id}}"].get(200, 0) > 0


def test_created_records_posts_puts_and_locations() -> None:
    created = Created()
    created.record("POST", "/notes", 201, {"id": 8, "text": "x", "ok": True}, "")
    created.record("POST", "/files", 201, None, "/files/ab12")
    created.record("PUT", "/pages/home", 200, None, "")
    created.record("POST", "/notes", 422, {"id": 9}, "")  # refused: created nothing
    assert created.holds("/notes/8") and created.holds("/files/ab12/")
    assert created.holds("/pages/home")
    assert not created.holds("/notes/9") and not created.holds("/tags/8")
    assert created.ids("/notes/1") == {"8", "x"}


def test_absent_values_are_valid_and_never_created() -> None:
    bounded = {"type": "integer", "minimum": 1, "maximum": 100}
    assert absent(7, bounded, set()) == 100
    assert absent(100, bounded, {"99"}) == 98  # not the read's own id, not a created one
    assert absent(7, {"type": "integer", "maximum": 50, "exclusiveMaximum": True}, set()) == 49
    assert absent(7, {"type": "integer"}, set()) > 10**9
    assert absent("3f2b8a1e-0000-4000-8000-000000000001", {}, set()) == ABSENT_UUID
    assert absent("x", {"type": "string", "format": "uuid"}, set()) == ABSENT_UUID
    assert absent("note-1", {"type": "string"}, set()) == ABSENT_TEXT


def test_the_demo_apis_use_after_free_is_still_found(tmp_path: Path) -> None:
    """A real server with integer ids and no maximum: the probe gets 404, the failure stands."""
    import demo_api
    from fuzz_helpers import SPEC

    with serving(demo_api.create_app()) as url:
        args = ["fuzz", str(SPEC), "--url", url, "--seed", "7", "--max-examples", "15", "-q",
                "--include-path", "/items*", "--checks", "use_after_free"]  # fmt: skip
        run = invoke(args, tmp_path)
    assert ("DELETE /items/{itemId}", "use_after_free") in found(run)
