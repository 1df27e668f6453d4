"""Liquid and Nunjucks tags (Jekyll, Hexo, Eleventy) drawn as the blog would.

- Hexo: `{% asset_img a.png title %}` (the image, from the post's asset folder),
  `{% post_link slug [title] %}` (a link to the post, its title by default),
  `{% codeblock [title] [lang:x] [url] [link text] %}`…`{% endcodeblock %}` (and `code`),
  `{% blockquote [author[, source]] [link] [title] %}`…`{% endblockquote %}`;
  `{% asset_link file [title] %}`, `{% link text url [external] [title] %}`, `{% img … %}`,
  `{% iframe url %}`
  (a local box naming the URL, nothing loaded);
- Jekyll (and Eleventy's `{% highlight "js" %}`): `{% highlight lang %}`…`{% endhighlight %}`
  highlighted as our fences are; `{% include x %}` a placeholder naming the include;
  `{% post_url name %}` and `{% link path %}` (also as a link's URL) lead to the file;
  `{{ site.baseurl }}` / `{{ site.url }}` the site's, from `_config.yml`;
  `{% raw %}`…`{% endraw %}`: what is between is not Liquid (it stays Markdown);
  `{% comment %}`…`{% endcomment %}`: nothing is shown;
- images whose URL Liquid writes: `![a]({{ site.baseurl }}/a.png)`,
  `![a]({{ "/a.png" | relative_url }})`;
- any other tag or variable: a marked placeholder, and a note once per name.

The paired tags read over lines (highlight, codeblock, blockquote, raw) are in
liquid_blocks.py.
"""

from __future__ import annotations

import html
import os
import re
from functools import lru_cache
from pathlib import Path

import yaml
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from app.core.render.syntaxbase import (
    RAW_KEY,
    SyntaxContext,
    embed_box,
    find_post,
    note,
    post_title,
    relative_href,
)
from app.core.render.tokens import ours

__all__ = [
    "LIQUID_TAG",
    "LIQUID_VAR",
    "asset_img_sources",
    "image",
    "inline",
    "liquid_images",
    "liquid_url",
]

LIQUID_TAG = re.compile(r"\{%(.{0,4000}?)%\}", re.DOTALL)
LIQUID_VAR = re.compile(r"\{\{(?![<%])(.{0,4000}?)\}\}", re.DOTALL)
# an image whose URL Liquid writes: ![alt]({{ site.baseurl }}/a.png),
# ![alt]({{ "/a.png" | relative_url }})
_LIQUID_IMAGE = re.compile(
    r"!\[([^\]\n]{0,500})\]\(\s*((?:[^()\s{]|\{\{[^{}\n]{0,200}\}\})*\{\{[^{}\n]{0,200}\}\}"
    r"(?:[^()\s{]|\{\{[^{}\n]{0,200}\}\})*)\s*(?:\"([^\"\n]*)\"|'([^'\n]*)')?\s*\)"
)
_SITE_PREFIX = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
_SITE_VAR = re.compile(r"-?\s*site\.(baseurl|url)\s*-?")
_URL_FILTER = re.compile(
    r"\{\{-?\s*(?:\"([^\"]*)\"|'([^']*)')\s*\|\s*(?:relative_url|absolute_url|url)\s*-?\}\}"
)
_ARG = re.compile(r"\"[^\"]*\"|'[^']*'|\S+")
# [label]({% post_url name %}) and [label]({{ site.baseurl }}{% link path %}) (Jekyll)
_LINK_TAG = re.compile(
    r"\[([^\[\]\n]{0,500})\]\(\s*(?:\{\{-?\s*site\.baseurl\s*-?\}\})?"
    r"\{%-?\s*(post_url|link)\s+(\S{1,500}?)\s*-?%\}(#[^\s()]*)?\s*\)"
)
_NAME = re.compile(r"[\s-]*(/?\s*[\w.:/-]+)")
_INCLUDES = frozenset({"include", "include_relative", "render", "import", "extends"})


def _name_of(inner: str) -> str:
    found = _NAME.match(inner)
    name = found.group(1).replace(" ", "") if found else inner.strip()
    return name[:60] or "?"


def liquid_url(url: str) -> str | None:
    """The URL a Jekyll/Liquid site writes for `{{ site.baseurl }}/a.png` or
    `{{ "/a.png" | relative_url }}` (its base URL left out); None for other Liquid."""
    url = _SITE_PREFIX.sub("", url)
    url = _URL_FILTER.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), url)
    return None if "{{" in url or "{%" in url else url


def liquid_images(text: str) -> list[tuple[str, str]]:
    """(alt, URL) of the images in `text` whose URLs Liquid writes (see liquid_url)."""
    found = []
    for match in _LIQUID_IMAGE.finditer(text):
        url = liquid_url(match.group(2))
        if url is not None:
            found.append((match.group(1), url))
    return found


def asset_img_sources(text: str) -> list[str]:
    """The files Hexo's `{% asset_img file … %}` tags in `text` name."""
    found = []
    for match in LIQUID_TAG.finditer(text):
        parts = _ARG.findall(match.group(1).strip().lstrip("-"))
        if len(parts) >= 2 and parts[0] == "asset_img":
            found.append(parts[1].strip("\"'"))
    return found


def image(state: StateInline, silent: bool) -> bool:
    """`![alt](URL Liquid writes)` as the image at the URL the site serves."""
    match = _LIQUID_IMAGE.match(state.src, state.pos)
    if match is None or match.end() > state.posMax:
        return False
    url = liquid_url(match.group(2))
    if url is None:
        return False
    if not silent:
        token = state.push("image", "img", 0)
        token.attrs = {"src": url, "alt": ""}
        title = match.group(3) if match.group(3) is not None else match.group(4)
        if title:
            token.attrs["title"] = title
        text = Token("text", "", 0)
        text.content = match.group(1)
        token.children = [text]
        token.content = match.group(1)
    state.pos = match.end()
    return True


# -- site settings --------------------------------------------------------------------


@lru_cache(maxsize=8)
def _site_settings(config: str, stamp: int) -> dict[str, str]:
    try:
        with open(config, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: str(v) for k, v in data.items() if k in ("baseurl", "url") and v is not None}


def _site_value(ctx: SyntaxContext, key: str) -> str:
    """`site.baseurl` / `site.url` from the blog's `_config.yml` ("" when not set)."""
    root = ctx.images_rule.root if ctx.images_rule is not None else None
    if root is None:
        return ""
    config = os.path.join(root, "_config.yml")
    try:
        stamp = os.stat(config).st_mtime_ns
    except OSError:
        return ""
    return _site_settings(config, stamp).get(key, "")


# -- single tags ----------------------------------------------------------------------


def _asset_img(state: StateInline, args: list[str]) -> None:
    src = args[0].strip("\"'")
    alt = " ".join(p.strip("\"'") for p in args[1:]) or src
    token = state.push("image", "img", 0)
    token.attrs = {"src": src, "alt": ""}
    text = Token("text", "", 0)
    text.content = alt
    token.children = [text]
    token.content = alt


def _post_link(state: StateInline, args: list[str], ctx: SyntaxContext) -> None:
    """Hexo's link to another post: its title unless one is given."""
    slug = args[0]
    root = ctx.images_rule.root if ctx.images_rule is not None else None
    folders = [Path(root) / "source" / "_posts"] if root is not None else []
    if ctx.base_dir is not None:
        folders.insert(0, Path(ctx.base_dir))
    found = find_post(slug, folders, root) if folders else None
    shown = " ".join(args[1:])
    opener = state.push("link_open", "a", 1)
    if found is None:
        note(ctx, f"Hexo finds no post {slug} for post_link: the blog shows no link there.")
        opener.attrs = {"href": "#", "class": "pd-ref-missing", "title": f"No post {slug}"}
    else:
        title = post_title(found) or slug  # Hexo's title attribute is the post's, always
        opener.attrs = {"href": relative_href(found, ctx), "title": title}
        shown = shown or title
    text = state.push("text", "", 0)
    text.content = shown or slug
    state.push("link_close", "a", -1)


def _jekyll_target(kind: str, path: str, ctx: SyntaxContext) -> Path | None:
    """The file `{% post_url name %}` or `{% link path %}` names in the site."""
    root = ctx.images_rule.root if ctx.images_rule is not None else None
    if root is None:
        return None
    if kind == "post_url":
        return find_post(path, [Path(root) / "_posts"], root)
    full = Path(root) / path.lstrip("/")
    inside = os.path.realpath(full).startswith(os.path.join(os.path.realpath(root), ""))
    return full if inside and full.is_file() else None


def _push_link(
    state: StateInline, ctx: SyntaxContext, target: Path | None, what: str, attrs: dict[str, str]
) -> None:
    opener = state.push("link_open", "a", 1)
    if target is None:
        note(ctx, f"The blog has no file for {what}: it will not build until it has one.")
        opener.attrs = {"href": "#", "class": "pd-ref-missing", "title": f"No file for {what}"}
    else:
        opener.attrs = {"href": relative_href(target, ctx), **attrs}


def _jekyll_link(state: StateInline, silent: bool, ctx: SyntaxContext) -> bool:
    m = _LINK_TAG.match(state.src, state.pos)
    if m is None or m.end() > state.posMax:
        return False
    if not silent:
        kind, path = m.group(2), m.group(3).strip("\"'")
        _push_link(state, ctx, _jekyll_target(kind, path, ctx), f"{kind} {path}", {})
        if m.group(4) and state.tokens[-1].attrs.get("href") != "#":
            state.tokens[-1].attrs["href"] = str(state.tokens[-1].attrs["href"]) + m.group(4)
        old_max = state.posMax
        state.pos, state.posMax = m.start(1), m.end(1)
        state.md.inline.tokenize(state)
        state.posMax = old_max
        state.push("link_close", "a", -1)
    state.pos = m.end()
    return True


def _link_tag(state: StateInline, name: str, args: list[str], ctx: SyntaxContext) -> None:
    """Jekyll's `{% link path %}` / `{% post_url name %}`, Hexo's `{% link text url %}` and
    `{% asset_link file [title] %}`, each a link."""
    words = [a.strip("\"'") for a in args]
    at = next((i for i, w in enumerate(words) if "://" in w), -1)
    if name == "link" and at >= 0:  # Hexo: text url [external] [title]
        rest = words[at + 1 :]
        external = bool(rest) and rest[0] in ("true", "false")
        attrs = {"href": words[at]}
        title = " ".join(rest[1:] if external else rest)
        if title:
            attrs["title"] = title
        if not external or rest[0] == "true":
            attrs["target"] = "_blank"
        state.push("link_open", "a", 1).attrs = attrs  # type: ignore[assignment]
        shown = " ".join(words[:at]) or words[at]
    elif name == "asset_link":
        shown = " ".join(words[1:]) or words[0]
        state.push("link_open", "a", 1).attrs = {"href": words[0], "title": shown}
    else:
        target = _jekyll_target(name, words[0], ctx)
        _push_link(state, ctx, target, f"{name} {words[0]}", {})
        shown = words[0]
    text = state.push("text", "", 0)
    text.content = shown
    state.push("link_close", "a", -1)


_END_RAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
_END_COMMENT = re.compile(r"\{%-?\s*endcomment\s*-?%\}")


def _comment_inline(state: StateInline, inner_start: int) -> bool:
    """`{% comment %}…{% endcomment %}` inside one paragraph: nothing is shown."""
    found = _END_COMMENT.search(state.src, inner_start, state.posMax)
    if found is None:
        return False
    state.pos = found.end()
    return True


_IMG_META = re.compile(r"[\"']?([^\"']+)?[\"']?\s*[\"']?([^\"']+)?[\"']?")


def _hexo_img(args: list[str]) -> str:
    """Hexo's `{% img [class] src [width [height]] ["title" ["alt"]] %}` as Hexo 7.3 writes it."""
    words = [a[1:-1] if a[:1] in "\"'" and a[-1:] == a[:1] else a for a in args]
    classes: list[str] = []
    src = ""
    while words:
        word = words.pop(0)
        if word.startswith("/") or "://" in word or "." in word:
            src = word
            break
        classes.append(word)
    out = f'<img src="{html.escape(src)}" class="{html.escape(" ".join(classes))}"'
    for key in ("width", "height"):
        if words and words[0].isdigit():
            out += f' {key}="{words.pop(0)}"'
    meta = _IMG_META.match(" ".join(words)) if words else None
    if meta is not None:
        for key, value in (("title", meta.group(1)), ("alt", meta.group(2))):
            out += f' {key}="{html.escape(value)}"' if value else ""
    return out + ">"


def _raw_inline(state: StateInline, inner_start: int, silent: bool) -> bool:
    """`{% raw %}…{% endraw %}` inside one paragraph: the text between is not Liquid."""
    found = _END_RAW.search(state.src, inner_start, state.posMax)
    if found is None:
        return False
    if not silent:
        env = state.env
        old_max = state.posMax
        env[RAW_KEY] = env.get(RAW_KEY, 0) + 1
        state.pos, state.posMax = inner_start, found.start()
        state.md.inline.tokenize(state)
        state.posMax = old_max
        env[RAW_KEY] -= 1
    state.pos = found.end()
    return True


def inline(state: StateInline, silent: bool, ctx: SyntaxContext) -> bool:
    """A Liquid tag or variable at `state.pos`."""
    src, pos = state.src, state.pos
    if src.startswith("![", pos):
        return image(state, silent)
    if src[pos] == "[":
        return _jekyll_link(state, silent, ctx)
    if (m := LIQUID_TAG.match(src, pos)) is not None and m.end() <= state.posMax:
        inner = m.group(1).strip().strip("-").strip()
        name, _, rest = inner.partition(" ")
        args = _ARG.findall(rest)
        if name == "raw" and _raw_inline(state, m.end(), silent):
            return True
        if name == "comment" and _comment_inline(state, m.end()):
            return True
        if not silent:  # (a raw never closed in its paragraph is marked as other tags)
            if name == "asset_img" and args:
                _asset_img(state, args)
            elif name == "post_link" and args:
                _post_link(state, [a.strip("\"'") for a in args], ctx)
            elif name in ("post_url", "link", "asset_link") and args:
                _link_tag(state, name, args, ctx)
            elif name == "img" and args:
                ours(state.push("html_inline", "", 0)).content = _hexo_img(args)
            elif name == "iframe" and args:
                token = ours(state.push("html_inline", "", 0))
                token.content = embed_box("iframe", "Embedded page", args[0].strip("\"'"))
            elif name != "endraw":  # a stray end of raw shows nothing
                _placeholder_tag(state, ctx, name, args, m.group(0))
        state.pos = m.end()
        return True
    if (m := LIQUID_VAR.match(src, pos)) is not None and m.end() <= state.posMax:
        if not silent:
            site = _SITE_VAR.fullmatch(m.group(1).strip())
            if site is not None:
                token = state.push("text", "", 0)
                token.content = _site_value(ctx, site.group(1))
            elif (url := liquid_url(m.group(0))) is not None:
                token = state.push("text", "", 0)
                token.content = url
            else:
                name = m.group(1).strip(" -")[:60] or "?"
                note(ctx, f"The preview does not fill in {{{{ {name} }}}}; the blog will.")
                token = state.push("pd_syntax", "", 0)
                token.content = m.group(0)
                token.meta = {"kind": "variable", "name": name}
        state.pos = m.end()
        return True
    return False


def _placeholder_tag(
    state: StateInline, ctx: SyntaxContext, name: str, args: list[str], source: str
) -> None:
    token = state.push("pd_syntax", "", 0)
    token.content = source
    if name in _INCLUDES and args:
        what = args[0].strip("\"'")
        note(ctx, f"The preview does not draw the include {what}; the blog will.")
        token.meta = {"kind": name, "name": what}
        return
    base = name[3:] if name.startswith("end") and len(name) > 3 else name
    note(ctx, f"The preview does not draw the tag {base or '?'}; the blog will.")
    token.meta = {"kind": "tag", "name": _name_of(source[2:-2])}
