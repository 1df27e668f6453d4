"""File > New Post in the real window, on blogs opened at their repository root: the post
goes where the generator reads posts, written as the blog writes them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.blog import classify, load_blog
from app.ui.window.main_window import MainWindow
from tests.blogs.build import build_blog
from tests.e2e.conftest import open_blog
from tests.helpers.dialogs import ScriptedDialogs


def new_post(window: MainWindow, qtbot: QtBot, dialogs: ScriptedDialogs, title: str) -> Path:
    dialogs.text_answers.append(title)
    window.actions_by_id["post.new"].trigger()
    assert dialogs.errors == []
    post = window.post
    assert post is not None and post.path is not None
    return post.path


def test_new_post_in_a_jekyll_blog_opened_from_the_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll").resolve()
    assert window.open_folder_later(root)  # as File > Open Folder does: read on a worker
    qtbot.waitUntil(lambda: window.folder_session.blog.generator == "jekyll", timeout=5000)
    path = new_post(window, qtbot, dialogs, "지킬 새 글")
    today = datetime.now().strftime("%Y-%m-%d")
    assert path == root / "_posts" / f"{today}-지킬-새-글.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 지킬 새 글\n")
    assert "published:" not in text and "draft:" not in text
    assert classify(load_blog(root), path) == "post"
    assert not (root / "지킬-새-글").exists()
    assert window.post is not None and window.post.get("title") == "지킬 새 글"


def test_new_post_while_the_folder_is_still_being_read(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll").resolve()
    assert window.open_folder_later(root)
    assert window.library is None  # its posts are not read yet; its configuration is
    path = new_post(window, qtbot, dialogs, "Early bird")
    assert path.parent == root / "_posts" and path.name.endswith("-early-bird.md")


def test_new_post_in_a_hugo_blog_follows_its_archetype(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    root = build_blog("hugo", tmp_path / "hugo").resolve()
    (root / "archetypes/posts.md").write_text(
        "+++\ndate = '{{ .Date }}'\ndraft = true\n"
        'title = \'{{ replace .File.ContentBaseName "-" " " | title }}\'\n+++\n',
        encoding="utf-8",
    )
    open_blog(window, qtbot, root)
    assert window.folder_session.blog.generator == "hugo"
    path = new_post(window, qtbot, dialogs, "휴고: 새 글")
    assert path == root / "content/posts/휴고-새-글.md"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("+++\ndate = '") and text.endswith(
        '\ndraft = true\ntitle = "휴고: 새 글"\n+++\n'
    )
    assert classify(load_blog(root), path) == "draft"  # as `hugo new` makes it
    assert window.post is not None and window.post.path == path
    assert window.post.get("title") == "휴고: 새 글"  # read back from TOML


def test_publish_draft_moves_a_jekyll_draft_into_posts(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll").resolve()
    open_blog(window, qtbot, root)
    draft = root / "_drafts/아이디어.md"
    assert window.open_post(draft)
    qtbot.waitUntil(window.is_settled, timeout=5000)
    window.actions_by_id["post.publish_draft"].trigger()
    assert dialogs.errors == []
    today = datetime.now().strftime("%Y-%m-%d")
    moved = root / "_posts" / f"{today}-아이디어.md"
    assert moved.is_file() and not draft.exists()
    assert window.post is not None and window.post.path == moved
    # a post that is not a draft in _drafts is refused, with a message
    window.actions_by_id["post.publish_draft"].trigger()
    assert [title for title, _ in dialogs.errors] == ["Cannot publish"]
    assert moved.is_file()


def test_the_form_shows_the_astro_schemas_fields(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    root = build_blog("astro", tmp_path / "astro").resolve()
    open_blog(window, qtbot, root)
    path = new_post(window, qtbot, dialogs, "아스트로 새 글")
    assert path == root / "src/content/blog/아스트로-새-글.md"
    qtbot.waitUntil(window.is_settled, timeout=5000)
    panel = window.frontmatter_panel
    # declared in src/content.config.ts though no post uses it yet
    assert panel.editor("heroImage") is not None
    assert panel.editor("pubDate") is not None
    assert panel.editor("layout") is None  # a page's key, not the collection's


def test_an_archetype_not_run_is_said_in_the_status_bar(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    root = build_blog("hugo", tmp_path / "hugo").resolve()
    (root / "archetypes/default.md").write_text(
        "---\ntitle: x\n{{ if .Site.Params.x }}draft: true{{ end }}\n---\n", encoding="utf-8"
    )
    open_blog(window, qtbot, root)
    path = new_post(window, qtbot, dialogs, "Logic")
    assert path == root / "content/posts/logic.md"
    assert "{{" not in path.read_text(encoding="utf-8")
    shown = window.statusBar().currentMessage()
    assert shown.startswith("New post: content/posts/logic.md.")
    assert "archetypes/default.md: the archetype uses template logic" in shown


@pytest.mark.parametrize(
    ("name", "folder"),
    [
        ("hexo", "source/_posts"),
        ("docusaurus", "news"),
        ("eleventy", "content/blog"),
        ("gatsby", "content/blog"),
    ],
)
def test_new_post_in_every_generator_from_its_root(
    window: MainWindow,
    qtbot: QtBot,
    tmp_path: Path,
    dialogs: ScriptedDialogs,
    name: str,
    folder: str,
) -> None:
    root = build_blog(name, tmp_path / name).resolve()
    open_blog(window, qtbot, root)
    path = new_post(window, qtbot, dialogs, "새 글 하나")
    assert path.is_relative_to(root / folder)
    assert "title: 새 글 하나\n" in path.read_text(encoding="utf-8")
    assert classify(load_blog(root), path) in ("post", "draft")


def test_new_draft_then_publish_in_a_jekyll_blog(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: ScriptedDialogs
) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll").resolve()
    open_blog(window, qtbot, root)
    dialogs.text_answers.append("초안 메모")
    window.actions_by_id["post.new_draft"].trigger()
    assert window.post is not None and window.post.path == root / "_drafts/초안-메모.md"
    assert classify(load_blog(root), window.post.path) == "draft"
    qtbot.waitUntil(window.is_settled, timeout=5000)
    window.actions_by_id["post.publish_draft"].trigger()
    today = datetime.now().strftime("%Y-%m-%d")
    assert window.post.path == root / "_posts" / f"{today}-초안-메모.md"
    assert window.statusBar().currentMessage() == f"Published: _posts/{today}-초안-메모.md"
