"""The publish check: what would break, or look wrong, once a post is on the blog.

`check_post` runs one small function per rule and returns findings sorted by file line
(1-based, frontmatter included). Rules (severity): frontmatter (error), required-field
(error: a key every other post of the blog fills in, missing or empty; needs `profile` and
`library`), title (error), empty-body (error: nothing below the frontmatter), date
(error when it does not parse; warning when in the future on a non-draft), local-path,
missing-file (also a named pipe or device in a file's place), file-case, outside-path
(error; a link without a file extension is only a warning: it may be a page), site-path
(warning), image-alt, remote-image, image-size, toc-empty, heading-level, invisible-char
(warning), control-char (error), term-variant and duplicate-title (warning; need
`library`), duplicate-slug (error for the same address, warning for the same folder name
elsewhere); check_folder adds outside-link (error) for a post that is a symlink leading
out of the blog, which is never read.

Some findings carry a `Fix` the UI can apply with `apply_fix`: text edits at file
positions and/or frontmatter fields to set.
"""

from __future__ import annotations

import os
import re
import unicodedata
import weakref
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

from app.core.blog import load_blog
from app.core.blog.dates import js_date
from app.core.blog.i18n import are_translations
from app.core.blog.images import post_images
from app.core.blogfiles import (
    file_kind,
    link_outside,
    outside_link_error,
    special_file_message,
)
from app.core.errors import PostError
from app.core.files import INDEX_NAMES
from app.core.library.index import Entry, Library, has_value, scan
from app.core.post.dates import DEFAULT_DATE_FORMAT, parse_date
from app.core.post.post import Post, decode_post_bytes
from app.core.post.postfiles import post_slug
from app.core.post.schema import DATE_KEYS, BlogProfile, FieldSpec, profile_for_folder
from app.core.publish.differs import blog_flavor, differ_findings
from app.core.publish.findings import Finding, Fix, Severity, TextEdit
from app.core.publish.references import (
    NEWLINE,
    Lookup,
    PostScan,
    Reference,
    find_file,
    is_within,
    scan_post,
    url_kind,
)
from app.core.render.toc import parse_toc_options
from app.core.siteimages import PostImages, beside_post

__all__ = [
    "Finding", "Fix", "Severity", "TextEdit", "apply_edits", "apply_fix", "check_folder",
    "check_post", "outside_link_finding",
]  # fmt: skip

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
_TERM_KEYS = ("tags", "categories", "category", "keywords")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_FILE_EXT = re.compile(r"\.([A-Za-z0-9]{1,5})$")
_ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")
_FOLD_DROP = re.compile(r"[^\w+#]+|_")  # case, spacing and punctuation (but C, C++, C# differ)
_OTHER_DATE_KEYS = ("update", "updated", "lastmod", "modified")
_MIN_OTHERS = 2  # a field is "required" only when at least this many other posts agree


# -- rules -----------------------------------------------------------------------------


@dataclass
class _Ctx:
    post: Post
    profile: BlogProfile | None
    library: Library | None
    max_image_bytes: int
    now: datetime
    base: Path | None
    images: PostImages | None  # how the blog's generator resolves the post's URLs
    body: PostScan
    refs: list[Reference]
    entry: Entry | None  # this post in the library
    lines: list[str]  # the whole file's lines
    lookups: dict[str, Lookup]
    listings: dict[str, list[str] | None]  # folder listings, trusted during one check


def _fold(text: str) -> str:
    return _FOLD_DROP.sub("", unicodedata.normalize("NFKC", text).casefold())


def _is(value: Any, flag: bool) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in (("true", "yes") if flag else ("false", "no"))
    return value is flag


def _rule_frontmatter(c: _Ctx) -> Iterator[Finding]:
    error = c.post.frontmatter_error
    if error is not None and "control character" not in error.message:
        # (a control character is reported, with its quick fix, by the character rule)
        yield Finding("frontmatter", "error", error.line or 1, error.message)


def _default_fix(spec: FieldSpec, now: datetime) -> Fix | None:
    if spec.kind == "date":
        when = (spec.date_format or DEFAULT_DATE_FORMAT).format(now)
        return Fix(f"Add `{spec.key}: {when}`", fields=((spec.key, when),))
    if spec.kind != "terms" and spec.values and spec.values[0][1] * 2 > spec.count:
        text = spec.values[0][0]
        value: Any = _is(text, True) if spec.kind == "bool" else text
        if spec.kind == "number":
            value = float(text) if "." in text else int(text)
        return Fix(f"Add `{spec.key}: {text}` (what most posts have)", fields=((spec.key, value),))
    return None


def _rule_required(c: _Ctx) -> Iterator[Finding]:
    """A field every other post of the blog fills in, missing or empty here (both alike:
    `tags: ''` publishes as no tags). Counted over the whole library, not the profile's
    sample of the newest posts, so the number it gives is the blog's."""
    fm, profile, library = c.post.frontmatter, c.profile, c.library
    if profile is None or library is None or c.post.frontmatter_error is not None:
        return
    index = _index(library)
    me = c.entry if c.entry is not None and c.entry.error is None else None
    others = index.readable - (1 if me is not None else 0)
    if others < _MIN_OTHERS:
        return
    for spec in profile.fields:
        key = spec.key
        if key == "title" or (fm is not None and has_value(fm.get(key))):
            continue
        having = index.filled[key] - (1 if me is not None and key in me.fields else 0)
        if having < others:
            continue
        line = (fm.line_of(key) if fm is not None else None) or 1
        shown = "empty" if fm is not None and key in fm else "missing"
        message = f"`{key}` is {shown}; the blog's other {others} posts all have it"
        yield Finding("required-field", "error", line, message, _default_fix(spec, c.now))


def _rule_empty(c: _Ctx) -> Iterator[Finding]:
    if c.post.body.strip():
        return
    line = min(c.post.body_first_line + 1, len(c.lines))
    yield Finding("empty-body", "error", line, "the post has no text yet")


def _rule_title(c: _Ctx) -> Iterator[Finding]:
    fm, profile = c.post.frontmatter, c.profile
    if c.post.frontmatter_error is not None:
        return
    if fm is None or "title" not in fm:
        if profile is None or not profile.post_count or profile.field("title") is not None:
            yield Finding("title", "error", 1, "the post has no title")
        return
    title = fm.get("title")
    if title is None or (isinstance(title, str) and not title.strip()):
        yield Finding("title", "error", fm.line_of("title") or 1, "the title is empty")


def _rule_date(c: _Ctx) -> Iterator[Finding]:
    fm = c.post.frontmatter
    if fm is None:
        return
    main = (c.profile.date_key if c.profile else None) or next(
        (k for k in DATE_KEYS if k in fm), ""
    )
    draft = _is(fm.get("draft"), True) or _is(fm.get("published"), False)
    for key in (main, *_OTHER_DATE_KEYS):
        if key not in fm:
            continue
        value, line = fm.get(key), fm.line_of(key) or 1
        when = parse_date(str(value)) if isinstance(value, str | int) else None
        if when is None and isinstance(value, str):  # (Astro, Gatsby, Hexo, 11ty, Jekyll)
            when = js_date(value)
        if when is None:
            severity: Severity = "error" if key == main else "warning"
            shown = "empty" if value in (None, "") else f"`{value}`, which is not a date"
            message = f"`{key}` is {shown} (write it like 2024-05-20 or '2024-05-20 13:45:00')"
            yield Finding("date", severity, line, message)
        elif key == main and not draft and when.astimezone() > c.now.astimezone():
            message = f"`{key}` {value} is in the future, and the post is not a draft"
            fix = Fix("Set the date to now", fields=((key, c.now.astimezone()),))
            yield Finding("date", "warning", line, message, fix)


def _lookup(c: _Ctx, url: str) -> Lookup | None:
    if c.base is None or url_kind(url) != "relative" or not re.split(r"[?#]", url)[0]:
        return None
    if url not in c.lookups:
        base = c.images.relative_base(url) if c.images is not None else c.base
        c.lookups[url] = find_file(base, url, c.listings)
    return c.lookups[url]


def _case_fix(ref: Reference, found: Lookup) -> Fix | None:
    if ref.column is None or found.status != "case":
        return None
    cut = re.split(r"[?#]", ref.url, maxsplit=1)[0]
    suffix = ref.url[len(cut) :]
    keep = "./" if cut.startswith("./") and not found.real.startswith(".") else ""
    new = keep + found.real + suffix
    if "%" in ref.raw:  # written percent-encoded: keep it encoded
        new = quote(new, safe="/:@!$&'*+,;=-._~?#")
    edit = TextEdit(ref.line, ref.column, ref.line, ref.column + len(ref.raw), new)
    return Fix(f"Change it to {new}", edits=(edit,))


def _names_a_file(ref: Reference) -> bool:
    """Images always do; links only when they end in a file extension (not a page)."""
    path = re.split(r"[?#]", ref.url, maxsplit=1)[0].rstrip("/")
    ext = _FILE_EXT.search(path)
    return ref.kind != "link" or (ext is not None and ext.group(1).lower() not in ("html", "htm"))


def _rule_files(c: _Ctx) -> Iterator[Finding]:
    for ref in c.refs:
        kind, what = url_kind(ref.url), {"link": "link to", "image": "image"}.get(ref.kind, "file")
        if kind == "local":
            message = f"{ref.url} is a path on this computer; readers cannot load it"
            yield Finding("local-path", "error", ref.line, message, None, ref.column)
        elif kind == "site" and c.images is not None and c.images.served:
            if _names_a_file(ref) and c.images.site_file(ref.url) is None:
                where = ", ".join(c.images.served) + "/"
                message = f"{what} {ref.url}: no such file in the folder the site serves ({where})"
                yield Finding("missing-file", "error", ref.line, message, None, ref.column)
        elif kind == "site" and c.images and _names_a_file(ref) and not c.images.site_file(ref.url):
            message = (
                f"{ref.url} is a site-absolute path: the post's folder cannot serve it "
                "(and no static/ folder of the blog holds it); put the file beside the post"
            )
            yield Finding("site-path", "warning", ref.line, message, None, ref.column)
        found = _lookup(c, ref.url) if kind == "relative" else None
        if found is None:
            continue
        root = c.library.root if c.library is not None else None
        if root is not None and found.status != "missing" and not is_within(found.path, root):
            message = f"{what} {ref.url} leads outside the blog's folder"
            yield Finding("outside-path", "error", ref.line, message, None, ref.column)
            continue
        if found.status == "missing" and file_kind(found.path) == "special":
            message = f"{what} {special_file_message(ref.url)}"
            yield Finding("missing-file", "error", ref.line, message, None, ref.column)
        elif found.status == "missing":
            severity: Severity = "error" if _names_a_file(ref) else "warning"
            message = f"{what} {ref.url}: no such file in the post's folder"
            yield Finding("missing-file", severity, ref.line, message, None, ref.column)
        elif found.status == "case":
            message = (
                f"{what} {ref.url}: the file is named {found.real} (the case differs; it works "
                "on macOS and Windows but not on the Linux server that builds the blog)"
            )
            fix = _case_fix(ref, found)
            yield Finding("file-case", "error", ref.line, message, fix, ref.column)
        elif found.status == "unicode":
            message = (
                f"{what} {ref.url}: the file's name on disk is written in another Unicode form "
                "(decomposed Hangul, as macOS writes it); rename the file to match"
            )
            yield Finding("file-case", "error", ref.line, message, None, ref.column)
        elif ref.kind != "link" and found.path.is_dir():
            yield Finding("missing-file", "error", ref.line, f"{ref.url} is a folder, not a file")


def _rule_alt(c: _Ctx) -> Iterator[Finding]:
    for ref in c.refs:
        if ref.kind == "image" and not (ref.alt or "").strip():
            message = (
                f"image {ref.url} has no alt text (screen readers and broken images say nothing)"
            )
            yield Finding("image-alt", "warning", ref.line, message, None, ref.column)


def _rule_remote(c: _Ctx) -> Iterator[Finding]:
    for ref in c.refs:
        if ref.kind in ("image", "media") and url_kind(ref.url) == "remote":
            message = (
                f"remote image {ref.url}: it vanishes if that site removes it; "
                "keep a copy beside the post"
            )
            yield Finding("remote-image", "warning", ref.line, message, None, ref.column)


def _rule_toc(c: _Ctx) -> Iterator[Finding]:
    for start, end, content in c.body.tocs:
        options = parse_toc_options(content)
        levels = [h[0] for h in c.body.headings]
        if any(options.from_heading <= level <= options.to_heading for level in levels):
            continue
        message = "the ```toc fence has no headings to list" + (
            f" (none between levels {options.from_heading} and {options.to_heading})"
            if levels
            else ""
        )
        fix = Fix("Remove the ```toc fence", edits=(TextEdit(start, 0, end, 0, ""),))
        yield Finding("toc-empty", "warning", start, message, fix)


def _rule_headings(c: _Ctx) -> Iterator[Finding]:
    previous = 0
    for level, line, atx in c.body.headings:
        if previous and level > previous + 1:
            message = (
                f"heading level jumps from {previous} to {level} "
                f"({'#' * previous} then {'#' * level})"
            )
            fix = None
            text = c.lines[line - 1] if line <= len(c.lines) else ""
            marks = _ATX.match(text) if atx else None
            if marks:
                edit = TextEdit(line, marks.start(2), line, marks.end(2), "#" * (previous + 1))
                fix = Fix(f"Make it a level {previous + 1} heading", edits=(edit,))
            yield Finding("heading-level", "warning", line, message, fix)
        previous = level


@dataclass
class _Index:
    terms: dict[str, dict[str, Counter[str]]]  # group → fold → forms used
    slugs: dict[str, list[Entry]]
    addresses: dict[str, list[Entry]]
    titles: dict[str, list[Entry]]
    readable: int = 0  # posts whose frontmatter reads
    filled: Counter[str] = field(default_factory=Counter)  # key → readable posts filling it


_INDEXES: weakref.WeakKeyDictionary[Library, _Index] = weakref.WeakKeyDictionary()


def _address(relpath: str) -> str:
    """The part of a post's path its URL comes from: a/hello/index.md and a/hello.md → a/hello."""
    head, _, name = relpath.rpartition("/")
    if name.lower() in INDEX_NAMES and head:
        return head
    return relpath.rsplit(".", 1)[0]


def _index(library: Library) -> _Index:
    index = _INDEXES.get(library)
    if index is None:
        index = _Index({"tags": {}, "categories": {}}, {}, {}, {})
        for e in library.entries:
            for group, terms in (("tags", e.tags), ("categories", e.categories)):
                for term in terms:
                    index.terms[group].setdefault(_fold(term), Counter())[term] += 1
            index.slugs.setdefault(_fold(e.slug), []).append(e)
            index.addresses.setdefault(_address(e.relpath), []).append(e)
            index.titles.setdefault(" ".join(_fold_title(e.title).split()), []).append(e)
            if e.error is None:
                index.readable += 1
                index.filled.update(e.fields)
        _INDEXES[library] = index
    return index


def _fold_title(title: str) -> str:
    return unicodedata.normalize("NFC", title).casefold().strip()


def _rule_terms(c: _Ctx) -> Iterator[Finding]:
    fm = c.post.frontmatter
    if c.library is None or fm is None:
        return
    index = _index(c.library)
    category_key = "categories" if "categories" in fm else "category"
    for key, group in (("tags", "tags"), (category_key, "categories")):
        terms = c.post.terms(key)
        own = Counter(getattr(c.entry, group, ())) if c.entry else Counter()
        for term in terms:
            forms = index.terms[group].get(_fold(term), Counter()) - own
            if not forms or forms[term]:
                continue
            best, used = forms.most_common(1)[0]
            message = (
                f"{'tag' if group == 'tags' else 'category'} `{term}` differs only in case, "
                f"spacing or punctuation from `{best}`, used in {used} other post(s)"
            )
            fix = Fix(f"Use `{best}`", fields=((key, [best if t == term else t for t in terms]),))
            yield Finding("term-variant", "warning", fm.line_of(key) or 1, message, fix)


def _rule_duplicates(c: _Ctx) -> Iterator[Finding]:
    if c.library is None or c.post.path is None:
        return
    index, path = _index(c.library), c.post.path
    rel = c.entry.relpath if c.entry else Path(os.path.relpath(path, c.library.root)).as_posix()
    own = _address(rel)
    same = [e.relpath for e in index.addresses.get(own, []) if e.relpath != rel]
    if same:
        message = f"same address ({own}) as {_names(same)}: one page would be lost"
        yield Finding("duplicate-slug", "error", 1, message)
    slugs = index.slugs.get(_fold(post_slug(path)), [])
    similar = [
        e.relpath
        for e in slugs
        if e.relpath != rel and _address(e.relpath) != own and not are_translations(rel, e.relpath)
    ]
    if similar:
        message = (
            f"same slug as {_names(similar)}; themes that build URLs from the slug alone "
            "give both the same address"
        )
        yield Finding("duplicate-slug", "warning", 1, message)
    title, fm = c.post.get("title"), c.post.frontmatter
    if isinstance(title, str) and title.strip() and fm is not None:
        titled = index.titles.get(" ".join(_fold_title(title).split()), [])
        twins = [e.relpath for e in titled if e.relpath != rel]
        if twins:
            line = fm.line_of("title") or 1
            yield Finding("duplicate-title", "warning", line, f"same title as {_names(twins)}")


def _names(relpaths: list[str]) -> str:
    shown = ", ".join(relpaths[:3])
    return shown + (f" and {len(relpaths) - 3} more" if len(relpaths) > 3 else "")


def _emoji_joiner(line: str, i: int) -> bool:
    """A ZWJ inside an emoji sequence (👩‍💻), or a ZWNJ in scripts that need it."""
    before, after = line[i - 1 : i], line[i + 1 : i + 2]
    if line[i] == "\u200d":
        if not before or not after or ord(after) < 0x2000:
            return False
        return ord(before) >= 0x1F000 or before == "\ufe0f" or 0x2600 <= ord(before) < 0x2800
    if line[i] == "\u200c":
        return any(0x0600 <= ord(ch) < 0x0E00 for ch in before + after)
    return False


def _rule_characters(c: _Ctx) -> Iterator[Finding]:
    return _character_findings(c.lines)


def _character_findings(lines: Sequence[str]) -> Iterator[Finding]:
    for number, line in enumerate(lines, start=1):
        for pattern, rule in ((_CONTROL, "control-char"), (_INVISIBLE, "invisible-char")):
            hits = [m.start() for m in pattern.finditer(line)]
            hits = [i for i in hits if rule == "control-char" or not _emoji_joiner(line, i)]
            if not hits:
                continue
            names = ", ".join(dict.fromkeys(f"U+{ord(line[i]):04X}" for i in hits))
            if rule == "control-char":
                severity: Severity = "error"
                message = f"control character {names} in the text (it breaks RSS feeds and YAML)"
            else:
                severity = "warning"
                label = unicodedata.name(line[hits[0]], "").lower()
                message = f"invisible character {names} ({label}) in the text"
            edits = tuple(TextEdit(number, i, number, i + 1, "") for i in hits)
            fix = Fix("Remove " + ("it" if len(hits) == 1 else f"all {len(hits)}"), edits=edits)
            yield Finding(rule, severity, number, message, fix, hits[0])


def _rule_image_size(c: _Ctx) -> Iterator[Finding]:
    if c.max_image_bytes <= 0:
        return
    seen: set[Path] = set()
    for ref in c.refs:
        found = _lookup(c, ref.url) if ref.kind in ("image", "media", "frontmatter") else None
        if found is None or found.status == "missing" or found.path in seen:
            continue
        seen.add(found.path)
        try:
            size = found.path.stat().st_size
        except OSError:
            continue
        if size > c.max_image_bytes and found.path.is_file():
            message = (
                f"{ref.url} is {_size(size)}, over the {_size(c.max_image_bytes)} limit; "
                "resize or compress it"
            )
            yield Finding("image-size", "warning", ref.line, message, None, ref.column)


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n / 1000:.0f} KB"


_RULES: tuple[Callable[[_Ctx], Iterator[Finding]], ...] = (
    _rule_frontmatter, _rule_required, _rule_title, _rule_empty, _rule_date, _rule_files, _rule_alt,
    _rule_remote, _rule_toc, _rule_headings, _rule_terms, _rule_duplicates, _rule_characters,
    _rule_image_size,
)  # fmt: skip


def check_post(
    post: Post,
    *,
    profile: BlogProfile | None = None,
    library: Library | None = None,
    max_image_bytes: int = 1_000_000,
    now: datetime | None = None,
    images: PostImages | None = None,
) -> list[Finding]:
    """Every finding for `post`, sorted by line. Pass the blog's `profile` for the
    required-fields rule and its `library` for the tag, category and duplicate rules, and
    `images` for how its generator resolves URLs (default: from the post's folder, and a
    `static/` folder above it)."""
    body = scan_post(
        post,
        liquid=images is not None and images.liquid,
        shortcodes=images is not None and images.shortcodes,
    )
    base = Path(post.path).resolve().parent if post.path is not None else None
    if images is None and base is not None:
        images = beside_post(None, base)
    entry = library.by_path(post.path) if library is not None and post.path is not None else None
    lines = NEWLINE.split(post.to_text())
    ctx = _Ctx(
        post, profile, library, max_image_bytes, now or datetime.now().astimezone(), base,
        images, body, body.refs, entry, lines, {}, {},
    )  # fmt: skip
    findings = [finding for rule in _RULES for finding in rule(ctx)]
    return sorted(findings, key=lambda f: (f.line, f.column or 0, _SEVERITY_ORDER[f.severity]))


def check_folder(
    root: Path, *, max_image_bytes: int = 1_000_000, now: datetime | None = None
) -> dict[Path, list[Finding]]:
    """Findings for every post under `root` (also those with none), by path, in path order."""
    library = scan(Path(root))
    profile = profile_for_folder(library.root, library=library)
    blog = load_blog(library.root)
    notes = differ_findings(blog_flavor(blog).notes)  # the same for every post
    results: dict[Path, list[Finding]] = {}
    for entry in sorted(library.entries, key=lambda e: e.relpath):
        if (outside := outside_link_finding(entry.path, library.root)) is not None:
            results[entry.path] = [outside]
            continue
        try:
            post = Post.load(entry.path)
        except (PostError, yaml.YAMLError) as exc:
            results[entry.path] = _unreadable(entry, exc)
            continue
        results[entry.path] = check_post(
            post, profile=profile, library=library, max_image_bytes=max_image_bytes, now=now,
            images=post_images(blog, entry.path),
        ) + notes  # fmt: skip
    return results


def outside_link_finding(path: Path, root: Path) -> Finding | None:
    """An error for a post that is a link leading out of the blog (it is never read)."""
    if link_outside(path, root) is None:
        return None
    return Finding("outside-link", "error", 1, outside_link_error(path))


def _unreadable(entry: Entry, exc: Exception) -> list[Finding]:
    """A post that cannot be loaded: the characters that break it, else the error itself."""
    try:
        text = decode_post_bytes(entry.path.read_bytes())[0]
    except (OSError, PostError):
        text = ""
    found = [f for f in _character_findings(NEWLINE.split(text)) if f.severity == "error"]
    message = exc.message if isinstance(exc, PostError) else entry.error or str(exc)
    return found or [Finding("unreadable", "error", entry.error_line or 1, message)]


# -- applying fixes --------------------------------------------------------------------


def apply_edits(text: str, edits: Sequence[TextEdit]) -> str:
    """`text` with the edits applied (positions all refer to the original text)."""
    starts = [0] + [m.end() for m in NEWLINE.finditer(text)]

    def offset(line: int, column: int) -> int:
        if line - 1 >= len(starts):
            return len(text)
        return min(starts[line - 1] + column, len(text))

    spans = sorted(
        ((offset(e.line, e.column), offset(e.end_line, e.end_column), e.text) for e in edits),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def apply_fix(post: Post, fix: Fix) -> None:
    """Apply a quick fix to `post` in memory (the caller saves it)."""
    if fix.edits:
        fresh = Post(apply_edits(post.to_text(), fix.edits))
        if fresh.raw_frontmatter != post.raw_frontmatter:
            post.set_raw_frontmatter(fresh.raw_frontmatter)
        post.body = fresh.body
    for key, value in fix.fields:
        if key in _TERM_KEYS and isinstance(value, list):
            post.set_terms(key, value)
        else:
            post.set(key, value)
