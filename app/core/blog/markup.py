"""How a blog turns Markdown into HTML, read from its files: `markup_profile(blog)`.

The preview can only show what the blog will publish if it knows the blog's parser and
plugins: which remark-parse a Gatsby blog resolves (remark-parse <= 8 parses emphasis,
`#heading` and lists differently from CommonMark), gatsby-remark-images' options, Hugo's
goldmark settings, Jekyll's kramdown options, Hexo's renderer. Configs are read as data
(TOML, YAML, JSON) or scanned as text (JavaScript, in markup_js), never run. A plugin the
preview does not understand is reported once; a config that cannot be read gives a
warning and the generator's defaults, never an exception.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.blog.config import Notes, read_data
from app.core.blog.model import Blog, BlogWarning

__all__ = [
    "KNOWN_PLUGINS",
    "MarkupPlugin",
    "MarkupProfile",
    "Options",
    "Value",
    "flatten",
    "markup_profile",
    "package_json",
]

log = logging.getLogger(__name__)

Value = str | int | float | bool | None | tuple[str, ...]
Options = tuple[tuple[str, Value], ...]

# plugins the preview renders as the blog does, or that do not change a post's HTML
KNOWN_PLUGINS = frozenset(
    {
        "gatsby-remark-images",
        "gatsby-remark-autolink-headers",
        "gatsby-remark-prismjs",
        "gatsby-remark-smartypants",
        "gatsby-remark-table-of-contents",
        "gatsby-remark-katex",
        "gatsby-remark-copy-linked-files",
        "gatsby-remark-responsive-iframe",
        "remark-gfm",
        "remark-math",
        "remark-smartypants",
        "remark-toc",
        "rehype-katex",
        "rehype-slug",
        "rehype-autolink-headings",
        "markdown-it-anchor",
        "markdown-it-footnote",
        "markdown-it-attrs",
        "markdown-it-emoji",
    }
)


@dataclass(frozen=True)
class MarkupPlugin:
    """One step of the blog's Markdown pipeline, with the options the preview needs
    (nested objects flattened to dotted keys: `prompt.user`)."""

    name: str
    options: Options = ()

    def option(self, key: str, default: Value = None) -> Value:
        return dict(self.options).get(key, default)


@dataclass(frozen=True)
class MarkupProfile:
    """How the blog renders Markdown.

    - `parser`: "commonmark" (micromark, markdown-it and the like), "remark-legacy"
      (remark-parse <= 8), "goldmark" (Hugo), "kramdown" (Jekyll), "marked", "markdown-it",
      "pandoc" (Hexo's renderers), or the converter's own name when unknown.
    - `site_plugins`: the site's plugins in order, as named (Gatsby's `plugins`, Jekyll's).
    - `plugins`: the Markdown plugins in the order they run, with their options.
    - `settings`: the generator's Markdown settings, dotted keys (`goldmark.renderer.unsafe`),
      its defaults filled in for the keys the preview reads.
    - `versions`: package -> version (range from package.json, exact from a lock file).
    - `unknown`: plugin names the preview does not understand (each once).
    - `config_file`: where the plugins were read (None: the blog's own config file).
    """

    generator: str | None
    parser: str = "commonmark"
    site_plugins: tuple[str, ...] = ()
    plugins: tuple[MarkupPlugin, ...] = ()
    settings: Options = ()
    versions: tuple[tuple[str, str], ...] = ()
    unknown: tuple[str, ...] = ()
    config_file: Path | None = None
    warnings: tuple[BlogWarning, ...] = field(default=(), compare=False)

    def setting(self, key: str, default: Value = None) -> Value:
        return dict(self.settings).get(key, default)

    def plugin(self, name: str) -> MarkupPlugin | None:
        return next((p for p in self.plugins if p.name == name), None)

    def version(self, package: str) -> str | None:
        return dict(self.versions).get(package)


def flatten(data: Any, prefix: str = "", depth: int = 4) -> list[tuple[str, Value]]:
    """A config table as (dotted key, value) pairs; lists of scalars become tuples of
    text, anything deeper than `depth` or of another kind is left out."""
    out: list[tuple[str, Value]] = []
    if not isinstance(data, dict) or depth <= 0:
        return out
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += flatten(value, name + ".", depth - 1)
        elif isinstance(value, list):
            if all(isinstance(v, str | int | float | bool) for v in value):
                out.append((name, tuple(str(v) for v in value)))
        elif value is None or isinstance(value, str | int | float | bool):
            out.append((name, value))
    return out


def package_json(root: Path, notes: Notes) -> dict[str, str]:
    """package name -> version range of every dependency in package.json."""
    path = root / "package.json"
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, ValueError) as exc:
        notes.warn(f"cannot be read ({exc}); its packages are not known", path)
        return {}
    deps: dict[str, str] = {}
    for key in ("dependencies", "devDependencies"):
        table = data.get(key) if isinstance(data, dict) else None
        if isinstance(table, dict):
            deps.update({str(k): str(v) for k, v in table.items() if isinstance(v, str)})
    return deps


def _pick(
    flat: dict[str, Value], defaults: dict[str, Value], prefix: str
) -> list[tuple[str, Value]]:
    """Settings under `prefix`: the known keys in their documented spelling with their
    defaults, then whatever else the config sets (keys matched without case)."""
    lower = {k.lower(): (k, v) for k, v in flat.items() if k.lower().startswith(prefix.lower())}
    out = [(k, lower.pop(k.lower())[1] if k.lower() in lower else v) for k, v in defaults.items()]
    return out + sorted(lower.values())


# -- Hugo --------------------------------------------------------------------------------

_HUGO_DEFAULTS: dict[str, Value] = {
    "defaultMarkdownHandler": "goldmark",
    "goldmark.renderer.unsafe": False,
    "goldmark.renderer.hardWraps": False,
    "goldmark.extensions.typographer.disable": False,
    "goldmark.extensions.linkify": True,
    "goldmark.extensions.strikethrough": True,
    "goldmark.extensions.table": True,
    "goldmark.extensions.taskList": True,
    "goldmark.extensions.footnote": True,
    "goldmark.parser.autoHeadingID": True,
    "goldmark.parser.autoHeadingIDType": "github",
    "goldmark.parser.attribute.block": False,
    "goldmark.parser.attribute.title": True,
    "highlight.codeFences": True,
    "highlight.noClasses": True,
    "highlight.style": "monokai",
    "highlight.lineNos": False,
    "highlight.guessSyntax": False,
}


_MERMAID_HOOKS = (  # Hugo's way to draw ```mermaid fences: a code block render hook
    "layouts/_default/_markup/render-codeblock-mermaid.html",
    "layouts/_markup/render-codeblock-mermaid.html",  # (Hugo >= 0.146's layout)
)


def _hugo_mermaid(root: Path) -> bool:
    """The site, or one of its themes, has a render hook for ```mermaid fences."""
    themes = root / "themes"
    folders = [root, *(sorted(themes.iterdir()) if themes.is_dir() else ())]
    return any((folder / hook).is_file() for folder in folders for hook in _MERMAID_HOOKS)


def _hugo(blog: Blog, notes: Notes) -> MarkupProfile:
    marker = blog.config_file
    data = read_data(marker, notes, "assumed Hugo's Markdown defaults") if marker else None
    markup = {str(k).lower(): v for k, v in (data or {}).items()}.get("markup")
    if marker is not None and marker.parent.name == "_default":  # a split config
        for suffix in (".toml", ".yaml", ".yml", ".json"):
            if (split := marker.parent / f"markup{suffix}").is_file():
                markup = read_data(split, notes, "assumed Hugo's Markdown defaults") or markup
                break
    if markup is not None and not isinstance(markup, dict):
        notes.warn("`markup` is not a table; assumed Hugo's Markdown defaults", marker)
        markup = None
    flat = dict(flatten(markup or {}, depth=6))
    for key, value in list(flat.items()):  # Hugo < 0.112: `typographer = false`
        if key.lower() == "goldmark.extensions.typographer" and isinstance(value, bool):
            flat["goldmark.extensions.typographer.disable"] = not flat.pop(key)
    settings = _pick(flat, _HUGO_DEFAULTS, "")
    handler = str(dict(settings)["defaultMarkdownHandler"]).lower()
    if handler != "goldmark":
        notes.warn(f"the preview does not know the Markdown handler {handler}", marker)
    settings.append(("mermaid", _hugo_mermaid(blog.root)))
    return MarkupProfile(generator="hugo", parser=handler, settings=tuple(settings))


# -- Jekyll ------------------------------------------------------------------------------

_KRAMDOWN_DEFAULTS: dict[str, Value] = {
    "kramdown.input": "GFM",
    "kramdown.auto_ids": True,
    "kramdown.hard_wrap": False,
    "kramdown.smart_quotes": "lsquo,rsquo,ldquo,rdquo",
    "kramdown.toc_levels": "1..6",
    "kramdown.syntax_highlighter": "rouge",
    "kramdown.math_engine": "mathjax",
}
_JEKYLL_PARSERS = {
    "kramdown": "kramdown",
    "commonmark": "commonmark",
    "commonmarkghpages": "commonmark",
}


def _jekyll(blog: Blog, notes: Notes) -> MarkupProfile:
    marker = blog.config_file
    data = (
        read_data(marker, notes, "assumed Jekyll's kramdown defaults") if marker else None
    ) or {}
    converter = str(data.get("markdown") or "kramdown")
    parser = _JEKYLL_PARSERS.get(converter.lower(), converter)
    if converter.lower() not in _JEKYLL_PARSERS:
        notes.warn(f"the preview does not know the Markdown converter {converter}", marker)
    kramdown = data.get("kramdown")
    flat = dict(flatten({"kramdown": kramdown if isinstance(kramdown, dict) else {}}))
    settings = [("markdown", converter), *_pick(flat, _KRAMDOWN_DEFAULTS, "kramdown.")]
    listed = data.get("plugins") if data.get("plugins") is not None else data.get("gems")
    site = tuple(str(p) for p in listed) if isinstance(listed, list) else ()
    return MarkupProfile(
        generator="jekyll", parser=parser, site_plugins=site, settings=tuple(settings)
    )


# -- Hexo --------------------------------------------------------------------------------

_HEXO_RENDERERS = {
    "hexo-renderer-marked": ("marked", "marked"),
    "hexo-renderer-markdown-it": ("markdown-it", "markdown"),
    "hexo-renderer-markdown-it-plus": ("markdown-it", "markdown_it_plus"),
    "hexo-renderer-pandoc": ("pandoc", "pandoc"),
    "hexo-renderer-kramed": ("kramed", "kramed"),
}


_HEXO_MARKDOWN = re.compile(r"hexo-renderer-.*(?:mark|md|pandoc|kramed|showdown)")


def _hexo(blog: Blog, notes: Notes) -> MarkupProfile:
    marker = blog.config_file
    data = (read_data(marker, notes, "assumed Hexo's marked defaults") if marker else None) or {}
    deps = package_json(blog.root, notes)
    renderer = next((r for r in _HEXO_RENDERERS if r in deps), None)
    other = next((d for d in deps if _HEXO_MARKDOWN.match(d)), None)
    if renderer is not None:
        parser, key = _HEXO_RENDERERS[renderer]
    elif other is not None:
        notes.warn(
            f"the preview does not know the Markdown renderer {other}", blog.root / "package.json"
        )
        renderer, parser = other, other.removeprefix("hexo-renderer-")
        key = parser
    else:
        renderer, parser, key = "hexo-renderer-marked", "marked", "marked"  # Hexo's default
    options = data.get(key)
    settings = flatten({key: options} if isinstance(options, dict) else {})
    for extra in ("syntax_highlighter", "highlight", "prismjs"):
        settings += flatten({extra: data[extra]}) if isinstance(data.get(extra), dict) else []
        if isinstance(data.get(extra), str):
            settings.append((extra, data[extra]))
    plugins: list[MarkupPlugin] = []
    listed = options.get("plugins") if isinstance(options, dict) else None
    for item in listed if isinstance(listed, list) else []:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip():
            opts = item.get("options") if isinstance(item, dict) else None
            plugins.append(MarkupPlugin(name.strip(), tuple(flatten(opts or {}))))
    return MarkupProfile(
        generator="hexo",
        parser=parser,
        plugins=tuple(plugins),
        settings=tuple(settings),
        versions=((renderer, deps[renderer]),) if renderer in deps else (),
    )


# -- all generators ----------------------------------------------------------------------


def _read(blog: Blog, notes: Notes) -> MarkupProfile:
    from app.core.blog import markup_js

    readers = {
        "hugo": _hugo,
        "jekyll": _jekyll,
        "hexo": _hexo,
        "gatsby": markup_js.gatsby,
        "astro": markup_js.astro,
        "docusaurus": markup_js.docusaurus,
        "eleventy": markup_js.eleventy,
    }
    reader = readers.get(blog.generator or "")
    return MarkupProfile(generator=None) if reader is None else reader(blog, notes)


def markup_profile(blog: Blog) -> MarkupProfile:
    """How `blog` renders Markdown, read from its config and package files (never run).
    Never raises: what cannot be read is a warning, and the generator's defaults stand."""
    notes = Notes(blog.root)
    try:
        profile = _read(blog, notes)
    except (OSError, ValueError, TypeError, LookupError, RecursionError) as exc:
        log.warning("cannot read how %s renders Markdown: %s", blog.root, exc)
        notes.warn(f"cannot read how the blog renders Markdown ({exc}); assumed CommonMark")
        profile = MarkupProfile(generator=blog.generator)
    unknown = tuple(dict.fromkeys(p.name for p in profile.plugins if p.name not in KNOWN_PLUGINS))
    where = profile.config_file or blog.config_file
    for name in unknown:
        notes.warn(
            f"the preview does not know plugin {name}: posts may look different on the blog",
            where,
        )
    return MarkupProfile(
        generator=profile.generator,
        parser=profile.parser,
        site_plugins=profile.site_plugins,
        plugins=profile.plugins,
        settings=profile.settings,
        versions=profile.versions,
        unknown=unknown,
        config_file=where,
        warnings=(*profile.warnings, *notes.warnings),
    )
