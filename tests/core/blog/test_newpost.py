"""New posts where each generator reads them, written as the blog writes its posts."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from app.core.blog import classify, load_blog
from app.core.blog.newpost import can_publish, create_new_post, plan_new_post, publish_draft
from app.core.errors import PostError
from app.core.post.schema import DEFAULT_PROFILE, BlogProfile, profile_for_folder
from app.core.post.yamlcore import load_core
from tests.blogs.build import build_blog, write_files

KST = timezone(timedelta(hours=9))
WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=KST)
TITLE = "제주 여행: 둘째 날"


def front(text: str) -> dict[str, object]:
    """The front matter of a new post's text, whichever format it is in."""
    if text.startswith("+++\n"):
        return tomllib.loads(text.split("+++\n")[1])
    if text.startswith("{"):
        return dict(json.loads(text[: text.index("\n}\n") + 2]))
    assert text.startswith("---\n")
    loaded = load_core(text.split("---\n")[1])
    assert isinstance(loaded, dict)
    return loaded


def profile(root: Path) -> BlogProfile:
    blog = load_blog(root)
    return profile_for_folder(blog.posts_folder)


def new(
    root: Path, title: str = TITLE, *, when: datetime = WHEN, draft: bool = False
) -> tuple[Path, dict[str, object]]:
    blog = load_blog(root)
    path = create_new_post(blog, title, profile(root), when, draft=draft)
    return path, front(path.read_text(encoding="utf-8"))


# -- per generator, on the sample blogs ---------------------------------------------------

# where each sample's new post goes, and what `classify` then calls it: a new post is a
# draft where the blog marks drafts with a key (as before), a post where it uses folders
WHERE = {
    "jekyll": ("_posts/2024-05-06-제주-여행-둘째-날.md", "post"),
    "hugo": ("content/posts/제주-여행-둘째-날.md", "post"),
    "hexo": ("source/_posts/제주-여행-둘째-날.md", "post"),
    "astro": ("src/content/blog/제주-여행-둘째-날.md", "draft"),
    "docusaurus": ("news/2024-05-06-제주-여행-둘째-날.md", "draft"),
    "eleventy": ("content/blog/제주-여행-둘째-날.md", "draft"),
    "gatsby": ("content/blog/제주-여행-둘째-날/index.md", "draft"),
}


@pytest.mark.parametrize("name", sorted(WHERE))
def test_a_new_post_goes_where_the_generator_reads_posts(tmp_path: Path, name: str) -> None:
    root = build_blog(name, tmp_path / name)
    path, fm = new(root)
    rel, kind = WHERE[name]
    assert path == root / rel
    assert fm["title"] == TITLE
    blog = load_blog(root)
    assert classify(blog, path) == kind
    if kind == "draft":  # once the author clears the flag, the generator publishes it
        text = path.read_text(encoding="utf-8").replace("draft: true\n", "")
        path.write_text(text, encoding="utf-8")
        assert classify(blog, path) == "post"


def test_jekyll_new_post_is_dated_by_its_name_and_needs_no_flag(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "j")
    path, fm = new(root)
    assert path.name == "2024-05-06-제주-여행-둘째-날.md"
    assert "published" not in fm and "draft" not in fm


def test_jekyll_draft_then_publish_moves_it_with_its_date(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "j")
    blog = load_blog(root)
    draft, _ = new(root, "초안 하나", draft=True)
    assert draft == root / "_drafts/초안-하나.md"
    assert classify(blog, draft) == "draft" and can_publish(blog, draft)
    text = draft.read_bytes()
    posted = publish_draft(blog, draft, WHEN)
    assert posted == root / "_posts/2024-05-06-초안-하나.md"
    assert posted.read_bytes() == text and not draft.exists()
    assert classify(blog, posted) == "post"
    assert not can_publish(blog, posted)
    with pytest.raises(PostError):
        publish_draft(blog, posted)


def test_jekyll_publish_takes_the_drafts_own_date(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "j")
    write_files(root, {"_drafts/dated.md": "---\ntitle: x\ndate: 2023-02-03 10:00:00\n---\n"})
    blog = load_blog(root)
    assert publish_draft(blog, root / "_drafts/dated.md", WHEN).name == "2023-02-03-dated.md"
    write_files(root, {"_drafts/body.md": "---\ntitle: x\n---\ndate: 2020-01-01\n"})
    assert publish_draft(blog, root / "_drafts/body.md", WHEN).name == "2024-05-06-body.md"


def test_hexo_uses_its_scaffold_and_new_post_name(tmp_path: Path) -> None:
    root = build_blog("hexo", tmp_path / "h")
    config = root / "_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "new_post_name: :title.md", "new_post_name: :year/:month/:title.md"
        ),
        encoding="utf-8",
    )
    (root / "scaffolds/post.md").write_text(
        "---\ntitle: {{ title }}\ndate: {{ date }}\ntags:\n---\n\n여기에 쓰세요\n", encoding="utf-8"
    )
    path, fm = new(root)
    assert path == root / "source/_posts/2024/05/제주-여행-둘째-날.md"
    assert fm == {"title": TITLE, "date": "2024-05-06 07:08:09", "tags": None}
    assert path.read_text(encoding="utf-8").endswith("\n여기에 쓰세요\n")
    assert classify(load_blog(root), path) == "post"


def test_hexo_post_asset_folder_is_made_beside_the_post(tmp_path: Path) -> None:
    root = build_blog("hexo", tmp_path / "h")
    with (root / "_config.yml").open("a", encoding="utf-8") as f:
        f.write("post_asset_folder: true\n")
    path, _ = new(root, "사진 많은 글")
    assert path == root / "source/_posts/사진-많은-글.md"
    assert (root / "source/_posts/사진-많은-글").is_dir()
    assert classify(load_blog(root), path) == "post"


def test_hexo_draft_and_publish(tmp_path: Path) -> None:
    root = build_blog("hexo", tmp_path / "h")
    blog = load_blog(root)
    draft, _ = new(root, "Hexo draft", draft=True)
    assert draft == root / "source/_drafts/Hexo-draft.md"
    assert classify(blog, draft) == "draft"
    assert publish_draft(blog, draft) == root / "source/_posts/Hexo-draft.md"


DEFAULT_ARCHETYPE = """+++
date = '{{ .Date }}'
draft = true
title = '{{ replace .File.ContentBaseName "-" " " | title }}'
+++
"""


def test_hugo_fills_the_default_archetype(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    (root / "archetypes/default.md").write_text(DEFAULT_ARCHETYPE, encoding="utf-8")
    path, fm = new(root, 'It\'s a "new" post')
    text = path.read_text(encoding="utf-8")
    assert text == (
        "+++\ndate = '2024-05-06T07:08:09+09:00'\ndraft = true\n"
        'title = "It\'s a \\"new\\" post"\n+++\n'
    )
    assert fm == {"date": "2024-05-06T07:08:09+09:00", "draft": True, "title": 'It\'s a "new" post'}
    assert classify(load_blog(root), path) == "draft"


def test_hugo_section_archetype_and_bundles(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    write_files(
        root,
        {
            "archetypes/posts.md": "---\ntitle: x\nslug: '{{ .Name | upper }}'\n"
            "section: {{ .Section }}\n---\n{{/* a comment */}}Body\n",
            **{f"content/posts/b{i}/index.md": f"---\ntitle: b{i}\n---\n" for i in range(9)},
        },
    )
    path, fm = new(root, "Bundle me")
    assert path == root / "content/posts/bundle-me/index.md"
    assert fm == {"title": "Bundle me", "slug": "BUNDLE-ME", "section": "posts"}
    assert path.read_text(encoding="utf-8").endswith("---\nBody\n")


def test_hugo_bundle_archetype_brings_its_files(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    write_files(
        root,
        {
            "archetypes/posts/index.md": "---\ntitle: x\ndate: {{ .Date }}\n---\n",
            "archetypes/posts/images/cover.txt": "a cover\n",
        },
    )
    path, fm = new(root, "번들 글")
    assert path == root / "content/posts/번들-글/index.md"
    assert fm == {"title": "번들 글", "date": "2024-05-06T07:08:09+09:00"}
    assert (path.parent / "images/cover.txt").read_text(encoding="utf-8") == "a cover\n"
    assert classify(load_blog(root), path) == "post"


def test_hugo_theme_archetype_when_the_site_has_none(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    (root / "archetypes/default.md").unlink()
    (root / "themes/paper/archetypes/default.md").write_text(
        "---\ntitle: x\ndate: {{ .Date }}\nlayout: paper\n---\n", encoding="utf-8"
    )
    _, fm = new(root)
    assert fm == {"title": TITLE, "date": "2024-05-06T07:08:09+09:00", "layout": "paper"}


def test_hugo_site_without_sections_gets_posts(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "h",
        {"hugo.toml": 'title = "t"\n', "content/.keep": "", "archetypes/default.md": "---\n---\n"},
    )
    path, fm = new(root, "첫 글")
    assert path == root / "content/posts/첫-글.md"
    assert fm == {"title": "첫 글"}  # the archetype has none: the author's goes first
    assert classify(load_blog(root), path) == "post"


def test_hugo_archetype_with_logic_is_not_run(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    (root / "archetypes/default.md").write_text(
        "---\ntitle: x\n{{ if .Site.Params.x }}draft: true{{ end }}\n---\n", encoding="utf-8"
    )
    blog = load_blog(root)
    plan = plan_new_post(blog, "Logic", profile(root), WHEN)
    assert "template logic" in plan.notes[0]
    assert "{{" not in plan.text and front(plan.text)["title"] == "Logic"


def toml_blog(root: Path) -> Path:
    files = {
        "hugo.toml": 'title = "t"\n',
        "content/posts/.keep": "",
        **{
            f"content/posts/p{i}.md": f'+++\ntitle = "Post {i}"\ndate = 2024-01-0{i}T10:00:00+09:00'
            f'\ntags = ["a"]\n+++\n\nText\n'
            for i in range(1, 4)
        },
    }
    return write_files(root, files)


def test_a_toml_blog_gets_toml(tmp_path: Path) -> None:
    root = toml_blog(tmp_path / "t")
    blog = load_blog(root)
    path = create_new_post(blog, "새 글", DEFAULT_PROFILE, WHEN)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("+++\n") and text.endswith("+++\n\n")
    fm = front(text)
    assert fm["title"] == "새 글"
    assert fm["date"] == WHEN  # a TOML date-time with its offset, not text
    assert "\ndate = 2024-05-06T07:08:09+09:00\n" in text
    assert classify(blog, path) == "draft"  # DEFAULT_PROFILE starts it as a draft


def test_a_json_blog_gets_json(tmp_path: Path) -> None:
    root = write_files(
        tmp_path / "j",
        {
            "hugo.toml": 'title = "t"\n',
            **{
                f"content/posts/p{i}.md": f'{{\n  "title": "P{i}",\n  "date": "2024-01-0{i}"\n}}\n'
                for i in range(1, 4)
            },
        },
    )
    path = create_new_post(load_blog(root), "JSON 글", DEFAULT_PROFILE, WHEN)
    fm = front(path.read_text(encoding="utf-8"))
    assert fm["title"] == "JSON 글" and fm["draft"] is True


def test_docusaurus_folders_when_the_blog_uses_them(tmp_path: Path) -> None:
    root = build_blog("docusaurus", tmp_path / "d")
    write_files(
        root, {f"news/2024-01-0{i}-f{i}/index.md": "---\ntitle: f\n---\n" for i in range(5)}
    )
    path, _ = new(root, "Folder post")
    assert path == root / "news/2024-05-06-folder-post/index.md"
    path.write_text("---\ntitle: Folder post\n---\n", encoding="utf-8")
    assert classify(load_blog(root), path) == "post"


def test_eleventy_dated_names_when_the_posts_have_them(tmp_path: Path) -> None:
    root = build_blog("eleventy", tmp_path / "e")
    write_files(
        root, {f"content/blog/2024-01-0{i}-p{i}.md": "---\ntitle: p\n---\n" for i in range(1, 6)}
    )
    path, _ = new(root, "Dated")
    assert path == root / "content/blog/2024-05-06-dated.md"


def test_eleventy_leaves_out_what_directory_data_gives(tmp_path: Path) -> None:
    root = build_blog("eleventy", tmp_path / "e")
    write_files(
        root,
        {
            f"content/blog/t{i}.md": "---\ntitle: t\nlayout: post.njk\ntags: posts\n---\n"
            for i in range(5)
        },
    )
    path, fm = new(root)
    assert "tags" not in fm and "layout" not in fm  # blog.11tydata.js gives both
    text = path.read_text(encoding="utf-8").replace("draft: true\n", "")
    path.write_text(text, encoding="utf-8")
    assert classify(load_blog(root), path) == "post"


def test_astro_new_post_has_the_schemas_required_fields(tmp_path: Path) -> None:
    root = build_blog("astro", tmp_path / "a")
    config = root / "src/content.config.ts"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "draft: z.boolean().optional(),",
            "draft: z.boolean().optional(),\n      description: z.string(),",
        ),
        encoding="utf-8",
    )
    _, fm = new(root)
    assert fm["pubDate"] == "2024-05-06" and fm["description"] == ""
    assert "heroImage" not in fm
    plan = plan_new_post(load_blog(root), "Again", profile(root), WHEN)
    assert plan.notes == ("The site's schema requires description: fill in before building.",)


def test_names_are_never_reused_and_nothing_is_overwritten(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "j")
    first, _ = new(root)
    before = first.read_bytes()
    second, _ = new(root)
    assert second.name == "2024-05-06-제주-여행-둘째-날-2.md"
    assert first.read_bytes() == before


def test_a_draft_where_the_blog_marks_drafts_with_a_key(tmp_path: Path) -> None:
    root = build_blog("gatsby", tmp_path / "g")
    blog = load_blog(root)
    plain = BlogProfile(tuple(f for f in DEFAULT_PROFILE.fields if f.key != "draft"), 0)
    post = create_new_post(blog, "Not yet", plain, WHEN)
    assert "draft" not in front(post.read_text(encoding="utf-8"))
    assert classify(blog, post) == "post"
    draft = create_new_post(blog, "Not yet", plain, WHEN, draft=True)
    assert front(draft.read_text(encoding="utf-8"))["draft"] is True
    assert classify(blog, draft) == "draft"


def test_an_unknown_folder_gets_a_folder_post_as_always(tmp_path: Path) -> None:
    root = write_files(tmp_path / "plain", {"a/index.md": "---\ntitle: a\n---\n"})
    path, _ = new(root, "Hello")
    assert path == root / "hello/index.md"


def test_an_empty_title_is_refused(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "j")
    with pytest.raises(PostError):
        new(root, "   ")
    assert sorted(p.name for p in (root / "_posts").iterdir()) == sorted(
        p.name for p in (build_blog("jekyll", tmp_path / "k") / "_posts").iterdir()
    )


# -- the generators themselves ------------------------------------------------------------


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_hugo_lists_the_new_post(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    (root / "themes/paper/layouts").mkdir(parents=True)
    new(root, "휴고 새 글", when=datetime.now().astimezone() - timedelta(minutes=1))
    (root / "archetypes/posts.md").write_text(DEFAULT_ARCHETYPE, encoding="utf-8")
    draft, _ = new(root, "Hugo draft")

    def hugo_list(what: str) -> str:
        run = subprocess.run(["hugo", "list", what], cwd=root, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return run.stdout

    assert "content/posts/휴고-새-글.md," in hugo_list("all")
    assert "휴고-새-글" not in hugo_list("drafts")
    assert draft.relative_to(root).as_posix() in hugo_list("drafts")


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
@pytest.mark.slow
def test_jekyll_builds_the_new_post(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    (root / "Gemfile").unlink()  # build with the installed gems, offline
    today = datetime.now().astimezone() - timedelta(days=1)
    new(root, "Jekyll new post", when=today)
    drafted, _ = new(root, "Jekyll draft", when=today, draft=True)
    dest = tmp_path / "site"
    subprocess.run(
        ["jekyll", "build", "-q", "-d", str(dest)], cwd=root, check=True, capture_output=True
    )
    assert (dest / f"{today:%Y/%m/%d}/jekyll-new-post.html").is_file()
    assert not list(dest.rglob("jekyll-draft.html"))
    publish_draft(load_blog(root), drafted, today)
    subprocess.run(
        ["jekyll", "build", "-q", "-d", str(dest)], cwd=root, check=True, capture_output=True
    )
    assert (dest / f"{today:%Y/%m/%d}/jekyll-draft.html").is_file()


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            '{\n  "title": "{{ .Name }}",\n  "date": "{{ .Date }}"\n}\n',
            '{\n  "title": "A \\"b\\"",\n  "date": "2024-05-06T07:08:09+09:00"\n}\n',
        ),
        ("{\n}\n", '{\n  "title": "A \\"b\\""\n}\n'),
        ("+++\ndraft = true\n+++\n", '+++\ntitle = "A \\"b\\""\ndraft = true\n+++\n'),
        (
            "---\ntitle: {{ .Name | humanize }}\n---\n{{< figure >}}\n",
            '---\ntitle: "A \\"b\\""\n---\n{{< figure >}}\n',
        ),
    ],
)
def test_hugo_archetype_forms(template: str, expected: str) -> None:
    from app.core.blog.templates import TemplateValues, fill_hugo_archetype

    values = TemplateValues('A "b"', "a-b", "posts", WHEN)
    assert fill_hugo_archetype(template, values) == expected


@pytest.mark.parametrize(
    "template",
    ["---\ntitle: {{ .Site.Title }}\n---\n", "---\nx: {{ $x := 1 }}\n---\n", "{{ range .Pages }}"],
)
def test_hugo_archetype_forms_not_evaluated(template: str) -> None:
    from app.core.blog.templates import TemplateError, TemplateValues, fill_hugo_archetype

    with pytest.raises(TemplateError):
        fill_hugo_archetype(template, TemplateValues("A", "a", "posts", WHEN))
