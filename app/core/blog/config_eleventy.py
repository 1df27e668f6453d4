"""Eleventy: its input folder from the config, its posts from folders and tags.

Eleventy renders every template under its input folder; the blog's posts are those in
the `posts` collection, which a folder's directory data file (`blog/blog.11tydata.js`:
`tags: ["posts"]`) or a file's own `tags:` puts them in. The config is read as text.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from app.core.blog.config import Notes
from app.core.blog.flags import code_files, read_js, site_flags
from app.core.blog.jsscan import JsText
from app.core.blog.model import Blog

__all__ = ["read_eleventy"]


def _eleventy_dirs(js: JsText, notes: Notes, marker: Path) -> dict[str, str]:
    dirs = {"input": ".", "includes": "_includes", "data": "_data", "output": "_site"}
    for at in js.find_key("dir"):
        span = js.object_at(at)
        for key in dirs if span is not None else ():
            assert span is not None
            found = js.top_level_value(*span, key)
            value = None if found is None else js.string_value(found[0])
            if found is not None and value is None:
                notes.warn(
                    f"cannot read dir.{key} `{found[0][:60]}`; assumed {dirs[key]!r}",
                    marker,
                    js.line_of(found[1]),
                )
            dirs[key] = value or dirs[key]
    for m in re.finditer(r"\.set(Input|Includes|Data|Output)Directory\s*\(", js.text):
        expr, at = js.value_at(m.end())
        value = js.string_value(expr)
        if value is None:
            notes.warn(
                f"cannot read the {m.group(1).lower()} folder `{expr[:60]}`", marker, js.line_of(at)
            )
        else:
            dirs[m.group(1).lower()] = value
    return dirs


def _tags_post(tags: object, post_tags: tuple[str, ...]) -> bool:
    values = [tags] if isinstance(tags, str) else tags if isinstance(tags, list) else []
    return any(str(v) in post_tags for v in values)


def _data_file_tags_posts(folder: Path, post_tags: tuple[str, ...]) -> bool:
    """The folder's directory data file puts its files in the posts collection."""
    for name in (f"{folder.name}.json", f"{folder.name}.11tydata.json"):
        try:
            data = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and _tags_post(data.get("tags"), post_tags):
            return True
    for suffix in (".js", ".cjs", ".mjs"):
        try:
            text = (folder / f"{folder.name}.11tydata{suffix}").read_text(encoding="utf-8")
        except OSError:
            continue
        m = re.search(r"(?<![\w$])tags\s*:\s*(\[[^\]]*\]|['\"][^'\"]*['\"])", text)
        if m is not None and set(re.findall(r"['\"]([^'\"]+)['\"]", m.group(1))) & set(post_tags):
            return True
    return False


def read_eleventy(root: Path, marker: Path) -> Blog:
    notes = Notes(root)
    js = read_js(marker, notes)
    dirs = (
        _eleventy_dirs(js, notes, marker)
        if js is not None
        else {"input": ".", "includes": "_includes", "data": "_data", "output": "_site"}
    )
    source = notes.folder(dirs["input"], root, origin=marker, what="input folder") or root
    post_tags = ("posts", "post")
    excluded = [notes.name(Path(os.path.normpath(source / dirs[k]))) for k in ("includes", "data")]
    excluded.append(notes.name(Path(os.path.normpath(root / dirs["output"]))))
    for m in re.finditer(r"\.ignores\s*\.\s*add\s*\(", js.text if js is not None else ""):
        assert js is not None
        value = js.string_value(js.value_at(m.end())[0])
        excluded += [value.removeprefix("./")] if value else []
    for ignore_file in dict.fromkeys((root / ".eleventyignore", source / ".eleventyignore")):
        try:
            lines = ignore_file.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        base = notes.name(ignore_file.parent)
        for line in (ln.strip() for ln in lines):
            if line and not line.startswith(("#", "!")):
                rel = line.removeprefix("./")
                excluded.append(rel if base == "." else f"{base}/{rel}")
    post_dirs = [source / d for d in ("posts", "post", "blog") if (source / d).is_dir()]
    for dirpath, dirnames, _ in os.walk(source):
        dirnames[:] = [d for d in dirnames if d[0] not in "._" and d != "node_modules"]
        folder = Path(dirpath)
        if folder not in post_dirs and _data_file_tags_posts(folder, post_tags):
            post_dirs.append(folder)
    code = [marker, *code_files(root, (notes.name(source),))]
    return Blog(
        root=root,
        generator="eleventy",
        config_file=marker,
        content_roots=tuple(post_dirs),
        page_roots=(source,),
        suffixes=(".md",),
        draft_flags=site_flags(code),
        exclude=tuple(e for e in excluded if e not in (".", "")),
        post_tags=post_tags,
        warnings=tuple(notes.warnings),
    )
