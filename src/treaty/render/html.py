"""A self-contained HTML page: counts, a filterable list, base and revision side by side.

Everything comes inline (CSS, a few lines of vanilla JavaScript); nothing is fetched. Every
piece of document text is escaped, and a Content-Security-Policy allows only the page's own
script (by hash), so a description holding ``<script>`` stays text.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from html import escape as _escape_html
from typing import TYPE_CHECKING

from treaty.redact import printable
from treaty.render._shared import describe, plural, where
from treaty.report import ReportKind
from treaty.rules.registry import Severity

if TYPE_CHECKING:
    from treaty._json import JSONValue
    from treaty.locate import Position
    from treaty.render import RenderOptions
    from treaty.report import Finding, Report
    from treaty.sources import Document

MAX_LINES = 24  # lines of YAML shown per side
MAX_WIDTH = 160  # characters per line
_MAX_ITEMS = 30  # keys or items kept per mapping or list before the dump
_MAX_DEPTH = 6
_TITLES = {
    ReportKind.BREAKING: "breaking change",
    ReportKind.CHANGELOG: "change",
    ReportKind.DIFF: "difference",
}

_SCRIPT = """
(function () {
  var boxes = document.querySelectorAll("input[name=severity]");
  var query = document.getElementById("q");
  var items = document.querySelectorAll("li.finding");
  var shown = document.getElementById("shown");
  var none = document.getElementById("none");
  function apply() {
    var on = {}, needle = query.value.toLowerCase(), count = 0;
    boxes.forEach(function (box) { on[box.value] = box.checked; });
    items.forEach(function (item) {
      var ok = on[item.dataset.severity] &&
        (!needle || item.textContent.toLowerCase().indexOf(needle) >= 0);
      item.hidden = !ok;
      if (ok) { count += 1; }
    });
    shown.textContent = count + " of " + items.length + " shown";
    none.hidden = count > 0;
  }
  boxes.forEach(function (box) { box.addEventListener("change", apply); });
  query.addEventListener("input", apply);
  apply();
})();
"""

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1200px;
       padding: 0 1rem; color: #1f2328; overflow-wrap: anywhere; }
code, pre { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
h1 { font-size: 1.5rem; margin-bottom: .25rem; }
.sev { display: inline-block; border-radius: 1em; padding: 0 .6em; color: #fff; }
.sev.error { background: #cf222e; } .sev.warning { background: #9a6700; }
.sev.info { background: #0969da; }
form { position: sticky; top: 0; background: #fff; padding: .6rem 0;
       border-bottom: 1px solid #d0d7de; display: flex; flex-wrap: wrap; gap: .5rem 1rem;
       align-items: center; }
input[type=search] { flex: 1 1 12rem; min-width: 0; padding: .3rem .5rem; }
ol { list-style: none; padding: 0; }
li.finding { border: 1px solid #d0d7de; border-radius: 6px; margin: .8rem 0; padding: .6rem .9rem; }
li.finding[hidden] { display: none; }
.meta { color: #59636e; margin: .2rem 0; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 22rem), 1fr));
         gap: .8rem; }
figure { margin: 0; min-width: 0; }
figcaption { color: #59636e; font-size: 12px; }
figcaption code { word-break: break-all; }
pre { background: #f6f8fa; padding: .5rem; margin: .2rem 0; white-space: pre-wrap;
      overflow-wrap: anywhere; }
"""


def escape(text: str) -> str:
    """Document text for the page: HTML-escaped, control characters shown as escapes."""
    return _escape_html(printable(text))


def _escape_lines(text: str) -> str:
    return "\n".join(escape(line) for line in text.splitlines())


def render(report: Report, options: RenderOptions) -> str:
    """The page."""
    counts = report.counts()
    digest = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()
    title = _TITLES[report.kind]
    verdict = plural(len(report.findings), title) if report.findings else f"no {title}s"
    boxes = "".join(
        f'<label><input type="checkbox" name="severity" value="{s.value}" checked> '
        f'<span class="sev {s.value}">{s.value}</span> {counts[s]}</label>'
        for s in Severity
    )
    # the most severe first (stable: the report's order within a severity)
    ordered = sorted(report.findings, key=lambda finding: -finding.severity.rank)
    items = "\n".join(_item(report, finding, options) for finding in ordered)
    notes = "".join(f"<p class=meta>note: {escape(note)}</p>" for note in report.notes)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
style-src 'unsafe-inline'; script-src 'sha256-{digest}'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>treaty {report.kind.value}: {escape(report.base)} → {escape(report.revision)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>treaty: {verdict}</h1>
<p class="meta"><code>{escape(report.base)}</code> → <code>{escape(report.revision)}</code></p>
{notes}
<form id="filters" onsubmit="return false">{boxes}
<input type="search" id="q" placeholder="Filter by text, check or operation" aria-label="Filter">
<span id="shown" class="meta"></span></form>
<ol id="findings">
{items}
</ol>
<p id="none" class="meta" hidden>No change matches the filters.</p>
<script>{_SCRIPT}</script>
</body>
</html>
"""


def _item(report: Report, finding: Finding, options: RenderOptions) -> str:
    severity = finding.severity.value
    operation = str(finding.operation) if finding.operation else "API-wide"
    base, revision = sides(report, finding)
    location = finding.change.location
    return (
        f'<li class="finding" data-severity="{severity}">'
        f'<div><span class="sev {severity}">{severity}</span> '
        f"<code>{escape(finding.rule)}</code> · <strong>{escape(operation)}</strong></div>"
        f"<p>{escape(describe(finding, options.max_operations))}</p>"
        '<div class="sides">'
        f"{_side('base', base, report.base_document, location.base_pointer, finding.change.before)}"
        f"{_side('revision', revision, report.revision_document, location.revision_pointer, finding.change.after)}"  # noqa: E501
        "</div></li>"
    )


def sides(report: Report, finding: Finding) -> tuple[Position | None, Position | None]:
    """Where the element is in the base and in the revision (None where it does not exist)."""
    from treaty.changes.model import Location
    from treaty.locate import position

    location = finding.change.location
    result: list[Position | None] = []
    for base, revision in ((location.base_pointer, None), (None, location.revision_pointer)):
        if base is None and revision is None:
            result.append(None)
            continue
        change = dataclasses.replace(
            finding.change, location=Location(base_pointer=base, revision_pointer=revision)
        )
        result.append(position(report, dataclasses.replace(finding, change=change)))
    return result[0], result[1]


def _side(
    label: str,
    place: Position | None,
    document: Document | None,
    pointer: str | None,
    fallback: JSONValue,
) -> str:
    if place is None or pointer is None:
        return f"<figure><figcaption>{label}: absent</figcaption></figure>"
    value = _value_at(document, pointer, fallback)
    caption = f"{label} · {escape(where(place))} · <code>{escape(pointer)}</code>"
    body = _escape_lines(snippet(value))
    return f"<figure><figcaption>{caption}</figcaption><pre>{body}</pre></figure>"


def _value_at(document: Document | None, pointer: str, fallback: JSONValue) -> JSONValue:
    from treaty.errors import TreatyError
    from treaty.spec.pointer import resolve

    if document is None:
        return fallback
    try:
        return resolve(document.root, pointer)
    except TreatyError:
        return fallback


def snippet(value: JSONValue) -> str:
    """``value`` as short YAML: big containers pruned, long output cut."""
    import yaml

    dumped = yaml.safe_dump(
        _prune(value, _MAX_DEPTH), sort_keys=False, allow_unicode=True, width=MAX_WIDTH
    )
    lines = dumped.removesuffix("...\n").rstrip("\n").splitlines()
    shown = [line if len(line) <= MAX_WIDTH else line[: MAX_WIDTH - 1] + "…" for line in lines]
    if len(shown) > MAX_LINES:
        shown = [*shown[:MAX_LINES], f"# … {len(shown) - MAX_LINES} more lines"]
    return "\n".join(shown)


def _prune(value: JSONValue, depth: int) -> JSONValue:
    if isinstance(value, dict):
        if depth <= 0:
            return "{…}"
        pruned: dict[str, JSONValue] = {
            key: _prune(item, depth - 1) for key, item in list(value.items())[:_MAX_ITEMS]
        }
        if len(value) > _MAX_ITEMS:
            pruned["…"] = f"{len(value) - _MAX_ITEMS} more keys"
        return pruned
    if isinstance(value, list):
        if depth <= 0:
            return "[…]"
        items = [_prune(item, depth - 1) for item in value[:_MAX_ITEMS]]
        if len(value) > _MAX_ITEMS:
            items.append(f"… {len(value) - _MAX_ITEMS} more items")
        return items
    return value
