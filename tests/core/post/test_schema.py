"""The blog profile: fields, kinds and styles inferred from posts; new posts in that style."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.library.index import scan
from app.core.post.dates import DEFAULT_DATE_FORMAT, DateFormat
from app.core.post.frontmatter import Frontmatter, split_document
from app.core.post.schema import (
    DEFAULT_EMOJI,
    DEFAULT_PROFILE,
    BlogProfile,
    infer_profile,
    profile_for_folder,
)
from tests.conftest import FIXTURES

WHEN = datetime(2024, 3, 9, 7, 5, 1)

ZOOMKODING = [
    "emoji: 🧢\ntitle: 스타트업 인턴 회고\ndate: '2021-05-26 03:20:45'\nauthor: Minjun\n"
    "tags: 인턴 스타트업\ncategories: 회고\n",
    "emoji: 🚀\ntitle: 배포 자동화\ndate: '2021-06-01 10:00:00'\nauthor: Minjun\n"
    "tags: CI 인턴\ncategories: 개발\n",
    "emoji: 📚\ntitle: 'Book: Clean Code'\ndate: '2021-07-11 22:10:05'\nauthor: Minjun\n"
    "tags: 독서\ncategories: 회고\n",
]
HUSKY = [
    "title: '2019년 근황'\nsubtitle: '오랜 노력 끝에'\ncategory: 'essay'\n"
    "excerpt: '전자어음 투자 시스템을 개발하는 누리핀테크에 입사했습니다.'\n"
    "date: '2019-03-12T01:13:29+09:00'\n",
    "title: 'JSONB 인덱스'\nsubtitle: 'GIN'\ncategory: 'dev'\nexcerpt: '요약'\n"
    "date: '2020-01-02T09:00:00+09:00'\n",
]
HOODIE_FLOW = [
    "title: Python dataclass tips\ndescription: Slots and frozen\ndate: 2021-05-03\n"
    "update: 2021-05-04\ntags: [python, tips]\nseries: Python\n",
    "title: Debounce vs throttle\ndescription: Two rate limiters\ndate: 2021-06-10\n"
    "update: 2021-06-10\ntags: [javascript]\nseries: Frontend\ndraft: true\n",
    "title: Monte Carlo pi\ndescription: Darts\ndate: 2022-01-01\ntags: [python, math]\n"
    "series: Python\n",
]
HOODIE_BLOCK = [
    "title: Post one\ndescription: d\ndate: 2021-05-03\ntags:\n  - python\n  - tips\n",
    "title: Post two\ndescription: d\ndate: 2021-05-04\ntags:\n  - rust\n",
]


def profile(docs: list[str]) -> BlogProfile:
    return infer_profile(Frontmatter(doc) for doc in docs)


def new_post(p: BlogProfile, title: str = "새 글", when: datetime = WHEN) -> Frontmatter:
    raw = p.new_frontmatter(title, when)
    fm = Frontmatter(raw)
    assert fm.get("title") == title
    return fm


def line_of(raw: str, key: str) -> str:
    return next(line for line in raw.splitlines() if line.startswith(f"{key}:"))


# -- inference -------------------------------------------------------------------------------


def test_zoomkoding_style() -> None:
    p = profile(ZOOMKODING)
    assert [f.key for f in p.fields] == ["emoji", "title", "date", "author", "tags", "categories"]
    kinds = {f.key: f.kind for f in p.fields}
    assert kinds == {
        "emoji": "emoji", "title": "text", "date": "date", "author": "text",
        "tags": "terms", "categories": "terms",
    }  # fmt: skip
    assert p.post_count == 3 and all(f.required for f in p.fields)
    date = p.field("date")
    assert date is not None and date.style.quote == "'"
    assert date.date_format == DateFormat(time=True, separator=" ", seconds=True)
    tags = p.field("tags")
    assert tags is not None and tags.terms_form == "spaced"
    assert tags.values[0] == ("인턴", 2)
    author = p.field("author")
    assert author is not None and author.values == (("Minjun", 3),)
    title = p.field("title")
    assert title is not None and title.values == () and title.style.quote == ""  # 2 of 3 plain


def test_husky_style() -> None:
    p = profile(HUSKY)
    assert [f.key for f in p.fields] == ["title", "subtitle", "category", "excerpt", "date"]
    assert {f.key: f.kind for f in p.fields}["excerpt"] == "longtext"
    category = p.field("category")
    assert category is not None and category.kind == "terms" and category.terms_form == "spaced"
    assert {v for v, _ in category.values} == {"essay", "dev"}
    date = p.field("date")
    assert date is not None and date.date_format is not None and date.date_format.tz == "+09:00"
    assert date.date_format.separator == "T" and date.style.quote == "'"
    assert p.field("title").style.quote == "'"  # type: ignore[union-attr]


def test_list_tags_style() -> None:
    p = profile(HOODIE_FLOW)
    assert [f.key for f in p.fields] == [
        "title", "description", "date", "update", "tags", "series", "draft",
    ]  # fmt: skip
    kinds = {f.key: f.kind for f in p.fields}
    assert kinds["update"] == "date" and kinds["draft"] == "bool" and kinds["series"] == "text"
    assert kinds["description"] == "longtext"
    tags = p.field("tags")
    assert tags is not None and tags.terms_form == "list" and tags.style.flow
    assert tags.values == (("python", 2), ("javascript", 1), ("math", 1), ("tips", 1))
    series = p.field("series")
    assert series is not None and series.values == (("Python", 2), ("Frontend", 1))
    date = p.field("date")
    assert date is not None and date.style.quote == "" and date.date_format == DateFormat()
    draft = p.field("draft")
    assert draft is not None and draft.count == 1 and not draft.required
    update = p.field("update")
    assert update is not None and update.count == 2 and not update.required

    block = profile(HOODIE_BLOCK).field("tags")
    assert block is not None and block.terms_form == "list" and not block.style.flow


def test_kinds_from_values_when_names_give_no_hint() -> None:
    p = profile(
        [
            "title: a\nweight: 3\nfeatured: true\nimages: [a.png, b.png]\nmood: 😀\n"
            "cover: {image: c.png}\nicon: fa-github\nabstract: |\n  line one\n  line two\n"
            "when: 2021-01-01\n",
            "title: b\nweight: 5\nfeatured: false\nimages: []\nmood: 🎉\ncover: {image: d.png}\n"
            "icon: fa-gitlab\nabstract: short\nwhen: 2021-02-01 10:00\n",
        ]
    )
    kinds = {f.key: f.kind for f in p.fields}
    assert kinds == {
        "title": "text", "weight": "number", "featured": "bool", "images": "list",
        "mood": "emoji", "cover": "map", "icon": "text", "abstract": "longtext", "when": "date",
    }  # fmt: skip
    when = p.field("when")
    assert when is not None and when.date_format == DateFormat()  # a tie: the first seen


def test_key_order_follows_the_usual_position() -> None:
    p = profile(
        [
            "title: a\ndate: 2021-01-01\ntags: [x]\n",
            "title: b\nsubtitle: s\ndate: 2021-01-02\ntags: [y]\n",
            "title: c\ndate: 2021-01-03\ntags: [z]\ndraft: true\n",
        ]
    )
    assert [f.key for f in p.fields] == ["title", "subtitle", "date", "tags", "draft"]


def test_empty_and_default_profiles(tmp_path: Path) -> None:
    assert infer_profile([]) is DEFAULT_PROFILE
    assert profile_for_folder(tmp_path) is DEFAULT_PROFILE
    assert [f.key for f in DEFAULT_PROFILE.fields] == [
        "title",
        "date",
        "description",
        "tags",
        "draft",
    ]
    raw = DEFAULT_PROFILE.new_frontmatter("Hello", WHEN)
    fm = Frontmatter(raw)
    assert fm.keys() == ["title", "date", "description", "tags", "draft"]
    assert line_of(raw, "date") == "date: '2024-03-09 07:05:01'"
    assert fm.get("tags") == [] and fm.get("draft") is True and fm.get("description") == ""
    assert DEFAULT_PROFILE.field("date").date_format == DEFAULT_DATE_FORMAT  # type: ignore[union-attr]


def test_profile_for_folder_reads_the_posts_and_skips_broken_ones(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "intern-1", tmp_path / "intern-1")
    for i, doc in enumerate(ZOOMKODING[1:]):
        (tmp_path / f"post-{i}").mkdir()
        (tmp_path / f"post-{i}" / "index.md").write_text(f"---\n{doc}---\nbody\n", "utf-8")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "index.md").write_text("---\ntitle: [\n---\n", "utf-8")
    (tmp_path / "plain.md").write_text("# no frontmatter\n", "utf-8")
    p = profile_for_folder(tmp_path)
    assert p.post_count == 3
    assert all(f.required for f in p.fields)
    assert profile_for_folder(tmp_path, library=scan(tmp_path), limit=1).post_count == 1


# -- new posts in the blog's style -------------------------------------------------------------


def test_new_post_in_zoomkoding_style() -> None:
    p = profile(ZOOMKODING)
    raw = p.new_frontmatter("스타트업 2개월 회고", WHEN)
    fm = Frontmatter(raw)
    assert fm.keys() == ["emoji", "title", "date", "author", "tags", "categories"]
    assert line_of(raw, "title") == "title: 스타트업 2개월 회고"
    assert line_of(raw, "date") == "date: '2024-03-09 07:05:01'"
    assert fm.get("emoji") == DEFAULT_EMOJI
    assert line_of(raw, "author") == "author: Minjun"  # every post of the blog says so
    assert fm.terms("tags") == [] and fm.terms("categories") == []
    fm.set_terms("tags", ["인턴", "회고"])  # the spaced form survives the first edit
    assert fm.get("tags") == "인턴 회고"


def test_a_new_post_leaves_empty_what_the_blog_s_posts_do_not_share() -> None:
    many_authors = [text.replace("Minjun", name) for text, name in zip(
        ZOOMKODING, ("Minjun", "Seoyeon", "Jiho"), strict=True)]  # fmt: skip
    raw = profile(many_authors).new_frontmatter("글", WHEN)
    assert line_of(raw, "author") == "author: ''"
    assert "subtitle" not in raw


def test_new_post_in_husky_style() -> None:
    p = profile(HUSKY)
    raw = p.new_frontmatter("2024년 근황", WHEN.replace(tzinfo=timezone(timedelta(hours=9))))
    fm = Frontmatter(raw)
    assert fm.keys() == ["title", "subtitle", "category", "excerpt", "date"]
    assert line_of(raw, "title") == "title: '2024년 근황'"
    assert line_of(raw, "date") == "date: '2024-03-09T07:05:01+09:00'"
    assert line_of(raw, "category") == "category: ''"
    fm.set_terms("category", ["essay"])
    assert fm.get("category") == "essay"


def test_new_post_in_list_tags_style() -> None:
    p = profile(HOODIE_FLOW)
    raw = p.new_frontmatter("Rust ownership", WHEN)
    fm = Frontmatter(raw)
    assert fm.keys() == ["title", "description", "date", "update", "tags", "series", "draft"]
    assert line_of(raw, "date") == "date: 2024-03-09"  # unquoted, date only, like the blog
    assert fm.get("update") == "2024-03-09"
    assert line_of(raw, "tags") == "tags: []"
    assert fm.get("series") == "" and fm.get("draft") is True
    fm.set_terms("tags", ["rust"])
    assert fm.get("tags") == ["rust"]

    block = Frontmatter(profile(HOODIE_BLOCK).new_frontmatter("Block", WHEN))
    assert block.keys() == ["title", "description", "date", "tags"]  # no draft: never used
    assert block.get("tags") == []


def test_new_post_from_the_fixture_folders(tmp_path: Path) -> None:
    for name, date_line in (
        ("intern-1", "date: '2024-03-09 07:05:01'"),
        ("recent-news", "date: '2024-03-09T07:05:01+09:00'"),
    ):
        shutil.copytree(FIXTURES / name, tmp_path / name / name)
        p = profile_for_folder(tmp_path / name)
        raw = p.new_frontmatter("Fixture: 'style' test", WHEN)
        assert line_of(raw, "date") == date_line
        original = Frontmatter(
            split_document((FIXTURES / name / "index.md").read_text("utf-8")).raw
        )
        assert Frontmatter(raw).keys() == original.keys()


def test_new_post_quotes_titles_that_would_not_read_back() -> None:
    p = profile(ZOOMKODING)
    for title in ("yes", "2021", "null", "a: b", "# not a comment", "- dash", "[x]", " pad ",
                  "it's", 'say "hi"', "줄\n바꿈", "", "2021-05-03", "@at", "%pct"):  # fmt: skip
        assert new_post(p, title).get("title") == title


def test_new_post_with_crlf_newlines() -> None:
    raw = profile(HUSKY).new_frontmatter("제목", WHEN, newline="\r\n")
    assert raw.count("\r\n") == raw.count("\n") == 5


@pytest.mark.parametrize("docs", [ZOOMKODING, HUSKY, HOODIE_FLOW, HOODIE_BLOCK, []])
@settings(max_examples=150, deadline=None)
@given(title=st.text(max_size=60))
def test_new_post_title_round_trips(docs: list[str], title: str) -> None:
    p = profile(docs) if docs else DEFAULT_PROFILE
    assert Frontmatter(p.new_frontmatter(title, WHEN)).get("title") == title
