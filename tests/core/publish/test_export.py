"""Export: bundle and zip hold exactly the post and what it references; the HTML file
stands alone (images embedded, no reference to any other local file)."""

from __future__ import annotations

import base64
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.core.publish.export import (
    ExportError,
    export_folder,
    export_post,
    normalize_post_bytes,
)
from tests.conftest import DEMO

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 24
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 24

POST = """---
title: Export me
date: '2024-01-02 10:00:00'
thumbnail: ./thumb.png
---

![cover](./cover.png)

![spaced](./my%20photo.jpg) and ![nested](<./img/deep 1.png>)

<img src="./raw.png" alt="raw"> <video src="./clip.mp4" poster="./poster.jpg"></video>

[slides](./slides.pdf), [a sibling post](../other/), [home](/), [top](#export-me)

![remote](https://example.com/r.png) ![gone](./gone.png) ![shared](../shared/s.png)

```md
![in code](./code.png)
```
"""

FILES = {
    "thumb.png": PNG, "cover.png": PNG, "my photo.jpg": JPEG, "img/deep 1.png": PNG,
    "raw.png": PNG, "clip.mp4": b"\0\0\0\x18ftypmp42", "poster.jpg": JPEG,
    "slides.pdf": b"%PDF-1.4",
    "unused.png": PNG, "img/unused.png": PNG, "code.png": PNG, "notes.txt": b"drafts",
}  # fmt: skip
EXPECTED = [
    "index.md", "clip.mp4", "cover.png", "img/deep 1.png", "my photo.jpg", "poster.jpg",
    "raw.png", "slides.pdf", "thumb.png",
]  # fmt: skip


@pytest.fixture
def post(tmp_path: Path) -> Path:
    folder = tmp_path / "blog" / "my-post"
    for name, data in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "index.md").write_text(POST, encoding="utf-8")
    (tmp_path / "blog" / "other").mkdir()
    (tmp_path / "blog" / "shared").mkdir()
    (tmp_path / "blog" / "shared" / "s.png").write_bytes(PNG)
    return folder / "index.md"


def tree(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_bundle_holds_exactly_the_referenced_files(post: Path, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    result = export_post(
        post, "bundle", tmp_path / "out", progress=lambda d, t: calls.append((d, t))
    )
    assert result.output == tmp_path / "out" / "my-post"
    assert result.files == EXPECTED
    assert tree(result.output) == sorted(EXPECTED)
    assert (result.output / "index.md").read_bytes() == post.read_bytes()
    for name in EXPECTED[1:]:
        assert (result.output / name).read_bytes() == (post.parent / name).read_bytes()
    assert result.missing == ["./gone.png"]
    assert result.outside == ["../shared/s.png"]
    assert calls == [(n, len(EXPECTED)) for n in range(1, len(EXPECTED) + 1)]
    assert list((tmp_path / "out").iterdir()) == [result.output]  # no temp folder left


def test_zip_has_the_same_files_in_a_fixed_order(post: Path, tmp_path: Path) -> None:
    result = export_post(post, "zip", tmp_path / "a")
    assert result.output == tmp_path / "a" / "my-post.zip"
    with zipfile.ZipFile(result.output) as archive:
        assert archive.namelist() == [f"my-post/{n}" for n in EXPECTED]
        assert archive.read("my-post/index.md") == post.read_bytes()
        assert archive.read("my-post/img/deep 1.png") == PNG
    again = export_post(post, "zip", tmp_path / "b" / "named.zip")
    assert again.output == tmp_path / "b" / "named.zip"
    assert again.output.read_bytes() == result.output.read_bytes()  # deterministic


def test_existing_output_is_kept_unless_overwrite(post: Path, tmp_path: Path) -> None:
    for fmt in ("bundle", "zip", "html"):
        first = export_post(post, fmt, tmp_path / fmt)
        before = sorted(p.name for p in (tmp_path / fmt).iterdir())
        with pytest.raises(ExportError, match="already exists"):
            export_post(post, fmt, tmp_path / fmt)
        assert sorted(p.name for p in (tmp_path / fmt).iterdir()) == before
        (post.parent / "extra.png").write_bytes(PNG)
        post.write_text(POST + "\n![new](./extra.png)\n", encoding="utf-8")
        again = export_post(post, fmt, tmp_path / fmt, overwrite=True)
        assert again.output == first.output
        assert sorted(p.name for p in (tmp_path / fmt).iterdir()) == before
        post.write_text(POST, encoding="utf-8")
    assert "extra.png" in tree(tmp_path / "bundle" / "my-post")


class _Urls(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "poster", "srcset", "data", "action") and value is not None:
                self.urls.append((tag, name, value))


def test_html_is_self_contained(post: Path, tmp_path: Path) -> None:
    result = export_post(post, "html", tmp_path / "out")
    assert result.output == tmp_path / "out" / "my-post.html"
    page = result.output.read_text(encoding="utf-8")
    parser = _Urls()
    parser.feed(page)
    allowed = ("data:", "https://", "#")
    assert parser.urls and all(url.startswith(allowed) for _, _, url in parser.urls), parser.urls
    images = [url for tag, name, url in parser.urls if tag == "img"]
    assert images[0].startswith("data:image/png;base64,")
    assert base64.b64decode(images[0].split(",", 1)[1]) == PNG
    assert images[1].startswith("data:image/jpeg;base64,")  # my photo.jpg
    # a remote image would load when the page is opened: it becomes a link to the image
    assert all(url.startswith("data:") for url in images)
    assert ("a", "href", "https://example.com/r.png") in parser.urls
    videos = [(name, url) for tag, name, url in parser.urls if tag == "video"]
    assert [n for n, _ in videos] == ["src", "poster"]
    assert videos[1][1].startswith("data:image/jpeg;base64,")
    assert "Export me" in page and "<style>" in page and "slides" in page
    assert result.missing == ["./gone.png"]
    assert "./cover.png" in result.files
    assert result.outside == ["../shared/s.png"]  # only the post's own folder is embedded
    assert len([u for u in images if u.startswith("data:")]) == len(result.files) - 2  # video


def test_files_reached_through_symlinks_stay_out(post: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"private")
    (post.parent / "link.png").symlink_to(secret)
    post.write_text(POST + "\n![l](./link.png) ![s](/../../secret.png)\n", encoding="utf-8")
    bundle = export_post(post, "bundle", tmp_path / "b")
    assert "link.png" not in bundle.files and "./link.png" in bundle.outside
    page = export_post(post, "html", tmp_path / "h")
    assert "./link.png" in page.outside
    assert base64.b64encode(b"private").decode() not in page.output.read_text(encoding="utf-8")


def test_html_of_every_demo_post_is_self_contained(tmp_path: Path) -> None:
    shutil.copytree(DEMO, tmp_path / "demo")
    for post in sorted((tmp_path / "demo").glob("*/index.md")):
        result = export_post(post, "html", tmp_path / "out")
        parser = _Urls()
        parser.feed(result.output.read_text(encoding="utf-8"))
        assert all(u.startswith(("data:", "https://", "#")) for _, _, u in parser.urls)
        assert result.missing == []
        local = [u for t, _, u in parser.urls if t == "img" and u.startswith("data:")]
        assert len(local) == len(result.files)


def test_normalize_touches_only_trailing_whitespace_and_the_final_newline() -> None:
    data = b"---\r\ntitle: x \r\n---\r\nline one  \r\nstill one\r\nend\t \r\n\r\nlast"
    assert normalize_post_bytes(data) == (
        b"---\r\ntitle: x\r\n---\r\nline one  \r\nstill one\r\nend\r\n\r\nlast\r\n"
    )
    bom = b"\xef\xbb\xbf" + "제목 \n".encode()
    assert normalize_post_bytes(bom) == b"\xef\xbb\xbf" + "제목\n".encode()
    assert normalize_post_bytes(b"") == b""


def test_bundle_normalize_is_opt_in(tmp_path: Path) -> None:
    folder = tmp_path / "blog" / "p"
    folder.mkdir(parents=True)
    (folder / "index.md").write_bytes(b"---\ntitle: T \n---\nText   ")
    plain = export_post(folder, "bundle", tmp_path / "a")
    assert (plain.output / "index.md").read_bytes() == b"---\ntitle: T \n---\nText   "
    tidy = export_post(folder, "bundle", tmp_path / "b", normalize=True)
    assert (tidy.output / "index.md").read_bytes() == b"---\ntitle: T\n---\nText\n"


def test_loose_post_becomes_a_bundle_folder(tmp_path: Path) -> None:
    (tmp_path / "blog").mkdir()
    (tmp_path / "blog" / "a.png").write_bytes(PNG)
    (tmp_path / "blog" / "loose.md").write_text("---\ntitle: L\n---\n![a](a.png)\n")
    result = export_post(tmp_path / "blog" / "loose.md", "bundle", tmp_path / "out")
    assert result.output.name == "loose" and tree(result.output) == ["a.png", "index.md"]


def test_folder_export_skips_posts_with_errors(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    shutil.copytree(DEMO, blog)
    broken = blog / "hello-blog" / "index.md"
    broken.write_text(broken.read_text(encoding="utf-8") + "\n![x](./nope.png)\n", encoding="utf-8")
    seen: list[int] = []
    result = export_folder(blog, "bundle", tmp_path / "out", progress=lambda d, t: seen.append(d))
    exported = sorted(r.output.name for r in result.exported)
    assert "hello-blog" not in exported and len(exported) == 7
    ((path, errors),) = result.skipped.items()
    assert path.parent.name == "hello-blog" and errors[0].rule == "missing-file"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == exported
    assert seen == list(range(1, 9))
    with pytest.raises(ExportError, match="outside"):
        export_folder(blog, "zip", blog / "exports")


def test_missing_post_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(ExportError, match=r"no index\.md"):
        export_post(tmp_path / "empty", "bundle", tmp_path / "out")
