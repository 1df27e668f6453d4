"""Posts load and save byte for byte; edits touch only their own lines; saves are atomic."""

from __future__ import annotations

import difflib
import os
import stat
from datetime import datetime
from pathlib import Path

import pytest

from app.core.errors import ConflictError, EncodingError, FieldError, PostError
from app.core.post.post import Post, atomic_write_bytes, decode_post_bytes
from tests.conftest import demo_posts, fixture_posts

SAMPLES = Path(__file__).parent / "samples"
ALL_POSTS = fixture_posts() + demo_posts() + sorted(SAMPLES.glob("*.md"))


def changed_lines(before: bytes, after: bytes, encoding: str = "utf-8") -> list[str]:
    """The lines removed or added between two versions of a file."""
    a = before.decode(encoding, "replace").splitlines(keepends=True)
    b = after.decode(encoding, "replace").splitlines(keepends=True)
    return [
        line
        for line in difflib.unified_diff(a, b, n=0, lineterm="")
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_there_are_posts_to_check() -> None:
    assert len(fixture_posts()) == 2
    assert len(ALL_POSTS) >= 10


@pytest.mark.parametrize("path", ALL_POSTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_load_then_save_is_byte_identical(path: Path, tmp_path: Path) -> None:
    data = path.read_bytes()
    copy = tmp_path / "index.md"
    copy.write_bytes(data)
    post = Post.load(copy)
    assert post.to_bytes() == data
    post.save()
    assert copy.read_bytes() == data


def test_fixture_values_are_read() -> None:
    intern = Post.load(fixture_posts()[0])
    assert intern.get("emoji") == "🧢"
    assert intern.get("date") == "2021-05-26 03:20:45"
    assert intern.terms("tags") == ["인턴", "스타트업"]
    news = Post.load(fixture_posts()[1])
    assert news.get("title") == "2019년 근황"
    assert news.get("date") == "2019-03-12T01:13:29+09:00"
    assert news.body.startswith("\n#### 들어가며")


WITH_FRONTMATTER = [p for p in ALL_POSTS if Post.load(p).frontmatter is not None]


@pytest.mark.parametrize("path", WITH_FRONTMATTER, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_editing_one_field_changes_only_its_line(path: Path, tmp_path: Path) -> None:
    post = Post.load(path)
    assert post.frontmatter is not None
    for key in post.frontmatter:
        style = post.frontmatter.style(key)
        assert style is not None
        if style.kind not in ("scalar", "empty") or style.quote in ("|", ">"):
            continue
        copy = tmp_path / f"{key}.md"
        copy.write_bytes(path.read_bytes())
        edited = Post.load(copy)
        new_value = "새 값 with: colon" + (" ✨" if post.encoding.startswith("utf") else "")
        edited.set(key, new_value)
        edited.save()
        diff = changed_lines(path.read_bytes(), copy.read_bytes(), post.encoding)
        assert len(diff) == 2, diff
        assert diff[0].startswith(f"-{key}:") and diff[1].startswith(f"+{key}:")
        assert Post.load(copy).get(key) == new_value
        others = {k: v for k, v in post.metadata.items() if k != key}
        assert {k: v for k, v in Post.load(copy).metadata.items() if k != key} == others


def test_title_edit_keeps_quoting_style() -> None:
    news = Post.load(fixture_posts()[1])
    news.set("title", "2020년 근황")
    assert "title: '2020년 근황'\n" in news.to_text()
    intern = Post.load(fixture_posts()[0])
    intern.set("title", "새 제목")
    assert "\ntitle: 새 제목\n" in intern.to_text()


@pytest.mark.parametrize(
    "value", ["2019", "yes", "no", "null", "~", "true", "a: b", "#hash", "- item", "[x]", "1.5", ""]
)
def test_values_yaml_would_misread_are_quoted(value: str) -> None:
    post = Post.load(fixture_posts()[0])
    post.set("author", value)
    reread = Post.from_bytes(post.to_bytes())
    assert reread.get("author") == value
    assert isinstance(reread.get("author"), str)


def test_emoji_stay_literal() -> None:
    post = Post.load(fixture_posts()[0])
    post.set("emoji", "🧪")
    post.set("title", '이모지 🎉 "따옴표"')
    text = post.to_text()
    assert "emoji: 🧪\n" in text
    assert "\\U" not in text and "🎉" in text


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("'2021-05-26 03:20:45'", "'2024-02-29 13:05:09'"),
        ("2021-05-03", "2024-02-29"),
        ("2019-03-12T01:13:29+09:00", "2024-02-29T13:05:09+09:00"),
        ("2022-10-08 23:30", "2024-02-29 13:05"),
        ("'2022-10-08 23:30'", "'2024-02-29 13:05'"),
        ("2021-05-26 03:20:45", "2024-02-29 13:05:09"),
    ],
)
def test_dates_keep_their_format_and_quoting(sample: str, expected: str) -> None:
    post = Post(f"---\ntitle: x\ndate: {sample}\n---\nbody\n")
    post.set("date", datetime(2024, 2, 29, 13, 5, 9))
    assert post.to_text() == f"---\ntitle: x\ndate: {expected}\n---\nbody\n"


def test_terms_keep_their_form() -> None:
    spaced = Post.load(fixture_posts()[0])
    spaced.set_terms("tags", ["인턴", "회고", "python"])
    assert "\ntags: 인턴 회고 python\n" in spaced.to_text()
    with pytest.raises(FieldError, match="spaces"):
        spaced.set_terms("tags", ["two words"])

    block = Post.load(SAMPLES / "list-tags.md")
    block.set_terms("tags", ["javascript", "async", "2019"])
    assert "tags:\n  - javascript\n  - async\n  - '2019'\nseries:" in block.to_text()

    flow = Post.load(SAMPLES / "flow-tags.md")
    flow.set_terms("tags", ["python", "yes"])
    assert "tags: [python, 'yes']\n" in flow.to_text()
    assert Post.from_bytes(flow.to_bytes()).get("tags") == ["python", "yes"]


def test_comments_and_unknown_keys_survive_edits() -> None:
    post = Post.load(SAMPLES / "flow-tags.md")
    post.set("title", "New title")
    text = post.to_text()
    assert "# a comment the author wrote\n" in text
    assert "cover: ./cover.png   # inline comment\n" in text


def test_block_scalar_edit_keeps_block_style() -> None:
    post = Post.load(SAMPLES / "block-scalars.md")
    post.set("notes", "first\nsecond\n")
    text = post.to_text()
    assert "notes: |\n  first\n  second\n\nemoji:" in text
    post.set("excerpt", "One line now")
    assert "excerpt: >-\n  One line now\nnotes:" in post.to_text()
    assert Post.from_bytes(post.to_bytes()).get("excerpt") == "One line now"


def test_empty_value_can_be_filled_and_new_keys_are_appended() -> None:
    post = Post.load(SAMPLES / "block-scalars.md")
    post.set("empty", "now set")
    post.set("series", "새 시리즈")
    text = post.to_text()
    assert "\nempty: now set\nseries: 새 시리즈\n---\nBody\n" in text


def test_crlf_is_kept_when_editing() -> None:
    post = Post.load(SAMPLES / "crlf.md")
    post.set("title", "Still CRLF")
    post.set("draft", True)
    data = post.to_bytes()
    assert b"title: Still CRLF\r\n" in data and b"draft: true\r\n---\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_cp949_is_read_and_written_back_in_its_encoding() -> None:
    post = Post.load(SAMPLES / "cp949.md")
    assert post.encoding == "cp949"
    assert post.get("title") == "한국어 제목"
    post.set("title", "새 제목")
    assert post.to_bytes().decode("cp949").startswith("---\ntitle: 새 제목\n")
    post.set("title", "이모지 🎉")
    with pytest.raises(EncodingError, match="UTF-8"):
        post.to_bytes()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"---\ntitle: \xff\xfe broken\n---\n", "not UTF-8"),
    ],
)
def test_unreadable_bytes_are_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(EncodingError, match=message):
        decode_post_bytes(data)


def test_a_big_file_is_decoded_and_counted_in_slices_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a 50 MB post is decoded a slice at a time (one call held the interpreter lock 85 ms);
    # here slices of 5 bytes cut Hangul and \r\n in two
    from app.core.post import decoding as post_module

    monkeypatch.setattr(post_module, "_SLICE", 5)
    text = "---\r\ntitle: 한글 제목\r\n---\r\n\r\n본문은 한국어로.\r\nmixed\nend\r\n" * 3
    post = Post.from_bytes(text.encode("utf-8"))
    assert post.to_text() == text and post.newline == "\r\n"
    assert post.get("title") == "한글 제목"
    broken = text.encode("utf-8") + b"\xff"
    with pytest.raises(EncodingError, match=f"offset {len(broken) - 1}"):
        decode_post_bytes(broken)


def test_utf16_with_bom_round_trips() -> None:
    data = "\ufeff---\ntitle: UTF-16 글\n---\n본문\n".encode("utf-16-le")
    post = Post.from_bytes(data)
    assert post.get("title") == "UTF-16 글"
    assert post.to_bytes() == data


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\ntitle: [unclosed\n---\nbody\n", 3, ""),
        ("---\ntitle: a\ntitle: b\n---\n", 3, "duplicate key"),
        ("---\ntitle: a\n\tdate: b\n---\n", 3, ""),
        ("---\ntitle: a\nbody without closing fence\n", 1, "closing"),
        ("---\n- a\n- b\n---\n", 2, "key: value"),
    ],
)
def test_malformed_frontmatter_loads_with_error(text: str, line: int, fragment: str) -> None:
    post = Post(text)
    err = post.frontmatter_error
    assert err is not None
    assert err.line == line
    assert fragment in err.message
    assert post.to_text() == text  # nothing is lost
    assert post.raw_frontmatter in text
    with pytest.raises(FieldError):
        post.set("title", "x")


def test_broken_yaml_can_be_repaired_through_raw_text() -> None:
    post = Post("---\ntitle: [oops\n---\nbody\n")
    post.set_raw_frontmatter("title: fixed\n")
    assert post.frontmatter_error is None
    assert post.to_text() == "---\ntitle: fixed\n---\nbody\n"


def test_post_without_frontmatter_is_valid_and_gets_one_on_first_edit() -> None:
    post = Post.load(SAMPLES / "no-frontmatter.md")
    assert post.frontmatter_error is None and post.metadata == {}
    post.set("title", "Now titled")
    assert (
        post.to_text()
        == "---\ntitle: Now titled\n---\nNo frontmatter at all.\n\n## Just a heading\n"
    )


def test_save_refuses_to_overwrite_outside_changes(tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    path.write_text("---\ntitle: a\n---\nbody\n", encoding="utf-8")
    post = Post.load(path)
    path.write_text("---\ntitle: changed elsewhere\n---\nbody\n", encoding="utf-8")
    post.set("title", "mine")
    with pytest.raises(ConflictError, match="changed on disk"):
        post.save()
    assert "changed elsewhere" in path.read_text(encoding="utf-8")
    post.save(force=True)
    assert "title: mine" in path.read_text(encoding="utf-8")


def test_save_after_delete_is_refused_unless_forced(tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    path.write_text("---\ntitle: a\n---\n", encoding="utf-8")
    post = Post.load(path)
    path.unlink()
    with pytest.raises(ConflictError, match="deleted"):
        post.save()
    post.save(force=True)
    assert path.exists()


def test_save_keeps_permissions_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "index.md"
    path.write_text("---\ntitle: a\n---\n", encoding="utf-8")
    os.chmod(path, 0o640)
    post = Post.load(path)
    post.set("title", "b")
    post.save()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["index.md"]
    post.set("title", "c")
    post.save()  # our own save does not count as an outside change
    assert Post.load(path).get("title") == "c"


def test_save_follows_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("---\ntitle: a\n---\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    post = Post.load(link)
    post.set("title", "b")
    post.save()
    assert link.is_symlink()
    assert "title: b" in real.read_text(encoding="utf-8")


def test_failed_write_leaves_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "index.md"
    path.write_bytes(b"old contents\n")

    def disk_full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(PostError, match="disk is full"):
        atomic_write_bytes(path, b"new contents\n")
    assert path.read_bytes() == b"old contents\n"
    assert [p.name for p in tmp_path.iterdir()] == ["index.md"]


def test_missing_file_gives_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PostError, match="does not exist"):
        Post.load(tmp_path / "nope.md")


def test_empty_quoted_placeholder_takes_the_documents_quoting() -> None:
    plain_blog = Post("---\nemoji: 🧢\ntitle: 새 글\ndate: '2021-01-01 00:00:00'\ntags: ''\n---\n")
    plain_blog.set_terms("tags", ["인턴", "회고"])
    assert "\ntags: 인턴 회고\n" in plain_blog.to_text()
    quoted_blog = Post("---\ntitle: '근황'\nsubtitle: ''\n---\n")
    quoted_blog.set("subtitle", "부제")
    assert "\nsubtitle: '부제'\n" in quoted_blog.to_text()


def test_control_character_in_frontmatter_is_a_frontmatter_error_with_its_line() -> None:
    text = "---\ntitle: ok\nauthor: bell\x07here\n---\nbody\n"
    post = Post(text)
    assert post.frontmatter_error is not None
    assert post.frontmatter_error.line == 3
    assert "U+0007" in post.frontmatter_error.message
    assert post.to_text() == text
