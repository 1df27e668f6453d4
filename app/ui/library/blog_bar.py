"""The top of the posts sidebar for a blog whose generator is known: which generator
Postdesk found (and what it could not read in the blog's config, with what it assumed),
and a switch between everything, posts, pages and drafts, each with its count.

A folder no generator claims shows none of it: the sidebar looks as it always has.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from app.core.blog import Blog, BlogWarning

__all__ = ["GENERATOR_NAMES", "KINDS", "BlogBar", "blog_title", "shows_blog"]

GENERATOR_NAMES = {
    "hugo": "Hugo",
    "jekyll": "Jekyll",
    "hexo": "Hexo",
    "gatsby": "Gatsby",
    "astro": "Astro",
    "docusaurus": "Docusaurus",
    "eleventy": "Eleventy",
}
# the switch's choices: (key, label); None shows everything
KINDS: tuple[tuple[str | None, str], ...] = (
    (None, "All"),
    ("post", "Posts"),
    ("page", "Pages"),
    ("draft", "Drafts"),
)
_NOTHING_FOUND = "no static-site generator recognised"


def _telling(warnings: tuple[BlogWarning, ...]) -> list[BlogWarning]:
    """The warnings worth showing (not "no generator here": a plain folder is no news)."""
    return [w for w in warnings if not w.message.startswith(_NOTHING_FOUND)]


def shows_blog(blog: Blog | None) -> bool:
    """The bar is shown: a generator was found, or something about the blog went wrong."""
    return blog is not None and (blog.generator is not None or bool(_telling(blog.warnings)))


def blog_title(blog: Blog) -> str:
    """'Jekyll blog', or what was read instead when no generator could be."""
    if blog.generator is None:
        return "Read as a folder of Markdown posts"
    return f"{GENERATOR_NAMES.get(blog.generator, blog.generator)} blog"


class BlogBar(QWidget):
    """The generator, the blog's warnings, and the kind switch."""

    kindChanged = Signal(object)  # None, "post", "page" or "draft"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("blogBar")
        self._title = QLabel(self)
        self._title.setObjectName("blogGenerator")
        bold = QFont(self._title.font())
        bold.setWeight(QFont.Weight.DemiBold)
        self._title.setFont(bold)
        self._title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._warning = QLabel(self)
        self._warning.setObjectName("blogWarning")
        self._warning.setWordWrap(True)
        small = QFont(self._warning.font())
        small.setPointSizeF(small.pointSizeF() * 0.88)
        self._warning.setFont(small)
        self._paint_warning()
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)
        self._buttons: dict[str | None, QToolButton] = {}
        switch = QHBoxLayout()
        switch.setSpacing(2)
        for key, label in KINDS:
            button = QToolButton(self)
            button.setText(label)
            button.setCheckable(True)
            button.setAutoRaise(True)
            button.setFont(small)
            button.setAccessibleName(f"Show {label.lower()}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self._group.addButton(button)
            self._buttons[key] = button
            switch.addWidget(button)
            button.toggled.connect(lambda on, k=key: self._toggled(on, k))
        switch.addStretch(1)
        self._buttons[None].setChecked(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._title)
        layout.addWidget(self._warning)
        layout.addLayout(switch)
        self.set_blog(None)

    def _paint_warning(self) -> None:
        dark = self.palette().color(QPalette.ColorRole.Window).lightness() < 128
        self._warning.setStyleSheet(f"color: {'#f5a524' if dark else '#b45309'};")

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "_warning"):
            self._paint_warning()  # the theme switched

    def _toggled(self, on: bool, key: str | None) -> None:
        if on:
            self.kindChanged.emit(key)

    def set_blog(self, blog: Blog | None) -> None:
        """Show `blog`'s generator and warnings (hidden for a plain folder)."""
        self.setVisible(shows_blog(blog))
        if blog is None:
            self._title.clear()
            self._warning.hide()
            return
        self._title.setText(blog_title(blog))
        tip = str(blog.root)
        if blog.config_file is not None:
            tip += f"\nsettings read from {blog.relative(blog.config_file)}"
        self._title.setToolTip(tip)
        warnings = _telling(blog.warnings)
        if warnings:
            more = f" (+{len(warnings) - 1} more)" if len(warnings) > 1 else ""
            self._warning.setText(f"⚠ {warnings[0]}{more}")
            self._warning.setToolTip("\n".join(str(w) for w in warnings))
        self._warning.setVisible(bool(warnings))
        for key, button in self._buttons.items():
            button.setVisible(blog.generator is not None or key is None)

    def set_counts(self, counts: Counter[str]) -> None:
        """Each choice's count: `counts` of "post", "page" and "draft" (Library.kind_counts)."""
        total = sum(counts.values())
        for key, label in KINDS:
            n = total if key is None else counts.get(key, 0)
            self._buttons[key].setText(f"{label} {n}")
            self._buttons[key].setEnabled(key is None or n > 0 or self.kind() == key)

    def kind(self) -> str | None:
        """The choice shown: None (everything), "post", "page" or "draft"."""
        return next((k for k, b in self._buttons.items() if b.isChecked()), None)

    def set_kind(self, kind: str | None) -> None:
        self._buttons[kind].setChecked(True)

    def warning_text(self) -> str:
        return self._warning.text() if self._warning.isVisibleTo(self) else ""

    def title_text(self) -> str:
        return self._title.text() if self.isVisibleTo(self.parentWidget() or self) else ""
