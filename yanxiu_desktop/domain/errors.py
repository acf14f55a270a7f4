"""Errors whose message is shown to the user as it is (Simplified Chinese)."""

from __future__ import annotations


class DomainError(Exception):
    """Bad input or a forbidden operation; nothing was written."""


class NotFound(DomainError):
    pass


class ValidationError(DomainError):
    """One or more fields are wrong; ``problems`` names each one."""

    def __init__(self, problems: list[str] | str):
        if isinstance(problems, str):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("；".join(self.problems))
