"""Post folder names from titles: Hangul kept, URL-safe, valid on Windows and macOS."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.errors import PostError
from app.core.post.postfiles import post_address, rename_post, renamed_path, url_set_by
from app.core.post.slug import MAX_SLUG_LENGTH, folder_name, slugify_title, unique_slug

WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                    *(f"lpt{n}" for n in range(10))}  # fmt: skip


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("피플펀드 인턴 회고", "피플펀드-인턴-회고"),
        ("피플펀드 1개월간의 인턴 생활 회고", "피플펀드-1개월간의-인턴-생활-회고"),
        ("2019년 근황!", "2019년-근황"),
        ("Hello, World", "hello-world"),
        ("  React Hooks — 정리 (2편)  ", "react-hooks-정리-2편"),
        ("C++ / Rust: 비교?", "c-rust-비교"),
        ("Don't Panic", "dont-panic"),
        ("Café Ünïcode Straße", "cafe-unicode-strasse"),
        ("a___b...c", "a-b-c"),
        ('<>:"/\\|?* tricky', "tricky"),
        ("ㅋㅋㅋ 웃긴 글", "ㅋㅋㅋ-웃긴-글"),
        ("日本語のタイトル", "日本語のタイトル"),
        ("🎉", "post"),
        ("", "post"),
        ("...", "post"),
        ("CON", "con-post"),
        ("lpt1", "lpt1-post"),
    ],
)
def test_slugify_examples(title: str, slug: str) -> None:
    assert slugify_title(title) == slug


def test_decomposed_hangul_becomes_composed() -> None:
    nfd = unicodedata.normalize("NFD", "회고 글")
    assert slugify_title(nfd) == "회고-글"


def test_long_titles_are_cut_at_a_word() -> None:
    slug = slugify_title("단어 " * 40)
    assert len(slug) <= MAX_SLUG_LENGTH and not slug.endswith("-")
    assert set(slug.split("-")) == {"단어"}
    assert slugify_title("a" * 200) == "a" * MAX_SLUG_LENGTH


@given(st.text())
def test_slugs_are_always_safe(title: str) -> None:
    slug = slugify_title(title)
    assert slug and len(slug) <= MAX_SLUG_LENGTH
    assert not re.search(r'[<>:"/\\|?*\s\x00-\x1f.]', slug)
    assert not slug.startswith("-") and not slug.endswith("-") and "--" not in slug
    assert slug not in WINDOWS_RESERVED and slug == unicodedata.normalize("NFC", slug)
    assert slug == slug.lower()
    assert slugify_title(slug) == slug  # stable


def test_unique_slug(tmp_path: Path) -> None:
    assert unique_slug(tmp_path, "회고") == "회고"
    (tmp_path / "회고").mkdir()
    assert unique_slug(tmp_path, "회고") == "회고-2"
    (tmp_path / "회고-2").mkdir()
    assert unique_slug(tmp_path, "회고") == "회고-3"
    (tmp_path / "about.md").write_text("x", encoding="utf-8")  # a loose post takes the URL too
    assert unique_slug(tmp_path, "about") == "about-2"
    (tmp_path / "Hello").mkdir()  # case-insensitive file systems would clash
    assert unique_slug(tmp_path, "hello") == "hello-2"
    (tmp_path / unicodedata.normalize("NFD", "한글")).mkdir()
    assert unique_slug(tmp_path, "한글") == "한글-2"
    long = "a" * MAX_SLUG_LENGTH
    (tmp_path / long).mkdir()
    assert unique_slug(tmp_path, long) == "a" * (MAX_SLUG_LENGTH - 2) + "-2"
    assert unique_slug(tmp_path / "missing", "x") == "x"


# -- renaming a post keeps the author's case (the folder name is the post's URL) ---------


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Hello-Blog", "Hello-Blog"),
        ("TIL Python!", "TIL-Python"),
        ("인턴 회고", "인턴-회고"),
        ("Ærø Straße", "AEro-Strasse"),
        ("CON", "CON-post"),
        ("", "post"),
    ],
)
def test_folder_names_keep_the_authors_case(typed: str, name: str) -> None:
    assert folder_name(typed) == name
    assert slugify_title(typed) == name.lower()


def test_renaming_keeps_the_case_and_says_where_the_post_lands(tmp_path: Path) -> None:
    post = tmp_path / "hello-blog" / "index.md"
    post.parent.mkdir()
    post.write_text("---\ntitle: Hi\n---\n", encoding="utf-8")
    assert renamed_path(post, "Hello Blog") == tmp_path / "Hello-Blog" / "index.md"
    moved = rename_post(post, "Hello Blog")
    assert moved == tmp_path / "Hello-Blog" / "index.md" and moved.is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["Hello-Blog"]
    assert post_address(moved, tmp_path) == "/Hello-Blog/"
    loose = tmp_path / "notes.md"
    loose.write_text("# Notes\n", encoding="utf-8")
    assert rename_post(loose, "My Notes") == tmp_path / "My-Notes.md"
    assert post_address(tmp_path / "My-Notes.md", tmp_path) == "/My-Notes/"


def test_a_rename_that_only_changes_case_works(tmp_path: Path) -> None:
    post = tmp_path / "hello" / "index.md"
    post.parent.mkdir()
    post.write_text("x\n", encoding="utf-8")
    assert rename_post(post, "Hello") == tmp_path / "Hello" / "index.md"
    assert [p.name for p in tmp_path.iterdir()] == ["Hello"]


def test_a_name_another_post_has_in_another_case_is_refused(tmp_path: Path) -> None:
    for name in ("hello", "other"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.md").write_text("x\n", encoding="utf-8")
    with pytest.raises(PostError, match="already exists"):
        rename_post(tmp_path / "other" / "index.md", "Hello")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hello", "other"]


def test_a_front_matter_key_that_sets_the_url() -> None:
    assert url_set_by({"title": "x"}) is None
    assert url_set_by({"slug": "my-post"}) == "slug"
    assert url_set_by({"permalink": "/2024/x/"}) == "permalink"
    assert url_set_by({"slug": ""}) is None
