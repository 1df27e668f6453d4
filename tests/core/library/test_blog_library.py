"""The library of each generator's sample blog: exactly what the generator publishes,
with kinds, drafts (and why) and dates as the generator reads them; the cache and the
watcher's updates keep to the same rule."""

from __future__ import annotations

import os
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.core.blog import load_blog
from app.core.library.cache import IndexCache
from app.core.library.index import Library, scan
from tests.blogs.build import BLOGS, EXPECTED, build_blog
from tests.core.library.blogs import age_tree

# the dates each sample's posts show, as written or as the file name gives them
DATES: dict[str, dict[str, str]] = {
    "jekyll": {
        "_posts/2024-03-01-hello-jekyll.md": "2024-03-01",
        "_posts/2024-03-02-제주-여행.md": "2024-03-02",
        "_posts/2024/2024-03-03-C# 입문 노트.markdown": "2024-03-03",
        "_drafts/아이디어.md": "",
    },
    "docusaurus": {
        "news/2024-03-01-welcome.md": "2024-03-01",
        "news/2024-03-02-제주-여행/index.md": "2024-03-02",
        "news/2024-03-03-C# 입문 노트.mdx": "2024-03-03",
    },
    "hugo": {
        "content/posts/hello-hugo.md": "2024-03-01T09:00:00+09:00",
        "content/posts/json-front.md": "2024-03-04",
        "content/posts/제주 여행.md": "2024-03-02",
    },
    "astro": {"src/content/blog/first-post.md": "Jul 08 2022"},
    "hexo": {"source/_posts/제주 여행.md": "2024/3/2 10:00:00"},
    "eleventy": {"content/blog/first-post.md": "2024-03-01"},
}
DRAFT_REASONS = {
    "jekyll": {
        "_drafts/아이디어.md": "_drafts/",
        "_posts/2024-03-04-not-yet.md": "published: false",
        "_posts/2099-01-01-from-the-future.md": "future date",
    },
    "hugo": {
        "content/posts/draft-idea.md": "draft: true",
        "content/posts/from-the-future.md": "future date",
        "content/posts/expired.md": "expired",
    },
    "hexo": {"source/_posts/hidden.md": "published: false", "source/_drafts/초안.md": "_drafts/"},
}


def listed(library: Library) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"post": set(), "page": set(), "draft": set()}
    for e in library:
        found["draft" if e.draft else e.kind].add(e.relpath)
    return found


@pytest.fixture(params=sorted(BLOGS))
def sample(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, Path]:
    name: str = request.param
    return name, build_blog(name, tmp_path / f"{name} 블로그")


def test_lists_exactly_what_the_generator_publishes(sample: tuple[str, Path]) -> None:
    name, root = sample
    library = scan(root, blog=load_blog(root))
    assert library.root == root.resolve()
    assert listed(library) == EXPECTED[name]
    assert all(e.kind in ("post", "page") for e in library)
    assert all((e.draft_reason is not None) == e.draft for e in library)


def test_from_a_folder_inside_the_blog(sample: tuple[str, Path]) -> None:
    name, root = sample
    inner = next(p.parent for p in sorted(root.rglob("*.md*")) if "node_modules" not in str(p))
    library = scan(inner, blog=load_blog(inner))
    assert library.root == root.resolve()
    assert listed(library) == EXPECTED[name]


@pytest.mark.parametrize("name", sorted(DATES))
def test_dates_as_the_generator_reads_them(name: str, tmp_path: Path) -> None:
    root = build_blog(name, tmp_path / name)
    library = scan(root, blog=load_blog(root))
    for rel, date in DATES[name].items():
        entry = library.by_relpath(rel)
        assert entry is not None, rel
        assert entry.date == date, rel
        assert (entry.sort_date is not None) == bool(date), rel
    dated = [e.sort_date for e in library if e.sort_date is not None]
    assert dated == sorted(dated, reverse=True)  # newest first, by the generator's dates


def test_jekyll_file_name_dates_sort_the_list(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    library = scan(root, blog=load_blog(root))
    posts = [e.relpath for e in library if e.kind == "post" and not e.draft]
    assert posts == [
        "_posts/2024/2024-03-03-C# 입문 노트.markdown",
        "_posts/2024-03-02-제주-여행.md",
        "_posts/2024-03-01-hello-jekyll.md",
    ]
    hello = library.by_relpath("_posts/2024-03-01-hello-jekyll.md")
    assert hello is not None and hello.sort_date is not None
    assert hello.sort_date.date().isoformat() == "2024-03-01"


def test_a_date_in_the_front_matter_overrides_the_file_name(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    post = root / "_posts/2024-03-01-hello-jekyll.md"
    post.write_text("---\ntitle: Hi\ndate: 2024-05-06 10:00:00 +0900\n---\n", encoding="utf-8")
    entry = scan(root, blog=load_blog(root)).by_relpath("_posts/2024-03-01-hello-jekyll.md")
    assert entry is not None and entry.date == "2024-05-06 10:00:00 +0900"
    assert entry.sort_date == datetime(2024, 5, 6, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("name", sorted(DRAFT_REASONS))
def test_why_a_draft_is_one(name: str, tmp_path: Path) -> None:
    root = build_blog(name, tmp_path / name)
    library = scan(root, blog=load_blog(root))
    reasons = {e.relpath: e.draft_reason for e in library if e.draft}
    assert reasons == DRAFT_REASONS[name]


def test_kind_filter_and_counts(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    library = scan(root, blog=load_blog(root))
    assert {e.relpath for e in library.query(kind="page")} == EXPECTED["hugo"]["page"]
    assert library.kind_counts() == {"post": 5, "page": 4, "draft": 3}


def test_no_generator_lists_what_it_always_did(blog: Path) -> None:
    plain = scan(blog)
    with_blog = scan(blog, blog=load_blog(blog))
    assert load_blog(blog).generator is None
    assert with_blog.entries == plain.entries
    assert all(e.kind == "post" for e in plain)


# -- the cache ------------------------------------------------------------------------


def test_the_cache_gives_the_same_library_and_reads_only_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    age_tree(root)
    blog = load_blog(root)
    cache_file = tmp_path / "cache" / "index.json"
    first = scan(root, cache=IndexCache(cache_file), blog=blog)
    assert listed(first) == EXPECTED["jekyll"]

    from app.core.library import blogscan

    reads: list[str] = []
    real = blogscan.read_blog_file

    def counting(*args: object, **kwargs: object) -> object:
        reads.append(args[1].rel)  # type: ignore[attr-defined]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(blogscan, "read_blog_file", counting)
    again = scan(root, cache=IndexCache(cache_file), blog=blog)
    assert again.entries == first.entries
    assert reads == []  # (the future post's date is still to come: its row holds)


def test_a_changed_config_means_a_new_read(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    age_tree(root)
    cache_file = tmp_path / "cache" / "index.json"
    scan(root, cache=IndexCache(cache_file), blog=load_blog(root))
    config = root / "_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + "future: true\n", encoding="utf-8")
    library = scan(root, cache=IndexCache(cache_file), blog=load_blog(root))
    future = library.by_relpath("_posts/2099-01-01-from-the-future.md")
    assert future is not None and not future.draft


def test_a_cached_row_is_read_again_once_its_state_may_have_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    age_tree(root)
    blog = load_blog(root)
    cache = IndexCache(tmp_path / "cache" / "index.json")
    scan(root, cache=cache, blog=blog)
    rel = "content/posts/expired.md"
    row = cache._rows["content/posts/hello-hugo.md"]
    assert row[-1] is None and cache._rows[rel][-1] is None
    future = cache._rows["content/posts/from-the-future.md"]
    assert future[-1] == datetime(2099, 1, 1, tzinfo=UTC).timestamp()
    future[-1] = time.time() - 1  # as if its date had come

    from app.core.library import blogscan

    reads: list[str] = []
    real = blogscan.read_blog_file

    def counting(*args: object, **kwargs: object) -> object:
        reads.append(args[1].rel)  # type: ignore[attr-defined]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(blogscan, "read_blog_file", counting)
    scan(root, cache=cache, blog=blog)
    assert reads == ["content/posts/from-the-future.md"]


# -- the watcher's updates --------------------------------------------------------------


def test_a_file_in_a_theme_folder_is_never_added(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    library = scan(root, blog=load_blog(root))
    theme_post = root / "themes/paper/exampleSite/content/posts/new.md"
    theme_post.write_text("---\ntitle: theme\n---\n", encoding="utf-8")
    readme = root / "content/posts/README.md"
    readme.write_text("# about this folder\n", encoding="utf-8")
    updated = library.update_paths([theme_post, readme, root / "themes/paper"])
    assert updated.entries == library.entries


def test_a_new_post_and_a_new_draft_are_added_with_their_kind(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    library = scan(root, blog=load_blog(root))
    post = root / "_posts/2024-04-01-봄.md"
    post.write_text("---\ntitle: 봄\n---\n", encoding="utf-8")
    draft = root / "_drafts/new idea.md"
    draft.write_text("---\ntitle: idea\n---\n", encoding="utf-8")
    (root / "_posts/2025").mkdir()
    nested = root / "_posts/2025/2025-01-01-new-year.md"
    nested.write_text("---\ntitle: New year\n---\n", encoding="utf-8")
    updated = library.update_paths([post, draft, root / "_posts/2025"])
    new = updated.by_relpath("_posts/2024-04-01-봄.md")
    assert new is not None and (new.kind, new.draft, new.date) == ("post", False, "2024-04-01")
    idea = updated.by_relpath("_drafts/new idea.md")
    assert idea is not None and (idea.draft, idea.draft_reason) == (True, "_drafts/")
    assert updated.by_relpath("_posts/2025/2025-01-01-new-year.md") is not None
    post.unlink()
    assert updated.update_paths([post]).by_relpath("_posts/2024-04-01-봄.md") is None


def test_a_hugo_bundle_index_turns_its_neighbours_into_resources(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    library = scan(root, blog=load_blog(root))
    folder = root / "content/posts/trip"
    folder.mkdir()
    (folder / "notes.md").write_text("---\ntitle: notes\n---\n", encoding="utf-8")
    library = library.update_paths([folder / "notes.md"])
    assert library.by_relpath("content/posts/trip/notes.md") is not None
    (folder / "index.md").write_text("---\ntitle: Trip\ndate: 2024-05-01\n---\n", "utf-8")
    library = library.update_paths([folder / "index.md"])
    assert library.by_relpath("content/posts/trip/notes.md") is None
    trip = library.by_relpath("content/posts/trip/index.md")
    assert trip is not None and (trip.slug, trip.folder_post) == ("trip", True)


def test_update_of_a_plain_folder_keeps_todays_rule(blog: Path) -> None:
    library = scan(blog, blog=load_blog(blog))
    assert library.blog is None
    extra = blog / "contents/posts/new/index.md"
    extra.parent.mkdir()
    extra.write_text("---\ntitle: New\n---\n", encoding="utf-8")
    assert library.update_paths([extra]).by_relpath("contents/posts/new/index.md") is not None


def test_to_json_has_kind_and_draft(tmp_path: Path) -> None:
    root = build_blog("hexo", tmp_path / "hexo")
    entry = scan(root, blog=load_blog(root)).by_relpath("source/_drafts/초안.md")
    assert entry is not None
    data = entry.to_json()
    assert (data["kind"], data["draft"], data["draft_reason"]) == ("post", True, "_drafts/")
    assert "changes_at" not in data
    assert replace(entry, kind="page").to_json()["kind"] == "page"


def test_eleventys_file_dates(tmp_path: Path) -> None:
    root = build_blog("eleventy", tmp_path / "eleventy")
    post = root / "content/blog/first-post.md"
    post.write_text("---\ntitle: First post\ndate: Last Modified\n---\n", encoding="utf-8")
    stamp = datetime(2023, 6, 1, 12, tzinfo=UTC).timestamp()
    os.utime(post, (stamp, stamp))
    entry = scan(root, blog=load_blog(root)).by_relpath("content/blog/first-post.md")
    assert entry is not None and entry.date == "Last Modified"
    assert entry.sort_date == datetime(2023, 6, 1, 12, tzinfo=UTC)


def test_an_eleventy_post_with_no_date_is_dated_by_its_file(tmp_path: Path) -> None:
    # Eleventy's default date is the file's creation ("Created"): the sidebar shows it
    root = build_blog("eleventy", tmp_path / "eleventy")
    post = root / "content/notes/tagged.md"
    assert "date" not in post.read_text(encoding="utf-8")
    stamp = datetime(2023, 6, 1, 12, tzinfo=UTC).timestamp()
    os.utime(post, (stamp, stamp))
    entry = scan(root, blog=load_blog(root)).by_relpath("content/notes/tagged.md")
    assert entry is not None and entry.sort_date == datetime(2023, 6, 1, 12, tzinfo=UTC)
    assert entry.date == datetime.fromtimestamp(stamp).date().isoformat()
