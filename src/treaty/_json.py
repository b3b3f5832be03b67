"""The JSON value types every stage hands around: what a parsed document is made of.

Low-level on purpose, beside ``errors`` and ``_fs``: ``sources`` builds these values, ``spec``
models them and ``changes`` carries them as ``before``/``after``, so none of those imports
another just for a type.
"""

from __future__ import annotations

from typing import TypeAlias

# 3.11-compatible recursive alias (the `type` statement needs 3.12)
JSONValue: TypeAlias = "bool | int | float | str | list[JSONValue] | dict[str, JSONValue] | None"
JSONObject: TypeAlias = "dict[str, JSONValue]"
