"""Errors the engine raises; the HTTP layer maps each class to one status (`app.api.errors`).

EngineError
 ├── PolicyError          a policy file is missing, unreadable or invalid (start-up)
 └── InvalidRequest       a request is well-formed but cannot be quoted (field + problem)
      ├── UnknownPolicy    a request names a policy that is not loaded
      └── InvalidEntry     a batch entry that cannot be read, with the ticket it names
"""

from __future__ import annotations

from dataclasses import dataclass


class EngineError(Exception):
    """Base of every error the engine raises on purpose."""


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One thing wrong with one field of a request (dotted path, e.g. `sessions.1.end`)."""

    field: str
    problem: str


class InvalidRequest(EngineError):
    """The request cannot be quoted; `problems` says which fields and why."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.problem}" for p in problems))

    @classmethod
    def at(cls, field: str, problem: str) -> InvalidRequest:
        return cls([FieldProblem(field, problem)])


class InvalidEntry(InvalidRequest):
    """A batch entry that cannot be read; `ticket` is the (policy, ticket id) it names, if any,
    so that the other entries of its ticket are not quoted as half an assignment."""

    def __init__(self, problems: list[FieldProblem], ticket: tuple[str, str] | None) -> None:
        self.ticket = ticket
        super().__init__(problems)


class UnknownPolicy(InvalidRequest):
    """The request names a policy id that is not loaded."""

    def __init__(self, policy_id: str, known: list[str]) -> None:
        self.policy_id = policy_id
        super().__init__(
            [FieldProblem("policy", f"unknown policy {policy_id!r}; loaded: {', '.join(known)}")]
        )


class PolicyError(EngineError):
    """Policy files cannot be loaded: names each file, field and problem."""

    def __init__(self, source: str, problems: list[FieldProblem]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p.field}: {p.problem}" for p in problems))
