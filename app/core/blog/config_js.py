"""The JavaScript-configured generators: Gatsby, Astro and Docusaurus (Eleventy has its
own module, config_eleventy).

Their configs are programs; Postdesk never runs them. `jsscan` reads the few values
needed as text (gatsby-source-filesystem `path`, Astro `glob({ base, pattern })`,
Docusaurus `blog: { path }`); a value written any other way becomes a warning with its
line, and the generator's default is assumed. Gatsby and Astro have no draft rule of
their own: the site's flag is looked for in its code (see flags).
"""

from __future__ import annotations

import re
from pathlib import Path

from app.core.blog.config import Notes
from app.core.blog.flags import JS_SUFFIXES, code_files, read_js, site_flags
from app.core.blog.jsscan import JsText, matching_close
from app.core.blog.model import Blog, DraftFlag

__all__ = ["read_astro", "read_docusaurus", "read_gatsby"]

_POSTY = frozenset({"blog", "posts", "post", "articles", "article", "writing"})


def _first_file(root: Path, stems: tuple[str, ...]) -> Path | None:
    return next(
        (root / (s + x) for s in stems for x in JS_SUFFIXES if (root / (s + x)).is_file()), None
    )


def _posty_first(named: list[tuple[str, Path]]) -> list[Path]:
    def posty(item: tuple[str, Path]) -> bool:
        return item[0].lower() in _POSTY or item[1].name.lower() in _POSTY

    return [p for _, p in sorted(named, key=lambda item: not posty(item))]


def _option_path(
    js: JsText,
    notes: Notes,
    marker: Path,
    obj: tuple[int, int],
    key: str,
    what: str,
    default: str | None = None,
) -> Path | None:
    """The folder `key:` names in the object, else `default` (None: no folder). One that
    cannot be read is reported, with what was assumed instead."""
    found = js.top_level_value(*obj, key)
    if found is None:
        return None if default is None else notes.root / default
    expr, at = found
    value = js.string_value(expr)
    line = js.line_of(at)
    if value is None:
        assumed = "it is left out" if default is None else f"assumed {default!r}"
        notes.warn(
            f"cannot read the {what} `{expr[:60]}` (only plain text and path.join are "
            f"read); {assumed}",
            marker,
            line,
        )
        return None if default is None else notes.root / default
    return notes.folder(value, notes.root, origin=marker, line=line, what=what)


# -- Gatsby ------------------------------------------------------------------------------


def read_gatsby(root: Path, marker: Path) -> Blog:
    notes = Notes(root)
    js = read_js(marker, notes)
    named: list[tuple[str, Path]] = []
    for plugin, key in (
        ("gatsby-source-filesystem", "path"),
        ("gatsby-theme-blog", "contentPath"),
        ("gatsby-theme-blog-core", "contentPath"),
    ):
        for at in js.literals(plugin) if js is not None else ():
            assert js is not None
            entry = js.enclosing(at, "{")
            options = None if entry is None else js.top_level_value(*entry, "options")
            span = None if options is None else js.object_at(options[1])
            if span is None:
                continue  # a plugin named without options reads nothing of the blog's
            folder = _option_path(js, notes, marker, span, key, f"{plugin} {key}")
            name = js.top_level_value(*span, "name")
            if folder is not None:
                named.append(((js.string_value(name[0]) or "") if name else "", folder))
    roots = list(dict.fromkeys(_posty_first(named)))
    if not roots:
        notes.warn(
            "no gatsby-source-filesystem path could be read; assumed every Markdown "
            "file in the blog folder is a post",
            marker,
        )
        roots = [root]
    flags = site_flags(
        [
            marker,
            *code_files(root, ("src",)),
            *(p for p in root.glob("gatsby-node.*") if p.suffix in JS_SUFFIXES),
        ]
    )
    return Blog(
        root=root,
        generator="gatsby",
        config_file=marker,
        content_roots=tuple(roots),
        draft_flags=flags,
        warnings=tuple(notes.warnings),
    )


# -- Astro -------------------------------------------------------------------------------


def _collection_keys(js: JsText) -> dict[str, str]:
    """variable name -> key in `export const collections = { blog: posts, docs }`."""
    m = re.search(r"(?<![\w$])collections\s*(?::[^=]+)?=\s*", js.text)
    span = None if m is None else js.object_at(m.end())
    if span is None:
        return {}
    keys: dict[str, str] = {}
    body = js.text[span[0] + 1 : span[1]]
    for item in re.finditer(r"(?:['\"]?([\w$-]+)['\"]?\s*:\s*)?([\w$]+)\s*(?:,|$)", body):
        keys[item.group(2)] = item.group(1) or item.group(2)
    return keys


def _astro_collections(
    root: Path, config: Path, js: JsText, notes: Notes
) -> tuple[list[tuple[str, Path, tuple[str, ...]]], list[str]]:
    """(name, base, patterns) of each Markdown collection, and patterns to leave out."""
    keys = _collection_keys(js)
    found: list[tuple[str, Path, tuple[str, ...]]] = []
    excluded: list[str] = []
    for m in re.finditer(r"defineCollection\s*\(", js.text):
        before = re.search(
            r"([\w$]+)['\"]?\s*(?::[^=:;\n]*)?[=:]\s*$", js.text[max(0, m.start() - 80) : m.start()]
        )
        variable = before.group(1) if before else ""
        name = keys.get(variable, variable)
        span = js.object_at(m.end())
        if span is None:
            continue
        loader = js.top_level_value(*span, "loader")
        if loader is None:  # Astro 2-4: a folder of src/content named after the collection
            kind = js.top_level_value(*span, "type")
            if (kind is not None and js.string_value(kind[0]) == "data") or not name:
                continue
            found.append((name, root / "src" / "content" / name, ("**/[^_]*.{md,mdx,markdown}",)))
            continue
        call = re.match(r"glob\s*\(", loader[0])
        args = None if call is None else js.object_at(loader[1] + call.end())
        if args is None:
            continue  # file(), or a loader of its own: not Markdown files Postdesk can list
        base_expr = js.top_level_value(*args, "base")
        pattern_expr = js.top_level_value(*args, "pattern")
        line = js.line_of(loader[1])
        base = "" if base_expr is None else js.string_value(base_expr[0])
        patterns = None if pattern_expr is None else js.strings_in(pattern_expr[0])
        if base is None or patterns is None:
            notes.warn(
                f"cannot read the glob() of collection {name!r} (only plain text is "
                "read); it is left out",
                config,
                line,
            )
            continue
        origin = config.parent if base_expr and "import.meta.url" in base_expr[0] else root
        folder = notes.folder(base, origin, origin=config, line=line, what=f"{name} base")
        wanted = tuple(p for p in patterns if not p.startswith("!"))
        if folder is None or not any("md" in p or p.endswith("*") for p in wanted):
            continue
        prefix = notes.name(folder)
        excluded += [f"{prefix}/{p[1:].lstrip('/')}" for p in patterns if p.startswith("!")]
        found.append((name, folder, wanted))
    return found, excluded


def read_astro(root: Path, marker: Path) -> Blog:
    notes = Notes(root)
    config = _first_file(root / "src", ("content.config",)) or _first_file(
        root / "src" / "content", ("config",)
    )
    collections: list[tuple[str, Path, tuple[str, ...]]] = []
    excluded: list[str] = ["src/pages/**/_*"]  # Astro makes no page of an underscored file
    js = None if config is None else read_js(config, notes)
    if config is not None and js is not None:
        collections, skipped = _astro_collections(root, config, js, notes)
        excluded += skipped
    elif (root / "src" / "content").is_dir():  # Astro 2 made a collection of each folder
        collections = [
            (d.name, d, ("**/[^_]*.{md,mdx,markdown}",))
            for d in sorted((root / "src" / "content").iterdir())
            if d.is_dir()
        ]
    posts = [c for c in collections if c[0].lower() in _POSTY or c[1].name in _POSTY]
    posts = posts or collections
    pages = [c[1] for c in collections if c not in posts]
    content_roots = [c[1] for c in posts]
    if not collections:  # Markdown pages only: those under src/pages/blog/ and the like
        content_roots = [
            root / "src" / "pages" / d
            for d in sorted(_POSTY)
            if (root / "src" / "pages" / d).is_dir()
        ]
    code = [p for p in (marker, config) if p is not None] + code_files(root, ("src",))
    return Blog(
        root=root,
        generator="astro",
        config_file=config or marker,
        content_roots=tuple(dict.fromkeys(content_roots)),
        page_roots=(*pages, root / "src" / "pages"),
        suffixes=(".md", ".mdx", ".markdown"),
        draft_flags=site_flags(code),
        exclude=tuple(excluded),
        root_patterns=tuple((folder, globs) for _, folder, globs in collections),
        warnings=tuple(notes.warnings),
    )


# -- Docusaurus --------------------------------------------------------------------------


def _docusaurus_folders(js: JsText, notes: Notes, marker: Path, key: str) -> list[Path]:
    """The folders of the classic preset's `blog` (or `docs`), none if it says `false`,
    and of each instance of the plugin itself; the default folder is `key`."""
    found: list[Path | None] = []
    presets = next(iter(js.find_key("presets")), None)
    if presets is not None and js.text[presets : presets + 1] == "[":
        values = list(js.find_key(key, presets, matching_close(js.text, presets)))
        for at in values:
            span = js.object_at(at)
            if span is not None:
                found.append(_option_path(js, notes, marker, span, "path", f"{key} path", key))
        if not values:  # the preset's default
            found.append(notes.root / key)
    elif (notes.root / key).is_dir():
        found.append(notes.root / key)
    for at in js.literals(f"@docusaurus/plugin-content-{key}"):
        array = js.enclosing(at, "[")
        brace = js.text.find("{", at, array[1]) if array is not None else -1
        span = js.object_at(brace) if brace >= 0 else None
        if span is not None:
            what = f"plugin-content-{key} path"
            found.append(_option_path(js, notes, marker, span, "path", what, key))
    return list(dict.fromkeys(f for f in found if f is not None))


def read_docusaurus(root: Path, marker: Path) -> Blog:
    notes = Notes(root)
    js = read_js(marker, notes)
    blogs, docs = [root / "blog"], [root / "docs"]
    if js is not None:
        blogs = _docusaurus_folders(js, notes, marker, "blog")
        docs = _docusaurus_folders(js, notes, marker, "docs")
    for locale in sorted((root / "i18n").glob("*/")) if (root / "i18n").is_dir() else []:
        blogs += sorted(locale.glob("docusaurus-plugin-content-blog*/"))
        docs += sorted(p / "current" for p in locale.glob("docusaurus-plugin-content-docs*/"))
    pages = [*docs, root / "src" / "pages"]
    # Docusaurus leaves out files and folders starting with `_` (partials)
    excluded = tuple(f"{notes.name(r)}/**/_*" for r in (*blogs, *pages))
    return Blog(
        root=root,
        generator="docusaurus",
        config_file=marker,
        content_roots=tuple(blogs),
        page_roots=tuple(pages),
        suffixes=(".md", ".mdx"),
        draft_flags=(DraftFlag("draft", True),),
        exclude=excluded,
        warnings=tuple(notes.warnings),
    )
