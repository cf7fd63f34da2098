"""Errors a user can act on.

Every message says what went wrong, where, and what to do about it.

Examples
--------
>>> str(CorpusError("papers.jsonl:3: record has no abstract; use --on-error skip to continue"))
'papers.jsonl:3: record has no abstract; use --on-error skip to continue'
"""

from __future__ import annotations


class CitegraphError(Exception):
    """Base class for every error a user can fix."""


class CorpusError(CitegraphError):
    """An input path or record cannot be read; ``path`` and ``line`` say where."""

    def __init__(self, message: str, *, path: str = "", line: int = 0, reason: str = "") -> None:
        super().__init__(message)
        self.path, self.line, self.reason = path, line, reason or message

    @classmethod
    def at(cls, path: object, line: int, reason: str) -> CorpusError:
        """An error located at ``path:line``.

        >>> str(CorpusError.at("a.txt", 3, "empty title"))
        'a.txt:3: empty title'
        """
        return cls(f"{path}:{line}: {reason}", path=str(path), line=line, reason=reason)


class ExtractionError(CitegraphError):
    """The extraction pipeline cannot be built or run."""


class ExportError(CitegraphError):
    """An output cannot be written."""


class StoreError(CitegraphError):
    """A graph store or Cypher query failed."""
