"""Typed errors of the core. The UI turns them into messages in one place."""

from __future__ import annotations


class PostError(Exception):
    """A post could not be read or written. `message` is fit to show an author."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class FrontmatterError(PostError):
    """Frontmatter that cannot be read as YAML. Nothing is lost: `raw` keeps the text.

    `line` is 1-based and counts lines of the whole file (the opening `---` is line 1),
    or is None when the position is unknown.
    """

    def __init__(self, message: str, line: int | None, raw: str, path: str | None = None):
        super().__init__(message, path)
        self.line = line
        self.raw = raw

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        prefix = f"{self.path}: " if self.path else ""
        return f"{prefix}{where}{self.message}"


class EncodingError(PostError):
    """A file's bytes are not text Postdesk can read or write back faithfully."""


class ConflictError(PostError):
    """The file changed on disk since it was loaded; saving would overwrite someone's work."""


class ReadOnlyError(PostError):
    """The file or its folder cannot be written (permissions, a read-only disk): the text
    can still be saved somewhere else."""


class FieldError(PostError):
    """A frontmatter field cannot be set to that value (e.g. the frontmatter is broken)."""
