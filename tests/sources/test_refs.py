"""External $ref bundling: multi-file trees, cycles, and the containment/remote policy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from treaty.cli import cli
from treaty.errors import ErrorKind, SourceError
from treaty.sources import LoadOptions, load
from treaty.sources.refs import has_external_refs
from treaty.validate import validate

MULTI = Path(__file__).resolve().parents[2] / "fixtures" / "multi-file"


def _refs(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_split_document_is_bundled_into_one_valid_document() -> None:
    document = load(str(MULTI / "split-petstore" / "openapi.yaml"))
    root = document.root
    assert all(ref.startswith("#/") for ref in _refs(root))
    schemas = root["components"]["schemas"]  # type: ignore[index,call-overload]
    assert list(schemas) == ["Local", "pet", "Kind", "Kinds", "error"]
    assert schemas["Kinds"]["items"] == {"$ref": "#/components/schemas/Kind"}
    assert schemas["pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/Local"}
    listing = root["paths"]["/pets"]["get"]  # type: ignore[index,call-overload]
    assert listing["parameters"][0]["name"] == "limit"  # inlined, not hoisted
    assert validate(document).valid


def test_cross_file_cycle_becomes_a_local_cycle() -> None:
    root = load(str(MULTI / "cross-file-cycle" / "openapi.yaml")).root
    schemas = root["components"]["schemas"]  # type: ignore[index,call-overload]
    assert schemas["node"]["properties"]["children"] == {"$ref": "#/components/schemas/children"}
    assert schemas["children"]["items"] == {"$ref": "#/components/schemas/node"}


def test_swagger2_hoists_into_definitions_with_a_unique_name() -> None:
    root = load(str(MULTI / "swagger2-split" / "swagger.yaml")).root
    assert list(root["definitions"]) == ["pet", "pet_2"]  # type: ignore[arg-type,call-overload]


def test_escaping_ref_is_refused_unless_allowed() -> None:
    path = str(MULTI / "escaping-ref" / "api" / "openapi.yaml")
    with pytest.raises(SourceError, match="leaves the root document's directory") as caught:
        load(path)
    assert caught.value.kind is ErrorKind.REF
    assert caught.value.where == path
    assert load(path, LoadOptions(allow_outside_refs=True)).root["components"]


def test_remote_ref_is_refused_by_default() -> None:
    with pytest.raises(SourceError, match="refused: it is remote"):
        load(str(MULTI / "remote-ref" / "openapi.yaml"))


def test_missing_file_names_the_ref() -> None:
    with pytest.raises(SourceError, match=r"cannot resolve \$ref './nope\.yaml': no such file"):
        load(str(MULTI / "missing-ref" / "openapi.yaml"))


def _write(path: Path, ref: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"openapi: 3.0.3\npaths: {{}}\ncomponents: {{schemas: {{A: {{$ref: '{ref}'}}}}}}\n"
    )
    return path


def test_symlink_pointing_outside_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("type: string\n")
    api = tmp_path / "api"
    root = _write(api / "openapi.yaml", "./link.yaml")
    (api / "link.yaml").symlink_to(tmp_path / "secret.yaml")
    with pytest.raises(SourceError, match="leaves the root document's directory"):
        load(str(root))


@pytest.mark.parametrize(
    ("ref", "problem"),
    [
        ("/etc/passwd", "absolute paths are not allowed"),
        ("file:///etc/passwd", "it is remote"),
        ("urn:example:pet", "unsupported scheme 'urn'"),
        ("./s.yaml#/Missing", "points at nothing"),
        ("./s.yaml#/list/7", "points at nothing"),
        ("./bad.yaml", "invalid YAML"),
    ],
)
def test_bad_refs_are_one_line(tmp_path: Path, ref: str, problem: str) -> None:
    (tmp_path / "s.yaml").write_text("list: [a]\n")
    (tmp_path / "bad.yaml").write_text("a: [\n")
    with pytest.raises(SourceError, match=problem):
        load(str(_write(tmp_path / "openapi.yaml", ref)))


def test_file_url_ref_with_both_flags(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("list: [{type: string}]\n")
    root = _write(tmp_path / "openapi.yaml", f"file://{tmp_path}/s.yaml#/list/0")
    options = LoadOptions(allow_remote_refs=True, allow_outside_refs=True)
    assert load(str(root), options).root["components"]["schemas"]["0"] == {"type": "string"}  # type: ignore[index,call-overload]


def test_non_schema_cycle_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("get: {$ref: './b.yaml'}\n")
    (tmp_path / "b.yaml").write_text("responses: {$ref: './a.yaml'}\n")
    (tmp_path / "openapi.yaml").write_text("openapi: 3.0.3\npaths:\n  /x: {$ref: './a.yaml'}\n")
    with pytest.raises(SourceError, match="cycle outside schemas"):
        load(str(tmp_path / "openapi.yaml"))


def test_siblings_override_an_inlined_target(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text("name: limit\nin: query\ndescription: old\n")
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.1.0\npaths:\n  /x:\n    parameters:\n"
        "      - {$ref: './p.yaml', description: new}\n"
    )
    parameter = load(str(tmp_path / "openapi.yaml")).root["paths"]["/x"]["parameters"][0]  # type: ignore[index,call-overload]
    assert parameter == {"name": "limit", "in": "query", "description": "new"}


def test_data_under_example_is_not_walked(tmp_path: Path) -> None:
    (tmp_path / "openapi.yaml").write_text(
        "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, example: {$ref: './not-a-ref.yaml'}}\n"
    )
    root = load(str(tmp_path / "openapi.yaml")).root
    assert root["components"]["schemas"]["A"]["example"] == {"$ref": "./not-a-ref.yaml"}  # type: ignore[index,call-overload]


def test_stdin_refs_resolve_against_the_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    shutil.copytree(MULTI / "split-petstore", tmp_path / "split")
    monkeypatch.chdir(tmp_path / "split")
    data = (tmp_path / "split" / "openapi.yaml").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert "pet" in load("-").root["components"]["schemas"]  # type: ignore[index,operator,call-overload]


def test_the_cheap_scan_only_flags_non_local_refs() -> None:
    assert not has_external_refs(b'{"$ref": "#/a"}\n$ref: \'#/b\'')
    assert has_external_refs(b"$ref: ./pet.yaml")


def test_id_relative_refs_resolve_by_id_then_as_files_beside_else_stay_absolute() -> None:
    # Pet has `$id: https://example.com/schemas/pet.json`; `owner.json` is a file beside the
    # document, `vet.json` the `$id` of a schema of the document, `home.json` neither
    root = load(str(MULTI / "id-relative" / "openapi.yaml")).root
    schemas = root["components"]["schemas"]
    properties = schemas["Pet"]["properties"]
    assert properties["owner"] == {"$ref": "#/components/schemas/owner"}
    assert schemas["owner"]["properties"]["age"] == {"type": "integer"}
    assert properties["vet"] == {"$ref": "#/components/schemas/Vet"}
    assert properties["home"] == {"$ref": "https://example.com/schemas/home.json"}


def test_id_relative_refs_through_the_cli(tmp_path: Path) -> None:
    tree = tmp_path / "api"
    shutil.copytree(MULTI / "id-relative", tree)
    base = tree / "openapi.yaml"
    revision = tree / "revision.yaml"
    text = base.read_text()
    # the unreadable ref changes: one "cannot judge" warning; the file beside loses a property
    revision.write_text(text.replace("home.json", "house.json").replace("owner.json", "o2.json"))
    (tree / "o2.json").write_text('{"type": "object", "properties": {"name": {"type": "string"}}}')
    result = CliRunner().invoke(cli, ["breaking", str(base), str(revision), "--format", "json"])
    assert result.exit_code == 1, result.output
    rules = sorted(f["id"] for f in json.loads(result.stdout)["changes"])
    assert "response-property-ref-unresolved" in rules
    assert "response-property-optional-removed" in rules
    unchanged = CliRunner().invoke(cli, ["breaking", str(base), str(base)])
    assert unchanged.exit_code == 0, unchanged.output


def test_an_absolute_ref_inside_an_id_that_no_schema_declares_follows_the_remote_policy(
    tmp_path: Path,
) -> None:
    pet = {
        "$id": "https://example.com/schemas/pet.json",
        "properties": {"owner": {"$ref": "https://example.org/owner.json"}},
    }
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Pet": pet}},
    }
    path = tmp_path / "openapi.json"
    path.write_text(json.dumps(document))
    with pytest.raises(SourceError, match="refused: it is remote"):
        load(str(path))
