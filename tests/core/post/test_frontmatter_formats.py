"""Which front matter a post has (YAML, TOML, JSON), and TOML and JSON read and written in
the file's own style, with errors that name their line."""

from __future__ import annotations

from datetime import datetime

import pytest

from app.core.errors import FieldError
from app.core.post.frontmatter import Frontmatter, split_document
from app.core.post.post import Post

TOML_POST = (
    "+++\n"
    'title = "Hello, Hugo"  # shown on the list\n'
    "date = 2024-03-01T09:00:00+09:00\n"
    "tags = ['hugo', 'go']\n"
    "draft = false\n"
    "\n"
    "[params]\n"
    'author = "me"\n'
    "+++\n"
    "\n"
    "Body with a +++ line:\n"
    "+++\n"
)

JSON_POST = '{\n  "title": "JSON front matter",\n  "tags": [\n    "a",\n    "b"\n  ]\n}\n\nText\n'
HEXO_POST = '"title": "Hexo",\n"date": "2013/7/13 20:46:25"\n;;;\n\nText\n'


@pytest.mark.parametrize(
    ("text", "fmt", "raw"),
    [
        ("---\ntitle: a\n---\nbody", "yaml", "title: a\n"),
        ("+++\ntitle = 'a'\n+++\nbody", "toml", "title = 'a'\n"),
        ('{\n  "title": "a"\n}\nbody', "json", '{\n  "title": "a"\n}\n'),
        ('{"title": "a {b}"}\r\nbody', "json", '{"title": "a {b}"}\r\n'),
        ("{ }\nbody", "json", "{ }\n"),
        (';;;\n"title": "a"\n;;;\nbody', "hexo-json", '"title": "a"\n'),
        ('"title": "a",\n"x": 1\n;;;\nbody', "hexo-json", '"title": "a",\n"x": 1\n'),
    ],
)
def test_each_format_is_found_and_joins_back(text: str, fmt: str, raw: str) -> None:
    split = split_document(text)
    assert (split.has_frontmatter, split.format, split.raw) == (True, fmt, raw)
    assert split.body.endswith("body")
    assert split.join() == text


@pytest.mark.parametrize(
    "text",
    [
        "{{< youtube id >}}\n\nA Hugo shortcode first.\n",
        "{% raw %}\nLiquid first.\n",
        "{/* truncate */}\nMDX first.\n",
        "Text first\n+++\nnot front matter\n+++\n",
        "++++\na = 1\n++++\n",
        '"Quoted," she said.\nNo Hexo fence follows.\n',
    ],
)
def test_body_text_that_only_looks_like_front_matter_stays_body(text: str) -> None:
    split = split_document(text)
    assert not split.has_frontmatter
    assert split.body == text
    assert Post(text).to_text() == text


def test_a_plus_fence_inside_the_body_does_not_end_the_toml() -> None:
    post = Post(TOML_POST)
    assert post.frontmatter_format == "toml"
    assert post.get("title") == "Hello, Hugo"
    assert post.body == "\nBody with a +++ line:\n+++\n"
    yaml_post = Post("---\ntitle: y\n---\n+++\nbody\n+++\n")
    assert yaml_post.frontmatter_format == "yaml" and yaml_post.body == "+++\nbody\n+++\n"


def test_bom_and_crlf_are_kept_and_followed() -> None:
    text = TOML_POST.replace("\n", "\r\n")
    data = b"\xef\xbb\xbf" + text.encode()
    post = Post.from_bytes(data)
    assert post.frontmatter_format == "toml" and post.bom
    assert post.to_bytes() == data
    post.set("title", "새 제목")
    post.set("series", "hugo")
    out = post.to_bytes()
    assert out.startswith(b"\xef\xbb\xbf+++\r\n")
    assert 'title = "새 제목"  # shown on the list\r\n'.encode() in out
    assert b'series = "hugo"\r\n\r\n[params]' in out
    assert b"\n" not in out.replace(b"\r\n", b"")
    # split_document given the text with its mark keeps it before the fence
    split = split_document("\ufeff" + TOML_POST)
    assert split.format == "toml" and split.open_fence == "\ufeff+++\n"
    assert split.join() == "\ufeff" + TOML_POST


def test_toml_edits_keep_the_files_style() -> None:
    post = Post(TOML_POST)
    post.set("date", datetime(2024, 5, 2, 10, 30))
    post.set_terms("tags", ["hugo", "toml"])
    post.set("draft", True)
    post.set("weight", 3)
    text = post.to_text()
    assert "date = 2024-05-02T10:30:00+09:00\n" in text  # bare, with the file's offset
    assert "tags = ['hugo', 'toml']\n" in text  # literal strings stay literal
    assert "draft = true\n" in text
    assert "weight = 3\n\n[params]" in text  # a new key before the tables
    assert post.get("date") == "2024-05-02T10:30:00+09:00"
    assert text.replace("2024-05-02T10:30:00", "2024-03-01T09:00:00").replace(
        "'toml'", "'go'").replace("draft = true", "draft = false").replace(
        "weight = 3\n", "") == TOML_POST  # fmt: skip
    post.set("draft", None)  # TOML has no null: the key goes
    assert "draft" not in post.metadata and "draft =" not in post.to_text()


def test_a_toml_table_is_not_rewritten_from_the_form() -> None:
    post = Post(TOML_POST)
    with pytest.raises(FieldError, match="TOML tab"):
        post.set("params", {"author": "you"})
    assert post.to_text() == TOML_POST
    assert post.frontmatter is not None and post.frontmatter.line_of("params") == 7


def test_json_edits_keep_the_files_layout() -> None:
    post = Post(JSON_POST)
    post.set("title", "새 글")
    post.set("tags", ["a", "b", "c"])
    post.set("draft", True)
    assert post.to_text() == (
        '{\n  "title": "새 글",\n  "tags": [\n    "a",\n    "b",\n    "c"\n  ],\n'
        '  "draft": true\n}\n\nText\n'
    )
    escaped = Post('{\n    "title": "\\ud55c"\n}\nText\n')  # the file escapes Hangul
    escaped.set("subtitle", "글")
    assert escaped.to_text() == '{\n    "title": "\\ud55c",\n    "subtitle": "\\uae00"\n}\nText\n'


def test_hexo_json_edits() -> None:
    post = Post(HEXO_POST)
    assert post.frontmatter_format == "hexo-json"
    assert post.metadata == {"title": "Hexo", "date": "2013/7/13 20:46:25"}
    post.set("title", "헥소")
    post.set_terms("tags", ["a"])
    assert post.to_text() == (
        '"title": "헥소",\n"date": "2013/7/13 20:46:25",\n"tags": ["a"]\n;;;\n\nText\n'
    )
    post.delete("tags")
    assert post.to_text() == HEXO_POST.replace('"Hexo"', '"헥소"')


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('+++\ntitle = "a"\ndate = \n+++\nbody', 3, "Invalid value"),
        ('+++\ntitle = "a"\ntitle = "b"\n+++\n', 3, "set twice"),
        ("+++\ntitle = 'a'\n", 1, "closing `+++`"),
        ('{\n  "title": "a",\n  "date": 2024-01-01\n}\nbody', 3, "delimiter"),
        ('{\n  "title": "a",\n  "title": "b"\n}\n', 3, "duplicate key"),
        ('{\n  "title": "a"\n', 1, "closing `}`"),
        ('"title": "a"\n"date": "b"\n;;;\nbody', 2, "delimiter"),
    ],
)
def test_errors_name_the_file_line(text: str, line: int, words: str) -> None:
    post = Post(text)
    error = post.frontmatter_error
    assert error is not None
    assert (error.line, words in error.message) == (line, True), error
    assert post.to_text() == text  # nothing lost
    with pytest.raises(FieldError):
        post.set("title", "x")


def test_the_raw_text_is_replaced_in_the_posts_own_format() -> None:
    post = Post(TOML_POST)
    post.set_raw_frontmatter('title = "broken\n')
    assert post.frontmatter_error is not None and post.frontmatter_error.line == 2
    post.set_raw_frontmatter('title = "fixed"\n')
    assert post.to_text().startswith('+++\ntitle = "fixed"\n+++\n')
    json_post = Post(JSON_POST)
    json_post.set_raw_frontmatter('{"title": "one line"}')
    assert json_post.to_text() == '{"title": "one line"}\n\nText\n'
    assert json_post.get("title") == "one line"


def test_a_new_post_gets_its_blogs_format() -> None:
    post = Post("Just text.\n")
    post.frontmatter_format = "toml"
    post.set("title", "Hi")
    assert post.to_text() == '+++\ntitle = "Hi"\n+++\nJust text.\n'
    json_post = Post("Just text.\n")
    json_post.frontmatter_format = "json"
    json_post.set("title", "Hi")
    assert json_post.to_text() == '{\n  "title": "Hi"\n}\nJust text.\n'


def test_frontmatter_picks_the_reader_by_format() -> None:
    assert Frontmatter("title: a\n").format == "yaml"
    toml = Frontmatter("title = 'a'\n", fmt="toml")
    assert (toml.format, toml.label, toml.get("title")) == ("toml", "TOML", "a")
    assert toml.style("title") is not None and toml.style("title").quote == "'"  # type: ignore[union-attr]
    assert Frontmatter('{"a": [1]}', fmt="json").written("a") == "[1]"


def test_a_new_date_in_a_toml_file_of_bare_dates_is_bare() -> None:
    post = Post('+++\ntitle = "a"\ndate = 2024-01-01\n+++\n')
    post.set("lastmod", "2024-02-02T10:00:00+09:00")
    post.set("note", "2024 plans")
    assert post.to_text() == (
        '+++\ntitle = "a"\ndate = 2024-01-01\nlastmod = 2024-02-02T10:00:00+09:00\n'
        'note = "2024 plans"\n+++\n'
    )


def test_big_posts_read_in_slices_split_the_same() -> None:
    body = "가나다 body line\n" * 70_000  # ~1.6 MB: decoded in slices of 1 MB
    for head in (TOML_POST, JSON_POST, HEXO_POST, '"Not JSON," a line says.\n'):
        text = head + body
        post = Post.from_bytes(text.encode())
        split = split_document(text)
        assert (post.has_frontmatter, post.frontmatter_format) == (
            split.has_frontmatter, split.format
        )  # fmt: skip
        assert post.body == split.body
        assert post.to_text() == text


def test_multi_line_toml_strings_stay_multi_line() -> None:
    post = Post("+++\nsummary = \"\"\"\nline one\nline two\"\"\"\nlit = '''\nx\\y'''\n+++\nbody\n")
    assert post.metadata == {"summary": "line one\nline two", "lit": "x\\y"}
    post.set("summary", 'new "one"\nnew \\ two\n')
    post.set("lit", "a\\b\nc")
    assert post.to_text() == (
        '+++\nsummary = """\nnew \\"one\\"\nnew \\\\ two\n"""\n'
        "lit = '''\na\\b\nc'''\n+++\nbody\n"
    )


def test_a_new_toml_key_goes_after_dotted_keys_and_before_tables() -> None:
    post = Post('+++\ntitle = "a"\nparams.author = "me"\n\n[menu]\nmain = 1\n+++\nbody\n')
    post.set("draft", True)
    assert post.to_text() == (
        '+++\ntitle = "a"\nparams.author = "me"\ndraft = true\n\n[menu]\nmain = 1\n+++\nbody\n'
    )
    assert list(post.metadata) == ["title", "params", "draft", "menu"]
