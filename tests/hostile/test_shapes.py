"""Documents that are valid YAML but wrong as OpenAPI: one line naming the element, exit 2.

Legal but unusual spellings (``2XX`` and ``default`` status keys, unknown fields) must simply
work. The library-level messages for each wrong shape are in ``tests/spec/test_hostile.py``;
here every case goes through the real ``breaking`` command.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hostile.runner import assert_one_line_error, run_treaty

BASE = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: object}}}
"""

WRONG = {
    "paths-as-a-list": ("paths: [/pets]\n", "found an array at #/paths"),
    "path-item-as-a-string": ("paths: {/pets: get}\n", "found a string at #/paths/~1pets"),
    "operation-as-a-list": ("paths: {/pets: {get: []}}\n", "found an array at #/paths/~1pets/get"),
    "schema-as-a-string": (
        "paths: {/pets: {get: {responses: {'200': {description: ok, "
        "content: {application/json: {schema: pet}}}}}}}\n",
        "expected a schema (an object or a boolean), found a string",
    ),
    "component-schema-as-a-number": (
        "paths: {/pets: {get: {responses: {'200': {description: ok, content: {application/json: "
        "{schema: {$ref: '#/components/schemas/Pet'}}}}}}}}\ncomponents: {schemas: {Pet: 7}}\n",
        "found a number at #/components/schemas/Pet",
    ),
    "parameters-as-an-object": (
        "paths: {/pets: {get: {parameters: {name: q}}}}\n",
        "found an object at #/paths/~1pets/get/parameters",
    ),
    "parameter-without-in": (
        "paths: {/pets: {get: {parameters: [{name: q}]}}}\n",
        "#/paths/~1pets/get/parameters/0",
    ),
    "responses-as-a-list": (
        "paths: {/pets: {get: {responses: ['200']}}}\n",
        "found an array at #/paths/~1pets/get/responses",
    ),
    "response-as-a-string": (
        "paths: {/pets: {get: {responses: {'200': ok}}}}\n",
        "at #/paths/~1pets/get/responses/200",
    ),
    "info-as-a-string": ("info: api\npaths: {}\n", "at #/info"),
    "components-as-a-list": ("paths: {}\ncomponents: []\n", "at #/components"),
    "security-as-an-object": ("paths: {}\nsecurity: {k: []}\n", "at #/security"),
    "path-item-ref-to-itself": ("paths: {/pets: {$ref: '#/paths/~1pets'}}\n", "cycle"),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_wrong_shapes_are_one_line_naming_the_pointer(tmp_path: Path, case: str) -> None:
    body, problem = WRONG[case]
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "api.yaml").write_text("openapi: 3.0.3\n" + body)
    run = run_treaty("breaking", "base.yaml", "api.yaml", cwd=tmp_path)
    assert_one_line_error(run, "api.yaml", problem)


def _responses(status: str, kind: str) -> str:
    return BASE.replace("'200'", f"'{status}'").replace("type: object", f"type: {kind}")


@pytest.mark.parametrize("status", ["2XX", "default", "5xx"])
def test_range_and_default_status_keys_work(tmp_path: Path, status: str) -> None:
    (tmp_path / "base.yaml").write_text(_responses(status, "object"))
    (tmp_path / "same.yaml").write_text(_responses(status, "object"))
    (tmp_path / "changed.yaml").write_text(_responses(status, "array"))
    same = run_treaty("breaking", "base.yaml", "same.yaml", cwd=tmp_path)
    assert (same.returncode, same.stderr) == (0, "")
    changed = run_treaty("breaking", "base.yaml", "changed.yaml", cwd=tmp_path)
    assert (changed.returncode, changed.stderr) == (1, "")
    assert status in changed.stdout


def test_unknown_and_non_string_keys_in_an_operation_are_ignored_by_the_diff(
    tmp_path: Path,
) -> None:
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "api.yaml").write_text(
        BASE.replace("    get:\n", "    12: {}\n    true: x\n    get:\n      404: odd\n")
    )
    run = run_treaty("breaking", "base.yaml", "api.yaml", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (0, "")
    validation = run_treaty("validate", "api.yaml", cwd=tmp_path)
    assert validation.returncode == 1 and validation.stderr == ""
    assert "'12'" in validation.stdout
