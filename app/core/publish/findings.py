"""What the publish check reports: findings and their quick fixes (no rules here).

Kept apart from app.core.publish.lint so that the window can show findings without importing the
checker (markdown-it and the rest) before its first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["Finding", "Fix", "Severity", "TextEdit"]

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class TextEdit:
    """Replace the text from (line, column) to (end_line, end_column) with `text`.

    Lines are 1-based file lines; columns are 0-based indices into the line (Python str).
    """

    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True)
class Fix:
    """A quick fix: text edits (applied first, all computed on the same text), then fields."""

    description: str
    edits: tuple[TextEdit, ...] = ()
    fields: tuple[tuple[str, Any], ...] = ()  # a list value for tags/categories sets terms


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    line: int  # 1-based file line
    message: str
    fix: Fix | None = None
    column: int | None = None  # 0-based, when the rule knows it

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule, "severity": self.severity, "line": self.line,
            "column": self.column, "message": self.message,
            "fix": None if self.fix is None else self.fix.description,
        }  # fmt: skip
