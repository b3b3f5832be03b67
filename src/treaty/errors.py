"""The user-facing error family and the exit-code contract.

Every error a user can cause (bad input, bad config, an unknown git revision, an unreachable
target) is a :class:`TreatyError`. The CLI turns it into one line on stderr and exit code 2.
Anything else escaping is a bug and exits with :attr:`ExitCode.INTERNAL`, never 1, because CI
reads 1 as "breaking change found".
"""

from __future__ import annotations

from enum import IntEnum, StrEnum


class ExitCode(IntEnum):
    """Process exit codes; a contract with CI pipelines."""

    OK = 0
    FINDINGS = 1
    BAD_INPUT = 2
    INTERNAL = 3


class ErrorKind(StrEnum):
    """What went wrong, for machines (``--format json``) and tests."""

    NOT_FOUND = "not-found"
    UNREADABLE = "unreadable"
    PARSE = "parse"
    TOO_LARGE = "too-large"
    NOT_OPENAPI = "not-openapi"
    INVALID = "invalid"
    HTTP = "http"
    GIT = "git"
    APP = "app"
    REF = "ref"
    CONFIG = "config"
    USAGE = "usage"
    FUZZ_TARGET = "fuzz-target"


class TreatyError(Exception):
    """An error the user can act on: rendered as one line naming the input and the problem."""

    default_kind = ErrorKind.UNREADABLE

    def __init__(self, message: str, *, where: str | None = None, kind: ErrorKind | None = None):
        super().__init__(message)
        self.message = message
        self.where = where
        self.kind = kind or self.default_kind

    def __str__(self) -> str:
        """One line: control characters escaped, credentials in any URL redacted."""
        from treaty.redact import printable, redact_url, redact_urls

        text = printable(redact_urls(" ".join(self.message.split())))  # always one line
        return f"{printable(redact_url(self.where))}: {text}" if self.where else text


class SourceError(TreatyError):
    """A document could not be read, parsed or resolved."""


class SpecError(TreatyError):
    """A document was read but is not a usable OpenAPI/Swagger document."""

    default_kind = ErrorKind.NOT_OPENAPI


class ConfigError(TreatyError):
    """The configuration or ignore file is wrong."""

    default_kind = ErrorKind.CONFIG


class GitError(TreatyError):
    """A git revision or repository could not be used."""

    default_kind = ErrorKind.GIT


class FuzzTargetError(TreatyError):
    """The API under test cannot be reached or used."""

    default_kind = ErrorKind.FUZZ_TARGET
