"""Markdown colouring, checked on the formats each line's layout really got."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor, QFont, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QPlainTextDocumentLayout
from pytestqt.qtbot import QtBot

from app.ui.post.highlighter import CODE_DARK, CODE_LIGHT, DARK, LIGHT, MarkdownHighlighter


class CountingHighlighter(MarkdownHighlighter):
    calls = 0

    def highlightBlock(self, text: str) -> None:
        type(self).calls += 1
        super().highlightBlock(text)


@pytest.fixture
def doc(qtbot: QtBot) -> QTextDocument:
    d = QTextDocument()
    d.setDocumentLayout(QPlainTextDocumentLayout(d))  # as in the editor; without a layout
    return d  # the document reports no changes to its highlighter


def highlight(doc: QTextDocument, text: str, *, dark: bool = False) -> MarkdownHighlighter:
    h = MarkdownHighlighter(doc, dark=dark)
    attached(h)
    doc.setPlainText(text)
    return h


def attached(h: MarkdownHighlighter) -> None:
    """Attaching schedules a full pass for the event loop, and until it has run Qt
    ignores edits; let it run, as it has long before an author types anything."""
    QCoreApplication.processEvents()


def fmt(doc: QTextDocument, line: int, needle: str, offset: int = 0) -> QTextCharFormat:
    """The format at the first `needle` on `line` (UTF-16 position, as Qt counts)."""
    block = doc.findBlockByNumber(line)
    index = block.text().index(needle) + offset
    pos = len(block.text()[:index].encode("utf-16-le")) // 2
    found = QTextCharFormat()
    ranges = block.layout().formats()
    for r in ranges:
        if r.start <= pos < r.start + r.length:
            found = QTextCharFormat(r.format)  # a copy: the ranges die with the list
    return found


def fg(f: QTextCharFormat) -> str:
    has = f.hasProperty(QTextCharFormat.Property.ForegroundBrush)
    return f.foreground().color().name() if has else ""


def bg(f: QTextCharFormat) -> str:
    has = f.hasProperty(QTextCharFormat.Property.BackgroundBrush)
    return f.background().color().name() if has else ""


def test_heading(doc: QTextDocument) -> None:
    highlight(doc, "## 오랜만의 포스트\n#해시태그")
    assert fg(fmt(doc, 0, "오랜")) == LIGHT["heading"]
    assert fmt(doc, 0, "오랜").fontWeight() == QFont.Weight.Bold
    assert fg(fmt(doc, 0, "##")) == LIGHT["marker"]
    assert fg(fmt(doc, 1, "해시")) == ""  # no space after #: not a heading


def test_emphasis_strong_strike_and_inline_code(doc: QTextDocument) -> None:
    highlight(doc, "**굵게** *기울임* ~~취소~~ `코드` 그냥 ***둘다*** 2*3*4")
    assert fmt(doc, 0, "굵게").fontWeight() == QFont.Weight.Bold
    assert fmt(doc, 0, "기울임").fontItalic()
    assert fmt(doc, 0, "취소").fontStrikeOut()
    assert bg(fmt(doc, 0, "코드")) == LIGHT["code_bg"]
    assert fmt(doc, 0, "둘다").fontWeight() == QFont.Weight.Bold
    plain = fmt(doc, 0, "그냥")
    assert not plain.fontItalic() and plain.fontWeight() != QFont.Weight.Bold
    assert not fmt(doc, 0, "3").fontItalic()  # 2*3*4 is arithmetic


def test_italic_inside_a_heading_keeps_the_heading_colour(doc: QTextDocument) -> None:
    highlight(doc, "# 제목 *강조*")
    f = fmt(doc, 0, "강조")
    assert f.fontItalic() and fg(f) == LIGHT["heading"]


def test_links_images_and_tags(doc: QTextDocument) -> None:
    highlight(
        doc, '[링크](https://x.org) ![썸네일](./a.png) <span class="x">t</span> <https://a.b>'
    )
    assert fg(fmt(doc, 0, "링크")) == LIGHT["link"]
    assert fg(fmt(doc, 0, "https://x")) == LIGHT["url"]
    assert fg(fmt(doc, 0, "썸네일")) == LIGHT["image"]
    assert fg(fmt(doc, 0, "./a.png")) == LIGHT["url"]
    assert fg(fmt(doc, 0, "span")) == LIGHT["tag"]
    assert fg(fmt(doc, 0, '"x"')) == LIGHT["attr"]
    assert fg(fmt(doc, 0, "https://a.b")) == LIGHT["url"]


def test_callout_and_caption_lines_have_their_own_backgrounds(doc: QTextDocument) -> None:
    highlight(doc, '<p class="callout"> 💡스타트업 인턴</p>\n\n<p class="caption">사진 설명</p>')
    assert bg(fmt(doc, 0, "스타트업")) == LIGHT["callout_bg"]
    assert bg(fmt(doc, 2, "사진")) == LIGHT["caption_bg"]
    assert fg(fmt(doc, 2, "사진")) == LIGHT["caption"]
    assert LIGHT["callout_bg"] != LIGHT["caption_bg"]


def test_callout_spanning_lines(doc: QTextDocument) -> None:
    highlight(doc, '<p class="callout">\n팁 내용\n</p>\n다음')
    assert bg(fmt(doc, 1, "팁")) == LIGHT["callout_bg"]
    assert bg(fmt(doc, 3, "다음")) == ""


def test_fenced_python_uses_pygments_and_carries_state_across_lines(doc: QTextDocument) -> None:
    code = '```python\ndef f():\n    """여러 줄\n    docstring"""\n    return 1  # 끝\n```\n# 제목'
    h = highlight(doc, code)
    assert fg(fmt(doc, 0, "python")) == LIGHT["fence"]
    assert fg(fmt(doc, 1, "def")) == CODE_LIGHT["Keyword"]
    assert fg(fmt(doc, 1, " f(", 1)) == CODE_LIGHT["Name.Function"]
    assert fg(fmt(doc, 3, "docstring")) == CODE_LIGHT["Literal.String"]  # the docstring's 2nd line
    assert fg(fmt(doc, 4, "return")) == CODE_LIGHT["Keyword"]
    assert fmt(doc, 4, "# 끝").fontItalic()
    assert fg(fmt(doc, 6, "제목")) == LIGHT["heading"]  # after the fence, Markdown again
    assert [h.starts_in_code(doc.findBlockByNumber(i)) for i in range(7)] == [
        False,
        True,
        True,
        True,
        True,
        True,
        False,
    ]
    assert h.block_background(doc.findBlockByNumber(5)) == QColor(LIGHT["block_bg"])
    assert h.block_background(doc.findBlockByNumber(6)) is None


def test_markdown_inside_a_fence_is_not_markdown(doc: QTextDocument) -> None:
    highlight(doc, "~~~\n# not a heading **x**\n~~~")
    assert fg(fmt(doc, 1, "not")) == ""
    assert fmt(doc, 1, "x").fontWeight() != QFont.Weight.Bold


def test_unknown_language_and_fence_info_with_line_numbers(doc: QTextDocument) -> None:
    highlight(doc, "```nosuchlang\nx\n```\n```js{1,3}\nconst a = 1\n```")
    assert fg(fmt(doc, 1, "x")) == ""
    assert fg(fmt(doc, 4, "const")) == CODE_LIGHT["Keyword"]


def test_toc_fence_is_distinct(doc: QTextDocument) -> None:
    h = highlight(doc, "끝\n\n```toc\nfrom-heading: 2\n```")
    assert bg(fmt(doc, 2, "toc")) == LIGHT["toc_bg"]
    assert bg(fmt(doc, 3, "from")) == LIGHT["toc_bg"]
    assert h.block_background(doc.findBlockByNumber(4)) == QColor(LIGHT["toc_bg"])


def test_quotes_lists_rules_and_math(doc: QTextDocument) -> None:
    highlight(
        doc, "> 인용\n- 항목\n12. 번호\n- [x] 완료\n---\n수식 $E=mc^2$ 가격 $5 and $10\n$$\nx\n$$"
    )
    assert fmt(doc, 0, "인용").fontItalic() and fg(fmt(doc, 0, ">")) == LIGHT["marker"]
    assert fg(fmt(doc, 1, "-")) == LIGHT["list"]
    assert fg(fmt(doc, 2, "12.")) == LIGHT["list"]
    assert fg(fmt(doc, 3, "[x]")) == LIGHT["list"]
    assert fg(fmt(doc, 4, "---")) == LIGHT["hr"]
    assert bg(fmt(doc, 5, "E=mc")) == LIGHT["math_bg"]
    assert bg(fmt(doc, 5, "5 and")) == ""
    assert bg(fmt(doc, 7, "x")) == LIGHT["math_bg"]


def test_positions_after_an_emoji_count_utf16(doc: QTextDocument) -> None:
    highlight(doc, "💡💡 **굵게** 보통")
    assert fmt(doc, 0, "굵게").fontWeight() == QFont.Weight.Bold
    assert fmt(doc, 0, "보통").fontWeight() != QFont.Weight.Bold


def test_dark_palette_rehighlights(doc: QTextDocument) -> None:
    h = highlight(doc, "## 제목\n```python\ndef f(): pass\n```")
    h.set_dark(True)
    assert fg(fmt(doc, 0, "제목")) == DARK["heading"]
    assert fg(fmt(doc, 2, "def")) == CODE_DARK["Keyword"]
    assert h.is_dark()


def test_typing_on_one_line_rehighlights_only_that_line(doc: QTextDocument) -> None:
    attached(CountingHighlighter(doc))
    doc.setPlainText("\n".join(f"줄 **{i}**" for i in range(2000)))
    CountingHighlighter.calls = 0
    cursor = QTextCursor(doc.findBlockByNumber(1000))
    cursor.insertText("가")
    assert CountingHighlighter.calls <= 2


def test_opening_a_fence_rehighlights_what_follows(doc: QTextDocument) -> None:
    highlight(doc, "a\n# 제목")
    assert fg(fmt(doc, 1, "제목")) == LIGHT["heading"]
    QTextCursor(doc.findBlockByNumber(0)).insertText("```\n")
    assert fg(fmt(doc, 2, "제목")) == ""


def test_math_is_coloured_only_where_the_blog_renders_it(doc: QTextDocument) -> None:
    # A blog without a math plugin publishes `$x$` as text: the editor said math anyway.
    h = highlight(doc, "가격은 $x^2$ 원\n\n$$\nE=mc^2\n$$\n")
    assert bg(fmt(doc, 0, "x^2")) == LIGHT["math_bg"]
    assert bg(fmt(doc, 3, "E=mc")) == LIGHT["math_bg"]
    h.set_math(False)
    assert bg(fmt(doc, 0, "x^2")) == "" and bg(fmt(doc, 3, "E=mc")) == ""
    h.set_math(True)
    assert bg(fmt(doc, 0, "x^2")) == LIGHT["math_bg"]
    assert bg(fmt(doc, 3, "E=mc")) == LIGHT["math_bg"]
