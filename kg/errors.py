"""The error tree. Only the CLI turns these into exit codes and one-line messages."""

from __future__ import annotations

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_USAGE",
    "EXIT_VALIDATION",
    "InputError",
    "KGError",
    "LimitError",
    "UsageError",
    "ValidationError",
    "VocabularyError",
]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_VALIDATION = 4
EXIT_INTERNAL = 70


class KGError(Exception):
    """Base of every error cartograph raises on purpose.

    ``path`` and ``line`` (1-based), when known, are put in front of the message.
    """

    exit_code = EXIT_INTERNAL

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        return where + self.message


class UsageError(KGError):
    """The command line asks for something impossible."""

    exit_code = EXIT_USAGE


class InputError(KGError):
    """An input document or file cannot be read as what it claims to be."""

    exit_code = EXIT_INPUT


class LimitError(InputError):
    """An input exceeds a configured size limit."""


class VocabularyError(InputError):
    """A vocabulary or ontology file is malformed."""


class ValidationError(KGError):
    """An export folder failed its checks."""

    exit_code = EXIT_VALIDATION
