"""The JSON value types every stage hands around: what a parsed document is made of.

Low-level on purpose, beside ``errors`` and ``_fs``: ``sources`` builds these values, ``spec``
models them and ``changes`` carries them as ``before``/``after``, so none of those imports
another just for a type.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from fractions import Fraction

# 3.11-compatible recursive alias (the `type` statement needs 3.12)
JSONValue: TypeAlias = "bool | int | float | str | list[JSONValue] | dict[str, JSONValue] | None"
JSONObject: TypeAlias = "dict[str, JSONValue]"


def decimal(number: int | float) -> Fraction:
    """The number a JSON text wrote, exactly: ``0.1`` is 1/10, not the double nearest to it.

    A float read from JSON is the double nearest its text, and ``repr`` gives back the
    shortest text reading as that double, which is the text for every number a double holds
    to 17 significant digits. Arithmetic on it is then exact: ``0.3`` is a multiple of ``0.1``
    (in floats ``0.3 % 0.1`` is 0.09999999999999998).
    """
    from fractions import Fraction  # slow to import, and only a multipleOf needs it

    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)
