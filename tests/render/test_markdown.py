"""The merge-request comment: verdict, tables per endpoint, folds, escaping and the size cap."""

from __future__ import annotations

from treaty.changes.model import OperationKey
from treaty.render import OutputFormat, RenderOptions, render
from treaty.render.markdown import MARKER, code, text
from treaty.report import ReportKind
from treaty.rules.registry import Severity

from .helpers import demo, finding, only, report

MANY = tuple(OperationKey("get", f"/items/{n}") for n in range(60))


def test_the_demo_comment_has_a_verdict_counts_and_a_table_per_endpoint() -> None:
    body = render(only(demo(), "operation-removed", "response-property-type-changed"), "markdown")
    assert body.startswith(MARKER + "\n## ❌ treaty: 2 breaking changes\n")
    assert "**2 errors** · 0 warnings · 0 info" in body
    assert "#### `GET /pets`\n\n| severity | check | message |\n|---|---|---|\n" in body
    assert "#### `DELETE /pets/{petId}`" in body
    assert (
        "| 🔴 error | `response-property-type-changed` | type of `Pet.id` changed from "
        "[integer] to [string]<br>also affects `GET /pets/{petId}`, `POST /pets` |"
    ) in body


def test_verdicts_for_warnings_and_for_nothing() -> None:
    warned = render(report(finding(severity=Severity.WARNING)), OutputFormat.MARKDOWN)
    assert "## ⚠️ treaty: 1 breaking change\n" in warned
    clean = render(report(kind=ReportKind.CHANGELOG), OutputFormat.MARKDOWN)
    assert "## ✅ treaty: no changes\n" in clean and "|" not in clean


def test_info_is_folded_and_api_wide_findings_get_their_own_table() -> None:
    subject = report(
        finding(severity=Severity.INFO, rule="i"),
        finding(rule="e", operations=()),
        finding(rule="many", operations=MANY),
        kind=ReportKind.CHANGELOG,
    )
    body = render(subject, OutputFormat.MARKDOWN)
    assert "<details>\n<summary>1 info-level change</summary>" in body
    assert body.index("#### Not tied to an operation") < body.index("<details>\n<summary>1 info")
    assert "<details><summary>also affects 59 operations</summary>`GET /items/1`<br>" in body
    assert "… 9 more</details>" in body


def test_untrusted_text_cannot_break_out_of_its_cell() -> None:
    assert text("a | b <script>x</script> @team `c|d <e>`") == (
        "a \\| b &lt;script&gt;x&lt;/script&gt; @\u200bteam `c\\|d <e>`"
    )
    assert text("one ` tick\nand a line") == "one \\` tick and a line"
    assert code("GET /a`b|c") == "`GET /a\u02cbb\\|c`"
    body = render(report(finding(message="x <img src=y> | @here")), OutputFormat.MARKDOWN)
    assert "<img" not in body and "@here" not in body


def test_the_body_is_capped_and_says_what_was_left_out() -> None:
    findings = [
        finding(rule=f"rule-{n}", message="m" * 200, operations=(OperationKey("get", f"/{n}"),))
        for n in range(400)
    ]
    findings.append(finding(severity=Severity.INFO, rule="info"))
    body = render(report(*findings), OutputFormat.MARKDOWN, RenderOptions(max_chars=20_000))
    assert len(body) <= 20_000
    shown = body.count("| 🔴 error |")
    assert 0 < shown < 400
    assert f"_{401 - shown} more findings left out to keep this comment under 20,000" in body
    assert "info-level" not in body
