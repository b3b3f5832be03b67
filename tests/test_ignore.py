"""The ignore file: parsing with line numbers, matching, expiry, stale entries, paste format."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from treaty import api
from treaty.classify import Policy
from treaty.config import known_check_ids
from treaty.errors import ConfigError
from treaty.ignore import IgnoreEntry, apply, load_ignore_file, matches, parse_ignore
from treaty.render import RenderOptions
from treaty.render.ignore import render
from treaty.report import Finding, Report, ReportKind

DEMO = Path(__file__).resolve().parent.parent / "fixtures" / "demo"
TODAY = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def report() -> Report:
    # the catalogue's findings only (no version-bump policy finding)
    policy = Policy(version_bump=None)
    return api.diff(DEMO / "petstore-v1.yaml", DEMO / "petstore-v2.yaml", policy=policy)


def _finding(report: Report, rule: str) -> Finding:
    return next(f for f in report.findings if f.rule == rule)


def test_entries_are_read_with_their_lines(tmp_path: Path) -> None:
    path = tmp_path / ".treaty-ignore.yaml"
    path.write_text(
        "# accepted on purpose\n"
        "- id: operation-removed\n"
        "  operation: delete /pets/{petId}\n"
        "  reason: nobody calls it (API-12)\n"
        "  until: 2026-06-30\n"
        "- id: response-property-type-changed\n"
        "  component: Pet.id\n"
        "  reason: 'ids are strings now'\n"
        "- {id: request-parameter-became-required, reason: everywhere, until: '2026-01-01'}\n"
    )
    first, second, third = load_ignore_file(path, known=known_check_ids())
    assert first == IgnoreEntry(
        id="operation-removed",
        reason="nobody calls it (API-12)",
        operation="delete /pets/{petId}",
        until=dt.date(2026, 6, 30),
        line=2,
    )
    assert (second.component, second.line, second.until) == ("Pet.id", 6, None)
    assert (third.operation, third.component, third.line) == (None, None, 9)
    assert third.until == dt.date(2026, 1, 1)


@pytest.mark.parametrize("text", ["", "# nothing yet\n", "null\n"])
def test_an_empty_file_accepts_nothing(text: str) -> None:
    assert parse_ignore(text, "f.yaml") == ()


def test_a_missing_file_accepts_nothing(tmp_path: Path) -> None:
    assert load_ignore_file(tmp_path / "nope.yaml") == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id: x\n", r"^f.yaml:1: expected a list of entries"),
        ("- just a string\n", r"^f.yaml:1: each entry is a mapping"),
        ("- id: operation-removed\n  reasn: x\n", r"^f.yaml:2: unknown key `reasn` \(did you"),
        ("- id: operation-removed\n  reason: ''\n", r"^f.yaml:1: `reason` is required"),
        ("- id: operation-removed\n  reason:\n", r"^f.yaml:1: `reason` is required"),
        ("- reason: because\n", r"^f.yaml:1: `id` is required"),
        ("- id: operation-removd\n  reason: x\n", r"unknown check id 'operation-removd' \(did"),
        ("- id: operation-removed\n  reason: [a, b]\n", r"^f.yaml:2: `reason` must be a single"),
        (
            "- id: operation-removed\n  reason: x\n  operation: GET /a\n  component: A\n",
            r"^f.yaml:1: give `operation` or `component`, not both",
        ),
        (
            "- id: operation-removed\n  reason: x\n  operation: /pets\n",
            r"`operation`: expected `METHOD /path`, not '/pets'",
        ),
        (
            "- id: operation-removed\n  reason: x\n  operation: FETCH /pets\n",
            r"`operation`: expected `METHOD /path`",
        ),
        ("- id: operation-removed\n  reason: x\n  component: ''\n", r"`component` may not be"),
        ("- id: operation-removed\n  reason: x\n  until: soon\n", r"`until`: expected a date"),
        ("- id: [unclosed\n", r"^f.yaml:\d+: not valid YAML"),
    ],
)
def test_mistakes_name_the_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_ignore(text, "f.yaml", known=known_check_ids())


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_ignore_file(tmp_path)


def test_operation_entries_match_any_affected_operation(report: Report) -> None:
    pet_id = _finding(report, "response-property-type-changed")  # GET /pets, GET /pets/{petId}…
    entry = IgnoreEntry(id=pet_id.rule, reason="r", operation="get /pets/{id}")
    assert matches(entry, pet_id)  # method case and path parameter names do not matter
    assert not matches(IgnoreEntry(id=pet_id.rule, reason="r", operation="PUT /pets"), pet_id)
    assert not matches(IgnoreEntry(id="operation-removed", reason="r"), pet_id)
    assert matches(IgnoreEntry(id=pet_id.rule, reason="r"), pet_id)  # everywhere


def test_component_entries_match_elements_inside_the_component(report: Report) -> None:
    pet_id = _finding(report, "response-property-type-changed")  # at Pet.id
    for component, expected in [("Pet", True), ("Pet.id", True), ("Pe", False), ("NewPet", False)]:
        entry = IgnoreEntry(id=pet_id.rule, reason="r", component=component)
        assert matches(entry, pet_id) is expected, component
    inline = _finding(report, "request-parameter-maximum-decreased")  # not in a component
    assert not matches(IgnoreEntry(id=inline.rule, reason="r", component="Pet"), inline)


def test_apply_accepts_expires_and_finds_stale_entries(report: Report) -> None:
    accepted = IgnoreEntry(
        id="operation-removed", reason="r", operation="DELETE /pets/{petId}", line=1
    )
    last_day = IgnoreEntry(
        id="response-property-type-changed", reason="r", component="Pet", until=TODAY, line=5
    )
    expired = IgnoreEntry(
        id="request-parameter-became-required",
        reason="r",
        until=TODAY - dt.timedelta(days=1),
        line=9,
    )
    stale = IgnoreEntry(id="operation-removed", reason="r", operation="GET /gone", line=12)
    outcome = apply(report.findings, (accepted, last_day, expired, stale), TODAY)

    assert [(f.rule, e) for f, e in outcome.accepted] == [
        ("operation-removed", accepted),
        ("response-property-type-changed", last_day),
    ]
    assert outcome.expired == (expired,)
    assert outcome.stale == (stale,)
    assert "request-parameter-became-required" in {f.rule for f in outcome.kept}
    assert len(outcome.kept) == len(report.findings) - 2
    assert outcome.notes(".treaty-ignore.yaml") == (
        "2 accepted changes (.treaty-ignore.yaml)",
        ".treaty-ignore.yaml:9: request-parameter-became-required expired on 2026-02-28; "
        "it no longer applies (renew `until` or remove the entry)",
        ".treaty-ignore.yaml:12: operation-removed at GET /gone matches nothing; remove it",
    )


def test_notes_without_a_file_name_or_lines(report: Report) -> None:
    entry = IgnoreEntry(id="operation-removed", reason="r", component="Gone")
    one = IgnoreEntry(id="operation-removed", reason="r")
    outcome = apply(report.findings, (one, entry), TODAY)
    assert outcome.notes() == (
        "1 accepted change (ignore file)",
        "ignore file: operation-removed at Gone matches nothing; remove it",
    )


def test_render_gives_entries_that_need_a_reason(report: Report) -> None:
    text = render(report, RenderOptions())
    assert text.startswith("# Accepted changes for .treaty-ignore.yaml")
    loaded = yaml.safe_load(text)
    assert {"id": "operation-removed", "operation": "DELETE /pets/{petId}", "reason": ""} in loaded
    assert {"id": "response-property-type-changed", "component": "Pet.id", "reason": ""} in loaded
    assert {"id": "request-property-enum-value-removed", "component": "NewPet.status"} in [
        {k: v for k, v in e.items() if k != "reason"} for e in loaded
    ]
    assert len(loaded) == len(report.findings)  # one per (check, component or operation)
    with pytest.raises(ConfigError, match="`reason` is required"):
        parse_ignore(text, "pasted.yaml", known=known_check_ids())
    filled = text.replace("reason: ''", "reason: agreed with the clients")
    entries = parse_ignore(filled, "pasted.yaml", known=known_check_ids())
    outcome = apply(report.findings, entries, TODAY)
    assert outcome.kept == () and outcome.stale == ()


def test_render_lists_each_operation_of_an_inline_change_and_api_wide_ones(
    report: Report,
) -> None:
    import dataclasses

    from treaty.changes.model import Location, OperationKey

    inline = _finding(report, "request-parameter-became-required")
    two = dataclasses.replace(
        inline,
        change=dataclasses.replace(
            inline.change, operations=(OperationKey("get", "/a"), OperationKey("get", "/b"))
        ),
    )
    api_wide = dataclasses.replace(
        inline,
        rule="operation-removed",
        change=dataclasses.replace(
            inline.change, operations=(), location=Location(base_pointer="#", revision_pointer=None)
        ),
    )
    one = Report(kind=ReportKind.BREAKING, base="a", revision="b", findings=(two, two, api_wide))
    loaded = yaml.safe_load(render(one, RenderOptions()))
    assert [e.get("operation") for e in loaded] == ["GET /a", "GET /b", None]


def test_render_without_findings() -> None:
    empty = Report(kind=ReportKind.BREAKING, base="a", revision="b", findings=())
    text = render(empty, RenderOptions())
    assert "nothing to accept" in text
    assert parse_ignore(text, "pasted.yaml") == ()


def test_component_path_of_property_changes() -> None:
    from treaty.changes.model import Action, Aspect, Change, Direction, Location, Target
    from treaty.ignore import component_path

    def removed(pointer: str, name: str) -> Change:
        return Change(
            target=Target.PROPERTY,
            aspect=Aspect.EXISTENCE,
            action=Action.REMOVED,
            direction=Direction.RESPONSE,
            location=Location(base_pointer=pointer, revision_pointer=None),
            name=name,
        )

    assert component_path(removed("#/components/schemas/Pet", "nickname")) == "Pet.nickname"
    assert component_path(removed("#/definitions/Pet/properties/tag", "tag")) == "Pet.tag"
    assert component_path(removed("#/paths/~1pets/get", "x")) is None
    outcome = apply((), (IgnoreEntry(id="operation-removed", reason="r", line=3),), TODAY)
    assert outcome.notes("f.yaml") == ("f.yaml:3: operation-removed matches nothing; remove it",)


def test_the_file_is_read_as_yaml_1_2_like_documents() -> None:
    text = (
        "- &accepted {&k id: operation-removed, reason: yes}\n"  # `yes` is text in YAML 1.2
        "- <<: *accepted\n"  # merge keys work as in documents
        "  reason: on\n"
        "  operation: GET /pets\n"
        "- {id: server-removed, reason: 0777, until: 2026-06-30}\n"  # 777, not octal 511
        "- {*k : server-removed, reason: True}\n"  # an aliased key; a boolean as JSON writes it
    )
    first, second, third, fourth = parse_ignore(text, "f.yaml", known=known_check_ids())
    assert (first.id, first.reason, first.line) == ("operation-removed", "yes", 1)
    assert (second.id, second.reason, second.operation, second.line) == (
        "operation-removed",
        "on",
        "GET /pets",
        2,
    )
    assert (third.reason, third.until, third.line) == ("777", dt.date(2026, 6, 30), 5)
    assert (fourth.id, fourth.reason, fourth.line) == ("server-removed", "true", 6)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "- id: operation-removed\n  reason: a\n  reason: b\n",
            r"^f.yaml:3: .*duplicate key .reason.",
        ),
        ("- id: operation-removed\n  True: a\n  true: b\n", r"^f.yaml:3: .*duplicate key .true."),
        ("- id: operation-removed\n  True: a\n", r"^f.yaml:2: unknown key `true`"),
        ("- id: operation-removed\n  reason: !!binary aGk=\n", r"^f.yaml:2: .*'!!binary'"),
        ("- !!python/object:os.system {}\n", r"^f.yaml:1: .*'!!python/object:os.system'"),
        ("- id: operation-removed\n  reason: .nan\n", r"^f.yaml:2: .*NaN is not a JSON number"),
        ("- a\n---\n- b\n", r"^f.yaml:2: .*more than one document"),
        ("- id: operation-removed\n  reason: {a: 1}\n", r"^f.yaml:2: `reason` must be a single"),
    ],
)
def test_what_documents_may_not_hold_the_ignore_file_may_not_either(
    text: str, message: str
) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        parse_ignore(text, "f.yaml", known=known_check_ids())
    assert "\n" not in str(caught.value)


def test_a_huge_ignore_file_is_refused_while_parsing_naming_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from treaty.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / ".treaty-ignore.yaml").write_text("- a\n" * 1_000_001)  # generated, 4 MB
    base, revision = DEMO / "petstore-v1.yaml", DEMO / "petstore-v2.yaml"
    result = CliRunner().invoke(cli, ["breaking", str(base), str(revision)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and f"{tmp_path / '.treaty-ignore.yaml'}:1000000: " in lines[0]
    assert "more than 1000000 nodes" in lines[0] and "not valid YAML" not in lines[0]
