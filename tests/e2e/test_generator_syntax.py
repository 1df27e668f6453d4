"""In the real window, Hexo's and Jekyll's tags are drawn as the blog draws them: links to
other posts lead to their files, code tags are highlighted code, `{% raw %}` keeps Liquid
as text, and what the preview cannot draw is a marked placeholder."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.window.main_window import MainWindow
from tests.blogs.images import CASES, build_case
from tests.e2e.test_generator_images import page_value

NAMES = "[...document.querySelectorAll('.pd-syntax-name')].map(e => e.textContent)"


def case_of(label: str) -> int:
    return next(i for i, c in enumerate(CASES) if (c.label or c.generator) == label)


def test_hexo_tags_are_drawn_in_the_preview(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    blog = tmp_path / "blog"
    post = build_case(CASES[case_of("hexo")], blog)
    other = post.parent / "hello-world.md"
    other.write_text('---\ntitle: "Hello, World"\n---\nHi\n', encoding="utf-8")
    body = (
        "See {% post_link hello-world %}.\n\n"
        "{% codeblock Array.map lang:js %}\n[1].map(x => x)\n\n// twice\n{% endcodeblock %}\n\n"
        "{% blockquote David Levithan, Wide Awake %}\nDo not just *want*.\n{% endblockquote %}\n\n"
        "{% pullquote %}\n"
    )
    post.write_text("---\ntitle: T\n---\n\n" + body, encoding="utf-8")
    assert window.open_folder(blog)
    assert window.open_post(post)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    qtbot.waitUntil(lambda: page_value(qtbot, window, NAMES) == ["pullquote"], timeout=10_000)
    link = "(a => [a.href, a.textContent])(document.querySelector('#post-body p a'))"
    assert page_value(qtbot, window, link) == [other.as_uri(), "Hello, World"]
    caption = "document.querySelector('figure.pd-codeblock figcaption').textContent"
    assert page_value(qtbot, window, caption) == "Array.map"
    code = "document.querySelector('figure.pd-codeblock .highlight').dataset.lang"
    assert page_value(qtbot, window, code) == "js"
    cite = "document.querySelector('blockquote footer cite').textContent"
    assert page_value(qtbot, window, cite) == "Wide Awake"
    # the post's text is untouched: only the preview draws the tags
    assert body in window.editor.toPlainText()


def test_jekyll_links_and_raw_are_drawn_in_the_preview(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    blog = tmp_path / "blog"
    post = build_case(CASES[case_of("jekyll")], blog)
    other = post.parent / "2024-03-01-first.md"
    other.write_text("---\ntitle: First\n---\n", encoding="utf-8")
    body = (
        "[First]({% post_url 2024-03-01-first %}) and {{ page.title }}\n\n"
        "{% raw %}\nKept {{ as.is }} and {% if x %}\n{% endraw %}\n\n"
        "{% highlight ruby %}\nputs 1\n{% endhighlight %}\n"
    )
    post.write_text("---\ntitle: T\n---\n\n" + body, encoding="utf-8")
    assert window.open_folder(blog)
    assert window.open_post(post)
    qtbot.waitUntil(window.is_settled, timeout=10_000)
    qtbot.waitUntil(lambda: page_value(qtbot, window, NAMES) == ["page.title"], timeout=10_000)
    first = "document.querySelector('#post-body p a').href"
    assert page_value(qtbot, window, first) == other.as_uri()
    raw = "document.querySelectorAll('#post-body p')[1].textContent"
    assert page_value(qtbot, window, raw) == "Kept {{ as.is }} and {% if x %}"
    ruby = "document.querySelector('.highlight').dataset.lang"
    assert page_value(qtbot, window, ruby) == "ruby"
