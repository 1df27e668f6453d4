"""A post on disk: frontmatter + body, read and written back byte for byte.

A Post remembers everything about its file that an author did not ask to change —
encoding, byte-order mark, newline style, final newline, the fence lines — so a load
followed by a save gives the same bytes. Saves are atomic and refuse to overwrite a
file that changed on disk since it was read.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.core.blogfiles import open_nonblocking
from app.core.errors import (
    ConflictError,
    EncodingError,
    FieldError,
    FrontmatterError,
    PostError,
    ReadOnlyError,
)
from app.core.files import (
    FolderBusyError,
    TempFileError,
    describe_kind,
    locked_folder,
    write_atomically,
)
from app.core.post.decoding import (
    decode_post_bytes,
    decode_post_pieces,
    dominant_newline,
    join_gently,
    lf_newlines,
)
from app.core.post.frontmatter import (
    FENCES,
    Frontmatter,
    FrontmatterFormat,
    Split,
    split_document,
)

__all__ = [
    "Fingerprint",
    "Post",
    "atomic_write_bytes",
    "decode_post_bytes",
    "decode_post_pieces",
    "fingerprint_of",
    "join_gently",
    "lf_newlines",
    "post_lock",
]


@dataclass(frozen=True)
class Fingerprint:
    """What the file on disk looked like when it was read or last written."""

    size: int
    mtime_ns: int
    sha256: str


def fingerprint_of(data: bytes, st: os.stat_result | None = None) -> Fingerprint:
    return Fingerprint(
        size=len(data),
        mtime_ns=st.st_mtime_ns if st else 0,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def _split_pieces(pieces: list[str]) -> Split:
    """split_document of the text the pieces make, emptying the list. When the first piece
    decides where the frontmatter ends (as it does for any real post), the body is the rest
    of that piece and the other pieces appended to it: the whole text is never made."""
    head = pieces[0] if pieces else ""
    split = split_document(head)
    if len(pieces) <= 1:
        pieces.clear()
        return split
    # the head ends with a line end inside this piece (a fence at its very end may go on)
    head_end = split.close_fence or split.raw
    head_ended = split.has_frontmatter and split.closed and head_end.endswith("\n")
    # (a Hexo post's JSON has no opening fence: without its `;;;` in this piece, read all)
    no_head = not split.has_frontmatter and "\n" in head and not head.startswith('"')
    if head_ended:
        pieces[0] = split.body
        return replace(split, body=join_gently(pieces))
    if no_head:
        return replace(split, body=join_gently(pieces))
    return split_document(join_gently(pieces))


def atomic_write_bytes(path: Path, data: bytes, *, mode: int | None = None) -> os.stat_result:
    """Write `data` to `path` so that the file is always either old or new, never partial.

    The one rule of app.core.files (temp file, fsync, os.replace; a symlink is followed,
    a device or pipe written into, a folder refused); errors become PostError.
    """
    try:
        return write_atomically(path, data, mode=mode)
    except TempFileError as exc:
        raise _write_error(exc, "cannot create a file in this folder", path) from exc
    except FolderBusyError as exc:
        raise PostError(exc.strerror or str(exc), str(path)) from exc
    except OSError as exc:
        raise _write_error(exc, "could not save", path) from exc


@contextmanager
def post_lock(path: Path | str) -> Iterator[None]:
    """Hold the write lock of a post's folder across a read-modify-write of the post.

    `Post.save` takes the same lock (re-entrantly) to re-check the file and replace it,
    so a save never lands between another writer's read and its write.
    """
    try:
        with locked_folder(Path(os.path.realpath(path)).parent):
            yield
    except FolderBusyError as exc:
        raise PostError(exc.strerror or str(exc), str(path)) from exc


def _os_message(exc: OSError, what: str, *, writing: bool = True) -> str:
    if exc.errno == errno.ENOSPC:
        return f"{what}: the disk is full. The file on disk was not changed."
    if not writing and exc.errno in (errno.EACCES, errno.EPERM):
        return f"{what}: permission denied (you are not allowed to read this file)"
    if exc.errno in READ_ONLY_ERRNOS:
        return f"{what}: permission denied (the file or folder is read-only). Use Save As."
    return f"{what}: {exc.strerror or exc}"


READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)


def _write_error(exc: OSError, what: str, path: Path) -> PostError:
    """A failed write as the error to raise: read-only ones are their own kind, so the
    window offers Save As without reading the message."""
    kind = ReadOnlyError if exc.errno in READ_ONLY_ERRNOS else PostError
    return kind(_os_message(exc, what), str(path))


class Post:
    """One Markdown post: its frontmatter (lossless), its body, and how its file is written."""

    def __init__(
        self,
        text: str | list[str],
        *,
        path: Path | None = None,
        encoding: str = "utf-8",
        bom: bool = False,
    ):
        """`text`: the file's text, or a list of pieces of it (taken over and emptied: a
        big file's, as `decode_post_pieces` gives them; the text is not joined)."""
        self.path = path
        self.encoding = encoding
        self.bom = bom
        self.fingerprint: Fingerprint | None = None
        if isinstance(text, str):
            self.newline = dominant_newline([text])
            split = split_document(text)
        else:
            self.newline = dominant_newline(text)
            split = _split_pieces(text)
        self._open_fence = split.open_fence
        self._close_fence = split.close_fence
        self._raw = split.raw
        self._has_frontmatter = split.has_frontmatter
        # the file's format; a post without front matter gets this one on its first edit
        self.frontmatter_format: FrontmatterFormat = split.format
        self.body = split.body
        self.frontmatter: Frontmatter | None = None
        self.frontmatter_error: FrontmatterError | None = None
        if split.has_frontmatter:
            self._parse_raw(split.raw, closed=split.closed)

    # -- loading -----------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | str) -> Post:
        return cls.load_with_bytes(path)[0]

    @classmethod
    def load_with_bytes(cls, path: Path | str) -> tuple[Post, bytes]:
        """The post and the file's bytes as read (the base of later edits)."""
        path = Path(path)
        try:
            with open(path, "rb", opener=open_nonblocking) as handle:
                st = os.fstat(handle.fileno())
                if stat.S_ISDIR(st.st_mode):
                    raise PostError("this is a folder, not a post", str(path))
                if not stat.S_ISREG(st.st_mode):  # /dev/zero never ends, a pipe may never
                    raise PostError(f"this is {describe_kind(st.st_mode)}, not a post", str(path))
                data = handle.read()
        except FileNotFoundError as exc:
            raise PostError(
                "the file does not exist (it may have been moved or deleted)", str(path)
            ) from exc
        except IsADirectoryError as exc:
            raise PostError("this is a folder, not a post", str(path)) from exc
        except OSError as exc:
            raise PostError(
                _os_message(exc, "cannot read the file", writing=False), str(path)
            ) from exc
        post = cls.from_bytes(data, path=path)
        post.fingerprint = fingerprint_of(data, st)
        return post, data

    @classmethod
    def from_bytes(cls, data: bytes, *, path: Path | None = None) -> Post:
        pieces, encoding, bom = decode_post_pieces(data, None if path is None else str(path))
        return cls(pieces, path=path, encoding=encoding, bom=bom)

    def _parse_raw(self, raw: str, *, closed: bool) -> None:
        fmt = self.frontmatter_format
        first_line = self.frontmatter_first_line
        if not closed:
            self.frontmatter = None
            closing = "closing `}`" if fmt == "json" else f"closing `{FENCES[fmt]}` line"
            self.frontmatter_error = FrontmatterError(
                f"the frontmatter has no {closing}", 1, raw, self._path_str
            )
            return
        try:
            self.frontmatter = Frontmatter(
                raw, fmt=fmt, newline=self.newline, first_line=first_line
            )
            self.frontmatter_error = None
        except FrontmatterError as exc:
            exc.path = self._path_str
            self.frontmatter = None
            self.frontmatter_error = exc

    @property
    def _path_str(self) -> str | None:
        return None if self.path is None else str(self.path)

    # -- the parts -----------------------------------------------------------------

    @property
    def has_frontmatter(self) -> bool:
        return self._has_frontmatter

    @property
    def frontmatter_first_line(self) -> int:
        """1-based file line of the front matter's first line (2 after a fence line)."""
        return self._open_fence.count("\n") + 1

    @property
    def frontmatter_label(self) -> str:
        """The front matter's format as the author knows it: YAML, TOML or JSON."""
        return {"yaml": "YAML", "toml": "TOML"}.get(self.frontmatter_format, "JSON")

    @property
    def raw_frontmatter(self) -> str:
        """The front matter's text (between the fences), exactly as it will be written."""
        return self.frontmatter.raw if self.frontmatter is not None else self._raw

    @property
    def body_first_line(self) -> int:
        """0-based line of the file where the body starts (for scroll sync and lint)."""
        return (self._open_fence + self.raw_frontmatter + self._close_fence).count("\n")

    @property
    def metadata(self) -> dict[Any, Any]:
        return {} if self.frontmatter is None else self.frontmatter.to_dict()

    def get(self, key: Any, default: Any = None) -> Any:
        return default if self.frontmatter is None else self.frontmatter.get(key, default)

    def terms(self, key: str) -> list[str]:
        return [] if self.frontmatter is None else self.frontmatter.terms(key)

    def _editable_frontmatter(self) -> Frontmatter:
        if self.frontmatter_error is not None:
            raise FieldError(
                "the frontmatter cannot be read, so fields cannot be edited until the "
                f"{self.frontmatter_label} is fixed ({self.frontmatter_error})"
            )
        if self.frontmatter is None:  # no frontmatter yet: create the block on first edit
            self._add_fences()
            self.frontmatter = Frontmatter(
                "", fmt=self.frontmatter_format, newline=self.newline,
                first_line=self.frontmatter_first_line,
            )  # fmt: skip
        return self.frontmatter

    def _add_fences(self) -> None:
        """The fence lines of the post's format, where there are none yet."""
        fence = FENCES[self.frontmatter_format]
        if fence and not self._has_frontmatter and not self._open_fence.strip("\ufeff"):
            self._open_fence += fence + self.newline
        if fence and not self._close_fence:
            self._close_fence = fence + self.newline
        self._has_frontmatter = True

    def set(self, key: Any, value: Any) -> None:
        self._editable_frontmatter().set(key, value)

    def set_terms(self, key: str, terms: Iterable[str]) -> None:
        self._editable_frontmatter().set_terms(key, terms)

    def delete(self, key: Any) -> None:
        self._editable_frontmatter().delete(key)

    def set_raw_frontmatter(self, raw: str) -> None:
        """Replace the front matter's text (the raw tab). Broken text is kept, with its error."""
        self._add_fences()
        if raw and not raw.endswith("\n"):
            raw += self.newline  # the closing fence must start its own line
        self._raw = raw
        self._parse_raw(raw, closed=True)

    # -- writing -------------------------------------------------------------------

    @property
    def head_text(self) -> str:
        """Everything before the body: the fences and the front matter between them."""
        return self._open_fence + self.raw_frontmatter + self._close_fence

    def to_text(self) -> str:
        return self.head_text + self.body

    def to_bytes(self) -> bytes:
        text = self.to_text()
        try:
            data = text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            bad = text[exc.start : exc.end]
            raise EncodingError(
                f"{bad!r} cannot be written in this file's {self.encoding.upper()} encoding; "
                "convert the post to UTF-8 to use it",
                self._path_str,
            ) from exc
        if self.bom:
            data = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}[
                self.encoding
            ] + data
        return data

    def changed_on_disk(self, *, by_content: bool = False) -> bool:
        """True when the file's bytes differ from what was loaded or last saved.

        By default an unchanged size and mtime count as unchanged; `by_content` reads the
        bytes anyway (two writes within one clock tick can leave both the same).
        """
        if self.path is None or self.fingerprint is None:
            return False
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return True
        known = self.fingerprint
        if (st.st_size, st.st_mtime_ns) == (known.size, known.mtime_ns) and not by_content:
            return False
        try:
            data = Path(self.path).read_bytes()
        except OSError:
            return True
        return hashlib.sha256(data).hexdigest() != self.fingerprint.sha256

    def save(
        self, path: Path | str | None = None, *, force: bool = False, make_folder: bool = False
    ) -> Path:
        """Write the post atomically. Refuses when the file changed on disk, unless `force`.
        With `make_folder`, a missing folder (a post folder deleted or renamed on disk, a
        new sub-folder for Save As) is created first, after that check.

        The check and the replace happen under the folder's write lock (`post_lock`), and
        the check compares the bytes, so another writer's save cannot slip in between.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise PostError("this post has no file yet; choose where to save it")
        data = self.to_bytes()  # encode first: an encoding error must not touch the disk
        same_file = self.path is not None and Path(target) == Path(self.path)
        if make_folder and not Path(target).parent.is_dir():
            if same_file and not force and self.changed_on_disk():
                raise ConflictError("the file was deleted on disk since it was opened", str(target))
            try:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _write_error(exc, "cannot create the folder", Path(target)) from exc
        with post_lock(target):
            try:
                kind = os.stat(target).st_mode
            except OSError:
                kind = stat.S_IFREG
            if not stat.S_ISREG(kind):
                raise PostError(f"this is {describe_kind(kind)}, not a post", str(target))
            if same_file and not force and self.changed_on_disk(by_content=True):
                exists = Path(target).exists()
                raise ConflictError(
                    "the file changed on disk since it was opened"
                    if exists
                    else "the file was deleted on disk since it was opened",
                    str(target),
                )
            st = atomic_write_bytes(Path(target), data)
        self.path = Path(target)
        self.fingerprint = fingerprint_of(data, st)
        return self.path
