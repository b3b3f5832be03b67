"""Rules for the 2020-12 applicators: contains, unevaluatedItems, propertyNames, patternProperties,
dependentRequired, dependentSchemas, if/then/else and the content keywords.

Each subschema keyword only constrains the instance, so adding one narrows and removing one
widens: in requests a narrowing is an error; in responses a widening is a warning, because these
are validation constraints generated clients do not model (the widening policy of the README's
"How changes are judged"). oasdiff and openapi-diff compare none of these keywords, so a new
``contains`` or ``then: {required: [...]}`` in a request passes them silently.
"""

from __future__ import annotations

from treaty.changes.model import Action, Aspect, Change, Flag
from treaty.rules.constraints import count_limits
from treaty.rules.families import REQUEST, RESPONSE, family
from treaty.rules.registry import Rule, RuleContext, Severity, always

_TIGHT = "Why it breaks:\n    Values clients sent before may now be rejected."
_LOOSE = "Why it is safe:\n    Every value clients sent before is still valid."
_WIDE = "Why it breaks:\n    Clients may receive values their own validation rejects."
_NARROW = "Why it is safe:\n    Returned values are a subset of what was promised."


def _open(change: Change, ctx: RuleContext) -> bool:
    # on a closed object a pattern admits names, not constrains them: left unclassified
    return Flag.CLOSED_OBJECT not in change.flags


def _constraint(keyword: str, aspect: Aspect, base: str, revision: str) -> tuple[Rule, ...]:
    """Four families: (request, response) x (added, removed) of one constraining subschema."""
    slug = "".join("-" + c.lower() if c.isupper() else c for c in keyword)
    predicate = _open if aspect is Aspect.PATTERN_PROPERTIES else always
    specs = (
        (
            REQUEST,
            Severity.ERROR,
            Action.ADDED,
            _TIGHT,
            (base, revision),
            "Keep it out of requests until every client complies.",
        ),
        (REQUEST, Severity.INFO, Action.REMOVED, _LOOSE, (revision, base), "Nothing to do."),
        (
            RESPONSE,
            Severity.WARNING,
            Action.REMOVED,
            _WIDE,
            (revision, base),
            "Tell clients that validate responses.",
        ),
        (RESPONSE, Severity.INFO, Action.ADDED, _NARROW, (base, revision), "Nothing to do."),
    )
    rules: list[Rule] = []
    for variants, severity, action, why, (was, now), ship in specs:
        rules.extend(
            family(
                suffix=f"{slug}-{action.value}",
                variants=variants,
                severity=severity,
                on=(aspect, action),
                message=f"`{keyword}` {action.value} on {{element}}",
                predicate=predicate,
                doc=f"A `{keyword}` constraint was {action.value} on {{noun}}.\n\n{why}\n\n"
                f"Ship it safely:\n    {ship}\n\n"
                f"Example:\n    base:      {was}\n    revision:  {now}\n",
            )
        )
    return tuple(rules)


CONTAINS = _constraint(
    "contains", Aspect.CONTAINS, "{type: array}", "{type: array, contains: {type: integer}}"
)
MIN_CONTAINS = count_limits(
    "minContains",
    Aspect.MIN_CONTAINS,
    False,
    (
        "{type: array, contains: {type: integer}}",
        "{type: array, contains: {type: integer}, minContains: 2}",
    ),
)
MAX_CONTAINS = count_limits(
    "maxContains",
    Aspect.MAX_CONTAINS,
    True,
    (
        "{type: array, contains: {type: integer}}",
        "{type: array, contains: {type: integer}, maxContains: 2}",
    ),
)
UNEVALUATED_ITEMS = _constraint(
    "unevaluatedItems",
    Aspect.UNEVALUATED_ITEMS,
    "{type: array, prefixItems: [{type: string}]}",
    "{type: array, prefixItems: [{type: string}], unevaluatedItems: false}",
)
PROPERTY_NAMES = _constraint(
    "propertyNames",
    Aspect.PROPERTY_NAMES,
    "{type: object}",
    "{type: object, propertyNames: {maxLength: 8}}",
)
PATTERN_PROPERTIES = _constraint(
    "patternProperties",
    Aspect.PATTERN_PROPERTIES,
    "{type: object}",
    '{type: object, patternProperties: {"^x-": {type: string}}}',
)
DEPENDENT_SCHEMAS = _constraint(
    "dependentSchemas",
    Aspect.DEPENDENT_SCHEMAS,
    "{type: object}",
    "{type: object, dependentSchemas: {card: {required: [billing]}}}",
)
CONDITIONAL = _constraint(
    "conditional",
    Aspect.CONDITIONAL,
    "{type: object}",
    "{type: object, if: {required: [card]}, then: {required: [billing]}}",
)
CONTENT_SCHEMA = _constraint(
    "contentSchema",
    Aspect.CONTENT_SCHEMA,
    "{type: string, contentMediaType: application/json}",
    "{type: string, contentMediaType: application/json, contentSchema: {type: object}}",
)


def _dependencies(change: Change) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    def pairs(side: object) -> set[tuple[str, str]]:
        if not isinstance(side, dict):
            return set()
        return {(key, str(name)) for key, names in side.items() for name in names or ()}

    return pairs(change.before), pairs(change.after)


def _dependencies_added(change: Change, ctx: RuleContext) -> bool:
    before, after = _dependencies(change)
    return bool(after - before)


def _dependencies_removed(change: Change, ctx: RuleContext) -> bool:
    before, after = _dependencies(change)
    return bool(before - after)


DEPENDENT_REQUIRED = tuple(
    rule
    for variants, severity, predicate, verb, why, example in (
        (
            REQUEST,
            Severity.ERROR,
            _dependencies_added,
            "tightened",
            _TIGHT,
            ("{type: object}", "{type: object, dependentRequired: {card: [billing]}}"),
        ),
        (
            REQUEST,
            Severity.INFO,
            _dependencies_removed,
            "loosened",
            _LOOSE,
            ("{type: object, dependentRequired: {card: [billing]}}", "{type: object}"),
        ),
        (
            RESPONSE,
            Severity.WARNING,
            _dependencies_removed,
            "loosened",
            _WIDE,
            ("{type: object, dependentRequired: {card: [billing]}}", "{type: object}"),
        ),
        (
            RESPONSE,
            Severity.INFO,
            _dependencies_added,
            "tightened",
            _NARROW,
            ("{type: object}", "{type: object, dependentRequired: {card: [billing]}}"),
        ),
    )
    for rule in family(
        suffix=f"dependent-required-{verb}",
        variants=variants,
        severity=severity,
        on=(Aspect.DEPENDENT_REQUIRED, Action.CHANGED),
        message=f"`dependentRequired` of {{element}} {verb}: {{before}} -> {{after}}",
        predicate=predicate,
        doc=f"A `dependentRequired` entry of {{noun}} was {verb}.\n\n{why}\n\n"
        "Ship it safely:\n    A name required when another is present is a new required "
        "property for those values.\n\n"
        f"Example:\n    base:      {example[0]}\n    revision:  {example[1]}\n",
    )
)

CONDITION_CHANGED = family(
    suffix="condition-changed",
    variants=REQUEST + RESPONSE,
    severity=Severity.WARNING,
    on=(Aspect.CONDITIONAL, Action.CHANGED),
    message="the `if` of {element} changed",
    predicate=always,
    doc="""The `if` condition of {noun} changed: other values now meet `then` or `else`.

    Why it breaks:
        Which values must satisfy `then` changed; whether that narrows or widens depends on both
        branches, so this is a warning, not a silent pass.

    Ship it safely:
        Add a new condition beside the old one instead of rewriting it.

    Example:
        base:      {type: object, if: {required: [a]}, then: {required: [b]}}
        revision:  {type: object, if: {required: [c]}, then: {required: [b]}}
    """,
)

CONTENT = tuple(
    rule
    for keyword, aspect, example in (
        (
            "contentMediaType",
            Aspect.CONTENT_MEDIA_TYPE,
            (
                "{type: string, contentMediaType: image/png}",
                "{type: string, contentMediaType: image/jpeg}",
            ),
        ),
        (
            "contentEncoding",
            Aspect.CONTENT_ENCODING,
            ("{type: string, contentEncoding: base64}", "{type: string, contentEncoding: base32}"),
        ),
    )
    for action in (Action.ADDED, Action.REMOVED, Action.CHANGED)
    for rule in family(
        suffix=f"{keyword.replace('content', 'content-').lower()}-{action.value}",
        variants=REQUEST + RESPONSE,
        severity=Severity.WARNING,
        on=(aspect, action),
        message=f"`{keyword}` of {{element}} {action.value}: {{before}} -> {{after}}",
        predicate=always,
        doc=f"""The `{keyword}` of {{noun}} was {action.value}: the string is encoded differently.

        Why it breaks:
            Clients encode or decode the string by this keyword; a different one means the
            bytes they send or read are misread.

        Ship it safely:
            Keep the old encoding and add a new field for the new one.

        Example:
            base:      {example[0] if action is not Action.ADDED else "{type: string}"}
            revision:  {example[1] if action is not Action.REMOVED else "{type: string}"}
        """,
    )
)

REF_UNRESOLVED = family(
    suffix="ref-unresolved",
    variants=REQUEST + RESPONSE,
    severity=Severity.WARNING,
    on=(Aspect.UNRESOLVED_REF, Action.CHANGED),
    message="cannot judge {element}: `$ref` {after} at {pointer} names a schema treaty "
    "cannot read, and the reference changed",
    predicate=always,
    doc="""A `$ref` in {noun} relative to an `$id` names a schema treaty cannot read.

    Why it breaks:
        Inside a schema with `$id: https://example.com/schemas/pet.json`, `$ref: owner.json`
        means `https://example.com/schemas/owner.json`. treaty resolves it to the schema of
        the document that declares that `$id`, or to the file `owner.json` beside the
        document; when there is neither, it does not fetch the URI, and since the
        reference changed it says it cannot judge instead of passing silently (the same
        URI on both sides names the same schema and is no change).

    Ship it safely:
        Bundle the schema into the document (or put the file beside it), or review the
        change by hand and accept the finding in the ignore file.

    Example:
        base:      {$id: "https://example.com/schemas/pet.json", $ref: "owner.json"}
        revision:  {$id: "https://example.com/schemas/pet.json", $ref: "person.json"}
    """,
)

DYNAMIC_REF_UNRESOLVED = family(
    suffix="dynamic-ref-unresolved",
    variants=REQUEST + RESPONSE,
    severity=Severity.WARNING,
    on=(Aspect.DYNAMIC_REF, Action.CHANGED),
    message="cannot judge {element}: `$dynamicRef` {after} at {pointer} resolves by the "
    "dynamic scope, and the anchors it may reach changed",
    predicate=always,
    doc="""A `$dynamicRef` in {noun} cannot be resolved statically, and what it may reach changed.

    Why it breaks:
        `$dynamicRef: "#name"` resolves to a `$dynamicAnchor: name` chosen by how the schema
        was entered. With several such anchors (or none, and no `$anchor` of the name) treaty
        cannot tell which schema applies, so instead of passing silently it says it cannot
        judge; a change behind the reference could break clients.

    Ship it safely:
        Keep one `$dynamicAnchor` per name in the document, or review the change by hand and
        accept the finding in the ignore file.

    Example:
        base:      {$dynamicRef: "#item"}
        revision:  {$dynamicRef: "#entry"}
    """,
)
