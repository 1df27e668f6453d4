"""Images beside a post: copy them in under safe, predictable names, and link them.

Names never overwrite an existing file: `image.png`, `image-2.png`, … The name is
claimed with an exclusive create (O_CREAT | O_EXCL), so two imports racing for the
same name cannot both win; the bytes are then written atomically over the claim.
"""

from __future__ import annotations

import contextlib
import os
import re
import unicodedata
from pathlib import Path

from app.core.errors import PostError
from app.core.post.post import atomic_write_bytes

__all__ = [
    "IMAGE_EXTENSIONS",
    "image_size_warning",
    "import_image",
    "is_image_file",
    "markdown_for_image",
    "sanitize_file_name",
]

IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp", "ico"})

# Windows and macOS reject these; `#%?()[]` would need escaping in every Markdown link.
_REJECTED = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f#%()\[\]{}]')
_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"-{2,}")
_WINDOWS_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com\d|lpt\d)(\..*)?")
_MAX_STEM_BYTES = 150  # file systems allow 255 bytes; keep room for "-123.jpeg"
_MAX_ATTEMPTS = 10_000


def is_image_file(path: Path | str) -> bool:
    return Path(path).suffix.lower().lstrip(".") in IMAGE_EXTENSIONS


def sanitize_file_name(name: str, default: str = "image") -> str:
    """A file name safe on every OS: no folders, no `..`, no rejected characters.

    Hangul is kept (normalised to NFC: macOS hands out decomposed names, and a
    decomposed name in the Markdown would not match the file on other systems).
    """
    name = unicodedata.normalize("NFC", name)
    name = re.split(r"[/\\]", name)[-1]  # only the last path component
    name = _REJECTED.sub("-", name)
    name = _SPACES.sub("-", name)
    name = _DASHES.sub("-", name).strip(" .-")  # Windows drops trailing dots and spaces
    if _WINDOWS_RESERVED.fullmatch(name):
        name = f"{default}-{name}"
    encoded = name.encode("utf-8")
    if len(encoded) > _MAX_STEM_BYTES:
        name = encoded[:_MAX_STEM_BYTES].decode("utf-8", "ignore").strip(" .-")
    return name or default


def _split_name(suggested: str, ext: str) -> tuple[str, str]:
    """(stem, extension) from a suggested name; its own image extension wins over `ext`."""
    clean = sanitize_file_name(suggested)
    stem, dot, suffix = clean.rpartition(".")
    if dot and stem and suffix.lower() in IMAGE_EXTENSIONS:
        return sanitize_file_name(stem), suffix.lower()
    return clean, ext


def import_image(
    post_dir: Path,
    *,
    data: bytes | None = None,
    source: Path | None = None,
    suggested_name: str | None = None,
    ext: str = "png",
) -> Path:
    """Copy an image into `post_dir` under a fresh name and return its path.

    Give either `data` (pasted bytes) or `source` (a file). A source that already
    lies in `post_dir` is not copied again: its own path is returned.
    """
    if (data is None) == (source is None):
        raise ValueError("give exactly one of data= or source=")
    ext = sanitize_file_name(ext.lower().lstrip("."), default="png")
    if source is not None:
        source = Path(source)
        with contextlib.suppress(OSError):
            if source.resolve().parent == Path(post_dir).resolve() and source.is_file():
                return source
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise PostError(f"cannot read the image: {exc.strerror or exc}", str(source)) from exc
        if suggested_name is None:
            suggested_name = source.name
    assert data is not None
    stem, ext = _split_name(suggested_name or "image", ext)
    for n in range(1, _MAX_ATTEMPTS):
        path = Path(post_dir) / (f"{stem}.{ext}" if n == 1 else f"{stem}-{n}.{ext}")
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise PostError(
                f"cannot create the image file: {exc.strerror or exc}", str(path)
            ) from exc
        os.close(fd)  # the name is ours now; fill it atomically
        try:
            atomic_write_bytes(path, data)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(path)
            raise
        return path
    raise PostError("too many images with this name in the folder", str(post_dir))


def _url_path(name: str) -> str:
    """Percent-encode what would end or confuse a Markdown link destination."""
    out: list[str] = []
    for ch in name:
        if ch in " ()<>[]%#?\\\"'" or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
        else:
            out.append(ch)
    return "".join(out)


def markdown_for_image(
    name: str, alt: str, caption: bool, link: str = "./", *, tag: bool = False
) -> str:
    """`![alt](./name)` (`link` is the folder's URL as the blog's generator reads it:
    `./`, `/images/`, `../../assets/`; `tag`: Hexo's `{% asset_img name alt %}`), plus a
    `<p class="caption">` under it when `caption`. With no `alt`, the file name's stem
    (pasted and dropped images alike get one)."""
    alt = alt.strip() or Path(name).stem
    alt_text = alt.replace("\n", " ").replace("[", "\\[").replace("]", "\\]")
    if tag:
        quoted = alt.replace("\n", " ").replace('"', "'")
        text = f'{{% asset_img {_url_path(name)} "{quoted}" %}}'
    else:
        text = f"![{alt_text}]({link}{_url_path(name)})"
    if caption:
        html = alt.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        text += f'\n\n<p class="caption">{html}</p>'
    return text


def _size(size_bytes: float) -> str:
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / (1024 * 1024):.1f} MB"
    return f"{size_bytes / 1024:.0f} KB"


def image_size_warning(size_bytes: int, limit_mb: float) -> str | None:
    """A message when an image is larger than the author's limit (0 turns it off)."""
    if limit_mb <= 0 or size_bytes <= limit_mb * 1024 * 1024:
        return None
    return (
        f"This image is {_size(size_bytes)}, more than the {limit_mb:g} MB you set as a limit. "
        "Large images make the post slow to load; consider resizing or compressing it."
    )
