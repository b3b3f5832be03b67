"""Fuzz fixtures (defined in fuzz_helpers.py, shared with the tests that import its constants)."""

from __future__ import annotations

from fuzz_helpers import demo_url, fuzz_run

__all__ = ["demo_url", "fuzz_run"]
