"""What a post refers to: every image, link and media URL, and where it is written.

Shared by the publish check (lint.py) and export (export.py). URLs are found with the
same markdown-it syntax as render/markdown.py (so code stays code) plus raw HTML tags, each with
its exact file line and column. `find_file` follows a relative URL comparing names with
the real folder listings, so a name that differs only in case or Unicode form is caught
on every OS (macOS and Windows would open it anyway; the Linux server would not).
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import unquote

from app.core.blogfiles import file_kind
from app.core.post.post import Post

if TYPE_CHECKING:  # markdown-it itself is imported with the first parse (see _markdown)
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = [
    "NEWLINE", "Lookup", "PostScan", "Reference", "find_file", "is_within", "references",
    "scan_post", "site_file", "url_kind",
]  # fmt: skip

NEWLINE = re.compile(r"\r\n|\r|\n")  # what markdown-it (and the editor) count as line ends
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_MEDIA_EXT = "png|jpe?g|gif|webp|svg|avif|bmp|ico|mp4|webm|mov|mp3|ogg|wav|pdf"
# frontmatter values that name a file: ./cover.png, ../shared/a b.jpg, images/cover.png
_FM_FILE = re.compile(
    rf"^(?:\.\.?/\S+|(?:\.\.?/)?[^\s:/\\][^:\n]*\.(?:{_MEDIA_EXT}))$", re.IGNORECASE
)
# Raw HTML tags that reference files: comments are matched first so their contents are skipped.
_RAW_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)|<(img|a|source|video|audio)((?:\s+[A-Za-z_:][\w.:-]*"
    r"(?:\s*=\s*(?:[^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?)*)\s*/?>",
    re.IGNORECASE | re.DOTALL,
)
_RAW_ATTR = re.compile(r"([A-Za-z_:][\w.:-]*)(?:\s*=\s*([^\"'=<>`\x00-\x20]+|'[^']*'|\"[^\"]*\"))?")


_CODE_SPAN = re.compile(r"(`+)[^`].*?\1", re.DOTALL)

RefKind = Literal["image", "media", "link", "frontmatter"]


@dataclass(frozen=True)
class Reference:
    """A URL the post refers to, where it is written."""

    url: str  # as written; relative URLs percent-decoded (the path on disk)
    kind: RefKind
    line: int  # 1-based file line
    column: int | None  # where `raw` starts in that line, when it was found
    raw: str  # the URL's own text in the source ("" when not found)
    alt: str | None = None  # images: the alt text (None: an <img> without an alt attribute)


@dataclass(frozen=True)
class Lookup:
    """Where a relative path leads: `path` is the real file when status is not "missing"."""

    status: Literal["ok", "case", "unicode", "missing"]
    path: Path
    real: str = ""  # the relative path spelled as on disk (for "case" and "unicode")


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    """The parser, made on first use: the window imports this module (through the export
    code) before its first paint, and markdown-it with its plugins takes ~50 ms to load."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    from app.core.render.tasklists import tasklists

    # The same syntax as render/markdown.py, so both agree on what is a link and what is code.
    # Linkify is left out: the links it makes are remote, and it costs ~15% on big posts.
    # store_labels: a reference link's token says so (its URL is not written where it is)
    md = MarkdownIt("commonmark", {"html": True, "typographer": False, "store_labels": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.use(tasklists)
    md.use(dollarmath_plugin, allow_space=False, allow_digits=False, allow_labels=False)
    return md


def url_kind(url: str) -> Literal["relative", "remote", "site", "local", "anchor", "other"]:
    """relative (./a.png), remote (https://, //host), site (/assets/a.png), local (file:,
    C:\\…: a path on the author's computer), anchor (#id, ?q, empty), other (mailto:…)."""
    if not url or url.startswith(("#", "?")):
        return "anchor"
    if url.startswith("//") or url.lower().startswith(("http:", "https:")):
        return "remote"
    if url.startswith(("/", "\\")):
        return "site"
    if _DRIVE.match(url) or url.lower().startswith("file:"):
        return "local"
    return "other" if _SCHEME.match(url) else "relative"


def _decoded(url: str) -> str:
    return unquote(url) if url_kind(url) == "relative" else url


@dataclass
class PostScan:
    refs: list[Reference]
    headings: list[tuple[int, int, bool]]  # (level, file line, ATX)
    tocs: list[tuple[int, int, str]]  # (first file line, line after the fence, fence body)


class _Scanner:
    """Walks markdown-it tokens; finds each URL's exact place by searching forward."""

    def __init__(self, post: Post) -> None:
        self.lines = NEWLINE.split(post.body)
        self.offset = post.body_first_line + 1  # body line 0 is this file line
        self.cursor = (0, 0)
        self.block = (0, 0)  # body lines of the block being read
        self.scan = PostScan([], [], [])
        # (text, end line) → the earliest place from which a search found no such text
        self._absent: dict[tuple[str, int], tuple[int, int]] = {}
        self.liquid = False
        self.shortcodes = False

    def _place(self, candidates: Sequence[str], line0: int) -> tuple[int, int | None, str]:
        # line0 may undercount (a code span over two lines), never overcount: search on
        inside = self.block[0] <= self.cursor[0] < self.block[1]
        start = self.cursor if inside and self.cursor >= (line0, 0) else (line0, 0)
        end = min(len(self.lines), max(self.block[1], line0 + 1))
        texts = [
            text for text in dict.fromkeys(filter(None, candidates))
            if not self._absent.get((text, end), (end, 0)) <= start
        ]  # fmt: skip
        for i in range(start[0], end if texts else start[0]):
            for text in texts:
                col = self.lines[i].find(text, start[1] if i == start[0] else 0)
                if col >= 0:
                    self.cursor = (i, col + len(text))
                    return i + self.offset, col, text
        # not written from `start` on: a search from there or later need not look again
        # (the same URL 50,000 times on one line would read the line 50,000 times)
        for text in texts:
            self._absent[text, end] = min(start, self._absent.get((text, end), start))
        return line0 + self.offset, None, ""

    def add(
        self, url: str, kind: RefKind, line0: int, alt: str | None, raws: Sequence[str]
    ) -> None:
        line, col, raw = self._place([*raws, _decoded(url), url], line0)
        self.scan.refs.append(Reference(_decoded(url), kind, line, col, raw, alt))

    def add_by_reference(self, url: str, kind: RefKind, line0: int, alt: str | None) -> None:
        """A reference link or image (`[text][label]`): its URL is written in the label's
        definition, not here, so there is nothing to find on this line."""
        self.scan.refs.append(Reference(_decoded(url), kind, line0 + self.offset, None, "", alt))

    def raw_html(self, content: str, line0: int) -> None:
        for tag in _RAW_TAG.finditer(content):
            if tag.group(1) is None:
                continue
            name = tag.group(1).lower()
            attrs = {m[1].lower(): m[2] for m in _RAW_ATTR.finditer(tag.group(2))}
            at = line0 + content.count("\n", 0, tag.start())
            for attr in ("src", "href", "poster"):
                raw = attrs.get(attr)
                if raw is None or (attr == "href") != (name == "a"):
                    continue
                written = raw[1:-1] if raw[:1] in "'\"" else raw
                kind: RefKind = "image" if name == "img" else "link" if name == "a" else "media"
                alt = attrs.get("alt")
                alt_text = None if alt is None else html.unescape(alt.strip("'\""))
                alt_text = alt_text if name == "img" else None
                self.add(html.unescape(written), kind, at, alt_text, [written])

    def inline(self, token: Token) -> None:
        line0 = token.map[0] if token.map else 0
        if self.shortcodes and "{{" in token.content:
            from app.core.render.shortcodes import figure_sources

            for src in figure_sources(_CODE_SPAN.sub("", token.content)):
                self.add(src, "image", line0, None, [src])
        if self.liquid and "{" in token.content:
            from app.core.render.gensyntax import asset_img_sources, liquid_images

            text = _CODE_SPAN.sub("", token.content)
            for src in asset_img_sources(text):
                self.add(src, "image", line0, src, [src])
            for alt, url in liquid_images(text):
                self.add(url, "image", line0, alt, [])
        for child in token.children or ():
            if child.type in ("softbreak", "hardbreak"):
                line0 += 1
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                if "label" in child.meta:
                    self.add_by_reference(src, "image", line0, child.content)
                else:
                    self.add(src, "image", line0, child.content, [])
            elif child.type == "link_open" and child.markup not in ("linkify", "autolink"):
                href = str(child.attrGet("href") or "")
                if "label" in child.meta:
                    self.add_by_reference(href, "link", line0, None)
                else:
                    self.add(href, "link", line0, None, [])
            elif child.type == "html_inline":
                self.raw_html(child.content, line0)
                line0 += child.content.count("\n")

    def run(self, tokens: Sequence[Token]) -> PostScan:
        for token in tokens:
            start = token.map[0] if token.map else 0
            if token.map and token.type in ("inline", "html_block"):
                self.block = (token.map[0], token.map[1])
            if token.type == "inline":
                self.inline(token)
            elif token.type == "html_block":
                self.raw_html(token.content, start)
            elif token.type == "heading_open":
                atx = token.markup.startswith("#")
                self.scan.headings.append((int(token.tag[1]), start + self.offset, atx))
            elif token.type == "fence" and token.info.strip().lower().split()[:1] == ["toc"]:
                end = token.map[1] if token.map else start + 1
                self.scan.tocs.append((start + self.offset, end + self.offset, token.content))
        return self.scan


def scan_post(post: Post, *, liquid: bool = False, shortcodes: bool = False) -> PostScan:
    """The post's references (frontmatter first, then the body's), headings and toc fences.
    `liquid`: the blog writes URLs with Liquid/Nunjucks: Hexo's `{% asset_img file %}`
    and `![alt]({{ site.baseurl }}/a.png)` name images too; `shortcodes`: Hugo's
    `{{< figure src="…" >}}` does."""
    tokens = _markdown().parse(post.body)
    scanner = _Scanner(post)
    scanner.liquid = liquid
    scanner.shortcodes = shortcodes
    scan = scanner.run(tokens)
    free_gradually(tokens)
    scan.refs[:0] = _frontmatter_refs(post)
    return scan


FREE_STEP = 256


def free_gradually(items: list[Any]) -> None:
    """Empty a big list a slice at a time. Freeing a 400 KB post's 22,000 tokens (and their
    children) in one go takes ~8 ms with the interpreter lock held: a stall of the window
    when the publish check runs on its thread. Between slices, other threads get a turn."""
    while items:
        del items[-FREE_STEP:]


def _frontmatter_refs(post: Post) -> list[Reference]:
    fm = post.frontmatter
    if fm is None:
        return []
    lines = NEWLINE.split(post.to_text())
    refs: list[Reference] = []
    for key in fm:
        value = fm.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and _FM_FILE.match(item.strip()):
                line = fm.line_of(key) or 1
                i = next((n for n in range(line - 1, len(lines)) if item in lines[n]), line - 1)
                col = lines[i].find(item) if i < len(lines) else -1
                refs.append(
                    Reference(item.strip(), "frontmatter", i + 1, col if col >= 0 else None, item)
                )
    return refs


def references(post: Post, *, liquid: bool = False, shortcodes: bool = False) -> list[Reference]:
    """Every URL in the body (Markdown and raw HTML) and file paths in the frontmatter
    (with `liquid` and `shortcodes`, the ones the generator's tags write too: see
    scan_post)."""
    return scan_post(post, liquid=liquid, shortcodes=shortcodes).refs


def _listdir(folder: Path, cache: dict[str, list[str] | None]) -> list[str] | None:
    key = str(folder)
    if key not in cache:
        try:
            cache[key] = os.listdir(folder)
        except OSError:
            cache[key] = None
    return cache[key]


def find_file(base: Path, url: str, cache: dict[str, list[str] | None] | None = None) -> Lookup:
    """Follow a relative URL from `base` comparing names with the real folder listings, so a
    name that differs only in case (or in Unicode normalisation) is caught on any OS."""
    cache = {} if cache is None else cache
    current, real = base, list[str]()
    status: Literal["ok", "case", "unicode"] = "ok"
    for part in re.split(r"[/\\]", unquote(re.split(r"[?#]", url, maxsplit=1)[0])):
        if part in ("", "."):
            continue
        if part == "..":
            current, real = current.parent, [*real, part]
            continue
        names = _listdir(current, cache) or []
        found = part if part in names else None
        if found is None:
            nfc = unicodedata.normalize("NFC", part)
            same = [n for n in names if unicodedata.normalize("NFC", n) == nfc]
            folded = [
                n for n in names if unicodedata.normalize("NFC", n).casefold() == nfc.casefold()
            ]
            if not same and not folded:
                return Lookup("missing", current / part)
            found = (same or folded)[0]
            if status == "ok":
                status = "unicode" if same else "case"
        current, real = current / found, [*real, found]
    if file_kind(current) in ("missing", "special"):  # a named pipe is never opened
        return Lookup("missing", current)
    return Lookup(status, current, "/".join(real))


def site_file(base: Path, url: str, top: Path | None = None) -> Path | None:
    """The file a site-absolute URL (/assets/a.png) names in a `static/` folder of the blog:
    in `base` or a folder above it, up to `top` (the blog's top folder) when given."""
    rel = unquote(re.split(r"[?#]", url, maxsplit=1)[0]).lstrip("/\\")
    if not rel or ".." in re.split(r"[/\\]", rel):
        return None
    folders = [base, *base.parents][:8]
    if top is not None:
        if not is_within(base, top):
            return None
        folders = [f for f in folders if is_within(f, top)]
    for folder in folders:
        static = folder / "static"
        candidate = static / rel
        inside = is_within(candidate, static) and (top is None or is_within(candidate, top))
        if inside and file_kind(candidate) == "file":
            return candidate
    return None


def is_within(path: Path, folder: Path) -> bool:
    """Whether `path`, symlinks followed, lies inside `folder` (symlinks followed too)."""
    real, top = Path(os.path.realpath(path)), Path(os.path.realpath(folder))
    return real == top or top in real.parents
