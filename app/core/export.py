"""Export a post the way its blog expects it: a bundle folder, a zip, or one HTML file.

- **bundle**: `<dest>/<slug>/` holding `index.md`, byte for byte the source (unless
  `normalize=True`, see :func:`normalize_post_bytes`), plus exactly the local files the
  post references (Markdown images, raw `<img>`/`<video>`/`<audio>`/`<source>`, links to
  files, file paths in the frontmatter), under the paths the post writes. Files in the
  folder that the post does not reference are left out; missing ones are reported.
- **zip**: the same files in `<dest>/<slug>.zip`, stored as `<slug>/…`, in sorted order
  with fixed timestamps, so the same post gives the same bytes.
- **html**: `<dest>/<slug>.html`, the preview page with its CSS inlined, local images
  embedded as `data:` URIs and remote images kept as links; every other local reference
  (links to files, site-absolute paths) is removed, so the file stands alone.

Outputs are built beside their destination and renamed into place, and an existing output
is never replaced unless `overwrite=True`.
"""

from __future__ import annotations

import base64
import contextlib
import html
import mimetypes
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO, Literal
from urllib.parse import unquote

from app.core.errors import PostError
from app.core.files import install_file
from app.core.findings import Finding
from app.core.page import render_page
from app.core.post import Post, decode_post_bytes
from app.core.postfiles import is_folder_post, post_slug
from app.core.references import find_file, is_within, references, site_file, url_kind

__all__ = [
    "ExportError", "ExportFormat", "ExportResult", "FolderExportResult", "export_folder",
    "export_post", "normalize_post_bytes", "post_file",
]  # fmt: skip

ExportFormat = Literal["bundle", "zip", "html"]
Progress = Callable[[int, int], None]
FORMATS: tuple[ExportFormat, ...] = ("bundle", "zip", "html")

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build time in the bytes
_FILE_EXT = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
_MIME = {
    "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
    "webp": "image/webp", "svg": "image/svg+xml", "avif": "image/avif", "bmp": "image/bmp",
    "ico": "image/x-icon", "mp4": "video/mp4", "webm": "video/webm", "mov": "video/quicktime",
    "mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav", "pdf": "application/pdf",
}  # fmt: skip
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"%PDF-", "application/pdf"),
)  # fmt: skip
# Tags in the rendered page (comments skipped) and their attributes, with their positions.
_TAG = re.compile(r"<!--.*?-->|<([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_ATTR = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_URL_ATTRS = frozenset({"src", "href", "poster", "srcset", "action", "formaction", "data"})
_EMBEDDED_ATTRS = frozenset({"src", "poster", "data"})


class ExportError(PostError):
    """An export could not be written (the output exists, the disk is full, …)."""


@dataclass(frozen=True)
class ExportResult:
    output: Path
    files: list[str]  # bundle/zip: paths inside the bundle; html: the local files embedded
    missing: list[str]  # local files the post references that do not exist (as written)
    outside: list[str] = field(default_factory=list)  # bundle/zip: files outside the folder


@dataclass(frozen=True)
class FolderExportResult:
    exported: list[ExportResult]
    skipped: dict[Path, list[Finding]]  # posts not exported, with their errors


def post_file(path: Path) -> Path:
    """The Markdown file of a post given as a file or as its folder."""
    path = Path(path)
    if path.is_dir():
        for name in ("index.md", "index.markdown"):
            if (path / name).is_file():
                return path / name
        raise ExportError("no index.md in this folder", str(path))
    return path


def normalize_post_bytes(data: bytes) -> bytes:
    """Trailing spaces and tabs removed and a final newline added; nothing else changes.

    Encoding, byte-order mark and newline style are kept. Two or more spaces at the end of
    a line followed by more text are a Markdown hard line break, so those stay as written.
    """
    text, encoding, bom = decode_post_bytes(data)
    lines = re.split(r"(?<=\n)", text)
    out: list[str] = []
    for i, line in enumerate(lines):
        content = line.rstrip("\r\n")
        ending = line[len(content) :]
        stripped = content.rstrip(" \t")
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        hard_break = content.endswith("  ") and stripped and following
        out.append((content if hard_break else stripped) + ending)
    result = "".join(out)
    if result and not result.endswith("\n"):
        crlf = result.count("\r\n")
        result += "\r\n" if crlf > result.count("\n") - crlf else "\n"
    return (_BOMS.get(encoding, b"") if bom else b"") + result.encode(encoding)


# -- what goes into a bundle -----------------------------------------------------------


def _inside_path(url: str) -> str | None:
    """The post-folder-relative POSIX path a relative URL names; None if it leaves the folder."""
    parts: list[str] = []
    for part in re.split(r"[/\\]", re.split(r"[?#]", url, maxsplit=1)[0]):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts) or None


def _bundle_plan(post: Post, base: Path) -> tuple[dict[str, Path], list[str], list[str]]:
    """({path in the bundle: file on disk}, missing, outside) for the post's references."""
    files: dict[str, Path] = {}
    missing: list[str] = []
    outside: list[str] = []
    listings: dict[str, list[str] | None] = {}
    for ref in references(post):
        if url_kind(ref.url) != "relative" or not re.split(r"[?#]", ref.url)[0]:
            continue
        names_file = ref.kind != "link" or _FILE_EXT.search(ref.url.split("#")[0].split("?")[0])
        found = find_file(base, ref.url, listings)
        if found.status == "missing":
            if names_file and ref.url not in missing:
                missing.append(ref.url)
            continue
        if not found.path.is_file():
            continue  # a link to a folder: another post, not a file to copy
        inside = _inside_path(ref.url)
        if inside is None or not is_within(found.path, base):  # ../shared/a.png, a symlink out
            if ref.kind != "link" and ref.url not in outside:
                outside.append(ref.url)
            continue
        files.setdefault(inside, found.path)  # under the name the post uses
    return files, missing, outside


# -- writing outputs atomically --------------------------------------------------------


def _check_free(target: Path, overwrite: bool) -> None:
    if not overwrite and (target.exists() or target.is_symlink()):
        raise ExportError(
            "already exists; choose another destination or allow overwriting", str(target)
        )


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _install(tmp: Path, target: Path, overwrite: bool) -> None:
    """Move a finished temp file or folder to `target` (replacing it only if `overwrite`)."""
    _check_free(target, overwrite)
    old = None
    if target.exists() or target.is_symlink():
        old = target.with_name(f".{target.name}.postdesk-old-{os.getpid()}")
        _remove(old)
        os.rename(target, old)
    try:
        os.rename(tmp, target)
    except BaseException:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        _remove(old)


def _write_file(target: Path, write: Callable[[BinaryIO], None], overwrite: bool) -> None:
    """Write through `write` into a temp file beside `target`, fsync, then rename it."""
    _check_free(target, overwrite)
    fd, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".postdesk-tmp", dir=target.parent
    )
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w+b") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        _check_free(target, overwrite)
        install_file(tmp, target)  # the one rule: devices and pipes are written, not replaced
    finally:
        _remove(tmp)


def _put(data: bytes, out: BinaryIO) -> None:
    out.write(data)


def _output(dest: Path, slug: str, suffixes: tuple[str, ...]) -> Path:
    """`dest` itself when it names a file of this kind, else `<dest>/<slug><suffix>`."""
    if dest.suffix.lower() in suffixes and not dest.is_dir():
        dest.parent.mkdir(parents=True, exist_ok=True)
        return dest
    dest.mkdir(parents=True, exist_ok=True)
    return dest / f"{slug}{suffixes[0]}"


def _os_error(exc: OSError, target: Path) -> ExportError:
    return ExportError(f"cannot write the export: {exc.strerror or exc}", str(target))


# -- html ------------------------------------------------------------------------------


def _mime(path: Path, data: bytes) -> str:
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[4:12] in (b"ftypavif", b"ftypavis"):
        return "image/avif"
    ext = path.suffix.lower().lstrip(".")
    return _MIME.get(ext) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class _Embedder:
    """Rewrites the page's URLs: local files become data: URIs, other local links go."""

    def __init__(self, base: Path, progress: Progress | None, total: int) -> None:
        self.base, self.progress, self.total = base, progress, total
        self.cache: dict[Path, str] = {}
        self.listings: dict[str, list[str] | None] = {}
        self.embedded: list[str] = []
        self.missing: list[str] = []
        self.outside: list[str] = []

    def _file(self, url: str) -> Path | None:
        kind = url_kind(url)
        if kind == "site":
            return site_file(self.base, url)
        if kind == "relative":
            found = find_file(self.base, url, self.listings)
            if found.status == "missing" or not found.path.is_file():
                return None
            if not is_within(found.path, self.base):  # never embed files from elsewhere
                self.outside.append(unquote(url))
                return None
            return found.path
        return None

    def _data_uri(self, url: str) -> str | None:
        path = self._file(url)
        if path is None:
            return None
        if path not in self.cache:
            data = path.read_bytes()
            self.cache[path] = f"data:{_mime(path, data)};base64,{base64.b64encode(data).decode()}"
            self.embedded.append(unquote(url) if url_kind(url) == "relative" else url)
            if self.progress is not None:
                self.progress(min(len(self.cache), self.total - 1), self.total)
        return self.cache[path]

    def tag(self, match: re.Match[str]) -> str:
        name, attrs = match.group(1), match.group(2)
        if name is None or not attrs:
            return match.group(0)
        pieces, last = [], 0
        for attr in _ATTR.finditer(attrs):
            key = attr.group(1).lower()
            if key not in _URL_ATTRS or attr.group(2) is None:
                continue
            raw = attr.group(2)
            url = html.unescape(raw[1:-1] if raw[:1] in "'\"" else raw).strip()
            if key == "srcset":
                urls = [c.split()[0] for c in url.split(",") if c.split()]
                local = any(url_kind(u) in ("relative", "site", "local") for u in urls)
            else:
                local = url_kind(url) in ("relative", "site", "local")
            if not local:
                continue
            replacement = ""  # drop the attribute: nothing may point at another local file
            if key in _EMBEDDED_ATTRS and (uri := self._data_uri(url)) is not None:
                replacement = f'{attr.group(1)}="{uri}"'
            elif key in _EMBEDDED_ATTRS and unquote(url) not in self.outside:
                self.missing.append(unquote(url) if url_kind(url) == "relative" else url)
                replacement = f'data-missing="{html.escape(url)}"'
            pieces.append(attrs[last : attr.start()] + replacement)
            last = attr.end()
        if not pieces:
            return match.group(0)
        return f"<{name}{''.join(pieces)}{attrs[last:]}>"


def _standalone_html(post: Post, base: Path, progress: Progress | None) -> tuple[str, _Embedder]:
    page = render_page(post.body, post.metadata, None)  # URLs stay as the post writes them
    local = {r.url for r in references(post) if url_kind(r.url) in ("relative", "site")}
    embedder = _Embedder(base, progress, len(local) + 1)
    return _TAG.sub(embedder.tag, page), embedder


# -- entry points ----------------------------------------------------------------------


def export_post(
    path: Path,
    fmt: ExportFormat,
    dest: Path,
    *,
    progress: Progress | None = None,
    normalize: bool = False,
    overwrite: bool = False,
) -> ExportResult:
    """Export one post (its file or folder) to `dest` (a folder; for zip and html also a
    `.zip`/`.html` file name). `progress(done, total)` is called as files are written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use bundle, zip or html)")
    source = post_file(Path(path))
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ExportError(f"cannot read the post: {exc.strerror or exc}", str(source)) from exc
    post = Post.from_bytes(data, path=source)
    base, slug = source.resolve().parent, post_slug(source)
    dest = Path(dest)
    try:
        if fmt == "html":
            target = _output(dest, slug, (".html", ".htm"))
            _check_free(target, overwrite)
            page, embedder = _standalone_html(post, base, progress)
            _write_file(target, partial(_put, page.encode("utf-8")), overwrite)
            if progress is not None:
                progress(embedder.total, embedder.total)
            missing, outside = embedder.missing, embedder.outside
            return ExportResult(
                target,
                embedder.embedded,
                list(dict.fromkeys(missing)),
                list(dict.fromkeys(outside)),
            )
        files, missing, outside = _bundle_plan(post, base)
        index_name = source.name if is_folder_post(source) else "index.md"
        files.pop(index_name, None)
        index_bytes = normalize_post_bytes(data) if normalize else data
        names = [index_name, *sorted(files)]
        if fmt == "zip":
            target = _output(dest, slug, (".zip",))
            _check_free(target, overwrite)
            write = partial(_write_zip, slug, names, files, index_bytes, progress)
            _write_file(target, write, overwrite)
        else:
            dest.mkdir(parents=True, exist_ok=True)
            target = dest / slug
            _check_free(target, overwrite)
            _write_bundle(target, names, files, index_bytes, progress, overwrite)
    except OSError as exc:
        raise _os_error(exc, dest) from exc
    return ExportResult(target, names, missing, outside)


def _write_zip(
    slug: str,
    names: list[str],
    files: dict[str, Path],
    index: bytes,
    progress: Progress | None,
    out: BinaryIO,
) -> None:
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, name in enumerate(names, start=1):
            info = zipfile.ZipInfo(f"{slug}/{name}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permissions below mean the same everywhere
            info.external_attr = 0o644 << 16
            archive.writestr(info, index if done == 1 else files[name].read_bytes())
            if progress is not None:
                progress(done, len(names))


def _write_bundle(
    target: Path,
    names: list[str],
    files: dict[str, Path],
    index: bytes,
    progress: Progress | None,
    overwrite: bool,
) -> None:
    tmp = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".postdesk-tmp", dir=target.parent)
    )
    try:
        for done, name in enumerate(names, start=1):
            out = tmp / name
            out.parent.mkdir(parents=True, exist_ok=True)
            if done == 1:
                out.write_bytes(index)
            else:
                shutil.copyfile(files[name], out)
            if progress is not None:
                progress(done, len(names))
        os.chmod(tmp, 0o755)  # mkdtemp makes it private; a bundle is for sharing
        _install(tmp, target, overwrite)
    finally:
        _remove(tmp)


def export_folder(
    root: Path,
    fmt: ExportFormat,
    dest: Path,
    *,
    overwrite: bool = False,
    normalize: bool = False,
    progress: Progress | None = None,
) -> FolderExportResult:
    """Export every post under `root` that has no error-severity finding, into `dest`.

    `progress(posts done, posts)`. Posts with errors (or whose export failed) are skipped.
    """
    root, dest = Path(root).resolve(), Path(dest).resolve()
    if dest == root or root in dest.parents:
        raise ExportError(
            "export to a folder outside the content folder (copies would become posts)"
        )
    from app.core.lint import check_folder  # the window imports this module at start-up

    results = check_folder(root)
    dest.mkdir(parents=True, exist_ok=True)
    exported: list[ExportResult] = []
    skipped: dict[Path, list[Finding]] = {}
    used: dict[str, Path] = {}
    for done, (path, findings) in enumerate(results.items(), start=1):
        errors = [f for f in findings if f.severity == "error"]
        slug = post_slug(path).casefold()
        if not errors and slug in used:
            message = f"{used[slug].relative_to(root)} is exported under the same name"
            errors = [Finding("export", "error", 1, message)]
        if errors:
            skipped[path] = errors
        else:
            try:
                exported.append(
                    export_post(path, fmt, dest, normalize=normalize, overwrite=overwrite)
                )
                used[slug] = path
            except PostError as exc:
                skipped[path] = [Finding("export", "error", 1, exc.message)]
        if progress is not None:
            progress(done, len(results))
    return FolderExportResult(exported, skipped)
