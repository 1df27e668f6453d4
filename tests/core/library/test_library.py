"""The content-folder index: what counts as a post, what each entry says, queries."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from app.core.library.index import scan
from tests.conftest import FIXTURES
from tests.core.library.blogs import titles, write

# -- what counts as a post ----------------------------------------------------------------


def test_scan_lists_every_style_newest_first_and_undated_last(blog: Path) -> None:
    lib = scan(blog)
    assert len(lib) == 8
    dated = [e for e in lib if e.sort_date is not None]
    assert [e.slug for e in dated] == [
        "react-hooks", "intern-1", "list-tags", "jsonb", "recent-news",
    ]  # fmt: skip
    undated = [e for e in lib if e.sort_date is None]
    assert [e.title for e in undated] == sorted((e.title for e in undated), key=str.casefold)
    assert lib.entries[-len(undated) :] == tuple(undated)


def test_entries_read_each_style(blog: Path) -> None:
    lib = scan(blog)
    intern = lib.by_relpath("contents/posts/essay/intern-1/index.md")
    assert intern is not None
    assert intern.title == "스타트업 인턴 한 달 회고"
    assert intern.emoji == "🧢"
    assert intern.date == "2021-05-26 03:20:45"
    assert intern.tags == ("인턴", "스타트업")
    assert intern.categories == ("회고",)
    assert intern.folder_post and intern.slug == "intern-1"
    assert intern.error is None and not intern.draft

    news = lib.by_relpath("contents/posts/essay/recent-news/index.md")
    assert news is not None
    assert news.title == "2019년 근황"
    assert news.categories == ("essay",)  # from `category`
    assert news.date == "2019-03-12T01:13:29+09:00"
    assert news.sort_date is not None and news.sort_date.utcoffset() is not None

    listed = lib.by_relpath("contents/posts/til/list-tags/index.md")
    assert listed is not None
    assert listed.tags == ("python", "React")
    assert listed.date == "2021-05-03"
    assert listed.title == "Python dataclass tips"  # frontmatter wins over the body heading


def test_loose_files_and_index_markdown(blog: Path) -> None:
    write(blog, "notes/til.md", "---\ntitle: TIL\n---\n")
    write(blog, "other/index.markdown", "---\ntitle: Markdown suffix\n---\n")
    write(blog, "index.md", "---\ntitle: Root index\n---\n")
    lib = scan(blog)
    about = lib.by_relpath("contents/about.md")
    assert about is not None and about.slug == "about" and not about.folder_post
    assert about.title == "About me"  # no frontmatter: the first `# ` heading
    til = lib.by_relpath("notes/til.md")
    assert til is not None and til.slug == "til" and not til.folder_post
    other = lib.by_relpath("other/index.markdown")
    assert other is not None and other.slug == "other" and other.folder_post
    root_index = lib.by_relpath("index.md")
    assert root_index is not None and root_index.slug == "index" and not root_index.folder_post


def test_ignored_and_hidden_folders_are_skipped(blog: Path) -> None:
    for rel in (
        "node_modules/pkg/readme.md",
        ".git/info/index.md",
        "public/page-data/index.md",
        ".cache/x/index.md",
        ".obsidian/notes/index.md",
        "contents/posts/.trash/old/index.md",
        "contents/.hidden.md",
    ):
        write(blog, rel, "---\ntitle: should not appear\n---\n")
    write(blog, "contents/posts/dev/jsonb/notes.txt", "not markdown")
    lib = scan(blog)
    assert "should not appear" not in titles(lib)
    assert len(lib) == 8


def test_symlink_loops_and_links_out_of_the_root_are_not_followed(
    blog: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    write(outside, "secret/index.md", "---\ntitle: Outside\n---\n")
    os.symlink(blog / "contents", blog / "contents" / "posts" / "loop")  # a folder to its parent
    os.symlink(blog, blog / "contents" / "posts" / "dev" / "root-loop")
    os.symlink(outside, blog / "contents" / "elsewhere")
    os.symlink(outside / "secret" / "index.md", blog / "contents" / "stolen.md")
    os.symlink(blog / "contents" / "about.md", blog / "contents" / "alias.md")
    lib = scan(blog)
    assert "Outside" not in titles(lib)  # never read
    assert len(lib) == 10  # alias.md (a link to a file inside the root) and stolen.md:
    stolen = lib.by_relpath("contents/stolen.md")  # listed, with what is wrong with it
    assert stolen is not None and "outside the blog" in (stolen.error or "")
    alias = lib.by_relpath("contents/alias.md")
    assert alias is not None and alias.title == "About me"


# -- what an entry says ---------------------------------------------------------------------


def test_broken_frontmatter_is_listed_with_its_error_and_line(blog: Path) -> None:
    write(blog, "dup/index.md", "---\ntitle: a\ndate: 2021-01-01\ntitle: b\n---\n")
    write(blog, "unclosed/index.md", "---\ntitle: never closed\n\nbody\n")
    write(blog, "tabs/index.md", "---\ntitle: t\ntags:\n\t- a\n---\n")
    write(blog, "scalar/index.md", "---\njust a string\n---\n")
    (blog / "latin1").mkdir()
    (blog / "latin1" / "index.md").write_bytes(b"---\ntitle: ok\nauthor: Jos\xe9\n---\n")
    lib = scan(blog)
    broken = lib.by_relpath("contents/posts/broken/index.md")
    assert broken is not None
    assert broken.error and broken.error_line == 4  # the parser notices at the closing line
    assert broken.title == "broken" and broken.tags == ()
    dup = lib.by_relpath("dup/index.md")
    assert dup is not None and dup.error and "duplicate" in dup.error and dup.error_line == 4
    unclosed = lib.by_relpath("unclosed/index.md")
    assert unclosed is not None and "closing ---" in (unclosed.error or "")
    assert unclosed.error_line == 1 and unclosed.title == "unclosed"
    tabs = lib.by_relpath("tabs/index.md")
    assert tabs is not None and tabs.error and tabs.error_line is not None
    scalar = lib.by_relpath("scalar/index.md")
    assert scalar is not None and scalar.error and scalar.error_line == 2
    latin1 = lib.by_relpath("latin1/index.md")
    assert latin1 is not None and "UTF-8" in (latin1.error or "") and latin1.error_line == 3


def test_error_lines_agree_with_the_editors_frontmatter(tmp_path: Path) -> None:
    from app.core.errors import FrontmatterError
    from app.core.post.frontmatter import Frontmatter, split_document

    texts = {
        "flow": "---\ntitle: ok\ntags: [unclosed\n---\n",
        "dup": "---\ntitle: a\nx: 1\n\ntitle: b\n---\n",
        "indent": "---\ntitle: a\n  bad: indent\nc: d\n---\n",
        "colon": "---\ntitle: a: b\n---\n",
        "quote": "---\ntitle: 'open\ndate: 2021\n---\n",
        "tab": "---\ntitle: a\n\tb: c\n---\n",
    }
    for name, text in texts.items():
        write(tmp_path, f"{name}/index.md", text)
    lib = scan(tmp_path)
    for name, text in texts.items():
        with pytest.raises(FrontmatterError) as caught:
            Frontmatter(split_document(text).raw)
        entry = lib.by_relpath(f"{name}/index.md")
        assert entry is not None and entry.error is not None, name
        assert entry.error_line == caught.value.line, name


def test_title_falls_back_to_the_first_heading_outside_code_then_the_slug(tmp_path: Path) -> None:
    write(tmp_path, "a/index.md", "---\ndate: 2021-01-01\n---\n```sh\n# not a title\n```\n# Real\n")
    write(tmp_path, "b/index.md", "---\ntitle: ''\n---\n## only h2\n")
    write(tmp_path, "c/index.md", "x" * 5000 + "\n\n# Far down ##\n")
    lib = scan(tmp_path)
    assert [lib.by_relpath(f"{s}/index.md").title for s in "abc"] == ["Real", "b", "Far down"]  # type: ignore[union-attr]


def test_bom_crlf_and_frontmatter_longer_than_the_first_read(tmp_path: Path) -> None:
    crlf = "---\r\ntitle: 윈도우 글\r\ntags: [a, b]\r\n---\r\nbody\r\n"
    (tmp_path / "crlf").mkdir()
    (tmp_path / "crlf" / "index.md").write_bytes(b"\xef\xbb\xbf" + crlf.encode())
    long_excerpt = "긴 요약 " * 1500  # ~15 KB of frontmatter
    write(tmp_path, "long/index.md", f"---\nexcerpt: '{long_excerpt}'\ntitle: Long\n---\nbody\n")
    lib = scan(tmp_path)
    crlf_entry = lib.by_relpath("crlf/index.md")
    assert (
        crlf_entry is not None and crlf_entry.title == "윈도우 글" and crlf_entry.tags == ("a", "b")
    )
    long_entry = lib.by_relpath("long/index.md")
    assert long_entry is not None and long_entry.title == "Long" and long_entry.error is None


def _line_at_4093(title: str, line: str, rest: str) -> str:
    """Frontmatter whose line `line` starts 3 bytes before the end of the first 4 KB read."""
    head = f"---\ntitle: {title}\nnote: "
    text = head + "y" * (4093 - len(head) - 1) + "\n" + line + rest
    assert text.encode().index(line.encode(), 4000) == 4093
    return text


def test_a_fence_cut_by_the_first_read_is_checked_against_what_follows(tmp_path: Path) -> None:
    # `---` fills the read exactly but the line is `----`: not a fence (and bad YAML here)
    write(tmp_path, "dashes/index.md", _line_at_4093("Cut", "----", "\nlater: 1\n---\nbody\n"))
    # `---` fills the read exactly and the line ends there: the real fence
    write(tmp_path, "fence/index.md", _line_at_4093("Edge", "---", "\n# body\n"))
    lib = scan(tmp_path)
    dashes = lib.by_relpath("dashes/index.md")
    assert dashes is not None and dashes.error is not None
    assert dashes.error_line == 5  # the YAML parser notices on the line after `----`
    fence = lib.by_relpath("fence/index.md")
    assert fence is not None and fence.error is None and fence.title == "Edge"


def test_draft_flags(tmp_path: Path) -> None:
    write(tmp_path, "a/index.md", "---\ntitle: A\ndraft: true\n---\n")
    write(tmp_path, "b/index.md", "---\ntitle: B\ndraft: 'yes'\n---\n")
    write(tmp_path, "c/index.md", "---\ntitle: C\npublished: false\n---\n")
    write(tmp_path, "d/index.md", "---\ntitle: D\ndraft: false\npublished: true\n---\n")
    write(tmp_path, "e/index.md", "---\ntitle: E\n---\n")
    lib = scan(tmp_path)
    assert [e.title for e in lib.query(draft=True)] == ["A", "B", "C"]
    assert [e.title for e in lib.query(draft=False)] == ["D", "E"]


def test_dates_sort_across_zones_formats_and_other_keys(tmp_path: Path) -> None:
    write(tmp_path, "utc/index.md", "---\ntitle: utc\ndate: '2021-05-03T12:00:00Z'\n---\n")
    write(tmp_path, "kst/index.md", "---\ntitle: kst\ndate: 2021-05-04T09:00:00+09:00\n---\n")
    write(tmp_path, "naive/index.md", "---\ntitle: naive\ndate: 2020-12-31 23:30\n---\n")
    write(tmp_path, "created/index.md", "---\ntitle: created\ncreated: 2019-01-01\n---\n")
    write(tmp_path, "pub/index.md", "---\ntitle: pub\npubDate: '2018-06-01'\n---\n")
    write(tmp_path, "junk/index.md", "---\ntitle: junk\ndate: someday\n---\n")
    write(tmp_path, "none/index.md", "---\ntitle: Anone\n---\n")
    lib = scan(tmp_path)
    assert titles(lib) == ["kst", "utc", "naive", "created", "pub", "Anone", "junk"]
    assert all(e.sort_date is None or e.sort_date.tzinfo is not None for e in lib)
    junk = lib.by_relpath("junk/index.md")
    assert junk is not None and junk.date == "someday" and junk.sort_date is None


# -- queries ---------------------------------------------------------------------------------


def test_query_by_text_tag_category_and_counts(blog: Path) -> None:
    lib = scan(blog)
    assert [e.slug for e in lib.query("인턴")] == ["intern-1"]
    assert [e.slug for e in lib.query("react")] == ["react-hooks", "list-tags"]  # title or tag
    assert [e.slug for e in lib.query("REACT 프론트")] == ["react-hooks"]  # every word must match
    assert [e.slug for e in lib.query("JSONB")] == ["jsonb"]
    assert [e.slug for e in lib.query("recent-news")] == ["recent-news"]  # slug
    assert lib.query("nothing matches this") == []
    assert [e.slug for e in lib.query(tag="react")] == ["react-hooks", "list-tags"]
    assert [e.slug for e in lib.query(category="ESSAY")] == ["recent-news"]
    assert [e.slug for e in lib.query("react", tag="python")] == ["list-tags"]
    assert len(lib.query()) == len(lib)
    assert lib.tag_counts()["React"] == 2
    assert lib.tag_counts()["인턴"] == 1
    assert lib.category_counts() == {"회고": 2, "essay": 1, "dev": 1}
    assert lib.warm() is lib  # built ahead on a worker thread: the same answers
    counts = lib.category_counts()
    counts["dev"] += 5  # the caller's own copy
    assert lib.category_counts() == {"회고": 2, "essay": 1, "dev": 1}
    assert lib.tag_counts()["React"] == 2
    rel = "contents/posts/essay/intern-1/index.md"
    assert lib.by_relpath(rel) is not None and lib.by_path(blog / rel) is lib.by_relpath(rel)


def test_query_matches_decomposed_hangul(tmp_path: Path) -> None:
    import unicodedata

    write(tmp_path, "a/index.md", f"---\ntitle: {unicodedata.normalize('NFD', '회고록')}\n---\n")
    assert len(scan(tmp_path).query("회고")) == 1


def test_by_path_and_to_json(blog: Path) -> None:
    lib = scan(blog)
    path = blog / "contents" / "posts" / "essay" / "intern-1" / "index.md"
    entry = lib.by_path(path)
    assert entry is not None and entry.slug == "intern-1"
    assert lib.by_path(str(path)) is entry
    assert lib.by_path(blog / "contents" / ".." / "contents" / "about.md") is not None
    assert lib.by_path(blog / "missing.md") is None
    data = json.loads(json.dumps(entry.to_json()))
    assert data["path"] == str(path) and Path(data["path"]).is_absolute()
    assert data["relpath"] == "contents/posts/essay/intern-1/index.md"
    assert data["tags"] == ["인턴", "스타트업"] and data["sort_date"].startswith("2021-05-26")


# -- the file watcher's updates --------------------------------------------------------------


def test_update_paths_rereads_adds_and_drops(blog: Path, tmp_path: Path) -> None:
    lib = scan(blog)
    about = blog / "contents" / "about.md"
    about.write_text("---\ntitle: About (edited)\n---\n", encoding="utf-8")
    new = write(blog, "contents/posts/new-post/index.md", "---\ntitle: Brand new\n---\n")
    shutil.rmtree(blog / "contents" / "posts" / "til")
    write(blog, "node_modules/x/index.md", "---\ntitle: ignored\n---\n")
    updated = lib.update_paths(
        [about, new, blog / "contents" / "posts" / "til", blog / "node_modules" / "x" / "index.md",
         tmp_path / "elsewhere.md"]
    )  # fmt: skip
    assert updated is not lib and len(lib) == 8
    assert "About (edited)" in titles(updated) and "Brand new" in titles(updated)
    assert "Python dataclass tips" not in titles(updated) and "Unfinished" not in titles(updated)
    assert "ignored" not in titles(updated)
    assert len(updated) == 7

    moved = blog / "contents" / "posts" / "moved"
    (blog / "contents" / "posts" / "new-post").rename(moved)
    again = updated.update_paths([blog / "contents" / "posts" / "new-post", moved])
    entry = again.by_path(moved / "index.md")
    assert entry is not None and entry.slug == "moved"
    assert again.by_relpath("contents/posts/new-post/index.md") is None


def test_update_paths_with_a_new_folder_tree(tmp_path: Path) -> None:
    lib = scan(tmp_path)
    assert len(lib) == 0
    write(tmp_path, "series/part-1/index.md", "---\ntitle: Part 1\n---\n")
    write(tmp_path, "series/part-2/index.md", "---\ntitle: Part 2\n---\n")
    assert sorted(titles(lib.update_paths([tmp_path / "series"]))) == ["Part 1", "Part 2"]
    assert len(lib.update_paths([tmp_path])) == 2  # the root itself: a full rescan


def test_update_paths_drops_only_what_is_at_or_under_a_path(tmp_path: Path) -> None:
    for slug in ("a", "ab", "a-b", "b"):
        write(tmp_path, f"{slug}/index.md", f"---\ntitle: {slug}\n---\n")
    write(tmp_path, "a/deeper/index.md", "---\ntitle: a/deeper\n---\n")
    lib = scan(tmp_path)
    shutil.rmtree(tmp_path / "a")
    write(tmp_path, "b/index.md", "---\ntitle: b again\n---\n")
    write(tmp_path, "c/index.md", "---\ntitle: c\n---\n")
    paths = [tmp_path / "a", tmp_path / "b" / "index.md", tmp_path / "c", tmp_path / "c"]
    assert sorted(titles(lib.update_paths(paths))) == ["a-b", "ab", "b again", "c"]


def test_scan_of_the_fixture_folder_itself() -> None:
    lib = scan(FIXTURES)
    assert {e.slug for e in lib} == {"intern-1", "recent-news"}
    assert all(e.error is None for e in lib)
