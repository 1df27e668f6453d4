"""Writing files without losing or breaking anything, and which files of a blog are posts.

- `write_atomically` / `install_file`: the only way Postdesk replaces a file. A regular
  file (or a name that does not exist yet) is replaced atomically: a temp file beside it,
  fsync, `os.replace`. A character device or a pipe given as the target is written to
  directly (renaming over `/dev/null` would turn it into a regular file); a folder, a block
  device or a socket is refused. A symlink is followed, so the link survives.
- `locked_folder`: an advisory lock (flock) on a post's folder, held across a
  read-modify-write so that two writers of one post (two `postdesk set`, or the window and
  a `set`) take turns instead of one silently undoing the other. Locking the folder's own
  descriptor needs no lock file in the author's folder and survives the atomic rename of
  the post, which a lock on the post's file would not.
- Temp files are named `.<name>.<random>.postdesk-tmp` and flocked by their writer while
  they exist; `remove_stale_temp` deletes one a killed writer left behind.
- Which files are posts: `is_post_name` / `is_post_relpath` / `folder_post_file`, the one
  rule that the library's walk (app/core/library/walk.py), its cache, the file watcher and
  the command line follow. Hidden names (our temp files among them) and `IGNORED_DIRS` are
  never looked into.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, the re-checks remain
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "IGNORED_DIRS",
    "INDEX_NAMES",
    "LOCK_WAIT_S",
    "POST_SUFFIXES",
    "STALE_TEMP_S",
    "TEMP_SUFFIX",
    "FolderBusyError",
    "TempFileError",
    "describe_kind",
    "folder_post_file",
    "install_file",
    "is_post_name",
    "is_post_relpath",
    "is_skipped_name",
    "is_temp_name",
    "locked_folder",
    "remove_stale_temp",
    "temp_file_beside",
    "temp_folder_beside",
    "write_atomically",
    "write_private",
]

TEMP_SUFFIX = ".postdesk-tmp"
LOCK_WAIT_S = 20.0  # a writer holds the lock for milliseconds; this long means it is stuck
STALE_TEMP_S = 60.0  # a temp file untouched this long and not locked has no live writer
_NO_LOCKS = (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL, errno.EBADF)
# mkstemp's names: "." + target name + "." + 8 random characters + our suffix
_TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + r"$")

POST_SUFFIXES = (".md", ".markdown")  # compared lower-cased
INDEX_NAMES = ("index.md", "index.markdown")  # a folder post's file: <slug>/index.md
IGNORED_DIRS = frozenset({"node_modules", ".git", "public", ".cache"})  # and hidden folders


class FolderBusyError(OSError):
    """Another process has held a folder's write lock for longer than `LOCK_WAIT_S`."""


class TempFileError(OSError):
    """The temp file beside the target could not be created (the folder is not writable)."""


def describe_kind(mode: int) -> str:
    """What a non-regular file is, for messages ("a folder", "a pipe (FIFO)" …)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _follow(path: Path) -> Path:
    """The path a write goes to: a symlink's target (so the link itself survives)."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def _streamable(st: os.stat_result | None) -> bool:
    """A target that must be written to, never replaced: a character device or a pipe."""
    return st is not None and (stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode))


def _refuse_kind(target: Path, st: os.stat_result | None) -> None:
    if st is None or stat.S_ISREG(st.st_mode) or _streamable(st):
        return
    kind = describe_kind(st.st_mode)
    code = errno.EISDIR if stat.S_ISDIR(st.st_mode) else errno.EINVAL
    raise OSError(code, f"it is {kind}; Postdesk writes only files, devices like "
                  "/dev/null and pipes", str(target))  # fmt: skip


def _write_into(target: Path, chunks: Iterator[bytes]) -> None:
    """Write straight into a character device or a pipe (opened as the shell's `>` would)."""
    fd = os.open(target, os.O_WRONLY | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(fd, "wb") as handle:
        for chunk in chunks:
            handle.write(chunk)


def _read_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


def temp_file_beside(target: Path) -> tuple[int, Path]:
    """A new temp file next to `target` (open descriptor, path), named as `is_temp_name`
    expects and flocked so no cleaner takes it while it lives. Raises TempFileError."""
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as exc:
        raise TempFileError(exc.errno, exc.strerror, str(target.parent)) from exc
    if fcntl is not None:
        with suppress(OSError):  # a filesystem without locks: the age check still protects it
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd, Path(name)


def temp_folder_beside(target: Path) -> Path:
    """A new private temp folder next to `target`, to be renamed into its place when full.
    Hidden and ending in TEMP_SUFFIX, so the library and the watcher never look into it."""
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent))


def _fsync_folder(folder: Path) -> None:
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except OSError:
        pass  # some filesystems cannot fsync a folder; the file itself is safe


def _default_mode(existing: os.stat_result | None) -> int:
    if existing is not None:
        return stat.S_IMODE(existing.st_mode)
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_atomically(
    path: Path, data: bytes | Iterable[bytes], *, mode: int | None = None, durable: bool = True
) -> os.stat_result:
    """Write `data` to `path`: always the old or the new file, never a partial one.
    `data` may come in chunks (a big text encoded a slice at a time, never joined).

    `mode`: the new file's permission bits (default: the old file's, else 0o666 less the
    umask). `durable`: fsync the file and its folder. A read-only target is refused (an
    atomic rename would get past its mode, root included). Raises OSError.
    """
    chunks: Iterable[bytes] = (data,) if isinstance(data, bytes | bytearray) else data
    target = _follow(Path(path))
    existing = _stat_or_none(target)
    _refuse_kind(target, existing)
    if _streamable(existing):
        _write_into(target, iter(chunks))
        return os.stat(target)
    if existing is not None and (not existing.st_mode & 0o222 or not os.access(target, os.W_OK)):
        raise PermissionError(errno.EACCES, "Permission denied", str(target))
    mode = _default_mode(existing) if mode is None else mode
    fd, tmp = temp_file_beside(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
            os.replace(tmp, target)  # under the temp file's lock, released on close
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if durable:
        _fsync_folder(target.parent)
    return os.stat(target)


def write_private(path: Path, data: bytes | Iterable[bytes], *, durable: bool) -> None:
    """`write_atomically` for Postdesk's own data (journal, history, caches): the folder is
    made if missing, and the file is private (0o600), as it holds unpublished text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data, mode=0o600, durable=durable)


def install_file(tmp: Path, target: Path) -> None:
    """Put a finished temp file (written beside `target`) in `target`'s place.

    The same rule as `write_atomically`: a regular file or a new name is replaced
    atomically; a character device or a pipe gets the bytes written into it (and the temp
    file is removed); anything else is refused with OSError, the temp file left to the
    caller.
    """
    real = _follow(Path(target))
    existing = _stat_or_none(real)
    _refuse_kind(real, existing)
    if _streamable(existing):
        _write_into(real, _read_chunks(tmp))
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        return
    os.replace(tmp, real)


# -- the folder lock -------------------------------------------------------------------------

_held = threading.local()  # per thread: {(st_dev, st_ino): [fd, depth]}


@contextmanager
def locked_folder(folder: Path, *, wait_s: float | None = None) -> Iterator[None]:
    """Hold an exclusive advisory lock on `folder` (re-entrant within a thread).

    Other processes, and other threads of this one, wait for it up to `wait_s` (default
    `LOCK_WAIT_S`), then get FolderBusyError. Where locks cannot be taken (no fcntl, a
    folder that cannot be opened, a filesystem without flock) this holds nothing: the
    callers' content re-checks still stand.
    """
    fd = _open_folder(folder)
    if fd is None:
        yield
        return
    held: dict[tuple[int, int], list[int]] = _held.__dict__.setdefault("locks", {})
    st = os.fstat(fd)
    key = (st.st_dev, st.st_ino)
    if key in held:  # this thread holds it already
        os.close(fd)
        held[key][1] += 1
        try:
            yield
        finally:
            held[key][1] -= 1
        return
    wait_s = LOCK_WAIT_S if wait_s is None else wait_s
    try:
        if not _flock_within(fd, wait_s):
            raise FolderBusyError(
                errno.EWOULDBLOCK,
                f"another program has been writing in this folder for {wait_s:g} s; "
                "try again when it is done",
                str(folder),
            )
        held[key] = [fd, 1]
        try:
            yield
        finally:
            del held[key]
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _open_folder(folder: Path) -> int | None:
    if fcntl is None:
        return None
    try:
        return os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return None  # missing or unreadable: the write itself will say what is wrong


def _flock_within(fd: int, wait_s: float) -> bool:
    """Take the lock, polling so that a stuck holder costs `wait_s`, not forever."""
    deadline = time.monotonic() + wait_s
    pause = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
        except OSError as exc:
            if exc.errno in _NO_LOCKS:
                return True  # no locks on this filesystem: go on without one
            raise


# -- which files are posts -----------------------------------------------------------------


def is_skipped_name(name: str) -> bool:
    """A file or folder name no post is looked for in or as: hidden (our temp files are
    too), or an ignored folder such as node_modules."""
    return name.startswith(".") or name in IGNORED_DIRS or name.endswith(TEMP_SUFFIX)


def is_post_name(name: str) -> bool:
    """A file name that is a post's, wherever it may be: `*.md`, `*.markdown`, not hidden."""
    return name.lower().endswith(POST_SUFFIXES) and not is_skipped_name(name)


def is_post_relpath(rel: str, sep: str = "/") -> bool:
    """`rel` (relative to the blog folder) is a post file the library lists, as far as its
    names tell: no folder on the way hidden or ignored. (Whether a folder on the way is a
    symlink, which the walk does not enter, only the file system can tell.)"""
    *folders, name = rel.split(sep)
    return is_post_name(name) and not any(map(is_skipped_name, folders))


def folder_post_file(folder: Path) -> Path | None:
    """The post file of a post folder (`index.md`, else `index.markdown`), if it has one."""
    for name in INDEX_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


# -- leftovers of killed writers ----------------------------------------------------------


def is_temp_name(name: str) -> bool:
    """True for the temp files Postdesk's writers create (and only those)."""
    return _TEMP_NAME.match(name) is not None


def remove_stale_temp(path: Path, *, now: float | None = None) -> bool:
    """Delete `path` if it is our temp file and no writer can still be using it.

    That is: a regular file with our name pattern, untouched for `STALE_TEMP_S`, whose
    flock nobody holds (a live writer holds it from creation to rename). Returns True
    when it was removed.
    """
    if not is_temp_name(path.name) or fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        now = time.time() if now is None else now
        if not stat.S_ISREG(st.st_mode) or now - st.st_mtime < STALE_TEMP_S:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a writer holds it
        try:
            if not os.path.samestat(st, os.stat(path, follow_symlinks=False)):
                return False  # replaced meanwhile: not the file we checked
            os.unlink(path)
        except OSError:
            return False
        return True
    finally:
        os.close(fd)
