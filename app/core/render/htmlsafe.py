"""A post's raw HTML made harmless: nothing in it may connect, navigate, load or read.

- :func:`strip_network_hints` is for the preview and the PDF, whose engine blocks loads
  itself (the request guard) but cannot see what opens connections or navigates with no
  request: ``<link rel=preconnect|dns-prefetch|prefetch|preload|prerender|modulepreload>``,
  ``<meta http-equiv=refresh>``, and frames whose document comes from ``srcdoc`` or a
  ``data:`` URL. Everything else stays byte for byte.
- :func:`standalone_body` is for the standalone HTML export, which a browser opens with no
  guard: every tag is written anew from what a browser reads in it, keeping only ``data:``
  URIs (local files become ones through `embed`) and links the reader follows; scripts,
  frames' documents, ``<link>``, ``<base>``, ``<meta http-equiv>``, event handlers,
  ``@import`` and other URLs in CSS go.

Tags are read as the HTML5 tokenizer reads them (:func:`read_tag`): a regular expression
that balances quotes reads ``<img alt=a"b src=…>`` otherwise than a browser does.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

__all__ = ["Tag", "read_tag", "safe_css", "standalone_body", "strip_network_hints"]

_WS = "\t\n\f\r "
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
HINT_RELS = frozenset(
    {"preconnect", "dns-prefetch", "prefetch", "preload", "prerender", "modulepreload"}
)
_FRAMES = frozenset({"iframe", "frame", "object", "embed", "portal", "fencedframe", "applet"})


def _lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)  # HTML folds ASCII letters only


@dataclass(frozen=True)
class Tag:
    name: str  # ASCII-lower-cased
    attrs: tuple[tuple[str, str], ...]  # (lower-cased name, value decoded); first of each name
    end: int  # just past its ">"
    closing: bool
    self_closing: bool

    def get(self, key: str) -> str | None:
        return next((value for name, value in self.attrs if name == key), None)


def read_tag(doc: str, start: int) -> Tag | None:
    """The start or end tag at ``doc[start]`` ("<" then a letter, or "</" then a letter), read
    as the HTML5 tokenizer reads it; None when the text ends inside it."""
    n = len(doc)
    closing = doc.startswith("</", start)
    i = j = start + (2 if closing else 1)
    while j < n and doc[j] not in _WS and doc[j] not in "/>":
        j += 1
    name, i = _lower(doc[i:j]), j
    attrs: list[tuple[str, str]] = []
    seen: set[str] = set()
    while True:
        while i < n and (doc[i] in _WS or (doc[i] == "/" and doc[i + 1 : i + 2] != ">")):
            i += 1
        if i >= n:
            return None
        if doc[i] in "/>":
            self_closing = doc[i] == "/"
            return Tag(name, tuple(attrs), i + (2 if self_closing else 1), closing, self_closing)
        j = i + 1  # an attribute's name may begin with "="
        while j < n and doc[j] not in _WS and doc[j] not in "/>=":
            j += 1
        key, i = _lower(doc[i:j]), j
        while i < n and doc[i] in _WS:
            i += 1
        value = ""
        if i < n and doc[i] == "=":
            i += 1
            while i < n and doc[i] in _WS:
                i += 1
            if i >= n:
                return None
            if doc[i] in "\"'":
                close = doc.find(doc[i], i + 1)
                if close < 0:
                    return None
                value, i = doc[i + 1 : close], close + 1
            elif doc[i] != ">":
                j = i
                while j < n and doc[j] not in _WS and doc[j] != ">":
                    j += 1
                value, i = doc[i:j], j
        if key not in seen:
            seen.add(key)
            attrs.append((key, html.unescape(value)))


def _write_tag(name: str, attrs: list[tuple[str, str]], self_closing: bool = False) -> str:
    written = "".join(f' {key}="{html.escape(value)}"' for key, value in attrs)
    return f"<{name}{written}{' /' if self_closing else ''}>"


# -- preview and PDF ---------------------------------------------------------------------

_CANDIDATE = re.compile(r"<(?:link|meta|i?frame|object|embed)(?=[\t\n\f\r />])", re.IGNORECASE)
_CANDIDATE_TEXT = ("<link", "<meta", "<iframe", "<frame", "<object", "<embed", "srcdoc")


def _hint_free(tag: Tag) -> str | None:
    """The tag rewritten without what connects or navigates; "" drops it, None keeps it."""
    if tag.closing:
        return None
    if tag.name == "link":
        rels = set(_lower(tag.get("rel") or "").split())
        return "" if rels & HINT_RELS else None
    if tag.name == "meta":
        return "" if _lower((tag.get("http-equiv") or "").strip()) == "refresh" else None
    kept = [
        (key, value)
        for key, value in tag.attrs
        if key != "srcdoc"
        and not (key in ("src", "data") and _lower(value.strip()).startswith("data:"))
    ]
    return None if len(kept) == len(tag.attrs) else _write_tag(tag.name, kept, tag.self_closing)


def strip_network_hints(doc: str, lowered: str | None = None) -> str:
    """`doc` without resource hints, refreshes, and frame documents from srcdoc or data:
    (`doc` itself when it has none; `lowered` is `doc.lower()` when the caller has it).

    Each candidate is found wherever it is written (in a comment or an attribute value too)
    and read from there, so no way of reading the text hides one from this function. A tag
    left open at the end takes the rest of the text with it: what follows `doc` in the page
    would otherwise complete it.
    """
    lowered = doc.lower() if lowered is None else lowered
    if not any(text in lowered for text in _CANDIDATE_TEXT):
        return doc
    out: list[str] = []
    position = 0
    for match in _CANDIDATE.finditer(doc):
        if match.start() < position:
            continue
        tag = read_tag(doc, match.start())
        if tag is None:
            out.append(doc[position : match.start()])
            position = len(doc)
            break
        replacement = _hint_free(tag)
        if replacement is not None:
            out.append(doc[position : match.start()] + replacement)
            position = tag.end
    out.append(doc[position:])
    return "".join(out)


# -- CSS ---------------------------------------------------------------------------------

Embed = Callable[[str], str | None]  # a local URL as written → a data: URI, or None

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|([^\n0-9a-fA-F]))")
_CSS_IDENT_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_@(")
_CSS_IMPORT = re.compile(r"@import\b[^;{}]*;?", re.IGNORECASE)
_CSS_URL = re.compile(
    r"""(?<![\w-])(?:url|src)\(\s*("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|(?:\\.|[^)\\])*?)\s*\)""",
    re.IGNORECASE | re.DOTALL,
)
_CSS_SETS = re.compile(r"(?<![\w-])(?:-webkit-)?(?:image-set|cross-fade|element)\(", re.I)
_CSS_LOADS = re.compile(r"(?<![\w-])(?:url|src)\((?!\"(?:data:|#))|@import", re.IGNORECASE)


def _ident_escape(match: re.Match[str]) -> str:
    """A CSS escape that spells a letter of a name (u\\72l, \\@import) undone; others kept."""
    char = chr(int(match.group(1), 16)) if match.group(1) else match.group(2)
    return char if char in _CSS_IDENT_CHARS else match.group(0)


def _css_string(raw: str) -> str:
    if raw[:1] in "\"'":
        raw = raw[1:-1]
    return _CSS_ESCAPE.sub(
        lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), raw
    ).strip()


def _without_functions(css: str) -> str:
    """image-set(), cross-fade() and element() take bare URLs: each becomes `none`."""
    out, position = [], 0
    for match in _CSS_SETS.finditer(css):
        if match.start() < position:
            continue
        depth, i = 1, match.end()
        while i < len(css) and depth:
            depth += {"(": 1, ")": -1}.get(css[i], 0)
            i += 1
        out.append(css[position : match.start()] + "none")
        position = i
    out.append(css[position:])
    return "".join(out)


def safe_css(css: str, embed: Embed, *, element: bool = False) -> str:
    """CSS that loads nothing: `@import` goes, each url() becomes a data: URI (a local file
    through `embed`), a #fragment, or `none`. CSS that still names something to load after
    that (written to get past these rules) is dropped whole. `element`: the text of a
    `<style>`, where tags are elements inside an SVG (their text joins the CSS)."""
    if element and "<" in css:  # (<!-- and --> around old style sheets are CSS, kept out)
        css = re.sub(r"<[^>]*>?", "", css.replace("<!--", "").replace("-->", ""))
    css = _CSS_ESCAPE.sub(_ident_escape, _CSS_COMMENT.sub("", css))
    css = _without_functions(_CSS_IMPORT.sub("", css))

    def url(match: re.Match[str]) -> str:
        value = _css_string(match.group(1))
        kind = _url_kind(value)
        if kind == "data" or (kind == "anchor" and value.startswith("#")):
            uri: str | None = value
        else:
            uri = embed(value) if kind == "local" else None
        if uri is None:
            return "none"
        quoted = uri.replace("\\", "\\5c ").replace('"', "\\22 ").replace("\n", "\\a ")
        return f'url("{quoted}")'

    css = _CSS_URL.sub(url, css)
    if _CSS_LOADS.search(css):
        return ""
    return css.replace("<", "\\3c ")


# -- the standalone export ---------------------------------------------------------------

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_NAME = re.compile(r"[a-z][a-z0-9._:-]*")
_ATTR_NAME = re.compile(r"[^\s\"'<>/=\x00]+")
_LOADING = frozenset({
    "src", "srcset", "imagesrcset", "poster", "data", "background", "lowsrc", "dynsrc",
    "manifest", "codebase", "archive", "classid", "ping", "icon", "profile", "href",
    "xlink:href",
})  # fmt: skip
_FOLLOWED = frozenset({"href", "action", "formaction"})  # used only when the reader acts
_LINK_TAGS = frozenset({"a", "area", "form", "button", "input"})
_EMBEDDABLE = frozenset({"src", "poster", "background", "href", "xlink:href"})
_CSS_ATTRS = frozenset({
    "style", "fill", "stroke", "filter", "mask", "clip-path", "marker", "marker-start",
    "marker-mid", "marker-end", "cursor",
})  # fmt: skip
_ANIMATIONS = frozenset({"set", "animate"})
_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")
_END = {
    name: re.compile(rf"</{name}(?=[\t\n\f\r />])", re.IGNORECASE) for name in ("script", "style")
}


def _url_kind(url: str) -> str:
    """remote (http(s), //host), anchor (#, ?), data, local (a file: relative, /site, file:,
    C:\\…), other (mailto:, javascript:, …)."""
    low = _lower(url)
    if low.startswith(("http:", "https:", "//", "\\\\")):
        return "remote"
    if not url or url.startswith(("#", "?")):
        return "anchor"
    if low.startswith("data:"):
        return "data"
    if low.startswith("file:") or re.match(r"^[a-z]:[\\/]", low) or not _SCHEME.match(url):
        return "local"
    return "other"


def _remote_link(url: str, label: str, kind: str) -> str:
    try:
        host = urlsplit(url).hostname or url
    except ValueError:
        host = url
    text = f"{label} ({host})" if label else f"Remote {kind}: {host}"
    if not _lower(url).startswith(("http:", "https:", "//")):
        return ""
    return f'<a class="remote-{kind}" href="{html.escape(url)}">{html.escape(text)}</a>'


class _Standalone:
    def __init__(self, embed: Embed) -> None:
        self.embed = embed

    def attr(self, tag: Tag, key: str, value: str) -> str | None:
        """The value to keep for one attribute, or None to drop it."""
        if key.startswith("on") or key == "srcdoc" or not _ATTR_NAME.fullmatch(key):
            return None
        if key in _CSS_ATTRS and (key == "style" or "(" in value):
            return safe_css(value, self.embed)
        url = value.strip()
        kind = _url_kind(url)
        if key in _FOLLOWED and tag.name in _LINK_TAGS:
            keep = kind in ("remote", "anchor") or _lower(url).startswith(_SAFE_SCHEMES)
            return url if keep else None
        if key not in _LOADING:
            return value
        if tag.name in _FRAMES:
            return None
        if key in ("srcset", "imagesrcset"):
            urls = [c.split()[0] for c in url.split(",") if c.split()]
            return url if all(_url_kind(u) == "data" for u in urls) else None
        if kind == "data" or (kind == "anchor" and url.startswith("#") and "href" in key):
            return url
        if kind == "local" and key in _EMBEDDABLE:
            return self.embed(url)
        return None

    def tag(self, tag: Tag) -> str:
        if tag.closing:
            return f"</{tag.name}>" if _NAME.fullmatch(tag.name) else ""
        name = tag.name
        if not _NAME.fullmatch(name) or name in ("link", "base", "script"):
            return ""
        if name == "meta" and tag.get("http-equiv") is not None:
            return ""
        target = _lower(tag.get("attributename") or "")
        if name in _ANIMATIONS and target in ("href", "xlink:href", "src"):
            return ""
        src = (tag.get("src") or tag.get("data") or "").strip()
        if name == "img" and _url_kind(src) == "remote":
            return _remote_link(src, (tag.get("alt") or "").strip(), "image")
        before = _remote_link(src, "", "content") if name in _FRAMES and src else ""
        attrs = []
        for key, value in tag.attrs:
            kept = self.attr(tag, key, value)
            if kept is not None:
                attrs.append((key, kept))
        return before + _write_tag(name, attrs, tag.self_closing)


def _markup_end(doc: str, i: int) -> int:
    """Where a comment, bogus comment or processing instruction at doc[i] ends."""
    if doc.startswith("<!--", i):
        body = i + 4
        if doc.startswith(">", body):
            return body + 1
        if doc.startswith("->", body):
            return body + 2
        ends = [e for e in (doc.find("-->", body), doc.find("--!>", body)) if e >= 0]
        if not ends:
            return len(doc)
        first = min(ends)
        return first + (3 if doc.startswith("-->", first) else 4)
    close = doc.find(">", i)
    return len(doc) if close < 0 else close + 1


def _element_end(doc: str, name: str, i: int) -> tuple[int, int]:
    """(where the raw text of a script or style starting at i ends, just past its end tag)."""
    match = _END[name].search(doc, i)
    if match is None:
        return len(doc), len(doc)
    tag = read_tag(doc, match.start())
    return match.start(), len(doc) if tag is None else tag.end


def standalone_body(body: str, embed: Embed) -> str:
    """The post's HTML for a page that a browser opens on its own (see the module's notes).

    `embed(url)` gets each local URL as written (relative, /site, file:) and returns a
    data: URI for it, or None when there is none (the attribute is dropped then).
    """
    writer = _Standalone(embed)
    body = body.replace("\x00", "\ufffd")
    out: list[str] = []
    i, n = 0, len(body)
    while i < n:
        lt = body.find("<", i)
        if lt < 0:
            out.append(body[i:])
            break
        out.append(body[i:lt])
        after = body[lt + 1 : lt + 2]
        name_start = body[lt + 2 : lt + 3] if after == "/" else after
        if name_start.isascii() and name_start.isalpha():
            tag = read_tag(body, lt)
            if tag is None:
                break  # the page after the body would complete it
            i = tag.end
            if not tag.closing and tag.name in _END:
                text_end, i = _element_end(body, tag.name, tag.end)
                if tag.name == "style":
                    css = safe_css(body[tag.end : text_end], embed, element=True)
                    out.append(f"{writer.tag(tag)}{css}</style>")
                continue
            out.append(writer.tag(tag))
        elif after in ("!", "?") or after == "/":
            i = _markup_end(body, lt)  # comments and the like: dropped
        else:
            out.append("&lt;")
            i = lt + 1
    return "".join(out)
