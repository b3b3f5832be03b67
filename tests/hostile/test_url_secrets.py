"""A SOURCE URL's credentials never reach any output: reports, error lines, snapshots, fuzz.

The documents are served by a real uvicorn server on loopback; the URLs carry a password in
their userinfo and secrets in ``api_key``, ``token`` and ``access_token`` query parameters.
Every format of every report, every error line and every written file is searched for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from treaty.cli import cli
from treaty.redact import REDACTED, is_sensitive_name, redact_url, redact_urls
from treaty.render import OutputFormat

DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo"
SECRETS = ("hunter2", "k-3xample-key", "t0ken-value", "acc3ss-value")


async def _document(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in {"petstore-v1.yaml", "petstore-v2.yaml"}:
        return Response("no such document", status_code=404)
    return Response((DEMO / name).read_bytes(), media_type="application/yaml")


APP = Starlette(routes=[Route("/{name}", _document)])


@pytest.fixture
def host(serve: Callable[[object], str]) -> str:
    """``127.0.0.1:PORT`` of the live server."""
    return serve(APP).removeprefix("http://")


@pytest.fixture
def secret_url(host: str) -> Callable[[str], str]:
    """``name`` on the live server, behind a URL carrying every secret."""

    def url(name: str) -> str:
        return (
            f"http://reader:hunter2@{host}/{name}"
            "?api_key=k-3xample-key&token=t0ken-value&access_token=acc3ss-value&page=2"
        )

    return url


def _run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(arg) for arg in args])


def _assert_clean(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text, (secret, text[:500])


@pytest.mark.parametrize("output_format", [f.value for f in OutputFormat])
def test_every_report_format_names_the_url_without_its_secrets(
    output_format: str, secret_url: Callable[[str], str], tmp_path: Path
) -> None:
    written = tmp_path / "report.out"
    base, revision = secret_url("petstore-v1.yaml"), secret_url("petstore-v2.yaml")
    result = _run("breaking", base, revision, "--format", output_format, "-o", written)
    assert result.exit_code == 1, result.output
    _assert_clean(result.stdout, result.stderr, written.read_text())
    if output_format not in {"github", "ignore"}:  # these name no document without a file
        assert REDACTED in written.read_text()
        assert "page=2" in written.read_text()  # the rest of the URL stays recognisable


@pytest.mark.parametrize("command", ["changelog", "diff", "validate"])
def test_other_commands_name_the_url_without_its_secrets(
    command: str, secret_url: Callable[[str], str]
) -> None:
    sources = [secret_url("petstore-v1.yaml")]
    if command != "validate":
        sources.append(secret_url("petstore-v2.yaml"))
    result = _run(command, *sources)
    assert result.exit_code == 0, result.output
    _assert_clean(result.output)
    assert f"http://{REDACTED}@127.0.0.1:" in result.output


def test_an_http_error_line_names_the_url_without_its_secrets(
    secret_url: Callable[[str], str],
) -> None:
    result = _run("breaking", secret_url("missing.yaml"), secret_url("petstore-v2.yaml"))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "HTTP 404" in line and f"{REDACTED}@127.0.0.1" in line
    _assert_clean(result.output)


def test_snapshot_and_its_check_name_the_url_without_its_secrets(
    secret_url: Callable[[str], str], tmp_path: Path
) -> None:
    snapshot = tmp_path / "openapi.snapshot.yaml"
    written = _run("snapshot", secret_url("petstore-v1.yaml"), "-o", snapshot)
    assert written.exit_code == 0, written.output
    stale = _run("snapshot", secret_url("petstore-v2.yaml"), "-o", snapshot, "--check")
    assert stale.exit_code == 1
    assert f"(from http://{REDACTED}@127.0.0.1:" in stale.stdout  # the diff's header
    _assert_clean(written.output, stale.stdout, stale.stderr, snapshot.read_text())


def test_a_refused_remote_ref_is_named_without_its_secrets(
    secret_url: Callable[[str], str], tmp_path: Path
) -> None:
    root = tmp_path / "openapi.yaml"
    ref = secret_url("petstore-v1.yaml") + "#/components/schemas/Pet"
    root.write_text(
        f"openapi: 3.0.3\npaths: {{}}\ncomponents: {{schemas: {{P: {{$ref: '{ref}'}}}}}}\n"
    )
    refused = _run("validate", root)
    assert refused.exit_code == 2
    assert "refused" in refused.stderr and REDACTED in refused.stderr
    missing = ref.replace("petstore-v1.yaml", "gone.yaml")
    root.write_text(
        f"openapi: 3.0.3\npaths: {{}}\ncomponents: {{schemas: {{P: {{$ref: '{missing}'}}}}}}\n"
    )
    failed = _run("validate", root, "--allow-remote-refs")
    assert failed.exit_code == 2 and "HTTP 404" in failed.stderr
    _assert_clean(refused.output, failed.output)


def test_fuzz_reports_name_a_url_spec_without_its_secrets(
    host: str, secret_url: Callable[[str], str], tmp_path: Path
) -> None:
    outputs = {name: tmp_path / f"smoke.{name}" for name in ("json", "junit", "markdown", "text")}
    flags = [item for name, path in outputs.items() for item in ("--output", f"{name}={path}")]
    result = _run("smoke", secret_url("petstore-v1.yaml"), "--url", f"http://{host}", *flags)
    assert result.exit_code == 1, result.output  # the document server is no pet store
    report = json.loads(outputs["json"].read_text())
    assert report["spec"].startswith(f"http://{REDACTED}@{host}/petstore-v1.yaml?api_key=")
    _assert_clean(result.output, *(path.read_text() for path in outputs.values()))


@pytest.mark.parametrize("command", ["fuzz", "smoke", "confirm"])
@pytest.mark.parametrize(
    ("url", "problem"),
    [
        # unreachable (discard port)
        ("http://reader:hunter2@127.0.0.1:9/?api_key=k-3xample-key", "cannot reach the target"),
        # unsupported scheme, refused before any request
        ("ftp://reader:hunter2@127.0.0.1/?token=t0ken-value", "expected an http:// or https://"),
        # malformed IPv6 host, refused before any request
        ("http://reader:hunter2@[::1/?access_token=acc3ss-value", "malformed IPv6 host"),
    ],
)
def test_an_unusable_target_url_is_one_line_without_its_secrets(
    command: str, url: str, problem: str
) -> None:
    spec = DEMO / "petstore-v1.yaml"
    sources = [spec, spec] if command == "confirm" else [spec]
    result = _run(command, *sources, "--url", url)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("treaty: ")]
    assert len(lines) == 1 and problem in lines[0], lines
    assert "internal error" not in result.output
    _assert_clean(result.output)


@pytest.mark.parametrize("value", ["hunter2\r\nX-Injected: 1", "hunter2\x1b[2J", "hunter2-café"])
def test_a_refused_header_is_named_without_its_value(value: str) -> None:
    result = _run(
        "smoke",
        DEMO / "petstore-v1.yaml",
        "--url",
        "http://127.0.0.1:9",
        "-H",
        f"X-Api-Key: {value}",
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("treaty: invalid header X-Api-Key:")
    _assert_clean(result.output)


def test_the_redactor_keeps_everything_but_the_secrets() -> None:
    assert redact_url("https://u:p@h:8/a?key=1&sig=2&X-Amz-Signature=3&author=me&q=x#s") == (
        f"https://{REDACTED}@h:8/a?key={REDACTED}&sig={REDACTED}&X-Amz-Signature={REDACTED}"
        "&author=me&q=x#s"
    )
    assert (
        redact_url("https://h/cb#access_token=z&state=1")
        == f"https://h/cb#access_token={REDACTED}&state=1"
    )
    assert redact_url("http:/u:p@host/x") == f"http:{REDACTED}@host/x"  # a mistyped URL too
    assert redact_url("specs/a?token=1.yaml") == "specs/a?token=1.yaml"  # a file name is no URL
    assert redact_url("main:specs/@scope/api.yaml") == "main:specs/@scope/api.yaml"  # REV:path
    headers = ["Authorization", "X-Api-Key", "X-Auth-Token", "accessToken", "X-Session-Id"]
    assert all(is_sensitive_name(name) for name in headers)
    assert not any(is_sensitive_name(name) for name in ["Author", "Idempotency-Key", "Accept"])
    text = "see `https://u:p@h/x?token=abc`, then (http://h/y?apikey=1)."
    assert redact_urls(text) == (
        f"see `https://{REDACTED}@h/x?token={REDACTED}`, then (http://h/y?apikey={REDACTED})."
    )
    assert redact_urls(redact_urls(text)) == redact_urls(text)


def test_a_refused_bearer_token_is_named_without_its_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TREATY_TEST_TOKEN", "hunter2\n")
    spec = DEMO / "petstore-v1.yaml"
    url = "http://127.0.0.1:9"
    result = _run("smoke", spec, "--url", url, "--bearer-env", "TREATY_TEST_TOKEN")
    assert result.exit_code == 2
    assert result.stderr.startswith("treaty: environment variable TREATY_TEST_TOKEN must hold")
    _assert_clean(result.output)
