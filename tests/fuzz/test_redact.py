"""Credential redaction: headers, query parameters, URLs, curl commands, free text."""

from __future__ import annotations

import base64

from treaty.fuzz.options import Auth
from treaty.redact import REDACTED, Redactor, is_sensitive_name

SECRET = "tok-3xample/secret"
R = Redactor.for_secrets([SECRET, "ab"])


def test_secret_values_are_replaced_in_every_encoding() -> None:
    text = f"a {SECRET} b %s c {base64.b64encode(SECRET.encode()).decode()}"
    out = R.text(text % "tok-3xample%2Fsecret")
    assert SECRET not in out
    assert out.count(REDACTED) == 3


def test_sensitive_headers_are_redacted_by_name() -> None:
    assert R.headers([("Authorization", "Basic x"), ("X-Trace", "1")]) == (
        ("Authorization", REDACTED),
        ("X-Trace", "1"),
    )
    assert is_sensitive_name("X-Api-Key")
    assert not is_sensitive_name("Accept")


def test_urls_lose_userinfo_and_sensitive_query_values() -> None:
    out = R.url("https://u:p@example.com/a?api_key=k&page=2&access_token=z")
    assert (
        out == f"https://{REDACTED}@example.com/a?api_key={REDACTED}&page=2&access_token={REDACTED}"
    )
    assert R.url(out) == out
    assert R.url("http://example.com/plain") == "http://example.com/plain"


def test_curl_commands_are_redacted() -> None:
    curl = "curl -X GET -H 'Cookie: sid=1' -H 'Accept: */*' 'http://h/x?token=abc&q=1'"
    out = R.text(curl)
    assert f"Cookie: {REDACTED}" in out
    assert "Accept: */*" in out
    assert f"token={REDACTED}" in out


def test_auth_lists_its_secrets_and_hides_its_repr() -> None:
    auth = Auth(headers=(("X-Key", "v1"),), basic=("me", "pw"), bearer="bt")
    assert set(auth.secrets()) == {"v1", "pw", "me:pw", "bt"}
    assert auth.all_headers() == {"X-Key": "v1", "Authorization": "Bearer bt"}
    assert "pw" not in repr(auth)
