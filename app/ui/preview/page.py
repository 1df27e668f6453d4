"""The preview's web plumbing: a locked-down page, a request guard, and the HTML it shows.

The post is untrusted content. Page JavaScript is off, every request goes through
:class:`RequestGuard` (the post's folder, ``resources/`` and ``data:`` only; http(s)
only when remote content is allowed), navigation never leaves the page, and remote
images and iframes become visible placeholders before the HTML reaches the page.
"""

from __future__ import annotations

import html
import logging
import os
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWebEngineCore import (
    QWebEngineNewWindowRequest,
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineScript,
    QWebEngineSettings,
    QWebEngineUrlRequestInfo,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from app.core.blogfiles import file_kind
from app.core.render.htmlsafe import strip_network_hints
from app.core.render.page import default_css, page_template, theme_background, with_base
from app.paths import resource_path, resources_dir
from app.ui.preview.scripts import page_setup_script

__all__ = [
    "BLOG_THEME",
    "PreviewPage",
    "PreviewView",
    "RequestGuard",
    "build_document",
    "make_profile",
    "page_background",
    "prepare_body",
    "theme_css",
    "theme_names",
]

log = logging.getLogger(__name__)

# ------------------------------------------------------------------------- themes

BASE = "base"  # resources/themes/base.css: the rules every theme shares
# The blog's own stylesheet (app/core/blog/stylesheet.py), over the default theme for
# what it does not style (placeholders, code colours, dark mode)
BLOG_THEME = "blog"


def theme_names() -> list[str]:
    """Theme names from ``resources/themes/*.css``, "default" first."""
    try:
        names = sorted(p.stem for p in resource_path("themes").glob("*.css"))
    except OSError:
        names = []
    if BASE in names:
        names.remove(BASE)  # the rules every theme shares, not a theme
    if "default" in names:
        names.remove("default")
    return ["default", *names]


@lru_cache(maxsize=16)
def theme_css(name: str) -> str:
    """A theme's whole stylesheet, the shared base.css first ("" → default; unknown
    names fall back to default)."""
    if name and name not in ("default", BASE, BLOG_THEME) and re.fullmatch(r"[\w.-]+", name):
        try:
            text = resource_path("themes", f"{name}.css").read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            log.warning("theme %s unavailable (%s); using the default", name, error)
        else:
            return with_base(text)
    return default_css()


_FALLBACK_BACKGROUND = ("#ffffff", "#22272e")


def page_background(theme: str, dark: bool) -> str:
    """The page colour before the CSS paints (no white flash in dark mode): the theme's
    ``--bg`` for that scheme."""
    found = theme_background(theme_css(theme), dark)
    return found or _FALLBACK_BACKGROUND[dark]


# Postdesk's own chrome, the same in every theme: placeholders for what is not loaded.
PANE_CSS = """
/* ---- Postdesk preview: placeholders (not part of any blog theme) ---- */
:root { color-scheme: light; }
:root.dark { color-scheme: dark; }
.missing-image, .blocked-remote {
  display: flex; flex-direction: column; align-items: center; justify-content: center;
  box-sizing: border-box; width: fit-content; min-width: min(100%, 18rem); max-width: 100%;
  min-height: 4.5rem; margin: 0.25rem auto; padding: 0.9rem 1.25rem;
  border: 2px dashed #e57373; border-radius: 8px; background: #fff5f5; color: #b3261e;
  font-family: inherit; font-size: 0.9rem; font-weight: 600; line-height: 1.45;
  font-style: normal; text-align: center; text-indent: 0; letter-spacing: normal;
  overflow-wrap: anywhere; word-break: normal;
}
.blocked-remote { border-color: #adb5bd; background: #f1f3f5; color: #495057; }
.missing-image .placeholder-alt, .blocked-remote .placeholder-alt {
  font-weight: 400; font-size: 0.85em; opacity: 0.8;
}
html.dark .missing-image { border-color: #e5534b; background: #2f2526; color: #ff938a; }
html.dark .blocked-remote { border-color: #545d68; background: #2d333b; color: #adbac7; }
/* big posts: Chromium lays out only the blocks near the viewport (seconds saved at 3 MB);
   in groups (app.core.render.pieces.GROUP), only the groups near it: see _PAGE_SETUP in
   preview_scripts for the margins across their edges */
html.pd-big #post-body > * { content-visibility: auto; contain-intrinsic-size: auto 120px; }
html.pd-big #post-body > .pd-group { contain-intrinsic-size: auto 2400px; }
/* a long body's groups: each is laid out and painted apart from the others */
.pd-group { isolation: isolate; }
.blocked-remote.blocked-frame {
  width: 100%; max-width: 36rem; aspect-ratio: 16 / 9; max-height: 20rem;
}
"""

_STYLE_END = re.compile(r"</(style)", re.IGNORECASE)
_COLOR_SCHEME = re.compile(r"\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)", re.IGNORECASE)
_ALWAYS, _NEVER = "(min-width: 0px)", "(max-width: -1px)"


def _follow_scheme(css: str, dark: bool) -> str:
    """``prefers-color-scheme`` queries obey the app's light/dark choice, not the OS's."""

    def swap(match: re.Match[str]) -> str:
        return _ALWAYS if (match.group(1).lower() == "dark") == dark else _NEVER

    return _COLOR_SCHEME.sub(swap, css)


def compose_css(theme: str, dark: bool, custom_css: str = "", blog_css: str = "") -> str:
    """Theme + the blog's stylesheet (with BLOG_THEME) + placeholders + the author's own
    CSS, safe to put inside ``<style>``."""
    css = _follow_scheme(theme_css(theme), dark)
    if theme == BLOG_THEME and blog_css:
        css += f"\n/* ---- the blog's stylesheet ---- */\n{_follow_scheme(blog_css, dark)}"
    css += f"\n{PANE_CSS}"
    if custom_css:
        css += f"\n/* ---- the author's CSS ---- */\n{_follow_scheme(custom_css, dark)}\n"
    return _STYLE_END.sub(r"<\\/\1", css)


# ----------------------------------------------------------------- body rewriting

# Attributes may be quoted with either quote and hold ">"; one character per step so an
# unclosed quote cannot make the scan backtrack badly.
_MEDIA_TAG = re.compile(r"<(img|iframe)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_IFRAME_END = re.compile(r"</iframe\s*>", re.IGNORECASE)
_ATTR = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)


def _attrs(raw: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for match in _ATTR.finditer(raw):
        name = match.group(1).lower()
        value = match.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        found.setdefault(name, html.unescape(value))
    return found


def _host(url: str) -> str:
    try:
        return urlsplit(url.strip()).hostname or url.strip()
    except ValueError:
        return url.strip()


def _placeholder(kind: str, label: str, detail: str, title: str, extra: str = "") -> str:
    alt = f'<span class="placeholder-alt">{html.escape(detail)}</span>' if detail else ""
    return (
        f'<span class="{kind}" role="img" title="{html.escape(title)}"'
        f' aria-label="{html.escape(label)}"{extra}>'
        f'<span class="placeholder-label">{html.escape(label)}</span>{alt}</span>'
    )


def _frame_size(attrs: Mapping[str, str]) -> str:
    styles = []
    for name in ("width", "height"):
        value = attrs.get(name, "").strip()
        if re.fullmatch(r"\d{1,4}(?:px)?|\d{1,3}%", value):
            styles.append(f"{name}: {value if value[-1] in 'x%' else value + 'px'}")
    if len(styles) == 2:
        styles.append("aspect-ratio: auto")
    return f' style="{"; ".join(styles)}"' if styles else ""


def prepare_body(body_html: str, remote_allowed: bool) -> str:
    """Rewrite images and iframes the page will not load into visible placeholders.

    Missing local images (``data-missing``, set by the renderer) name the file; remote
    images and iframes name the host unless remote content is allowed. What would open a
    connection or navigate without a request the guard sees (resource hints, a refresh,
    frames' srcdoc or data: documents) is taken out first.
    """
    lowered = body_html.lower()
    stripped = strip_network_hints(body_html, lowered)
    if stripped is not body_html:
        body_html, lowered = stripped, stripped.lower()
    if "<img" not in lowered and "<iframe" not in lowered:
        return body_html
    parts: list[str] = []
    position = 0
    for match in _MEDIA_TAG.finditer(body_html):
        if match.start() < position:  # inside an iframe we already consumed
            continue
        tag = match.group(1).lower()
        attrs = _attrs(match.group(2))
        src = attrs.get("src", "")
        replacement: str | None = None
        end = match.end()
        if tag == "img" and "data-missing" in attrs:
            name = attrs["data-missing"] or src
            replacement = _placeholder(
                "missing-image",
                f"Missing image: {name}",
                attrs.get("alt", ""),
                name,
                f' data-missing="{html.escape(name)}"',
            )
        elif _REMOTE.match(src) and not remote_allowed:
            host = _host(src)
            blocked = f' data-blocked-src="{html.escape(src)}"'
            if tag == "img":
                replacement = _placeholder(
                    "blocked-remote",
                    f"Remote image blocked: {host}",
                    attrs.get("alt", ""),
                    src,
                    blocked,
                )
            else:
                closing = _IFRAME_END.search(body_html, end)
                end = closing.end() if closing else end
                replacement = _placeholder(
                    "blocked-remote blocked-frame",
                    f"Remote content blocked: {host}",
                    attrs.get("title", ""),
                    src,
                    blocked + _frame_size(attrs),
                )
        if replacement is not None:
            parts.append(body_html[position : match.start()])
            parts.append(replacement)
            position = end
    parts.append(body_html[position:])
    return "".join(parts)


# ----------------------------------------------------------------------- document

_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_HTML_TAG = re.compile(r"<html\b", re.IGNORECASE)


def page_title(meta: Mapping[str, Any]) -> str:
    title = meta.get("title")
    if isinstance(title, str | int | float) and str(title).strip():
        return str(title).strip()
    return "Untitled"


def build_document(
    *, header: str, body: str, css: str, title: str, lang: str, dark: bool, big: bool = False
) -> str:
    """The preview template filled in one pass (text that looks like ``{{x}}`` stays)."""
    values = {
        "lang": html.escape(lang),
        "title": html.escape(title),
        "css": css,
        "header": header,
        "body": body,
    }
    document = _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), page_template())
    classes = " ".join(name for name, on in (("dark", dark), ("pd-big", big)) if on)
    if classes:
        document = _HTML_TAG.sub(f'<html class="{classes}"', document, count=1)
    return document


# ------------------------------------------------------------------ request guard


def _real(path: Path | str) -> str:
    return os.path.normcase(os.path.realpath(path))


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives on Windows
        return False


_FRAME_TYPES = frozenset({
    QWebEngineUrlRequestInfo.ResourceType.ResourceTypeSubFrame,
    QWebEngineUrlRequestInfo.ResourceType.ResourceTypeObject,
})  # fmt: skip


class RequestGuard(QWebEngineUrlRequestInterceptor):
    """Lets through ``data:``, ``file:`` inside the allowed folders (regular files only: a
    named pipe would hang the engine), http(s) if allowed. A local file never loads as a
    frame's document: a page of the blog could open connections of its own."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roots: tuple[str, ...] = ()
        self._remote_allowed = False
        self.blocked: list[str] = []  # the last few blocked URLs, for debugging and tests

    def set_roots(self, folders: Iterable[Path]) -> None:
        self._roots = tuple(_real(folder) for folder in folders)

    def set_remote_allowed(self, allowed: bool) -> None:
        self._remote_allowed = allowed

    def allows(self, url: QUrl) -> bool:
        scheme = url.scheme().lower()
        if scheme == "data":
            return True
        if scheme in ("http", "https"):
            return self._remote_allowed
        if scheme == "file" and not url.host():  # file://server/share would reach the network
            local = url.toLocalFile()
            if not local:
                return False
            real = _real(local)
            inside = any(_inside(real, root) for root in self._roots)
            return inside and file_kind(real) == "file"
        return False

    def interceptRequest(self, info: QWebEngineUrlRequestInfo) -> None:
        url = info.requestUrl()
        frame = info.resourceType() in _FRAME_TYPES and url.scheme().lower() == "file"
        if frame or not self.allows(url):
            info.block(True)
            self.blocked.append(url.toString()[:200])
            del self.blocked[:-50]


def default_roots(base_dir: Path | None) -> list[Path]:
    roots = [resources_dir()]
    if base_dir is not None:
        roots.append(base_dir)
    return roots


# ---------------------------------------------------------------- profile and page


def make_profile(parent: QObject, guard: RequestGuard) -> QWebEngineProfile:
    """An off-the-record profile: nothing persists, every request passes the guard."""
    profile = QWebEngineProfile(parent)  # no storage name: off the record
    profile.setHttpCacheType(QWebEngineProfile.HttpCacheType.MemoryHttpCache)
    profile.setPersistentCookiesPolicy(
        QWebEngineProfile.PersistentCookiesPolicy.NoPersistentCookies
    )
    profile.setSpellCheckEnabled(False)
    profile.setUrlRequestInterceptor(guard)
    profile.downloadRequested.connect(lambda request: request.cancel())
    return profile


_A = QWebEngineSettings.WebAttribute
_LOCKED_SETTINGS = {
    _A.JavascriptEnabled: False,
    _A.JavascriptCanOpenWindows: False,
    _A.JavascriptCanAccessClipboard: False,
    _A.JavascriptCanPaste: False,
    _A.LocalContentCanAccessRemoteUrls: False,
    _A.LocalContentCanAccessFileUrls: True,  # the post's own images (the guard limits where)
    _A.LocalStorageEnabled: False,
    _A.PluginsEnabled: False,
    _A.PdfViewerEnabled: False,
    _A.WebGLEnabled: False,
    _A.Accelerated2dCanvasEnabled: False,
    _A.AllowRunningInsecureContent: False,
    _A.AllowGeolocationOnInsecureOrigins: False,
    _A.HyperlinkAuditingEnabled: False,
    _A.DnsPrefetchEnabled: False,
    _A.NavigateOnDropEnabled: False,
    _A.FullScreenSupportEnabled: False,
    _A.ScreenCaptureEnabled: False,
    _A.AutoLoadIconsForPage: False,
    _A.TouchIconsEnabled: False,
    _A.ErrorPageEnabled: False,
    _A.FocusOnNavigationEnabled: False,  # a reload never takes focus from the editor
    _A.PlaybackRequiresUserGesture: True,
    _A.AutoLoadImages: True,
}


class PreviewPage(QWebEnginePage):
    """Shows only what we load into it; every link the user follows is handed out."""

    linkClicked = Signal(QUrl)
    anchorClicked = Signal(str)

    def __init__(self, profile: QWebEngineProfile, parent: QObject | None = None) -> None:
        super().__init__(profile, parent)
        settings = self.settings()
        for attribute, on in _LOCKED_SETTINGS.items():
            settings.setAttribute(attribute, on)
        self._expecting_load = False
        self.newWindowRequested.connect(self._on_new_window)
        setup = QWebEngineScript()
        setup.setName("postdesk-page-setup")
        setup.setInjectionPoint(QWebEngineScript.InjectionPoint.DocumentCreation)
        setup.setWorldId(QWebEngineScript.ScriptWorldId.ApplicationWorld)
        setup.setRunsOnSubFrames(False)
        setup.setSourceCode(page_setup_script())
        self.scripts().insert(setup)

    def set_remote_allowed(self, allowed: bool) -> None:
        self.settings().setAttribute(_A.LocalContentCanAccessRemoteUrls, allowed)

    def expect_load(self) -> None:
        """The next main-frame navigation is ours (setHtml/load); all others are refused."""
        self._expecting_load = True

    def acceptNavigationRequest(
        self, url: QUrl | str, nav_type: QWebEnginePage.NavigationType, is_main_frame: bool
    ) -> bool:
        url = QUrl(url)
        if not is_main_frame:  # iframes: web pages only (then the request guard decides);
            # no srcdoc, data: or file: document, which could open connections unseen
            return url.scheme().lower() in ("http", "https")
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeTyped and self._expecting_load:
            self._expecting_load = False
            return True
        if nav_type == QWebEnginePage.NavigationType.NavigationTypeLinkClicked:
            if url.hasFragment() and self._same_document(url):
                self.anchorClicked.emit(url.fragment(QUrl.ComponentFormattingOption.FullyDecoded))
            elif url.scheme().lower() != "javascript":
                self.linkClicked.emit(url)
        return False  # redirects, meta refresh, form posts, back/forward, reloads

    def javaScriptConsoleMessage(
        self,
        level: QWebEnginePage.JavaScriptConsoleMessageLevel,
        message: str,
        line: int,
        source: str,
    ) -> None:
        # e.g. the CSP refusing a post's javascript: link; not worth the terminal's attention
        log.debug("preview console (%s) %s:%s: %s", level, source[:80], line, message)

    def _same_document(self, url: QUrl) -> bool:
        # the stubs type adjusted() as taking ComponentFormattingOption only (Qt: either)
        no_fragment = QUrl.UrlFormattingOption.RemoveFragment
        here = self.url().adjusted(no_fragment)  # type: ignore[arg-type]
        return url.adjusted(no_fragment) == here  # type: ignore[arg-type]

    def _on_new_window(self, request: QWebEngineNewWindowRequest) -> None:
        # target=_blank and middle clicks: never a new window, the link goes out instead
        url = request.requestedUrl()
        if url.scheme().lower() != "javascript":
            self.linkClicked.emit(url)


_CONTEXT_ACTIONS = (
    QWebEnginePage.WebAction.Copy,
    QWebEnginePage.WebAction.CopyLinkToClipboard,
    QWebEnginePage.WebAction.CopyImageToClipboard,
    QWebEnginePage.WebAction.CopyImageUrlToClipboard,
    QWebEnginePage.WebAction.SelectAll,
)


class PreviewView(QWebEngineView):
    """A web view whose context menu only copies (no back, reload, save or inspect)."""

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        page = self.page()
        menu = self.createStandardContextMenu()
        allowed = {page.action(action) for action in _CONTEXT_ACTIONS}
        for action in menu.actions():
            if action not in allowed and not action.isSeparator():
                menu.removeAction(action)
        if any(not a.isSeparator() for a in menu.actions()):
            menu.exec(event.globalPos())
        menu.deleteLater()
