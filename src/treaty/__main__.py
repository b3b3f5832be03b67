"""``python -m treaty``."""

from treaty.cli import main

main()
