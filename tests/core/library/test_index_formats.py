"""The library reads titles, dates, tags and drafts from TOML and JSON heads too, and its
errors name the same line as the editor's."""

from __future__ import annotations

from pathlib import Path

from app.core.library.index import scan
from app.core.post.post import Post
from tests.core.library.blogs import write

TOML = (
    "+++\n"
    'title = "휴고 글"\n'
    "date = 2024-03-01T09:00:00+09:00\n"
    "tags = ['hugo', 'toml']\n"
    'categories = ["notes"]\n'
    "draft = true\n"
    "\n"
    "[params]\n"
    'date = "not this one"\n'
    "+++\n"
    "\n"
    "Body\n"
)


def test_toml_json_and_hexo_heads_are_read(tmp_path: Path) -> None:
    write(tmp_path, "toml/index.md", TOML)
    write(tmp_path, "json/index.md", '{\n  "title": "JSON 글",\n  "date": "2024-03-04",\n'
                                     '  "tags": ["a", "b"]\n}\n\n# Not the title\n')  # fmt: skip
    write(tmp_path, "oneline/index.md", '{"title": "One {line}", "draft": false}\nText\n')
    write(tmp_path, "hexo/index.md", '"title": "Hexo",\n"date": "2013/7/13 20:46:25"\n;;;\nText\n')
    write(tmp_path, "fenced/index.md", ';;;\n"title": "Fenced Hexo"\n;;;\nText\n')
    write(tmp_path, "quote/index.md", '"Quoted," she said.\n\n# A heading\n')
    lib = scan(tmp_path)

    toml = lib.by_relpath("toml/index.md")
    assert toml is not None and toml.error is None
    assert (toml.title, toml.date, toml.tags, toml.categories, toml.draft) == (
        "휴고 글",
        "2024-03-01T09:00:00+09:00",
        ("hugo", "toml"),
        ("notes",),
        True,
    )
    assert toml.sort_date is not None and toml.sort_date.utcoffset() is not None
    found = {e.relpath: (e.title, e.date, e.tags, e.draft, e.error) for e in lib.entries}
    assert found["json/index.md"] == ("JSON 글", "2024-03-04", ("a", "b"), False, None)
    assert found["oneline/index.md"] == ("One {line}", "", (), False, None)
    assert found["hexo/index.md"] == ("Hexo", "2013/7/13 20:46:25", (), False, None)
    assert found["fenced/index.md"][0] == "Fenced Hexo"
    assert found["quote/index.md"][0] == "A heading"  # no `;;;`: not Hexo's JSON, just text


def test_toml_head_longer_than_the_first_read(tmp_path: Path) -> None:
    summary = "긴 요약 " * 1500  # ~15 KB
    write(tmp_path, "long/index.md", f'+++\nsummary = "{summary}"\ntitle = "Long"\n+++\nbody\n')
    entry = scan(tmp_path).by_relpath("long/index.md")
    assert entry is not None and entry.title == "Long" and entry.error is None


def test_error_lines_agree_with_the_editors(tmp_path: Path) -> None:
    texts = {
        "toml-value": '+++\ntitle = "a"\ndate = \n+++\n',
        "toml-twice": '+++\ntitle = "a"\n\ntitle = "b"\n+++\n',
        "toml-open": '+++\ntitle = "a"\n',
        "json-comma": '{\n  "title": "a"\n  "date": "b"\n}\n',
        "json-twice": '{\n  "title": "a",\n  "title": "b"\n}\n',
        "json-open": '{\n  "title": "a"\n',
        "hexo": '"title": "a",\n"date": b\n;;;\n',
        "hexo-fenced": ';;;\n"title": "a",\n\n"date": b\n;;;\n',
    }
    for name, text in texts.items():
        write(tmp_path, f"{name}/index.md", text)
    lib = scan(tmp_path)
    for name, text in texts.items():
        error = Post(text).frontmatter_error
        entry = lib.by_relpath(f"{name}/index.md")
        assert error is not None and entry is not None and entry.error is not None, name
        assert entry.error_line == error.line, name
