"""Two documents in, one judged ``Report`` out: the comparison every command runs.

``treaty breaking|changelog|diff`` reach it through :mod:`treaty.api`; ``treaty check``
(:mod:`treaty.pipeline`) calls it directly, so the façade and the pipeline do not import
each other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from treaty.redact import redact_url
from treaty.report import Report, ReportKind
from treaty.rules.registry import Severity
from treaty.sources import Document, LoadOptions, Source, load

if TYPE_CHECKING:
    from treaty.changes import DiffOptions
    from treaty.classify import Policy
    from treaty.spec.document import Spec

SpecLike: TypeAlias = "str | Path | Source | Document | Spec"

_DEFAULT_OPTIONS = LoadOptions()


def build_spec(source: SpecLike, options: LoadOptions = _DEFAULT_OPTIONS) -> Spec:
    """The typed model of a document (a ``Spec`` is passed through)."""
    return _model(source, options)[0]


def _model(source: SpecLike, options: LoadOptions) -> tuple[Spec, Document | None]:
    """The model of ``source`` and the document it was built from (None for a ``Spec``)."""
    from treaty.spec import build
    from treaty.spec.document import Spec as _Spec

    if isinstance(source, _Spec):
        return source, None
    if isinstance(source, Document):
        return build(source), source
    document = load(str(source) if isinstance(source, Path) else source, options)
    return build(document), document


def diff(
    base: SpecLike,
    revision: SpecLike,
    *,
    kind: ReportKind = ReportKind.BREAKING,
    options: DiffOptions | None = None,
    load_options: LoadOptions = _DEFAULT_OPTIONS,
    policy: Policy | None = None,
    today: dt.date | None = None,
) -> Report:
    """Compare two documents and judge every change with the rule catalogue.

    ``kind`` selects what the report keeps: BREAKING keeps errors and warnings, CHANGELOG
    every consumer-affecting change, DIFF everything including documentation. ``today`` is
    injected so that sunset dates are judged reproducibly (default: the local date).
    """
    from treaty.changes import DiffOptions as _DiffOptions
    from treaty.changes import compute
    from treaty.classify import DOCUMENTATION_ASPECTS, Policy, classify
    from treaty.policies import apply_policy
    from treaty.rules import RULES, RuleContext

    base_spec, base_document = _model(base, load_options)
    revision_spec, revision_document = _model(revision, load_options)
    options = options or _DiffOptions()
    if kind is ReportKind.DIFF and not options.include_docs:
        options = dataclasses.replace(options, include_docs=True)
    changes = compute(base_spec, revision_spec, options)
    ctx = RuleContext(today=today or dt.date.today(), base=base_spec, revision=revision_spec)
    policy = policy or Policy()
    outcome = apply_policy(classify(changes, RULES, ctx, policy), policy, ctx)
    findings = list(outcome.findings)
    if kind is ReportKind.BREAKING:
        findings = [f for f in findings if f.severity is not Severity.INFO]
    elif kind is ReportKind.CHANGELOG:
        findings = [
            f
            for f in findings
            if f.severity is not Severity.INFO or f.change.aspect not in DOCUMENTATION_ASPECTS
        ]
    return Report(
        kind=kind,
        base=_name(base, base_spec),
        revision=_name(revision, revision_spec),
        findings=tuple(findings),
        notes=outcome.notes,
        accepted=outcome.accepted,
        base_document=base_document,
        revision_document=revision_document,
    )


def _name(source: SpecLike, spec: Spec) -> str:
    if isinstance(source, str | Path):
        return redact_url(str(source))  # a URL is named without its credentials
    return spec.name
