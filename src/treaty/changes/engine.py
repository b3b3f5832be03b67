"""The diff engine behind :func:`treaty.changes.compute`: walk matched operations once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from treaty.changes.bodies import request_body_changes
from treaty.changes.flows import callback_changes, webhook_changes
from treaty.changes.grouping import Compare, SchemaPairs, grouped
from treaty.changes.match import Pairing, pair_operations
from treaty.changes.model import Change, Direction, OperationKey
from treaty.changes.moves import moved_operation, pair_moves
from treaty.changes.operations import added_operation, operation_changes, removed_operation
from treaty.changes.options import DiffOptions
from treaty.changes.parameters import parameter_changes
from treaty.changes.responses import response_changes
from treaty.changes.security import requirement_changes, scheme_changes
from treaty.changes.servers import server_changes
from treaty.spec.document import Operation, SchemaSite, Spec

if TYPE_CHECKING:
    from treaty.changes.schemas import SchemaDiffer


def run(base: Spec, revision: Spec, options: DiffOptions) -> list[Change]:
    """The body of :func:`treaty.changes.compute`."""
    by_path = pair_operations(base, revision, options)
    moves = pair_moves(base, revision, by_path)
    pairing = Pairing([*by_path.matched, *moves.matched], moves.removed, moves.added)
    matched = sorted(pairing.matched, key=lambda pair: pair[1].key)
    moved = {id(new) for _, new in moves.matched}
    roots = (base.root, revision.root)
    schemas = SchemaPairs()
    per_operation: list[tuple[OperationKey, list[Change]]] = [
        *((old.key, [removed_operation(old)]) for old in pairing.removed),
        *((new.key, [added_operation(new)]) for new in pairing.added),
    ]

    def compare(old: Operation, new: Operation, *, moved: bool = False) -> list[Change]:
        # what every operation has; webhooks and callbacks reuse it with directions swapped
        return [
            *operation_changes(old, new, moved=moved),
            *parameter_changes(roots, old, new, schemas),
            *request_body_changes(old, new, schemas),
            *response_changes(old, new, schemas),
        ]

    for old, new in matched:
        per_operation.append(
            (
                new.key,
                [
                    *([moved_operation(old, new)] if id(new) in moved else []),
                    *compare(old, new, moved=id(new) in moved),
                    *requirement_changes(old, new),
                    *callback_changes(old, new, compare),
                ],
            )
        )
    for change in webhook_changes(base.webhooks, revision.webhooks, compare):
        assert change.operation is not None  # every webhook fact names its webhook
        per_operation.append((change.operation, [change]))
    per_operation.sort(key=lambda entry: entry[0])
    changes = [change for _, found in per_operation for change in found]
    differ = _differ(base, revision)
    changes.extend(grouped(_comparer(differ), schemas))
    users: list[tuple[OperationKey, Operation]] = [
        *((new.key, side) for old, new in matched for side in (old, new)),
        *((old.key, old) for old in pairing.removed),
        *((new.key, new) for new in pairing.added),
    ]
    changes.extend(scheme_changes(base, revision, users))
    changes.extend(server_changes(base, revision))
    if options.include_docs:
        from treaty.changes.docs import documentation_changes
        from treaty.changes.schema_docs import schema_documentation

        changes.extend(documentation_changes(base, revision, matched))
        # the comparer's same-JSON verdicts serve the documentation walk too
        changes.extend(schema_documentation(roots, schemas, differ.unchanged))
    return changes


def _differ(base: Spec, revision: Spec) -> SchemaDiffer:
    """The memoised schema comparer over this pair of documents."""
    from treaty.changes.schemas import SchemaDiffer

    return SchemaDiffer(
        base.root, revision.root, base.dialect, revision.dialect, (base.name, revision.name)
    )


def _comparer(differ: SchemaDiffer) -> Compare:
    """The comparer as the grouping walk calls it."""
    from treaty.changes.schemas import SchemaSite as DifferSite

    def compare(old: SchemaSite, new: SchemaSite, direction: Direction) -> tuple[Change, ...]:
        return differ.compare(
            DifferSite(old.node, old.pointer), DifferSite(new.node, new.pointer), direction
        )

    return compare
