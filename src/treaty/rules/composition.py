"""Composition rules: oneOf/anyOf variants, not, and discriminators."""

from __future__ import annotations

from treaty.changes.model import Action, Aspect
from treaty.rules.families import REQUEST, RESPONSE, family
from treaty.rules.registry import Rule, Severity, always


def _variants(keyword: str, aspect: Aspect) -> tuple[Rule, ...]:
    slug = {"oneOf": "one-of", "anyOf": "any-of"}[keyword]
    example_base = f"{{{keyword}: [{{type: string}}, {{type: integer}}]}}"
    example_rev = f"{{{keyword}: [{{type: string}}]}}"
    return (
        *family(
            suffix=f"{slug}-removed",
            variants=REQUEST,
            severity=Severity.ERROR,
            on=(aspect, Action.REMOVED),
            message=f"{keyword} variant {{name}} removed from {{element}}",
            predicate=always,
            doc=f"""A `{keyword}` variant was removed from {{noun}}.

            Why it breaks:
                Clients sending values of the removed variant are rejected.

            Ship it safely:
                Keep accepting the variant until clients migrate.

            Example:
                base:      {example_base}
                revision:  {example_rev}
            """,
        ),
        *family(
            suffix=f"{slug}-added",
            variants=REQUEST,
            severity=Severity.INFO,
            on=(aspect, Action.ADDED),
            message=f"{keyword} variant {{name}} added to {{element}}",
            predicate=always,
            doc=f"""A `{keyword}` variant was added to {{noun}}.

            Why it is safe:
                Clients may send the new shape; the old ones are still accepted.

            Ship it safely:
                Nothing to do.

            Example:
                base:      {example_rev}
                revision:  {example_base}
            """,
        ),
        *family(
            suffix=f"{slug}-added",
            variants=RESPONSE,
            severity=Severity.ERROR,
            on=(aspect, Action.ADDED),
            message=f"{keyword} variant {{name}} added to {{element}}",
            predicate=always,
            doc=f"""A `{keyword}` variant was added to {{noun}}.

            Why it breaks:
                Clients receive a shape they do not know how to handle.

            Ship it safely:
                Return the new shape only to clients that opt in (a new field or version).

            Example:
                base:      {example_rev}
                revision:  {example_base}
            """,
        ),
        *family(
            suffix=f"{slug}-removed",
            variants=RESPONSE,
            severity=Severity.INFO,
            on=(aspect, Action.REMOVED),
            message=f"{keyword} variant {{name}} removed from {{element}}",
            predicate=always,
            doc=f"""A `{keyword}` variant was removed from {{noun}}.

            Why it is safe:
                The server returns fewer shapes; clients handle the remaining ones.

            Ship it safely:
                Nothing to do.

            Example:
                base:      {example_base}
                revision:  {example_rev}
            """,
        ),
    )


ONE_OF = _variants("oneOf", Aspect.ONE_OF)
COMPOSITION_SWITCHED = family(
    suffix="one-of-any-of-switched",
    variants=REQUEST + RESPONSE,
    severity=Severity.WARNING,
    on=(Aspect.ONE_OF, Action.CHANGED),
    message="{element} switched from {before} to {after}",
    predicate=always,
    doc="""{noun} switched between `oneOf` and `anyOf` over the same variants.

    Why it breaks:
        `oneOf` rejects values that match several variants, `anyOf` accepts them; whether
        any value does depends on how the variants overlap, so this is a warning.

    Ship it safely:
        Keep the keyword, or make the variants mutually exclusive first.

    Example:
        base:      {oneOf: [{type: string}, {type: integer}]}
        revision:  {anyOf: [{type: string}, {type: integer}]}
    """,
)
ANY_OF = _variants("anyOf", Aspect.ANY_OF)

ONE_OF_OVERLAP = (
    *family(
        suffix="one-of-overlap-added",
        variants=REQUEST,
        severity=Severity.ERROR,
        on=(Aspect.ONE_OF_OVERLAP, Action.ADDED),
        message="oneOf branches {name} of {element} now overlap",
        predicate=always,
        doc="""Two `oneOf` branches of {noun} overlap where they did not before.

        Why it breaks:
            `oneOf` rejects a value that matches more than one branch. A value clients sent
            before that matches both branches now is rejected: wrapping a schema `X` in
            `oneOf [X, Y]` where `Y` also admits `X`'s values, or loosening a branch until
            it admits another's, narrows the request. treaty calls two branches
            overlapping when nothing tells them apart: not their types, not their
            `const`/`enum` values, not disjoint ranges, not a distinct `format` or
            `pattern`, not a property one requires and the other forbids or constrains to
            other values, and no discriminator (which selects one branch by itself). A
            pair of branches that are both new is not reported (values matching both were
            not accepted before either), nor any in a `oneOf` whose branches already
            overlapped in the base: its author uses `oneOf` as `anyOf`, as code generators
            read it, and more overlap there is no news (oasdiff and openapi-diff call a
            variant added to a request safe in every case).

        Ship it safely:
            Use `anyOf`, or make the branches exclusive (a required `kind` property with a
            `const` per branch, `additionalProperties: false`).

        Example:
            base:      {type: integer}
            revision:  {oneOf: [{type: integer}, {type: number}]}
        """,
    ),
    *family(
        suffix="one-of-overlap-added",
        variants=RESPONSE,
        severity=Severity.INFO,
        on=(Aspect.ONE_OF_OVERLAP, Action.ADDED),
        message="oneOf branches {name} of {element} now overlap",
        predicate=always,
        doc="""Two `oneOf` branches of {noun} overlap where they did not before.

        Why it is safe:
            `oneOf` admits only values that match exactly one branch, so overlapping
            branches leave the server fewer values it may send, never more: every response
            a client can receive still matches one branch it knows, and a client that
            reads by trying the branches in turn reads it as before; a client that
            validates strictly still only sees valid values. Making sure no value matches
            two branches is the server's problem; in a request body, where clients send
            such values, the same change is an error.

        Ship it safely:
            Nothing to do for clients; make the branches exclusive, or use `anyOf`, so the
            server can keep sending what it sends.

        Example:
            base:      {type: integer}
            revision:  {oneOf: [{type: integer}, {type: number}]}
        """,
    ),
)

NOT = (
    *family(
        suffix="not-added",
        variants=REQUEST,
        severity=Severity.ERROR,
        on=(Aspect.NOT, Action.ADDED),
        message="{element} now excludes values with `not`",
        predicate=always,
        doc="""A `not` schema was added to {noun}.

        Why it breaks:
            Values matching the excluded schema, accepted before, are now rejected.

        Ship it safely:
            Keep accepting those values.

        Example:
            base:      {type: string}
            revision:  {type: string, not: {enum: [""]}}
        """,
    ),
    *family(
        suffix="not-removed",
        variants=RESPONSE,
        severity=Severity.ERROR,
        on=(Aspect.NOT, Action.REMOVED),
        message="{element} no longer excludes values with `not`",
        predicate=always,
        doc="""The `not` schema of {noun} was removed: excluded values may now be returned.

        Why it breaks:
            Clients may receive values they were told could not happen.

        Ship it safely:
            Keep excluding them.

        Example:
            base:      {type: string, not: {enum: [""]}}
            revision:  {type: string}
        """,
    ),
    *family(
        suffix="not-removed",
        variants=REQUEST,
        severity=Severity.INFO,
        on=(Aspect.NOT, Action.REMOVED),
        message="{element} no longer excludes values with `not`",
        predicate=always,
        doc="""The `not` schema of {noun} was removed.

        Why it is safe:
            Every value clients sent before is still accepted.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: string, not: {enum: [""]}}
            revision:  {type: string}
        """,
    ),
    *family(
        suffix="not-added",
        variants=RESPONSE,
        severity=Severity.INFO,
        on=(Aspect.NOT, Action.ADDED),
        message="{element} now excludes values with `not`",
        predicate=always,
        doc="""A `not` schema was added to {noun}.

        Why it is safe:
            Responses are a subset of what was promised.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {type: string}
            revision:  {type: string, not: {enum: [""]}}
        """,
    ),
)

DISCRIMINATOR = (
    *family(
        suffix="discriminator-property-changed",
        variants=REQUEST + RESPONSE,
        severity=Severity.ERROR,
        on=(Aspect.DISCRIMINATOR, Action.CHANGED),
        message="discriminator of {element} changed from `{before}` to `{after}`",
        predicate=lambda change, ctx: change.before is not None and change.after is not None,
        doc="""The discriminator property of {noun} changed.

        Why it breaks:
            Clients and servers pick the variant by reading a different property.

        Ship it safely:
            Keep the old property name.

        Example:
            base:      {oneOf: [...], discriminator: {propertyName: kind}}
            revision:  {oneOf: [...], discriminator: {propertyName: type}}
        """,
    ),
    *family(
        suffix="discriminator-added-or-removed",
        variants=REQUEST + RESPONSE,
        severity=Severity.INFO,
        on=(Aspect.DISCRIMINATOR, Action.CHANGED),
        message="discriminator of {element}: `{before}` to `{after}`",
        predicate=lambda change, ctx: change.before is None or change.after is None,
        doc="""A discriminator was added to or removed from {noun}.

        Why it is safe:
            A discriminator is a hint for choosing a variant; the valid values are the same.
            A mapping that comes or goes with it names the variants there are: its entries
            are not reported as discriminator values added or removed.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {oneOf: [...]}
            revision:  {oneOf: [...], discriminator: {propertyName: kind}}
        """,
    ),
    *family(
        suffix="discriminator-mapping-removed",
        variants=REQUEST,
        severity=Severity.ERROR,
        on=(Aspect.DISCRIMINATOR_MAPPING, Action.REMOVED),
        message="discriminator value `{name}` removed from {element}",
        predicate=always,
        doc="""A discriminator mapping entry was removed from {noun}.

        Why it breaks:
            Clients sending objects of that kind are rejected.

        Ship it safely:
            Keep the mapping entry.

        Example:
            base:      {discriminator: {propertyName: kind, mapping: {cat: Cat, dog: Dog}}}
            revision:  {discriminator: {propertyName: kind, mapping: {cat: Cat}}}
        """,
    ),
    *family(
        suffix="discriminator-mapping-added",
        variants=RESPONSE,
        severity=Severity.ERROR,
        on=(Aspect.DISCRIMINATOR_MAPPING, Action.ADDED),
        message="discriminator value `{name}` added to {element}",
        predicate=always,
        doc="""A discriminator mapping entry was added to {noun}.

        Why it breaks:
            Typed clients model a discriminated union as a closed set of kinds: a
            generated client fails to decode an object of a kind it does not know, like a
            new enum value.

        Ship it safely:
            Return the new kind only to clients that asked for it (a new operation or a
            version), or make sure every client has a fallback for unknown kinds first.

        Example:
            base:      {discriminator: {propertyName: kind, mapping: {cat: Cat}}}
            revision:  {discriminator: {propertyName: kind, mapping: {cat: Cat, dog: Dog}}}
        """,
    ),
    *family(
        suffix="discriminator-mapping-added",
        variants=REQUEST,
        severity=Severity.INFO,
        on=(Aspect.DISCRIMINATOR_MAPPING, Action.ADDED),
        message="discriminator value `{name}` added to {element}",
        predicate=always,
        doc="""A discriminator mapping entry was added to {noun}.

        Why it is safe:
            Clients may send a new kind; the old kinds are still accepted.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {discriminator: {propertyName: kind, mapping: {cat: Cat}}}
            revision:  {discriminator: {propertyName: kind, mapping: {cat: Cat, dog: Dog}}}
        """,
    ),
    *family(
        suffix="discriminator-mapping-removed",
        variants=RESPONSE,
        severity=Severity.INFO,
        on=(Aspect.DISCRIMINATOR_MAPPING, Action.REMOVED),
        message="discriminator value `{name}` removed from {element}",
        predicate=always,
        doc="""A discriminator mapping entry was removed from {noun}.

        Why it is safe:
            The server returns fewer kinds of objects.

        Ship it safely:
            Nothing to do.

        Example:
            base:      {discriminator: {propertyName: kind, mapping: {cat: Cat, dog: Dog}}}
            revision:  {discriminator: {propertyName: kind, mapping: {cat: Cat}}}
        """,
    ),
    *family(
        suffix="discriminator-mapping-changed",
        variants=REQUEST + RESPONSE,
        severity=Severity.ERROR,
        on=(Aspect.DISCRIMINATOR_MAPPING, Action.CHANGED),
        message="discriminator value `{name}` of {element} now maps to {after}",
        predicate=always,
        doc="""A discriminator value of {noun} now maps to a different schema.

        Why it breaks:
            Objects of that kind are read with a different schema. A schema that was only
            renamed is no change: when the value selects the counterpart of the old
            variant (the variants are paired), what differs between them is reported
            there; a subtype that is not a variant counts as renamed when it is the same
            JSON.

        Ship it safely:
            Add a new discriminator value instead.

        Example:
            base:      {discriminator: {propertyName: kind, mapping: {cat: Cat}}}
            revision:  {discriminator: {propertyName: kind, mapping: {cat: Feline}}}
        """,
    ),
)
