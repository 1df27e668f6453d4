"""app/core/editing/emoji_search.py: emoji by English and Korean names (the `emoji` package) and by
CLDR keywords when the system has CLDR's annotation files."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.editing import emoji_search
from app.core.editing.emoji_search import catalogue, emoji_name, pasted_emoji, search


@pytest.fixture
def no_system_cldr(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """As on a machine without CLDR's annotation files: names only."""
    monkeypatch.setattr(emoji_search, "_SYSTEM_ANNOTATIONS", (tmp_path / "none",))
    emoji_search._keywords.cache_clear()
    catalogue.cache_clear()
    yield
    emoji_search._keywords.cache_clear()
    catalogue.cache_clear()


def test_korean_names_come_from_the_emoji_package(no_system_cldr: None) -> None:
    assert "☕" in search("음료")  # 뜨거운 음료
    assert search("뜨거운 음료") == ["☕"]
    assert "🧢" in search("모자")  # 야구모자
    assert search("hot beverage")[0] == "☕"
    assert search("coffee")[0] == "☕"  # the package's English alias
    assert emoji_name("☕") == "hot beverage · 뜨거운 음료"


def test_a_keywords_file_adds_search_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_system_cldr: None
) -> None:
    assert search("커피") == []
    folder = tmp_path / "annotations"
    folder.mkdir()
    (folder / "ko.xml").write_text(
        '<ldml><annotations><annotation cp="☕">뜨거운 음료 | 커피 | 차</annotation>'
        '<annotation cp="☕" type="tts">뜨거운 음료</annotation></annotations></ldml>',
        encoding="utf-8",
    )
    monkeypatch.setattr(emoji_search, "_SYSTEM_ANNOTATIONS", (folder,))
    emoji_search._keywords.cache_clear()
    catalogue.cache_clear()
    assert search("커피") == ["☕"]


def test_a_broken_keywords_file_is_ignored(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_system_cldr: None
) -> None:
    (tmp_path / "ko.xml").write_text("<ldml><annotations><annotation", encoding="utf-8")
    monkeypatch.setattr(emoji_search, "_SYSTEM_ANNOTATIONS", (tmp_path,))
    emoji_search._keywords.cache_clear()
    catalogue.cache_clear()
    assert "☕" in search("음료")


def test_pasted_emoji_find_themselves() -> None:
    assert pasted_emoji("☕ and 🧑‍💻!") == ["☕", "🧑‍💻"]
    assert search("🧑‍💻")[0] == "🧑‍💻"
    assert search("🚀 rocket")[0] == "🚀"
    assert search("") and search("")[0] == catalogue()[0].emoji


def test_common_emoji_come_first_with_an_empty_query() -> None:
    first = ("💡", "🧢", "☕️")
    assert search("", first, limit=10)[:3] == ["💡", "🧢", "☕"]  # the qualified ☕ once
    assert len(search("", first, limit=10)) == 10
