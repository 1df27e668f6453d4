"""Reading a blog's configuration as data, never running it: `load_blog(folder)`.

Hugo, Jekyll and Hexo write TOML, YAML or JSON, read here with tomllib, PyYAML (safe,
alias-limited) and json; the JavaScript configs of Gatsby, Astro, Docusaurus and
Eleventy are scanned as text in `config_js`. What cannot be read becomes a warning
with its file and line that says what was assumed instead; nothing here refuses a
folder. A folder no generator claims is read as Postdesk always has: every Markdown
file under it is a post.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.blog.detect import Detected, Unrecognised, find_blog_root
from app.core.blog.model import Blog, BlogWarning, DraftFlag
from app.core.post.yamlcore import YamlLoadError, load_core

__all__ = ["Notes", "load_blog", "read_data"]

log = logging.getLogger(__name__)

_TOML_LINE = re.compile(r"\(at line (\d+), column \d+\)")
_JEKYLL_EXCLUDES = (
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle/",
    "vendor/cache/",
    "vendor/gems/",
    "vendor/ruby/",
    "gemfiles",
)
_MARKERS = (
    "hugo.toml, _config.yml, gatsby-config.js, astro.config.*, docusaurus.config.* "
    "or an Eleventy config"
)


class Notes:
    """Warnings about one blog's configuration, with files named relative to its root."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.warnings: list[BlogWarning] = []

    def name(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def warn(self, message: str, file: Path | None = None, line: int | None = None) -> None:
        self.warnings.append(BlogWarning(message, None if file is None else self.name(file), line))

    def folder(
        self, value: str, base: Path, *, origin: Path, line: int | None = None, what: str
    ) -> Path | None:
        """The folder a config names (relative to `base`), if inside the blog; a missing
        one is kept (posts may go there) but reported."""
        path = Path(os.path.normpath(base / value))
        if not path.is_relative_to(self.root):
            self.warn(f"{what} {value!r} is outside the blog folder; it is not read", origin, line)
            return None
        if not path.is_dir():
            self.warn(f"{what} {value!r} does not exist", origin, line)
        return path


def read_data(path: Path, notes: Notes, assumed: str) -> dict[str, Any] | None:
    """A TOML, YAML or JSON config file as a dict; None (and a warning ending with what
    was `assumed`) when it cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        notes.warn(f"cannot be read ({exc}); {assumed}", path)
        return None
    line: int | None = None
    try:
        if path.suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text) if text.strip() else {}
        else:
            data = load_core(text) or {}
    except tomllib.TOMLDecodeError as exc:
        m = _TOML_LINE.search(str(exc))
        line = int(m.group(1)) if m else None
        detail = _TOML_LINE.sub("", str(exc)).strip()
        notes.warn(f"is not valid TOML ({detail}); {assumed}", path, line)
        return None
    except json.JSONDecodeError as exc:
        notes.warn(f"is not valid JSON ({exc.msg}); {assumed}", path, exc.lineno)
        return None
    except YamlLoadError as exc:
        notes.warn(
            f"is not valid YAML ({exc.message}); {assumed}",
            path,
            None if exc.line is None else exc.line + 1,
        )
        return None
    except (ValueError, RecursionError) as exc:
        notes.warn(f"cannot be read ({exc}); {assumed}", path)
        return None
    if not isinstance(data, dict):
        notes.warn(f"is not a table of settings; {assumed}", path)
        return None
    return data


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on")
    return value is True


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [str(v) for v in value if isinstance(v, str | int | float) and str(v).strip()]
    return []


# -- Hugo --------------------------------------------------------------------------------


def _lower_keys(data: dict[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in data.items()}


def _hugo_config(root: Path, marker: Path, notes: Notes) -> dict[str, Any]:
    assumed = "assumed Hugo's defaults (content in content/)"
    data = _lower_keys(read_data(marker, notes, assumed) or {})
    folder = marker.parent
    if folder.name == "_default" and folder.parent.name == "config":
        for part in ("params", "languages"):  # split configs keep these in their own files
            for suffix in (".toml", ".yaml", ".yml", ".json"):
                extra = folder / (part + suffix)
                if extra.is_file() and part not in data:
                    loaded = read_data(extra, notes, f"its {part} are not used")
                    if loaded is not None:
                        data[part] = loaded
    return data


def _hugo_sections(content_dirs: list[Path]) -> tuple[str, ...]:
    """Hugo's default main section: the one with the most pages."""
    counts: Counter[str] = Counter()
    for content in content_dirs:
        try:
            sections = [e for e in os.scandir(content) if e.is_dir() and e.name[0] not in "._"]
        except OSError:
            continue
        for section in sections:
            for _, _, files in os.walk(section.path):
                counts[section.name] += sum(
                    1
                    for f in files
                    if f.lower().endswith((".md", ".markdown")) and not f.startswith("_index.")
                )
    best = counts.most_common(1)
    return (best[0][0],) if best and best[0][1] else ()


def _hugo_content_dirs(root: Path, marker: Path, data: dict[str, Any], notes: Notes) -> list[Path]:
    """contentDir, and each language's own (the top one only for languages without one)."""
    own: list[Path] = []
    shared = 0
    languages = data.get("languages")
    for code, settings in languages.items() if isinstance(languages, dict) else []:
        value = (
            _text(_lower_keys(settings).get("contentdir")) if isinstance(settings, dict) else None
        )
        if value is None:
            shared += 1
            continue
        found = notes.folder(value, root, origin=marker, what=f"languages.{code}.contentDir")
        if found is not None and found not in own:
            own.append(found)
    if own and not shared:
        return own
    value = _text(data.get("contentdir")) or "content"
    top = root / "content"
    if value != "content":
        top = notes.folder(value, root, origin=marker, what="contentDir") or top
    return [top, *(p for p in own if p != top)]


def read_hugo(root: Path, marker: Path) -> Blog:
    notes = Notes(root)
    data = _hugo_config(root, marker, notes)
    content_dirs = _hugo_content_dirs(root, marker, data, notes)
    params = data.get("params")
    params = _lower_keys(params) if isinstance(params, dict) else {}
    # params.mainSections, as themes read it (newer Hugo also takes it at the top)
    named = params.get("mainsections") or params.get("main_sections") or data.get("mainsections")
    sections = tuple(_texts(named))
    if not sections:
        sections = _hugo_sections(content_dirs)
    roots = tuple(c / s for c in content_dirs for s in sections)
    return Blog(
        root=root,
        generator="hugo",
        config_file=marker,
        content_roots=roots,
        page_roots=tuple(content_dirs),
        suffixes=(".md", ".markdown"),
        draft_flags=() if _truthy(data.get("builddrafts")) else (DraftFlag("draft", True),),
        future_is_draft=not _truthy(data.get("buildfuture")),
        expired_is_draft=not _truthy(data.get("buildexpired")),
        main_sections=sections,
        time_zone=_text(data.get("timezone")) or "UTC",
        warnings=tuple(notes.warnings),
    )


# -- Jekyll and Hexo ---------------------------------------------------------------------


def read_jekyll(root: Path, marker: Path) -> Blog:
    notes = Notes(root)
    data = read_data(marker, notes, "assumed Jekyll's defaults (posts in _posts/)") or {}
    source = root
    if (value := _text(data.get("source"))) is not None:
        source = notes.folder(value, root, origin=marker, what="source") or root
    home = source
    if (value := _text(data.get("collections_dir"))) is not None:
        home = notes.folder(value, source, origin=marker, what="collections_dir") or source
    pages = [source]
    collections = data.get("collections")
    if isinstance(collections, dict):
        for name, settings in collections.items():
            if name != "posts" and isinstance(settings, dict) and _truthy(settings.get("output")):
                pages.append(home / f"_{name}")
    source_rel = notes.name(source)
    prefix = "" if source_rel == "." else source_rel + "/"
    excluded: list[str] = []
    for pattern in [*_JEKYLL_EXCLUDES, *_texts(data.get("exclude"))]:
        bare = pattern.strip().lstrip("/")
        # Jekyll excludes by prefix too: `docs` leaves out docs/ and docs-old/
        excluded += [prefix + bare, prefix + bare.rstrip("/") + "*"]
    return Blog(
        root=root,
        generator="jekyll",
        config_file=marker,
        content_roots=(home / "_posts",),
        page_roots=tuple(pages),
        drafts_dirs=(home / "_drafts",),
        suffixes=(".md", ".markdown"),
        draft_flags=() if _truthy(data.get("unpublished")) else (DraftFlag("published", False),),
        future_is_draft=not _truthy(data.get("future")),
        exclude=tuple(excluded),
        time_zone=_text(data.get("timezone")),
        warnings=tuple(notes.warnings),
    )


def read_hexo(root: Path, marker: Path) -> Blog:
    notes = Notes(root)
    data = read_data(marker, notes, "assumed Hexo's defaults (posts in source/_posts/)") or {}
    source = root / "source"
    if (value := _text(data.get("source_dir"))) is not None and value != "source":
        source = notes.folder(value, root, origin=marker, what="source_dir") or source
    prefix = notes.name(source) + "/"
    skipped = [*_texts(data.get("skip_render")), *_texts(data.get("exclude"))]
    future = data.get("future", True)
    return Blog(
        root=root,
        generator="hexo",
        config_file=marker,
        content_roots=(source / "_posts",),
        page_roots=(source,),
        drafts_dirs=(source / "_drafts",),
        suffixes=(".md", ".markdown"),
        draft_flags=(DraftFlag("published", False),),
        future_is_draft=not _truthy(future) and future is not None,
        exclude=tuple(prefix + p.strip().lstrip("/") for p in skipped),
        time_zone=_text(data.get("timezone")),
        warnings=tuple(notes.warnings),
    )


# -- no generator --------------------------------------------------------------------------


def fallback_blog(folder: Path, warnings: list[BlogWarning]) -> Blog:
    """Postdesk's own inference: every Markdown file under `folder` is a post."""
    return Blog(root=folder, content_roots=(folder,), warnings=tuple(warnings))


def _unrecognised(folder: Path, found: Unrecognised | None) -> Blog:
    if found is None:
        message = (
            f"no static-site generator recognised (none of {_MARKERS} here or above); "
            "assumed every Markdown file in this folder is a post"
        )
    else:
        where = "" if found.root == folder else f" in {found.root}"
        message = (
            f"{' and '.join(found.markers)}{where} fits no generator Postdesk knows "
            "(Jekyll needs a Gemfile or _posts/, Hexo a package.json with hexo); "
            "assumed every Markdown file in this folder is a post"
        )
    return fallback_blog(folder, [BlogWarning(message)])


def _readers() -> dict[str, Callable[[Path, Path], Blog]]:
    from app.core.blog import config_eleventy, config_js

    return {
        "hugo": read_hugo,
        "jekyll": read_jekyll,
        "hexo": read_hexo,
        "gatsby": config_js.read_gatsby,
        "astro": config_js.read_astro,
        "docusaurus": config_js.read_docusaurus,
        "eleventy": config_eleventy.read_eleventy,
    }


def _with_existing_roots(blog: Blog) -> Blog:
    """A blog whose configured folders are all missing is read as Postdesk always has."""
    if any(r.is_dir() for r in (*blog.content_roots, *blog.page_roots, *blog.drafts_dirs)):
        return blog
    names = (
        ", ".join(
            sorted(
                {
                    p.relative_to(blog.root).as_posix()
                    for p in (*blog.content_roots, *blog.page_roots)
                }
            )
        )
        or "none"
    )
    warning = BlogWarning(
        f"none of its content folders exist ({names}); assumed every "
        "Markdown file in the blog folder is a post"
    )
    return replace(
        blog,
        content_roots=(blog.root,),
        page_roots=(),
        drafts_dirs=(),
        root_patterns=(),
        warnings=(*blog.warnings, warning),
    )


def load_blog(folder: Path) -> Blog:
    """The blog `folder` belongs to: its generator (found from here or a folder above),
    where that generator reads posts, and its rules. Never raises for a bad config: what
    cannot be read is in `Blog.warnings`, with what was assumed instead."""
    start = Path(os.path.realpath(folder))
    if not start.is_dir():
        return fallback_blog(start, [BlogWarning("the folder does not exist")])
    found = find_blog_root(start)
    if not isinstance(found, Detected):
        return _unrecognised(start, found)
    try:
        blog = _readers()[found.generator](found.root, found.marker)
    except (OSError, ValueError, TypeError, LookupError, RecursionError) as exc:
        # a config shaped in a way no reader expected must not keep the author out
        log.warning("cannot read the %s config of %s: %s", found.generator, found.root, exc)
        assumed = "assumed every Markdown file in the blog folder is a post"
        name = found.marker.relative_to(found.root).as_posix()
        return fallback_blog(found.root, [BlogWarning(f"cannot be read ({exc}); {assumed}", name)])
    return _with_existing_roots(blog)
