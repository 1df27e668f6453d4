"""Export a post the way its blog expects it: a bundle folder, a zip, or one HTML file.

- **bundle**: `<dest>/<slug>/` holding `index.md`, byte for byte the source (unless
  `normalize=True`, see :func:`normalize_post_bytes`), plus exactly the local files the
  post references (Markdown images, raw `<img>`/`<video>`/`<audio>`/`<source>`, links to
  files, file paths in the frontmatter), under the paths the post writes. Files in the
  folder that the post does not reference are left out; missing ones are reported.
- **zip**: the same files in `<dest>/<slug>.zip`, stored as `<slug>/…`, in sorted order
  with fixed timestamps, so the same post gives the same bytes.
- **html**: `<dest>/<slug>.html`, the preview page with its CSS inlined and the blog's
  local images embedded as `data:` URIs; remote images become links, and nothing in the
  page loads or reads anything when it is opened (see app.core.render.htmlsafe; a Content
  Security Policy in the page says the same to the browser).

Only the blog's own regular files are exported: nothing a symlink leads to outside the
post's folder (or, for `/static` paths, outside the blog), never a named pipe or device.
Outputs are built beside their destination and renamed into place; an existing output is
never replaced unless `overwrite=True`, and then it goes to the trash. A destination that
is, or lies inside, the post's folder or the blog (or that holds them) is refused, and a
failed export leaves no folder it created behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import BinaryIO, Literal

from app.core.blogfiles import (
    blog_root,
    destination_problem,
    file_kind,
    link_outside,
    read_regular_file,
    site_root,
    special_file_message,
)
from app.core.errors import PostError
from app.core.files import (
    folder_post_file,
    install_file,
    temp_file_beside,
    temp_folder_beside,
)
from app.core.post.post import Post, decode_post_bytes
from app.core.post.postfiles import is_folder_post, post_slug
from app.core.publish.differs import blog_flavor
from app.core.publish.findings import Finding
from app.core.publish.references import find_file, is_within, references, url_kind
from app.core.publish.standalone import standalone_page
from app.core.render.flavor import Flavor
from app.core.render.mermaid import Draw
from app.core.render.syntaxes import syntax_for
from app.core.siteimages import PostImages, beside_post, url_path

__all__ = [
    "ExportError", "ExportFormat", "ExportResult", "FolderExportResult", "check_export",
    "export_folder", "export_post", "export_target", "make_folders", "normalize_post_bytes",
    "post_file", "remove_folders", "send_to_trash",
]  # fmt: skip

ExportFormat = Literal["bundle", "zip", "html"]
Progress = Callable[[int, int], None]
FORMATS: tuple[ExportFormat, ...] = ("bundle", "zip", "html")

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build time in the bytes
_FILE_EXT = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_BOMS = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}


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
        found = folder_post_file(path)
        if found is None:
            raise ExportError("no index.md in this folder", str(path))
        return found
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


def _bundle_plan(
    post: Post, base: Path, images: PostImages
) -> tuple[dict[str, Path], list[str], list[str]]:
    """({path in the bundle: file on disk}, missing, outside) for the post's references.
    A file the site serves (`/img/a.png`) goes in as `img/a.png`."""
    files: dict[str, Path] = {}
    missing: list[str] = []
    outside: list[str] = []
    listings: dict[str, list[str] | None] = {}
    for ref in references(post, liquid=images.liquid, shortcodes=images.shortcodes):
        names_file = ref.kind != "link" or _FILE_EXT.search(ref.url.split("#")[0].split("?")[0])
        if url_kind(ref.url) == "site" and images.served and names_file:
            served = images.site_file(ref.url)
            if served is None and ref.url not in missing:
                missing.append(ref.url)
            elif served is not None:
                files.setdefault(url_path(ref.url).lstrip("/\\"), served)
            continue
        if url_kind(ref.url) != "relative" or not re.split(r"[?#]", ref.url)[0]:
            continue
        folder = images.relative_base(ref.url)
        found = find_file(folder, ref.url, listings)
        if found.status == "missing":
            if names_file and ref.url not in missing:
                missing.append(ref.url)
            continue
        if not found.path.is_file():
            continue  # a link to a folder: another post, not a file to copy
        inside = _inside_path(ref.url)
        if inside is None or not is_within(found.path, folder):  # ../shared/a.png, a symlink out
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


def send_to_trash(path: Path) -> None:
    """What an export replaces goes to the trash (the author may want it back)."""
    from send2trash import send2trash

    try:
        send2trash(str(path))
    except Exception as exc:  # TrashPermissionError, OSError: nothing has been replaced
        raise ExportError(
            f"cannot move the existing export to the trash ({exc}); it was kept", str(path)
        ) from exc


def _install(tmp: Path, target: Path, overwrite: bool) -> None:
    """Move a finished temp file or folder to `target` (replacing it only if `overwrite`)."""
    _check_free(target, overwrite)
    if target.exists() or target.is_symlink():
        send_to_trash(target)
    os.rename(tmp, target)


def _write_file(target: Path, write: Callable[[BinaryIO], None], overwrite: bool) -> None:
    """Write through `write` into a temp file beside `target`, fsync, then rename it."""
    _check_free(target, overwrite)
    fd, tmp = temp_file_beside(target)
    try:
        with os.fdopen(fd, "w+b") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        _check_free(target, overwrite)
        if target.is_symlink() or target.is_file():  # what it replaces goes to the trash
            send_to_trash(target)
        install_file(tmp, target)  # the one rule: devices and pipes are written, not replaced
    finally:
        _remove(tmp)


def _put(data: bytes, out: BinaryIO) -> None:
    out.write(data)


def _output(dest: Path, slug: str, suffixes: tuple[str, ...]) -> Path:
    """`dest` itself when it names a file of this kind, else `<dest>/<slug><suffix>`
    (`<dest>/<slug>` for a bundle, whose suffixes are ("",)). Creates nothing."""
    if suffixes[0] and dest.suffix.lower() in suffixes and not dest.is_dir():
        return dest
    if dest.exists() and not dest.is_dir():
        kinds = " or a file name ending in " + suffixes[0] if suffixes[0] else ""
        raise ExportError(f"this is a file, not a folder: give a folder{kinds}", str(dest))
    return dest / f"{slug}{suffixes[0]}"


def make_folders(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; returns those created, deepest first."""
    missing: list[Path] = []
    current = Path(os.path.abspath(folder))
    while not current.is_dir():
        if current.exists() or current == current.parent:
            raise ExportError("this is a file, not a folder", str(current))
        missing.append(current)
        current = current.parent
    for created in reversed(missing):
        created.mkdir(exist_ok=True)
    return missing


def remove_folders(created: list[Path]) -> None:
    """Remove folders `make_folders` created, deepest first, as long as they are empty."""
    for folder in created:
        try:
            folder.rmdir()
        except OSError:
            return


def _os_error(exc: OSError, target: Path) -> ExportError:
    return ExportError(f"cannot write the export: {exc.strerror or exc}", str(target))


# -- entry points ----------------------------------------------------------------------


_SUFFIXES = {"html": (".html", ".htm"), "zip": (".zip",), "bundle": ("",), "pdf": (".pdf",)}


def _roots(source: Path, root: Path | None) -> list[Path]:
    """The blog's folders: its content folder when known, and its top folder."""
    top = blog_root(source)
    return [top] if root is None else [Path(root), top]


def export_target(path: Path, fmt: str, dest: Path) -> Path:
    """The file or folder that exporting the post `path` (a file or folder) to `dest` as
    `fmt` (bundle, zip, html, pdf) writes. Creates nothing."""
    source = post_file(Path(path))
    return _output(Path(dest), post_slug(source), _SUFFIXES[fmt])


def check_export(
    path: Path, target: Path, *, overwrite: bool = False, root: Path | None = None
) -> None:
    """Raise ExportError when the post must not be exported to `target`: the post is a link
    out of the blog or not a regular file; the target is in the post's folder or the blog,
    or holds them; it exists and `overwrite` is off."""
    source = post_file(Path(path))
    roots = _roots(source, root)
    leads = [link_outside(source, folder) for folder in roots]
    if leads[0] is not None and all(leads):
        raise ExportError(
            f"the post is a link to {leads[0]}, outside the blog; nothing outside the blog "
            "is exported",
            str(source),
        )
    if file_kind(source) == "special":
        raise ExportError(special_file_message(source.name), str(source))
    problem = destination_problem(target, source.parent, roots)
    if problem is not None:
        raise ExportError(problem)
    _check_free(target, overwrite)


def export_post(
    path: Path,
    fmt: ExportFormat,
    dest: Path,
    *,
    progress: Progress | None = None,
    normalize: bool = False,
    overwrite: bool = False,
    root: Path | None = None,
    images: PostImages | None = None,
    flavor: Flavor | None = None,
    draw: Draw | None = None,
) -> ExportResult:
    """Export one post (its file or folder) to `dest` (a folder; for zip and html also a
    `.zip`/`.html` file name). `progress(done, total)` is called as files are written.
    `root` is the blog's content folder when known (the window's, a folder export's); the
    blog's top folder is found from the post either way (see blogfiles.blog_root).
    `images`: how the blog's generator resolves the post's URLs, `flavor`: how it parses
    Markdown (default for both: read the blog); `draw`: what draws the html page's mermaid
    diagrams (without it they stay code)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (use bundle, zip or html)")
    source = post_file(Path(path))
    target = export_target(source, fmt, dest)
    check_export(source, target, overwrite=overwrite, root=root)
    try:
        data = read_regular_file(source)
    except OSError as exc:
        raise ExportError(f"cannot read the post: {exc.strerror or exc}", str(source)) from exc
    post = Post.from_bytes(data, path=source)
    base, slug = Path(os.path.realpath(source.parent)), post_slug(source)
    top = blog_root(source)
    from app.core.blog import load_blog  # (the config readers: not before the first paint)
    from app.core.blog.images import post_images

    blog = load_blog(source.parent)
    if images is None:
        images = post_images(blog, source) or beside_post(source)
    assert images is not None
    try:
        created = make_folders(target.parent)
    except OSError as exc:
        raise _os_error(exc, target.parent) from exc
    try:
        if fmt == "html":
            syntax = syntax_for(blog.generator, source)
            if flavor is None:
                flavor = blog_flavor(blog)
            page, embed = standalone_page(post, base, top, progress, images, syntax, flavor, draw)
            _write_file(target, partial(_put, page.encode("utf-8")), overwrite)
            if progress is not None:
                progress(embed.total, embed.total)
            missing, outside = embed.missing, embed.outside
            return ExportResult(
                target,
                embed.embedded,
                list(dict.fromkeys(missing)),
                list(dict.fromkeys(outside)),
            )
        files, missing, outside = _bundle_plan(post, base, images)
        index_name = source.name if is_folder_post(source) else "index.md"
        files.pop(index_name, None)
        index_bytes = normalize_post_bytes(data) if normalize else data
        names = [index_name, *sorted(files)]
        if fmt == "zip":
            write = partial(_write_zip, slug, names, files, index_bytes, progress)
            _write_file(target, write, overwrite)
        else:
            _write_bundle(target, names, files, index_bytes, progress, overwrite)
    except OSError as exc:
        remove_folders(created)
        raise _os_error(exc, target) from exc
    except BaseException:
        remove_folders(created)
        raise
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
            archive.writestr(info, index if done == 1 else read_regular_file(files[name]))
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
    tmp = temp_folder_beside(target)
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
    draw: Draw | None = None,
) -> FolderExportResult:
    """Export every post under `root` that has no error-severity finding, into `dest`.

    `progress(posts done, posts)`. Posts with errors (or whose export failed) are skipped.
    """
    root, dest = Path(root).resolve(), Path(dest).resolve()
    if dest == root or root in dest.parents:
        raise ExportError(
            "export to a folder outside the content folder (copies would become posts)"
        )
    problem = destination_problem(dest, root, [site_root(root) or root])
    if problem is not None:
        raise ExportError(problem)
    from app.core.publish.lint import check_folder  # the window imports this module at start-up

    results = check_folder(root)
    try:
        created = make_folders(dest)
    except OSError as exc:
        raise _os_error(exc, dest) from exc
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
                    export_post(
                        path,
                        fmt,
                        dest,
                        normalize=normalize,
                        overwrite=overwrite,
                        root=root,
                        draw=draw,
                    )
                )
                used[slug] = path
            except PostError as exc:
                skipped[path] = [Finding("export", "error", 1, exc.message)]
        if progress is not None:
            progress(done, len(results))
    if not exported:
        remove_folders(created)
    return FolderExportResult(exported, skipped)
