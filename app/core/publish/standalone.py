"""The standalone HTML export's page: the preview page with the post's local files inside.

The blog's local images (and other media) become `data:` URIs: files of the post's folder
for relative URLs, files of a `static/` folder of the blog for site-absolute ones. The body
goes through app.core.render.htmlsafe, so nothing in the page loads or reads anything when it is
opened, and a Content Security Policy in its head tells the browser the same.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote

from app.core.blogfiles import file_kind, read_regular_file
from app.core.post.post import Post
from app.core.publish.references import find_file, is_within, references, site_file, url_kind
from app.core.render.flavor import Flavor
from app.core.render.htmlsafe import standalone_body
from app.core.render.mermaid import Draw, drawn_body
from app.core.render.page import render_page
from app.core.siteimages import PostImages

__all__ = ["Embedder", "standalone_page"]

Progress = Callable[[int, int], None]

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
# The standalone page loads nothing but what it holds (belt and braces with htmlsafe).
_POLICY = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; '
    "media-src data:; font-src data:; style-src 'unsafe-inline'; form-action 'none'\">\n"
    '<meta http-equiv="x-dns-prefetch-control" content="off">\n'
    '<meta name="referrer" content="no-referrer">\n'
)
_CHARSET = re.compile(r"<meta charset=[^>]*>\n?|<head>\n?", re.IGNORECASE)


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


class Embedder:
    """Local URLs of the page as data: URIs: the post folder's files, and the blog's
    `static/` files for site-absolute paths; records what it embedded or could not."""

    def __init__(
        self,
        base: Path,
        top: Path,
        progress: Progress | None,
        total: int,
        images: PostImages | None = None,
    ) -> None:
        self.base, self.top, self.progress, self.total = base, top, progress, total
        self.images = images
        self.cache: dict[Path, str] = {}
        self.listings: dict[str, list[str] | None] = {}
        self.embedded: list[str] = []
        self.missing: list[str] = []
        self.outside: list[str] = []

    def _file(self, url: str) -> Path | None:
        kind = url_kind(url)
        if kind == "site":
            if self.images is not None and self.images.served:
                return self.images.site_file(url)
            return site_file(self.base, url, self.top)
        if kind == "relative":
            base = self.images.relative_base(url) if self.images is not None else self.base
            found = find_file(base, url, self.listings)
            if found.status == "missing" or file_kind(found.path) != "file":
                return None
            if not is_within(found.path, base):  # never embed files from elsewhere
                self.outside.append(unquote(url))
                return None
            return found.path
        return None

    def data_uri(self, url: str) -> str | None:
        shown = unquote(url) if url_kind(url) == "relative" else url
        path = self._file(url)
        if path is not None and path not in self.cache:
            try:
                data = read_regular_file(path)
            except OSError:
                path = None
            else:
                uri = f"data:{_mime(path, data)};base64,{base64.b64encode(data).decode()}"
                self.cache[path] = uri
                self.embedded.append(shown)
                if self.progress is not None:
                    self.progress(min(len(self.cache), self.total - 1), self.total)
        if path is None:
            if shown not in self.outside:
                self.missing.append(shown)
            return None
        return self.cache[path]


def standalone_page(
    post: Post,
    base: Path,
    top: Path,
    progress: Progress | None,
    images: PostImages | None = None,
    syntax: frozenset[str] = frozenset(),
    flavor: Flavor | None = None,
    draw: Draw | None = None,
) -> tuple[str, Embedder]:
    """The post's page standing alone, and the embedder that says what went into it
    (`flavor`: how its blog parses Markdown, as the preview shows it; `draw`: what draws
    its mermaid diagrams, which stay code without it)."""
    local = {r.url for r in references(post) if url_kind(r.url) in ("relative", "site")}
    embedder = Embedder(base, top, progress, len(local) + 1, images)
    page = render_page(  # URLs stay as the post writes them
        post.body,
        post.metadata,
        None,
        body_filter=lambda body: standalone_body(drawn_body(body, draw), embedder.data_uri),
        syntax=syntax,
        flavor=flavor,
    )
    head = _CHARSET.search(page)
    at = head.end() if head is not None else 0
    return page[:at] + _POLICY + page[at:], embedder
