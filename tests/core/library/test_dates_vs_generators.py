"""The library's dates against the generators' own (when installed): `hugo list all`
gives each page's date, and a Jekyll page lists each post's date as Jekyll read it (from
the file name, or the front matter's `date`)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from app.core.blog import load_blog
from app.core.library.index import scan
from tests.blogs.build import build_blog


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_dates_are_hugos(tmp_path: Path) -> None:
    root = build_blog("hugo", tmp_path / "hugo")
    (root / "themes/paper/layouts").mkdir(parents=True)
    (root / "content/posts/lastmod-only.md").write_text(
        "---\ntitle: Only lastmod\nlastmod: 2024-01-05T10:00:00+01:00\n---\n", "utf-8"
    )
    (root / "content/posts/publish-date.md").write_text(
        "+++\ntitle = 'Publish date'\npublishDate = 2023-07-01\n+++\n", "utf-8"
    )
    out = subprocess.run(
        ["hugo", "list", "all"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    library = scan(root, blog=load_blog(root))
    compared = 0
    for row in csv.DictReader(io.StringIO(out)):
        entry = library.by_relpath(row["path"])
        assert entry is not None, row["path"]
        hugo_date = datetime.fromisoformat(row["date"])
        if hugo_date.year == 1:  # Hugo's zero date: none
            assert entry.sort_date is None, row["path"]
        else:
            assert entry.sort_date == hugo_date, row["path"]
            compared += 1
    assert compared >= 9


_JEKYLL_DATES = """---
layout: null
---
{% for p in site.posts %}{{ p.path }}	{{ p.date | date: "%s" }}
{% endfor %}"""


@pytest.mark.skipif(shutil.which("jekyll") is None, reason="jekyll is not installed")
@pytest.mark.slow
def test_dates_are_jekylls(tmp_path: Path) -> None:
    root = build_blog("jekyll", tmp_path / "jekyll")
    (root / "Gemfile").unlink()  # build with the installed gems, offline
    (root / "dates.txt").write_text(_JEKYLL_DATES, encoding="utf-8")
    (root / "_posts/2024-04-01-dated.md").write_text(
        "---\ntitle: Dated\ndate: 2024-04-02 10:30:00 +0900\n---\n", "utf-8"
    )
    dest = tmp_path / "site"
    subprocess.run(
        ["jekyll", "build", "-q", "-d", str(dest), "--drafts", "--future", "--unpublished"],
        cwd=root,
        check=True,
        capture_output=True,
    )
    library = scan(root, blog=load_blog(root))
    lines = (dest / "dates.txt").read_text(encoding="utf-8").splitlines()
    jekyll = dict(line.split("\t") for line in lines if "\t" in line)
    assert len(jekyll) == 7
    for rel, stamp in jekyll.items():
        entry = library.by_relpath(rel)
        assert entry is not None, rel
        if rel.startswith("_drafts/"):  # Jekyll dates a draft by the file's mtime
            continue
        assert entry.sort_date is not None, rel
        assert int(entry.sort_date.timestamp()) == int(stamp), rel
