"""Small blogs for the library's tests: three styles of post, nested folders, a loose
file, a draft and a broken post."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from app.core.library.index import Library
from tests.conftest import FIXTURES

OLD = time.time() - 3600  # an mtime well outside the cache's "just modified" window

ZOOMKODING = """---
emoji: 🧢
title: {title}
date: '{date}'
author: Minjun
tags: {tags}
categories: 회고
---

본문 {title}
"""
HUSKY = """---
title: '{title}'
subtitle: '부제'
category: '{category}'
excerpt: '요약'
date: '{date}'
---

#### 들어가며
"""
HOODIE = """---
title: {title}
description: A post
date: {date}
update: {date}
tags: [{tags}]
series: Notes
---

# Heading in the body
"""


def write(root: Path, rel: str, text: str, *, old: bool = False) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    if old:
        os.utime(path, (OLD, OLD))
    return path


def age_tree(root: Path) -> None:
    """Make every file and folder look untouched for an hour, so the cache trusts them."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.utime(os.path.join(dirpath, name), (OLD, OLD), follow_symlinks=False)
    os.utime(root, (OLD, OLD))


def titles(lib: Library) -> list[str]:
    return [e.title for e in lib]


def make_blog(tmp_path: Path) -> Path:
    """Three styles, nested folders, a loose file, a draft and a broken post."""
    root = tmp_path / "blog"
    shutil.copytree(FIXTURES / "intern-1", root / "contents" / "posts" / "essay" / "intern-1")
    shutil.copytree(FIXTURES / "recent-news", root / "contents" / "posts" / "essay" / "recent-news")
    write(
        root,
        "contents/posts/dev/react-hooks/index.md",
        ZOOMKODING.format(
            title="React Hooks 정리", date="2022-10-08 23:30:00", tags="React 프론트"
        ),
    )
    write(
        root,
        "contents/posts/dev/jsonb/index.md",
        HUSKY.format(title="Postgres JSONB", category="dev", date="2020-01-01T09:00:00+09:00"),
    )
    hoodie = HOODIE.format(title="Python dataclass tips", date="2021-05-03", tags="python, React")
    write(root, "contents/posts/til/list-tags/index.md", hoodie)
    write(
        root, "contents/posts/til/draft-post/index.md", "---\ntitle: Unfinished\ndraft: true\n---\n"
    )
    write(root, "contents/about.md", "# About me\n\nNo frontmatter here.\n")
    write(root, "contents/posts/broken/index.md", "---\ntitle: ok\ntags: [unclosed\n---\nbody\n")
    return root
