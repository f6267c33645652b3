"""What the checker reports: one ContentIssue per problem, all of them at once.

A teacher-author fixes lessons from this list, so every issue names the file,
the line (when the problem sits on a line) and the key, like a compiler does.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentIssue:
    path: str
    line: int | None
    key: str
    message: str

    def __str__(self) -> str:
        # `path:line: key: message` is what editors and grep users expect;
        # a file that is missing altogether has no line to point at.
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.key}: {self.message}"


class ContentError(Exception):
    """Raised by load_catalog when any lesson is broken; carries every issue."""

    def __init__(self, issues):
        self.issues = tuple(sorted(issues, key=_sort_key))
        lines = "\n".join(str(issue) for issue in self.issues)
        super().__init__(f"{len(self.issues)} problem(s) in lessons:\n{lines}")


def _sort_key(issue: ContentIssue):
    return (issue.path, issue.line or 0, issue.key, issue.message)


def sort_issues(issues):
    return sorted(issues, key=_sort_key)
