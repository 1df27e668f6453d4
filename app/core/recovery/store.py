"""Never lose an author's work: a journal of unsaved edits and a local history of saves.

Both live in a data folder the caller passes in (the app passes platformdirs'
user_data_dir; tests pass a temp folder) — never next to the post and never inside
the blog's repository, where they would be committed or published.

- `Journal`: the full unsaved text of each post with edits, rewritten atomically a
  couple of seconds after typing stops, so a crash or `kill -9` loses at most that.
  The next start lists `entries()`; `disk_state()` says whether the file changed on
  disk since it was loaded (then restoring must go through the three-way merge, with
  `base()` as the common ancestor).
- `History`: the last `keep` saved versions of each post, newest first.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import hashlib
import json
import os
import re
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.core.errors import PostError
from app.core.files import write_private
from app.core.post.post import decode_post_bytes

__all__ = [
    "DiskState",
    "History",
    "Journal",
    "JournalEntry",
    "RecoveryError",
    "Version",
    "diff_text",
    "post_key",
    "split_lines",
]

_JOURNAL_MAGIC = b"postdesk-journal 1\n"
_VERSION_ID = re.compile(r"^[0-9]{20}-[0-9a-f]{16}$")
_SURROGATES = "surrogatepass"  # editor text may hold lone surrogates; keep them, don't crash


class RecoveryError(PostError):
    """A journal entry or history version that cannot be read (missing or damaged)."""


def post_key(post_path: Path | str) -> str:
    """The name under which a post's journal entry and history are stored."""
    absolute = os.path.abspath(os.fspath(post_path))
    return hashlib.sha256(absolute.encode("utf-8", _SURROGATES)).hexdigest()[:32]


def split_lines(text: str) -> list[str]:
    """Lines with their endings; only "\\n" ends a line ("\\r\\n" stays together).

    Unlike str.splitlines this never splits on \\x0b, \\x85 or U+2028, which are
    text inside a Markdown line, and joining the result gives `text` back.
    """
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def diff_text(a: str, b: str, a_label: str = "saved", b_label: str = "unsaved", n: int = 3) -> str:
    """A unified diff from `a` to `b` ("" when they are equal)."""
    a_lines, b_lines = split_lines(a), split_lines(b)
    out: list[str] = []
    for line in difflib.unified_diff(a_lines, b_lines, a_label, b_label, n=n):
        out.append(line)
        if not line.endswith("\n"):  # the last line of a side had no newline
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


def _now() -> datetime:
    return datetime.now(UTC)


def _check_outside(data_dir: Path, post_path: Path) -> None:
    """Refuse a data folder inside the post's own folder (it would be published)."""
    folder = os.path.abspath(post_path.parent)
    data = os.path.abspath(data_dir)
    if data == folder or data.startswith(folder.rstrip(os.sep) + os.sep):
        raise ValueError(f"the recovery data folder {data} must not be inside the post's folder")


_ENCODE_SLICE = 1 << 20  # characters encoded per call: a thread writing a 50 MB post's
# entry lets go of the interpreter lock between slices, so the window is not held up


def _encode(parts: Sequence[str]) -> Iterator[bytes]:
    """UTF-8 (lone surrogates kept) of the text these parts join into, a slice at a time,
    never joined: 50 MB in one buffer cost the interpreter lock for its copy and page
    faults, which the window waited out."""
    for part in parts:
        for i in range(0, len(part), _ENCODE_SLICE):
            yield part[i : i + _ENCODE_SLICE].encode("utf-8", _SURROGATES)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -- the journal ---------------------------------------------------------------------------


class DiskState(enum.Enum):
    """The post's file now, compared with what the journaled edits were based on."""

    UNCHANGED = "unchanged"  # as loaded: restore the text into the editor as unsaved edits
    CHANGED = "changed"  # edited elsewhere since: restore through the three-way merge
    MISSING = "missing"  # deleted or moved: offer Save As
    SAVED = "saved"  # the file already holds the journaled text: discard the entry quietly


@dataclass(frozen=True)
class JournalEntry:
    """Unsaved work on one post, as last journaled."""

    post_path: Path
    base_sha256: str  # of the file's bytes when the post was loaded or last saved; "" if none
    saved_at: datetime  # when the entry was written (UTC)
    text: str  # the whole post as in the editor: frontmatter and body

    def disk_state(self) -> DiskState:
        try:
            data = self.post_path.read_bytes()
        except FileNotFoundError:
            return DiskState.MISSING
        except OSError:
            return DiskState.CHANGED  # unreadable now: never restore over it blindly
        try:  # (first: edits taken back to the file's own text are nothing to restore)
            if decode_post_bytes(data)[0] == self.text:
                return DiskState.SAVED
        except PostError:
            pass
        if _sha256(data) == self.base_sha256:
            return DiskState.UNCHANGED
        return DiskState.CHANGED


class Journal:
    """Unsaved edits, one entry per post, written atomically under `data_dir/journal`.

    `record` costs one small file write (no fsync unless `durable`): the app calls it
    at most every ~2 s after typing stops. Damaged entries are skipped, never fatal.
    """

    def __init__(self, data_dir: Path | str, *, durable: bool = False) -> None:
        self.folder = Path(data_dir) / "journal"
        self.durable = durable  # fsync each entry (survives power loss, not only crashes)

    def _entry_path(self, post_path: Path | str) -> Path:
        return self.folder / f"{post_key(post_path)}.journal"

    def _base_path(self, post_path: Path | str) -> Path:
        return self.folder / f"{post_key(post_path)}.base"

    def record(
        self,
        post_path: Path | str,
        base_sha256: str,
        text: str | Sequence[str],
        *,
        base: bytes | None = None,
    ) -> None:
        """Journal the unsaved `text` of a post (or the parts it joins into). Pass `base`
        (the file's bytes as loaded) once per load or save so a later restore can merge
        with outside edits."""
        post_path = Path(os.path.abspath(post_path))
        _check_outside(self.folder, post_path)
        header = {
            "path": os.fspath(post_path),
            "base_sha256": base_sha256,
            "saved_at": time.time(),
        }
        head = json.dumps(header, ensure_ascii=True).encode("ascii") + b"\n"
        parts = (text,) if isinstance(text, str) else text
        data = [_JOURNAL_MAGIC + head, *_encode(parts)]
        if base is not None and _sha256(base) == base_sha256:
            base_file = self._base_path(post_path)
            if not base_file.is_file() or _sha256(base_file.read_bytes()) != base_sha256:
                write_private(base_file, base, durable=self.durable)
        write_private(self._entry_path(post_path), data, durable=self.durable)

    def get(self, post_path: Path | str) -> JournalEntry | None:
        try:
            return self._read(self._entry_path(post_path))
        except (OSError, ValueError):
            return None

    def base(self, post_path: Path | str) -> bytes | None:
        """The file's bytes the journaled edits started from, if `record` was given them."""
        entry = self.get(post_path)
        try:
            data = self._base_path(post_path).read_bytes()
        except OSError:
            return None
        if entry is None or _sha256(data) != entry.base_sha256:
            return None
        return data

    def entries(self) -> list[JournalEntry]:
        """Every readable entry, oldest first."""
        found: list[JournalEntry] = []
        for path in self._files("*.journal"):
            try:
                found.append(self._read(path))
            except (OSError, ValueError):
                continue  # damaged or half-deleted: skip it rather than fail the start-up
        return sorted(found, key=lambda e: e.saved_at)

    def discard(self, post_path: Path | str) -> None:
        """Forget a post's unsaved work (after it was saved, or the author discarded it)."""
        for path in (self._entry_path(post_path), self._base_path(post_path)):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def _files(self, pattern: str) -> Iterator[Path]:
        try:
            yield from sorted(p for p in self.folder.glob(pattern) if not p.name.startswith("."))
        except OSError:
            return

    @staticmethod
    def _read(path: Path) -> JournalEntry:
        data = path.read_bytes()
        if not data.startswith(_JOURNAL_MAGIC):
            raise ValueError(f"{path}: not a journal entry")
        head, sep, text = data[len(_JOURNAL_MAGIC) :].partition(b"\n")
        if not sep:
            raise ValueError(f"{path}: truncated journal entry")
        header: Any = json.loads(head)
        return JournalEntry(
            post_path=Path(str(header["path"])),
            base_sha256=str(header["base_sha256"]),
            saved_at=datetime.fromtimestamp(float(header["saved_at"]), UTC),
            text=text.decode("utf-8", _SURROGATES),
        )


# -- the local history ---------------------------------------------------------------------


@dataclass(frozen=True)
class Version:
    """One saved version of a post. `id` sorts by time (newest is largest)."""

    id: str
    saved_at: datetime  # UTC
    size: int
    sha256_prefix: str  # the first 16 hex digits of the bytes' SHA-256


class History:
    """The last `keep` saved versions of each post, under `data_dir/history/<post key>/`."""

    def __init__(self, data_dir: Path | str, keep: int = 20) -> None:
        if keep < 1:
            raise ValueError("keep at least one version")
        self.folder = Path(data_dir) / "history"
        self.keep = keep

    def _post_folder(self, post_path: Path | str) -> Path:
        return self.folder / post_key(post_path)

    def add(self, post_path: Path | str, data: bytes) -> Version | None:
        """Remember `data` as the newest saved version; None when it equals the newest."""
        post_path = Path(os.path.abspath(post_path))
        _check_outside(self.folder, post_path)
        folder = self._post_folder(post_path)
        digest = _sha256(data)[:16]
        existing = self.versions(post_path)
        if (
            existing
            and existing[0].sha256_prefix == digest
            and self._same(folder, existing[0], data)
        ):
            return None
        stamp = time.time_ns()
        if existing:  # ids must grow even when the clock is coarse or goes back
            stamp = max(stamp, int(existing[0].id[:20]) + 1)
        version_id = f"{stamp:020d}-{digest}"
        write_private(folder / version_id, data, durable=False)
        name_file = folder / "path.txt"
        if not name_file.exists():
            write_private(
                name_file, os.fspath(post_path).encode("utf-8", _SURROGATES), durable=False
            )
        self.prune(post_path)
        return Version(version_id, _stamp_time(stamp), len(data), digest)

    @staticmethod
    def _same(folder: Path, version: Version, data: bytes) -> bool:
        try:
            return (folder / version.id).read_bytes() == data
        except OSError:
            return False

    def versions(self, post_path: Path | str) -> list[Version]:
        """Saved versions, newest first."""
        folder = self._post_folder(post_path)
        found: list[Version] = []
        try:
            names = os.listdir(folder)
        except OSError:
            return []
        for name in names:
            if not _VERSION_ID.match(name):
                continue
            try:
                size = os.stat(folder / name).st_size
            except OSError:
                continue
            found.append(Version(name, _stamp_time(int(name[:20])), size, name[21:]))
        return sorted(found, key=lambda v: v.id, reverse=True)

    def read(self, post_path: Path | str, version_id: str) -> bytes:
        if not _VERSION_ID.match(version_id):
            raise RecoveryError(f"no saved version {version_id!r}", os.fspath(post_path))
        try:
            return (self._post_folder(post_path) / version_id).read_bytes()
        except OSError as exc:
            raise RecoveryError(
                f"the saved version {version_id} cannot be read ({exc.strerror or exc})",
                os.fspath(post_path),
            ) from exc

    def find(self, post_path: Path | str, sha256: str) -> bytes | None:
        """The saved bytes whose SHA-256 is `sha256` (e.g. a journal entry's base), if kept."""
        for version in self.versions(post_path):
            if version.sha256_prefix == sha256[:16]:
                try:
                    data = self.read(post_path, version.id)
                except RecoveryError:
                    continue
                if _sha256(data) == sha256:
                    return data
        return None

    def prune(self, post_path: Path | str, keep: int | None = None) -> None:
        """Delete all but the newest `keep` (default: self.keep) versions."""
        folder = self._post_folder(post_path)
        for version in self.versions(post_path)[self.keep if keep is None else keep :]:
            with contextlib.suppress(FileNotFoundError):
                (folder / version.id).unlink()

    def forget(self, post_path: Path | str) -> None:
        """Delete every saved version of a post."""
        folder = self._post_folder(post_path)
        for name in os.listdir(folder) if folder.is_dir() else []:
            with contextlib.suppress(FileNotFoundError):
                (folder / name).unlink()
        with contextlib.suppress(OSError):
            folder.rmdir()

    def posts(self) -> list[Path]:
        """Every post that has saved versions."""
        out: list[Path] = []
        try:
            folders = sorted(self.folder.iterdir())
        except OSError:
            return out
        for folder in folders:
            try:
                out.append(Path((folder / "path.txt").read_bytes().decode("utf-8", _SURROGATES)))
            except OSError:
                continue
        return out


def _stamp_time(stamp_ns: int) -> datetime:
    return datetime.fromtimestamp(stamp_ns / 1e9, UTC)
