"""CLI wiring tests (a package: its module names repeat the library tests' names)."""
