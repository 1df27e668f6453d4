"""app/core/render/markdown.py: the Markdown pipeline (and its helpers slugger, toc, mathml)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.render import markdown as render
from app.core.render.markdown import Heading, Rendered, Stats, compute_stats, render_post
from app.core.render.slugger import Slugger, slug
from tests.conftest import FIXTURES

INTERN = FIXTURES / "intern-1"
NEWS = FIXTURES / "recent-news"


def body_of(path: Path) -> tuple[str, int]:
    """The post body after the frontmatter, and the line it starts on."""
    text = path.read_text(encoding="utf-8")
    _, frontmatter, body = text.split("---\n", 2)
    return body, frontmatter.count("\n") + 2


# ------------------------------------------------------------ HTML checking


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class TagBalance(HTMLParser):
    """Every element opened is closed, in order (void elements aside)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def assert_balanced(markup: str) -> None:
    checker = TagBalance()
    checker.feed(markup)
    checker.close()
    assert checker.errors == [], markup
    assert checker.stack == [], markup


def line_count(text: str) -> int:
    """Lines as markdown-it counts them (a lone CR ends a line too)."""
    return len(re.split(r"\r\n?|\n", text))


def source_lines(markup: str) -> list[int]:
    return [int(n) for n in re.findall(r'data-source-line="(-?\d+)"', markup)]


# -------------------------------------------------------------- fixture posts


def test_intern_fixture_renders_callout_images_and_toc() -> None:
    body, start = body_of(INTERN / "index.md")
    result = render_post(body, INTERN, source_line_offset=start)

    assert isinstance(result, Rendered)
    assert '<p class="callout"> 💡스타트업 인턴 1개월 차</p>' in result.html
    local = (INTERN / "IMG_1564.png").as_uri()
    assert f'src="{local}"' in result.html
    assert 'data-src-original="./IMG_1564.png"' in result.html
    assert 'src="https://images.example.com/office-desk.jpg"' in result.html  # remote: untouched
    assert "missing-image" not in result.html
    assert result.images == ("./IMG_1564.png", "https://images.example.com/office-desk.jpg")

    assert [(h.level, h.id) for h in result.outline] == [
        (2, "오랜만의-포스트"),
        (2, "맡은-역할"),
        (2, "한달동안-해왔던-일"),
        (3, "첫-기능-개발"),
        (2, "다짐"),
    ]
    assert '<h2 data-source-line="13" id="오랜만의-포스트">오랜만의 포스트</h2>' in result.html
    assert result.outline[0] == Heading(
        level=2, text="오랜만의 포스트", id="오랜만의-포스트", line=5
    )

    # the closing ```toc fence became the table of contents, not a code block
    toc = result.html[result.html.index('<ul class="table-of-contents"') :]
    assert "<pre" not in toc
    assert re.findall(r'href="#([^"]+)"', toc) == [h.id for h in result.outline]
    assert '<li><p><a href="#첫-기능-개발">첫 기능 개발</a></p></li>' in toc
    assert_balanced(result.html)


def test_news_fixture_keeps_caption_and_resolves_image() -> None:
    body, start = body_of(NEWS / "index.md")
    result = render_post(body, NEWS, source_line_offset=start)

    assert '<p class="caption">누리핀테크 비즈니스 흐름도</p>' in result.html
    assert f'src="{(NEWS / "business-flow.jpg").as_uri()}"' in result.html
    assert [h.id for h in result.outline] == [
        "들어가며",
        "누리핀테크",
        "올해-목표",
        "주요-스택",
        "아무튼",
    ]
    assert all(h.level == 4 for h in result.outline)
    assert result.links[0] == "https://nuri.example.com"
    assert all(link.startswith("http") for link in result.links)
    assert 'href="https://nuri.example.com" target="_blank"' in result.html  # raw HTML kept as is
    assert result.stats.words > 300
    assert result.stats.reading_minutes >= 2
    assert_balanced(result.html)


def test_without_base_dir_urls_are_left_alone() -> None:
    result = render_post("![a](./a.png) [b](./b.md) <img src='./c.png'>")
    assert 'src="./a.png"' in result.html
    assert 'href="./b.md"' in result.html
    assert "<img src='./c.png'>" in result.html
    assert "data-src-original" not in result.html
    assert "missing-image" not in result.html
    assert result.images == ("./a.png", "./c.png")
    assert result.links == ("./b.md",)


# ------------------------------------------------------------------ heading ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hello World", "hello-world"),
        ("Hello, World!", "hello-world"),
        ("오랜만의 포스트", "오랜만의-포스트"),
        ("누리핀테크?", "누리핀테크"),
        ("Q&A: 질문과 답변", "qa-질문과-답변"),
        ("🎉 Party", "-party"),
        ("C++ & Python_3", "c--python_3"),
        ("Привет non-latin 你好", "привет-non-latin-你好"),
        ("  spaced  out ", "--spaced--out-"),
        ("“Quoted” — dash", "quoted--dash"),
    ],
)
def test_slug_follows_github_slugger(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slugger_dedupes_like_github_slugger() -> None:
    slugger = Slugger()
    got = [slugger.slug(t) for t in ["Intro", "Intro", "intro", "Intro-1", "Intro"]]
    assert got == ["intro", "intro-1", "intro-2", "intro-1-1", "intro-3"]


def test_heading_ids_from_plain_text_with_markup_stripped() -> None:
    md = "# Hello *World* `code`\n\n## [Link](https://x.y) text\n\n## Same\n\n## Same\n\n## 🎉\n"
    result = render_post(md)
    assert [h.id for h in result.outline] == [
        "hello-world-code",
        "link-text",
        "same",
        "same-1",
        "",
    ]
    assert result.outline[0].text == "Hello World code"
    assert 'id="hello-world-code"' in result.html
    assert '<h2 data-source-line="8">🎉</h2>' in result.html  # nothing left to slug: no id


# ------------------------------------------------------------------------- toc

TOC_DOC = """\
# Title

## One

### One A

#### One A i

## Two

### Two A

```toc
{options}
```
"""


def toc_of(options: str) -> str:
    html = render_post(TOC_DOC.format(options=options)).html
    start = max(html.find('<ul class="'), html.find('<ol class="'))
    assert start >= 0, html
    return html[start:]


def toc_ids(toc: str) -> list[str]:
    return re.findall(r'href="#([^"]*)"', toc)


def test_toc_defaults_levels_2_to_6_loose_unordered() -> None:
    toc = toc_of("")
    assert toc.startswith('<ul class="table-of-contents" data-source-line="')
    assert toc_ids(toc) == ["one", "one-a", "one-a-i", "two", "two-a"]
    assert "<li><p><a" in toc
    assert_balanced(toc)


@pytest.mark.parametrize(
    ("options", "ids"),
    [
        ("from-heading: 3", ["one-a", "one-a-i", "two-a"]),
        ("to-heading: 2", ["one", "two"]),
        ("from-heading: 1\nto-heading: 3", ["title", "one", "one-a", "two", "two-a"]),
        ("exclude: One A", ["one", "one-a-i", "two", "two-a"]),
        ("exclude: [One, two a]", ["one-a", "one-a-i", "two"]),
        ("exclude: 'One.*'", ["two", "two-a"]),
        ("exclude: '(unbalanced'", ["one", "one-a", "one-a-i", "two", "two-a"]),
        ("{not yaml: [", ["one", "one-a", "one-a-i", "two", "two-a"]),
    ],
)
def test_toc_level_and_exclude_options(options: str, ids: list[str]) -> None:
    toc = toc_of(options)
    assert toc_ids(toc) == ids
    assert_balanced(toc)


def test_toc_ordered_tight_and_class_name() -> None:
    toc = toc_of("ordered: true\ntight: true\nclass-name: my-toc")
    assert toc.startswith('<ol class="my-toc"')
    assert "<p>" not in toc
    assert '<li><a href="#one">One</a>' in toc
    assert_balanced(toc)


def test_toc_nests_skipped_levels_and_drops_links_from_labels() -> None:
    md = "## A\n\n#### B\n\n### C\n\n## [D](https://d.example) `x`\n\n```toc\ntight: true\n```\n"
    toc = render_post(md).html.split("</h2>")[-1]
    assert toc_ids(toc) == ["a", "b", "c", "d-x"]
    assert '<a href="#d-x">D <code>x</code></a>' in toc
    assert "https://d.example" not in toc
    assert_balanced(toc)


# ------------------------------------------------------------------------ code


@pytest.mark.parametrize(
    ("info", "lang", "token"),
    [
        ("Python", "python", '<span class="k">def</span>'),
        ("JSON", "json", '<span class="nt">"a"</span>'),
        ("SQL", "sql", '<span class="k">SELECT</span>'),
        ("js", "js", '<span class="kd">const</span>'),
        ("ts", "ts", '<span class="kd">const</span>'),
        ("sh", "sh", '<span class="nb">echo</span>'),
        ("js{1,3}", "js", '<span class="kd">const</span>'),
        ("python:title=a.py", "python", '<span class="k">def</span>'),
    ],
)
def test_fences_are_highlighted_case_insensitively(info: str, lang: str, token: str) -> None:
    code = {
        "python": "def f():\n    return 1",
        "json": '{"a": 1}',
        "sql": "SELECT 1;",
        "js": "const a = 1;",
        "ts": "const a: number = 1;",
        "sh": "echo hi",
    }[lang]
    html = render_post(f"text\n\n```{info}\n{code}\n```\n").html
    assert f'<div class="highlight" data-lang="{lang}" data-source-line="2">' in html
    assert token in html
    assert_balanced(html)


def test_unknown_and_missing_language_is_plain_escaped_code() -> None:
    html = render_post("```brainfunk\n<b>&\n```\n\n```\nplain <i>\n```\n\n    indented <u>\n").html
    assert (
        '<pre data-source-line="0" data-lang="brainfunk"><code class="language-brainfunk">'
        "&lt;b&gt;&amp;\n</code></pre>"
    ) in html
    assert '<pre data-source-line="4"><code>plain &lt;i&gt;\n</code></pre>' in html
    assert '<pre data-source-line="8"><code>indented &lt;u&gt;\n</code></pre>' in html
    assert "highlight" not in html


# ------------------------------------------------------------------------ math


def test_math_inline_and_display_become_mathml() -> None:
    html = render_post("Area $\\pi r^2$ here.\n\n$$\n\\frac{1}{2}\n$$\n").html
    assert '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline">' in html
    assert '<div class="math math-display" data-source-line="2">' in html
    assert 'display="block"><mrow><mfrac>' in html
    assert_balanced(html)


def test_prices_are_not_math() -> None:
    html = render_post("It costs $5 and $6, or $ 7 $ total.").html
    assert "<math" not in html
    assert "$5 and $6" in html


def test_broken_math_shows_escaped_source() -> None:
    html = render_post("Bad $\\frac{<b>}{$ and $\\text{<i>}$.").html
    assert '<code class="math-error" title="Cannot render formula: ' in html
    assert "\\frac{&lt;b&gt;}{</code>" in html
    assert "<mtext>&lt;i&gt;</mtext>" in html  # latex2mathml's own output would inject <i>
    assert "<i>" not in html and "<b>" not in html
    assert_balanced(html)


# ----------------------------------------------------------- markdown features


def test_footnotes() -> None:
    html = render_post("Text[^1] and more.\n\n[^1]: The note.\n").html
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>' in html
    assert '<section class="footnotes">' in html
    assert '<li id="fn1" class="footnote-item"><p data-source-line="2">The note.' in html
    assert_balanced(html)


def test_task_lists() -> None:
    html = render_post("- [ ] todo\n- [x] done\n").html
    assert '<ul class="contains-task-list" data-source-line="0">' in html
    assert 'type="checkbox"> todo' in html
    assert 'checked="checked"' in html


def test_table_strikethrough_and_autolinks() -> None:
    md = "| a | b |\n|---|--:|\n| 1 | 2 |\n\n~~gone~~ www.example.com <https://x.example/a>\n"
    result = render_post(md)
    assert '<table data-source-line="0">' in result.html
    assert '<td style="text-align:right">2</td>' in result.html
    assert "<s>gone</s>" in result.html
    assert '<a href="http://www.example.com">www.example.com</a>' in result.html
    assert '<a href="https://x.example/a">https://x.example/a</a>' in result.html
    assert result.links == ("http://www.example.com", "https://x.example/a")
    assert_balanced(result.html)


def test_every_generated_block_carries_its_source_line_with_offset() -> None:
    md = "# H\n\npara\n\n- a\n- b\n\n> quote\n\n---\n\n```python\nx\n```\n"
    result = render_post(md, source_line_offset=100)
    html = result.html
    for tag, line in [
        ("h1", 100), ("p", 102), ("ul", 104), ("li", 104), ("li", 105),
        ("blockquote", 107), ("hr", 109),
    ]:  # fmt: skip
        assert re.search(rf'<{tag}\b[^>]*data-source-line="{line}"', html), (tag, line)
    assert 'data-lang="python" data-source-line="111"' in html
    assert result.outline[0].line == 0  # outline lines stay relative to the body


# ------------------------------------------------------------ images and links


def test_local_images_resolve_and_missing_ones_are_marked(tmp_path: Path) -> None:
    (tmp_path / "사진 1.png").write_bytes(b"png")
    md = (
        "![ok](<./사진 1.png>) ![gone](./없는%20그림.png) ![web](https://e.example/x.png)\n\n"
        '<img src="./사진 1.png" class="wide" width="50%"> <img src=\'gone.png\'>\n\n'
        "[doc](../other/) [top](#top) [mail](mailto:a@b.example)\n"
    )
    result = render_post(md, tmp_path)
    html = result.html
    ok_uri = (tmp_path / "사진 1.png").as_uri()
    assert "%EC%82%AC%EC%A7%84%201.png" in ok_uri
    assert f'src="{ok_uri}" alt="ok" data-src-original="./사진 1.png"' in html
    gone_uri = (tmp_path / "없는 그림.png").as_uri()
    assert (
        f'src="{gone_uri}" alt="gone" data-src-original="./없는 그림.png" '
        'class="missing-image" data-missing="./없는 그림.png"'
    ) in html
    assert 'src="https://e.example/x.png"' in html
    # raw HTML <img>: rewritten in place, other attributes kept, class merged
    assert (
        f'<img data-src-original="./사진 1.png" src="{ok_uri}" class="wide" width="50%">'
    ) in html
    assert 'class="missing-image" data-missing="gone.png"' in html
    # links: relative ones resolve, anchors and mailto do not
    assert f'href="{(tmp_path.parent / "other").as_uri()}/" data-href-original="../other/"' in html
    assert 'href="#top"' in html
    assert 'href="mailto:a@b.example"' in html
    assert result.images == (
        "./사진 1.png",
        "./없는 그림.png",
        "https://e.example/x.png",
        "./사진 1.png",
        "gone.png",
    )
    assert result.links == ("../other/", "#top", "mailto:a@b.example")
    assert_balanced(html.replace('width="50%">', 'width="50%"/>'))


def test_tags_inside_html_comments_are_not_rewritten(tmp_path: Path) -> None:
    html = render_post('<div>\n<!-- <img src="./hidden.png"> -->\n</div>\n', tmp_path).html
    assert '<!-- <img src="./hidden.png"> -->' in html
    assert render_post('<!-- <img src="x.png"> -->', tmp_path).images == ()


# ----------------------------------------------------------------------- stats


def test_stats_english() -> None:
    text = " ".join(["word"] * 460)
    assert compute_stats(text) == Stats(words=460, characters=4 * 460, reading_minutes=2)
    assert render_post("Hello, *brave* new world!").stats == Stats(4, 20, 1)


def test_stats_korean_counts_characters_for_reading_time() -> None:
    sentence = "인턴 생활을 하게 되면 한달에 두 번은 글을 올리겠다고 다짐했습니다."
    stats = compute_stats(" ".join([sentence] * 40))
    hangul = sum(1 for ch in sentence if "가" <= ch <= "힣") * 40
    assert stats.words == 10 * 40
    assert stats.characters == len(sentence.replace(" ", "")) * 40
    assert stats.reading_minutes == round(hangul / 500)


def test_stats_empty_and_markup_only() -> None:
    assert render_post("").stats == Stats(0, 0, 0)
    assert render_post("   \n\n").stats == Stats(0, 0, 0)
    assert render_post("---").stats == Stats(0, 0, 0)
    assert render_post("한").stats == Stats(1, 1, 1)
    assert render_post("```python\nprint(1)\n```").stats.words == 1  # code is read too


# --------------------------------------------------------------- never raises


def test_fallback_when_the_pipeline_fails(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(text: str, base_dir: Path | None, source_line_offset: int) -> Rendered:
        raise RuntimeError("bug")

    monkeypatch.setattr(render, "_render_post", broken)
    result = render_post("# <Title> & more", source_line_offset=3)
    assert result.html == (
        '<pre class="render-error" data-source-line="3"># &lt;Title&gt; &amp; more</pre>\n'
    )
    assert result.outline == ()
    assert result.stats.words == 2  # "<Title>" and "more"; "#" and "&" are not words
    assert "rendering failed" in caplog.text


def test_fallback_survives_a_caller_passing_the_wrong_type() -> None:
    result = render_post(None)  # type: ignore[arg-type]
    assert result.html.startswith('<pre class="render-error" data-source-line="0">None')


ALPHABET = (
    "#*_-+=`~[]()!<>|$\\:.^{}'\"&/ \n\t\r\x00\x0b\u00a0"
    "abcxyz019" "한국어글" "😀🎉" "｜、。"
)  # fmt: skip
NO_TAGS = re.compile(r"<(?=[A-Za-z!?/])")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=ALPHABET, max_size=300), offset=st.integers(0, 50))
def test_any_text_renders_and_parses(text: str, offset: int) -> None:
    result = render._render_post(text, INTERN, offset)  # no fallback: bugs must surface
    parser = TagBalance()
    parser.feed(result.html)
    parser.close()
    lines = line_count(text)
    assert all(offset <= n <= offset + lines for n in source_lines(result.html))
    if not NO_TAGS.search(text):  # no raw HTML in the input: every tag is ours
        assert_balanced(result.html)


def _leaf(text: str) -> str:
    return NO_TAGS.sub("< ", text)


words = st.text(alphabet=ALPHABET.replace("\n", "").replace("\r", ""), max_size=20).map(_leaf)
inline = st.one_of(
    words,
    words.map(lambda t: f"*{t}*"),
    words.map(lambda t: f"**{t}**"),
    words.map(lambda t: f"`{t}`"),
    words.map(lambda t: f"~~{t}~~"),
    words.map(lambda t: f"[{t}](./{t}.md)"),
    words.map(lambda t: f"![{t}](./img-{t}.png)"),
    words.map(lambda t: f"${t}$"),
    st.sampled_from(
        [
            "$5 and $6",
            "$x^2$",
            "$\\frac{1}{2}$",
            "$\\frac{$",
            "www.example.com",
            "<https://e.example/a>",
            "[^1]",
            "^[inline note]",
            "![pic](./IMG_1564.png)",
            "⟦img⟧",
            "한글 문장",
            "😀",
        ]
    ),
)
line = st.lists(inline, max_size=5).map(" ".join)
fence_langs = ["", "python", "Python", "JSON", "sql", "js", "ts", "sh", "nope", "c++", "toc"]
toc_options = st.sampled_from(
    ["", "tight: true", "ordered: true", "from-heading: 3", "exclude: [a, b]", "{bad: [", "- x"]
)
block = st.one_of(
    line,
    st.tuples(st.integers(1, 6), line).map(lambda p: "#" * p[0] + " " + p[1]),
    st.lists(line, min_size=1, max_size=4).map(lambda ls: "\n".join(f"- {x}" for x in ls)),
    st.lists(line, min_size=1, max_size=4).map(lambda ls: "\n".join(f"1. {x}" for x in ls)),
    st.lists(st.tuples(st.booleans(), line), min_size=1, max_size=3).map(
        lambda items: "\n".join(f"- [{'x' if done else ' '}] {x}" for done, x in items)
    ),
    st.lists(line, min_size=1, max_size=3).map(lambda ls: "\n".join(f"> {x}" for x in ls)),
    st.tuples(st.sampled_from(fence_langs), st.text(alphabet=ALPHABET, max_size=60)).map(
        lambda p: f"```{p[0]}\n{p[1]}\n```"
    ),
    toc_options.map(lambda o: f"```toc\n{o}\n```"),
    st.tuples(line, line, line).map(lambda c: f"| {c[0]} | {c[1]} |\n|---|:-:|\n| {c[2]} | x |"),
    words.map(lambda t: f"$$\n{t}\n$$"),
    # inside a raw HTML block Markdown is not parsed: no autolinks that would look like tags
    line.map(_leaf).map(lambda t: f"⟦callout⟧ {t}⟦/p⟧"),
    line.map(_leaf).map(lambda t: f"![fig](./fig.png)\n\n⟦caption⟧{t}⟦/p⟧"),
    line.map(lambda t: f"[^1]: {t}"),
    st.sampled_from(["---", "***", "    indented code", "Setext\n===", "<br />"]),
)
documents = st.lists(block, max_size=10).map("\n\n".join)
TRUSTED_HTML = {
    "⟦callout⟧": '<p class="callout">💡',
    "⟦caption⟧": '<p class="caption">',
    "⟦/p⟧": "</p>",
    "⟦img⟧": '<img src="./IMG_1564.png" alt="x">',
}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=documents, offset=st.integers(0, 20))
def test_composed_posts_render_balanced_html(doc: str, offset: int) -> None:
    for marker, markup in TRUSTED_HTML.items():
        doc = doc.replace(marker, markup)
    result = render._render_post(doc, INTERN, offset)
    assert_balanced(result.html)
    lines = line_count(doc)
    assert all(offset <= n <= offset + lines for n in source_lines(result.html))
    assert len({h.id for h in result.outline if h.id}) == len([h for h in result.outline if h.id])
    for heading in result.outline:
        assert 1 <= heading.level <= 6
        assert 0 <= heading.line < lines


def test_a_big_post_renders_a_chunk_at_a_time_to_the_same_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # above bigpost's size render_post goes through the incremental renderer (a 50 MB
    # post's token tree in one piece took 2.8 GB); "big" is 300 characters here
    from app.core import bigpost
    from app.core.render import incremental

    text = "\n".join(
        f"## Part {n}\n\nText[^n{n}] with a [link][ref] and `code`.\n\n- [ ] task {n}\n"
        for n in range(12)
    )
    text += "\n[ref]: ./a.png\n\n" + "".join(f"[^n{n}]: Note {n}.\n" for n in range(12))
    text += "\n```toc\n```\n"
    whole = render.render_in_full(text)
    monkeypatch.setattr(bigpost, "LIVE_PREVIEW_MAX_CHARS", 300)
    used: list[str] = []
    real = incremental.IncrementalRenderer.render

    def spy(self: incremental.IncrementalRenderer, source: str) -> Rendered:
        used.append(source)
        return real(self, source)

    monkeypatch.setattr(incremental.IncrementalRenderer, "render", spy)
    assert render_post(text) == whole
    assert used == [text]
    render_post(text, source_line_offset=3)  # (an offset: in one piece, as before)
    assert used == [text]
