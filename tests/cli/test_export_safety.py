"""Exports that lose nothing and leak nothing: never into the blog, replaced outputs to the
trash, no folder left by a failed export, only the blog's own regular files, and a
standalone page that loads nothing when it is opened."""

from __future__ import annotations

import base64
import contextlib
import errno
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from app.core.post.post import Post
from app.core.publish.export import ExportError, export_post
from app.core.publish.lint import check_post

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 24
SECRET = b"\x89PNG\r\n\x1a\n" + b"secret-bytes-outside-the-blog"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symlinks and named pipes: POSIX")


def trashed(name: str) -> list[Path]:
    """What went to the trash under `name` (send2trash reads XDG_DATA_HOME once, when it is
    first imported: this session's trash may be an earlier test's)."""
    from send2trash import plat_other

    files = Path(plat_other.HOMETRASH) / "files"
    return [p for p in files.iterdir() if p.name == name or p.name.startswith(name + " ")]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def blog(tmp_path: Path) -> Path:
    """A blog kept in git (`site/.git`) with its posts in `site/content/`."""
    site = tmp_path / "site"
    post = site / "content" / "hello"
    post.mkdir(parents=True)
    (site / ".git").mkdir()
    (post / "index.md").write_text(
        "---\ntitle: Hello\ndate: 2024-01-02\n---\n\n![cover](./cover.png)\n", encoding="utf-8"
    )
    (post / "cover.png").write_bytes(PNG)
    (post / "draft-notes.txt").write_text("not referenced, still the author's", "utf-8")
    return site


# -- 7: never into the blog; what --overwrite replaces goes to the trash -------------------


@pytest.mark.parametrize("where", ["content", "post", "inside-post", "site", "site-sub"])
def test_export_into_the_blog_is_refused_and_touches_nothing(
    blog: Path, where: str, capsys: pytest.CaptureFixture[str]
) -> None:
    post = blog / "content" / "hello"
    dest = {
        "content": blog / "content",  # the bundle would be the post's own folder
        "post": post,
        "inside-post": post / "export",
        "site": blog,
        "site-sub": blog / "exports",
    }[where]
    before = tree(blog)
    code, out, err = run(capsys, "export", str(post), "--format", "bundle", "-o", str(dest),
                         "--overwrite")  # fmt: skip
    assert code == 1 and out == ""
    assert err.startswith("postdesk export: ") and "Traceback" not in err
    assert "inside" in err and "choose a folder outside" in err
    assert tree(blog) == before
    assert not (post / "export").exists() and not (blog / "exports").exists()


def test_export_that_would_replace_a_folder_holding_the_blog_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = tmp_path / "hello"  # a site named like its post: `-o <its parent>` is the site
    (site / ".git").mkdir(parents=True)
    (site / "content" / "hello").mkdir(parents=True)
    (site / "content" / "hello" / "index.md").write_text("---\ntitle: H\n---\n", "utf-8")
    before = tree(site)
    code, _, err = run(capsys, "export", str(site / "content" / "hello"), "--format", "bundle",
                       "-o", str(tmp_path), "--overwrite")  # fmt: skip
    assert code == 1 and "replacing it would delete the post" in err
    assert tree(site) == before


def test_overwrite_sends_the_old_export_to_the_trash(
    blog: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    post = blog / "content" / "hello"
    assert run(capsys, "export", str(post), "--format", "bundle", "-o", str(out))[0] == 0
    mark = f"made in the export at {tmp_path}"
    (out / "hello" / "added-later.txt").write_text(mark, encoding="utf-8")
    code, _, err = run(capsys, "export", str(post), "--format", "bundle", "-o", str(out),
                       "--overwrite")  # fmt: skip
    assert code == 0, err
    assert sorted(tree(out / "hello")) == ["cover.png", "index.md"]
    kept = [p / "added-later.txt" for p in trashed("hello") if (p / "added-later.txt").exists()]
    assert mark in [p.read_text(encoding="utf-8") for p in kept]

    assert run(capsys, "export", str(post), "--format", "zip", "-o", str(out))[0] == 0
    (out / "hello.zip").write_bytes(mark.encode())
    code, _, err = run(capsys, "export", str(post), "--format", "zip", "-o", str(out),
                       "--overwrite")  # fmt: skip
    assert code == 0, err
    assert mark.encode() in [p.read_bytes() for p in trashed("hello.zip")]


# -- 20: clear errors, nothing left behind --------------------------------------------------


@pytest.mark.parametrize("fmt", ["pdf", "bundle", "html"])
def test_export_onto_an_existing_file_is_a_clear_error(
    blog: Path, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("mine", encoding="utf-8")
    code, out, err = run(capsys, "export", str(blog / "content" / "hello"), "--format", fmt,
                         "-o", str(notes))  # fmt: skip
    assert code == 1 and out == ""
    assert err.startswith("postdesk export: ") and "is a file, not a folder" in err
    assert notes.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("fmt", ["zip", "html", "bundle"])
def test_a_failed_export_leaves_no_folder_behind(
    blog: Path,
    tmp_path: Path,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def disk_full(*args: Any, **kwargs: Any) -> Any:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)  # zip and html
    monkeypatch.setattr(shutil, "copyfile", disk_full)  # the bundle's files
    dest = tmp_path / "new" / "deeper" / "out"
    code, _, err = run(capsys, "export", str(blog / "content" / "hello"), "--format", fmt,
                       "-o", str(dest))  # fmt: skip
    assert code == 1 and "No space left on device" in err
    assert not (tmp_path / "new").exists()


# -- 15: a post or file that links out of the blog ------------------------------------------


@pytest.fixture
def stolen(blog: Path, tmp_path: Path) -> Path:
    secret = tmp_path / "private" / "passwd.md"
    secret.parent.mkdir()
    secret.write_text("---\ntitle: Not the blog's\n---\nroot:x:0:0:root\n", encoding="utf-8")
    folder = blog / "content" / "stolen"
    folder.mkdir()
    (folder / "index.md").symlink_to(secret)
    return folder


def test_index_lists_a_post_linked_from_outside_with_a_warning(
    blog: Path, stolen: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "index", str(blog / "content"))
    line = next(line for line in out.splitlines() if "(stolen)" in line)
    assert code == 0 and "ERROR" in line and "Not the blog's" not in out
    code, out, _ = run(capsys, "index", str(blog / "content"), "--json")
    import json

    (entry,) = [e for e in json.loads(out) if e["slug"] == "stolen"]
    assert "outside the blog" in entry["error"]


def test_check_reports_a_post_linked_from_outside(
    blog: Path, stolen: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "check", str(blog / "content"))
    assert code == 1
    assert f"{blog / 'content' / 'stolen' / 'index.md'}:1: error: a link to a file outside" in out
    code, out, _ = run(capsys, "check", str(stolen))
    assert code == 1 and "outside the blog" in out and "root:x" not in out


def test_a_post_linked_from_outside_is_never_exported(
    blog: Path, stolen: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for fmt in ("bundle", "zip", "html", "pdf"):
        code, _, err = run(capsys, "export", str(stolen), "--format", fmt,
                           "-o", str(tmp_path / "out"))  # fmt: skip
        assert code == 1 and "outside the blog" in err, fmt
    assert not (tmp_path / "out").exists()
    code, _, err = run(capsys, "export", str(blog / "content"), "--format", "bundle",
                       "-o", str(tmp_path / "all"))  # fmt: skip
    assert code == 1 and "skipped" in err and "stolen" in err
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == ["hello"]
    assert "root:x" not in "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in (tmp_path / "all").rglob("*")
        if p.is_file()
    )


def test_static_files_come_only_from_the_blog(blog: Path, tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()  # above the blog: not its files
    (tmp_path / "static" / "leak.png").write_bytes(SECRET)
    (blog / "static").mkdir()
    (blog / "static" / "logo.png").write_bytes(PNG)
    (blog / "static" / "linked.png").symlink_to(tmp_path / "static" / "leak.png")
    post = blog / "content" / "hello" / "index.md"
    post.write_text(
        "---\ntitle: Hello\n---\n\n![a](/leak.png) ![b](/logo.png) ![c](/linked.png)\n",
        encoding="utf-8",
    )
    result = export_post(post, "html", tmp_path / "out")
    page = result.output.read_text(encoding="utf-8")
    assert base64.b64encode(PNG).decode() in page
    assert base64.b64encode(SECRET).decode() not in page
    assert result.files == ["/logo.png"]


# -- 16: named pipes are never opened --------------------------------------------------------


def finishes(work: Callable[[], Any], fifos: list[Path], seconds: float = 20) -> Any:
    """`work()`'s result, or a failure if it is still waiting after `seconds` (then each pipe
    gets a writer, so the stuck thread ends and the test run goes on)."""
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(_outcome(work)), daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        for fifo in fifos:
            with contextlib.suppress(OSError):
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still waiting after {seconds} s: a named pipe was opened")
    result = box[0]
    if isinstance(result, BaseException):
        raise result
    return result


def _outcome(work: Callable[[], Any]) -> Any:
    try:
        return work()
    except BaseException as exc:
        return exc


@pytest.fixture
def piped(blog: Path) -> Iterator[tuple[Path, list[Path]]]:
    post = blog / "content" / "hello"
    fifos = [post / "pipe.png", post / "clip.mp4"]
    for fifo in fifos:
        os.mkfifo(fifo)
    (post / "index.md").write_text(
        "---\ntitle: Pipes\ndate: 2024-01-02\n---\n\n![pipe](./pipe.png)\n\n"
        '<video src="./clip.mp4" poster="./cover.png"></video>\n',
        encoding="utf-8",
    )
    yield post / "index.md", fifos


def test_a_named_pipe_is_a_missing_file_with_a_finding(piped: tuple[Path, list[Path]]) -> None:
    path, fifos = piped
    findings = finishes(lambda: check_post(Post.load(path)), fifos)
    errors = [f for f in findings if f.rule == "missing-file"]
    assert [f.line for f in errors] == [6, 8]
    assert all("not a regular file" in f.message for f in errors)


def test_exports_never_open_a_named_pipe(piped: tuple[Path, list[Path]], tmp_path: Path) -> None:
    path, fifos = piped
    for fmt in ("bundle", "zip", "html"):
        result = finishes(lambda fmt=fmt: export_post(path, fmt, tmp_path / fmt), fifos)
        assert result.missing == ["./pipe.png", "./clip.mp4"], fmt
    assert sorted(tree(tmp_path / "bundle" / "hello")) == ["cover.png", "index.md"]


def test_a_post_file_that_is_a_named_pipe_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "blog" / "pipe.md"
    fifo.parent.mkdir()
    os.mkfifo(fifo)
    code, _, err = finishes(lambda: run(capsys, "get", str(fifo)), [fifo])
    assert code == 1 and "a pipe (FIFO), not a post" in err
    with pytest.raises(ExportError, match="not a regular file"):
        finishes(lambda: export_post(fifo, "bundle", tmp_path / "out"), [fifo])


# -- 14: the standalone page loads nothing when opened --------------------------------------

ORIGIN = "http://127.0.0.1:9"
HOSTILE = f"""---
title: Hostile
---

![kept](./cover.png)

<meta http-equiv="refresh" content="0; url={ORIGIN}/refresh">
<link rel="preconnect" href="{ORIGIN}"><link rel="dns-prefetch" href="//evil.example">
<link rel="stylesheet" href="{ORIGIN}/s.css"><base href="{ORIGIN}/">
<style>@import url("{ORIGIN}/i.css"); @\\69mport "{ORIGIN}/j.css";
p {{ background: url({ORIGIN}/bg.png) }} q {{ background: u\\72l('../secret.png') }}
s {{ background-image: image-set("{ORIGIN}/set.png" 1x) }}
b {{ background: url(file:///etc/passwd) }} i {{ background: url(./cover.png) }}</style>
<div style="background:url(&#104;ttp://127.0.0.1:9/entity.png)">x</div>
<iframe src="{ORIGIN}/frame" srcdoc="&lt;img src={ORIGIN}/srcdoc.png&gt;"></iframe>
<iframe src="./page.html"></iframe><object data="{ORIGIN}/o"></object><embed src="x.swf">
<img alt=a"b src="{ORIGIN}/quote.png"> <img src="../secret.png" alt="up">
<!--><img src="{ORIGIN}/comment.png">-->
<script src="{ORIGIN}/s.js"></script><script>fetch("{ORIGIN}/js")</script>
<video src="{ORIGIN}/v.mp4" poster="file:///etc/passwd"><track src="{ORIGIN}/t.vtt"></video>
<svg><image href="{ORIGIN}/svg.png"/><use href="{ORIGIN}/u.svg#a"/><style>@imp<b></b>ort
"{ORIGIN}/svg.css";</style></svg>
<p onclick="x()" background="{ORIGIN}/bg2.png">Hi <a href="{ORIGIN}/page">a link</a></p>
<img srcset="{ORIGIN}/a.png 1x, ./cover.png 2x" src="./cover.png" alt="set">
"""

_LOADING = {"src", "srcset", "poster", "data", "background", "href", "xlink:href", "srcdoc"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.loads: list[tuple[str, str, str]] = []
        self.tags: list[str] = []
        self.css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name == "style" and value:
                self.css.append(value)
            if name in _LOADING and value is not None and not (tag == "a" and name == "href"):
                self.loads.append((tag, name, value))
            if name == "http-equiv" and (value or "").lower() == "refresh":
                self.loads.append((tag, name, value or ""))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.css.append(data)


def test_the_standalone_page_loads_and_reads_nothing(blog: Path, tmp_path: Path) -> None:
    post = blog / "content" / "hello"
    (blog / "content" / "secret.png").write_bytes(SECRET)
    (post / "page.html").write_text("<p>a page of the blog</p>", encoding="utf-8")
    (post / "index.md").write_text(HOSTILE, encoding="utf-8")
    result = export_post(post, "html", tmp_path / "out")
    page = result.output.read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(page)
    bad = [(t, n, v) for t, n, v in parsed.loads if not v.startswith(("data:", "#"))]
    assert bad == []
    assert {"script", "iframe", "base", "link"} & set(parsed.tags) == {"iframe"}
    for css in parsed.css[1:]:  # [0] is the theme
        assert "@import" not in css.lower() and "image-set" not in css.lower()
        assert all(m.startswith(('"data:', '"#')) for m in re.findall(r"url\((.{6})", css))
    assert base64.b64encode(SECRET).decode() not in page and "root:" not in page
    assert page.count(base64.b64encode(PNG).decode()) >= 1  # the post's own image is in
    assert f'href="{ORIGIN}/page"' in page  # links stay: they load only when followed
    assert 'class="remote-image"' in page  # a remote image becomes a link to it
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
