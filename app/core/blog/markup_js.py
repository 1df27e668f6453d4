"""The Markdown pipelines of the JavaScript-configured blogs, read as text (see markup).

Gatsby: the `plugins` list of gatsby-config and gatsby-transformer-remark's (or
gatsby-plugin-mdx's) own plugins with their literal options, and which remark-parse the
blog resolves (package.json, then a lock file). Astro, Docusaurus, Eleventy: the names of
the remark, rehype and markdown-it plugins, in order.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from app.core.blog.config import Notes
from app.core.blog.flags import JS_SUFFIXES, read_js
from app.core.blog.jsscan import JsText
from app.core.blog.markup import MarkupPlugin, MarkupProfile, Value, package_json
from app.core.blog.model import Blog

__all__ = ["astro", "docusaurus", "eleventy", "gatsby", "remark_parse_version"]

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_ENTRY = re.compile(r"^['\"]?([\w$-]+)['\"]?\s*:\s*(.*)$", re.S)
_REQUIRE = re.compile(r"^(?:require(?:\s*\.\s*resolve)?)\s*\(\s*(['\"`])([^'\"`]+)\1\s*\)")
_MAJOR = re.compile(r"(\d+)")


def _literal(js: JsText, expr: str) -> Value | JsText:
    """A literal value; `js` itself (a marker) when the expression is not one."""
    if expr in ("true", "false"):
        return expr == "true"
    if expr in ("null", "undefined"):
        return None
    if _NUMBER.fullmatch(expr):
        return float(expr) if "." in expr else int(expr)
    if re.fullmatch(r"(['\"]).*\1|`[^`$]*`", expr, re.S):
        text = js.string_value(expr)  # None: a sum with a name in it
        return js if text is None else text
    if expr.startswith("["):
        values = js.strings_in(expr)
        return js if values is None else tuple(values)
    return js


def _options(js: JsText, at: int, prefix: str = "", depth: int = 3) -> list[tuple[str, Value]]:
    """The literal values of the object at `at`, nested ones as dotted keys."""
    span = js.object_at(at)
    out: list[tuple[str, Value]] = []
    for start, item in js.items(span[0]) if span is not None and depth > 0 else ():
        m = _ENTRY.match(item)
        if m is None:
            continue
        key, expr = m.group(1), m.group(2).strip()
        if expr.startswith("{"):
            out += _options(js, start + m.start(2), f"{prefix}{key}.", depth - 1)
        elif (value := _literal(js, expr)) is not js and not isinstance(value, JsText):
            out.append((prefix + key, value))
    return out


def _module_of(js: JsText, expr: str) -> str | None:
    """The package an expression names: 'x', require('x'), or an identifier imported
    from 'x' (`import x from`, `import { x } from`, `const x = require(...)`)."""
    expr = expr.strip()
    if re.fullmatch(r"(['\"`])[^'\"`]+\1", expr):
        return expr[1:-1].strip()
    if (m := _REQUIRE.match(expr)) is not None:
        return m.group(2)
    ident = re.fullmatch(r"([A-Za-z_$][\w$]*)", expr)
    if ident is None:
        return None
    name = re.escape(ident.group(1))
    pattern = (
        r"import\s+(?:" + name + r"\b[^;\n]*?|[^;\n{]*\{[^}]*\b" + name + r"\b[^}]*\}[^;\n]*?)"
        r"from\s*['\"]([^'\"]+)['\"]"
        r"|(?:const|let|var)\s+(?:" + name + r"|\{[^}]*\b" + name + r"\b[^}]*\})\s*=\s*"
        r"(?:await\s+import|require)\s*\(\s*['\"]([^'\"]+)['\"]"
    )
    found = re.search(pattern, js.text)
    return (found.group(1) or found.group(2)) if found else ident.group(1)


def _entries(js: JsText, open_at: int, notes: Notes, marker: Path) -> list[MarkupPlugin]:
    """The plugins of the array at `open_at`: names, `{ resolve, options }` objects,
    `[plugin, options]` pairs; what is written any other way is reported."""
    found: list[MarkupPlugin] = []
    for start, item in js.items(open_at):
        options: list[tuple[str, Value]] = []
        name: str | None = None
        if item.startswith("{"):
            span = js.object_at(start)
            resolve = None if span is None else js.top_level_value(*span, "resolve")
            name = None if resolve is None else _module_of(js, resolve[0])
            opts = None if span is None else js.top_level_value(*span, "options")
            options = [] if opts is None else _options(js, opts[1])
        elif item.startswith("["):
            parts = list(js.items(start))
            name = _module_of(js, parts[0][1]) if parts else None
            options = _options(js, parts[1][0]) if len(parts) > 1 else []
        else:
            name = _module_of(js, item)
        if name is None:
            notes.warn(
                f"cannot read the plugin `{item[:60]}`: the preview leaves it out",
                marker,
                js.line_of(start),
            )
            continue
        found.append(MarkupPlugin(name, tuple(options)))
    return found


def _arrays(js: JsText, key: str) -> list[int]:
    """Offsets of the `[` of every `key: [` in the file, in order."""
    found = []
    for at in js.find_key(key):
        bracket = at + len(js.text[at:]) - len(js.text[at:].lstrip())
        if js.text[bracket : bracket + 1] == "[":
            found.append(bracket)
    return found


def _major(version: str | None) -> int | None:
    m = None if version is None else _MAJOR.search(version)
    return None if m is None else int(m.group(1))


# -- lock files ---------------------------------------------------------------------------


def _npm_lock(text: str, owner: str) -> str | None:
    data = json.loads(text)
    packages = data.get("packages") if isinstance(data, dict) else None
    if isinstance(packages, dict):
        for key in (f"node_modules/{owner}/node_modules/remark-parse", "node_modules/remark-parse"):
            entry = packages.get(key)
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                return str(entry["version"])
    deps = data.get("dependencies") if isinstance(data, dict) else None
    if isinstance(deps, dict):
        nested = (
            deps.get(owner, {}).get("dependencies", {}) if isinstance(deps.get(owner), dict) else {}
        )
        for table in (nested, deps):
            entry = table.get("remark-parse") if isinstance(table, dict) else None
            if isinstance(entry, dict) and isinstance(entry.get("version"), str):
                return str(entry["version"])
    return None


def _yarn_lock(text: str, owner: str) -> str | None:
    blocks: dict[str, str] = {}  # each spec in a block's header -> that block
    for block in re.split(r"\n(?=\S)", text):
        header, _, body = block.partition("\n")
        for spec in header.rstrip(":").split(","):
            blocks[spec.strip().strip('"')] = body
    wanted = next((b for s, b in blocks.items() if s.startswith(owner + "@")), "")
    needs = re.search(r"^\s+\"?remark-parse\"?:?\s+\"?([^\"\n]+)\"?", wanted, re.M)
    specs = [s for s in blocks if s.startswith("remark-parse@")]
    if needs is not None:
        specs = [
            s for s in specs if s.split("@", 1)[1].removeprefix("npm:") == needs.group(1)
        ] or specs
    for spec in specs:
        if (m := re.search(r"^\s+version:?\s+\"?([^\"\n]+)\"?", blocks[spec], re.M)) is not None:
            return m.group(1)
    return None


def _pnpm_lock(text: str, owner: str) -> str | None:
    # lockfile 9 lists the package twice (packages:, snapshots:): the entry with its deps
    for at in re.finditer(r"^[ \t]+'?/?" + re.escape(owner) + r"[@/][^\n]*:\s*$", text, re.M):
        rest = text[at.end() :]
        indent = len(at.group(0)) - len(at.group(0).lstrip())
        end = re.search(rf"^ {{0,{indent}}}\S", rest, re.M)  # the next entry
        needs = re.search(
            r"^\s+remark-parse:\s*'?(\d[\w.-]*)", rest[: end.start() if end else None], re.M
        )
        if needs is not None:
            return needs.group(1)
    m = re.search(r"^\s+'?/?remark-parse[@/](\d[\w.-]*?)(?:[_(][^\n]*)?'?:\s*$", text, re.M)
    return None if m is None else m.group(1)


def remark_parse_version(root: Path, owner: str, notes: Notes) -> str | None:
    """The remark-parse version `owner` resolves, from the blog's lock file."""
    for name, read in (
        ("package-lock.json", _npm_lock),
        ("yarn.lock", _yarn_lock),
        ("pnpm-lock.yaml", _pnpm_lock),
    ):
        path = root / name
        if not path.is_file():
            continue
        try:
            found = read(path.read_bytes().decode("utf-8-sig", errors="replace"), owner)
        except (OSError, ValueError, AttributeError) as exc:
            notes.warn(f"cannot be read ({exc}); its versions are not used", path)
            continue
        if found is not None:
            return found
    return None


# -- Gatsby -------------------------------------------------------------------------------

_TRANSFORMERS = ("gatsby-transformer-remark", "gatsby-plugin-mdx")
# the last major of each still on remark-parse <= 8 (checked against npm's metadata:
# gatsby-transformer-remark 3 needs remark-parse ^6, 4 needs ^9; gatsby-plugin-mdx 3 uses
# @mdx-js/mdx 1, on remark-parse 8)
_LAST_LEGACY = {"gatsby-transformer-remark": 3, "gatsby-plugin-mdx": 3}
_PARSED_BY = {"gatsby-plugin-mdx": "@mdx-js/mdx"}  # the package that depends on remark-parse


def gatsby(blog: Blog, notes: Notes) -> MarkupProfile:
    marker = blog.config_file
    js = read_js(marker, notes) if marker is not None else None
    site: list[MarkupPlugin] = []
    if js is not None and marker is not None:
        for bracket in _arrays(js, "plugins"):
            outer = js.enclosing(bracket, "{")
            # the config object's own `plugins`, not one nested in it
            if outer is None or not any(js.enclosing(outer[0], b) for b in "{["):
                site = _entries(js, bracket, notes, marker)
                break
        else:  # `const plugins = [...]`, then `module.exports = { plugins }`
            named = re.search(r"(?<![\w$.])(?:const|let|var)\s+plugins\b[^=\n]*=\s*\[", js.text)
            if named is not None:
                site = _entries(js, named.end() - 1, notes, marker)
            else:
                notes.warn("no plugins list could be read; assumed CommonMark", marker)
    plugins: list[MarkupPlugin] = []
    settings: list[tuple[str, Value]] = []
    owner = next((p.name for p in site if p.name in _TRANSFORMERS), None)
    if js is not None and marker is not None and owner is not None:
        at = next(js.literals(owner), None)
        entry = None if at is None else js.enclosing(at, "{")
        opts = None if entry is None else js.top_level_value(*entry, "options")
        span = None if opts is None else js.object_at(opts[1])
        for key in ("plugins", "gatsbyRemarkPlugins", "remarkPlugins", "rehypePlugins"):
            for bracket in _arrays(js, key) if span is not None else []:
                assert span is not None
                # its own lists (or mdxOptions'), not a sub-plugin's options
                holder = js.enclosing(bracket, "{")
                inside = holder == span or (
                    holder is not None and js.enclosing(holder[0], "{") == span
                )
                if span[0] < bracket < span[1] and inside:
                    plugins += [
                        p
                        for p in _entries(js, bracket, notes, marker)
                        if p.name not in {q.name for q in plugins}
                    ]
        # its own switches: remark-parse 6's `commonmark`, `footnotes`, `pedantic`, `gfm`
        settings = [
            (k, v)
            for k, v in ([] if opts is None else _options(js, opts[1]))
            if not k.startswith("mdxOptions.")
        ]
    deps = package_json(blog.root, notes)
    versions = {name: deps[name] for name in (*_TRANSFORMERS, "gatsby") if name in deps}
    parser = "commonmark"
    if owner is not None:
        exact = remark_parse_version(blog.root, _PARSED_BY.get(owner, owner), notes)
        if exact is not None:
            versions["remark-parse"] = exact
            legacy = (_major(exact) or 99) <= 8
        elif (major := _major(deps.get(owner))) is not None:
            legacy = major <= _LAST_LEGACY[owner]
        else:
            legacy = False
            notes.warn(f"no version of {owner} found in package.json; assumed CommonMark", marker)
        parser = "remark-legacy" if legacy else "commonmark"
    return MarkupProfile(
        generator="gatsby",
        parser=parser,
        site_plugins=tuple(p.name for p in site),
        plugins=tuple(plugins),
        settings=tuple(settings),
        versions=tuple(versions.items()),
    )


# -- Astro, Docusaurus, Eleventy ---------------------------------------------------------


def _config(root: Path, stem: str) -> Path | None:
    return next((root / (stem + s) for s in JS_SUFFIXES if (root / (stem + s)).is_file()), None)


def _remark_rehype(
    blog: Blog, notes: Notes, config: Path | None, keys: tuple[str, ...]
) -> tuple[list[MarkupPlugin], JsText | None]:
    js = None if config is None else read_js(config, notes)
    plugins: list[MarkupPlugin] = []
    for key in keys:
        for bracket in _arrays(js, key) if js is not None and config is not None else []:
            assert js is not None and config is not None
            plugins += [p for p in _entries(js, bracket, notes, config) if p not in plugins]
    return plugins, js


def astro(blog: Blog, notes: Notes) -> MarkupProfile:
    config = _config(blog.root, "astro.config")
    plugins, js = _remark_rehype(blog, notes, config, ("remarkPlugins", "rehypePlugins"))
    given: dict[str, Value] = {}
    for at in js.find_key("markdown") if js is not None else ():
        assert js is not None
        given.update(_options(js, at))
    # Astro's defaults for what the preview reads, then what the config sets
    defaults: dict[str, Value] = {"gfm": True, "smartypants": True, "syntaxHighlight": "shiki"}
    settings = [*{**defaults, **given}.items()]
    return MarkupProfile(
        generator="astro", plugins=tuple(plugins), settings=tuple(settings), config_file=config
    )


def docusaurus(blog: Blog, notes: Notes) -> MarkupProfile:
    keys = ("beforeDefaultRemarkPlugins", "remarkPlugins", "rehypePlugins")
    plugins, js = _remark_rehype(blog, notes, blog.config_file, keys)
    admonitions: Value = True
    for at in js.find_key("admonitions") if js is not None else ():
        assert js is not None
        admonitions = js.value_at(at)[0] != "false" and admonitions
    mermaid = js is not None and re.search(r"mermaid\s*:\s*true", js.text) is not None
    settings = (("admonitions", admonitions), ("mermaid", mermaid))
    return MarkupProfile(generator="docusaurus", plugins=tuple(plugins), settings=settings)


def eleventy(blog: Blog, notes: Notes) -> MarkupProfile:
    marker = blog.config_file
    js = None if marker is None else read_js(marker, notes)
    plugins: list[MarkupPlugin] = []
    settings: list[tuple[str, Value]] = []
    for m in re.finditer(r"\.\s*use\s*\(", js.text if js is not None else ""):
        assert js is not None
        expr = js.value_at(m.end())[0]
        name = _module_of(js, expr)
        if name is not None and MarkupPlugin(name) not in plugins:
            plugins.append(MarkupPlugin(name))
    for m in re.finditer(
        r"(?<![\w$.])(?:markdownIt|markdownit|MarkdownIt)\s*\(\s*", js.text if js else ""
    ):
        assert js is not None
        settings += [(f"markdown-it.{k}", v) for k, v in _options(js, m.end())]
    library = None if js is None else re.search(r"setLibrary\s*\(\s*['\"]md['\"]\s*,", js.text)
    parser = "markdown-it"
    if js is not None and library is not None:
        expr = js.value_at(library.end())[0]
        first = re.split(r"[\s.(]", expr, maxsplit=1)[0]
        module = _module_of(js, first)
        # another library than markdown-it, imported by name (`new Marked()`, `remark()`)
        if module not in (None, first) and "markdown-it" not in js.text:
            parser = str(module)
    return MarkupProfile(
        generator="eleventy", parser=parser, plugins=tuple(plugins), settings=tuple(settings)
    )
