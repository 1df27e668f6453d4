"""Post files and folders: create, rename, duplicate, move to trash.

A post is usually a folder `<slug>/index.md` with its images; a loose `<slug>.md`
file is a post too. These operations never overwrite anything that exists.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.errors import PostError
from app.core.files import INDEX_NAMES
from app.core.post.post import Post, atomic_write_bytes
from app.core.post.schema import DATE_KEYS, BlogProfile
from app.core.post.slug import folder_name, slugify_title, unique_slug

__all__ = [
    "URL_KEYS",
    "create_post",
    "duplicate_post",
    "is_folder_post",
    "post_address",
    "post_slug",
    "rename_post",
    "renamed_path",
    "trash_post",
    "url_set_by",
]

# front-matter keys with which a post sets its own URL; without one, the URL is the path
URL_KEYS = ("slug", "permalink", "path", "url")


def is_folder_post(path: Path) -> bool:
    return path.name in INDEX_NAMES


def post_slug(path: Path) -> str:
    return path.parent.name if is_folder_post(path) else path.stem


def create_post(root: Path, title: str, profile: BlogProfile, when: datetime | None = None) -> Path:
    """Create `<root>/<slug>/index.md` from the blog's profile; returns the new file."""
    title = title.strip()
    if not title:
        raise PostError("a post needs a title")
    if not root.is_dir():
        raise PostError("the content folder does not exist", str(root))
    when = when or datetime.now().replace(microsecond=0)
    yaml_text = profile.new_frontmatter(title, when)
    text = f"---\n{yaml_text}---\n\n"
    slug = unique_slug(root, slugify_title(title))
    folder = root / slug
    try:
        folder.mkdir()
    except OSError as exc:
        raise PostError(f"cannot create the post folder: {exc.strerror}", str(folder)) from exc
    try:
        atomic_write_bytes(folder / "index.md", text.encode("utf-8"))
    except PostError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return folder / "index.md"


def renamed_path(path: Path, new_name: str) -> Path:
    """Where `rename_post(path, new_name)` puts the post: `new_name` made safe for a folder
    or file name (`folder_name`: spaces become dashes, the author's case is kept)."""
    name = folder_name(new_name)
    if is_folder_post(path):  # the folder is the post's name; index.md keeps its own
        return path.parent.parent / name / path.name
    return path.with_name(name + path.suffix)


def post_address(path: Path, root: Path) -> str:
    """The URL path a blog builds from where the post is: `<root>/a/Hello/index.md` and
    `<root>/a/Hello.md` are both at `/a/Hello/` (the case kept: servers tell them apart)."""
    where = path.parent if is_folder_post(path) else path.with_suffix("")
    try:
        rel = where.relative_to(root).as_posix()
    except ValueError:
        rel = where.name
    return f"/{rel}/" if rel not in ("", ".") else "/"


def url_set_by(metadata: Mapping[Any, Any]) -> str | None:
    """The front-matter key that sets the post's URL (then renaming keeps it), if any."""
    for key in URL_KEYS:
        value = metadata.get(key)
        if isinstance(value, str) and value.strip():
            return key
    return None


def _clashes(source: Path, target: Path) -> bool:
    """Another entry of the folder has the target's name, as macOS and Windows compare
    names (case and Unicode form aside): a blog cloned there would lose one of them."""
    wanted = unicodedata.normalize("NFC", target.name).casefold()
    try:
        names = os.listdir(target.parent)
    except OSError:
        return False
    for name in names:
        if unicodedata.normalize("NFC", name).casefold() != wanted:
            continue
        other = target.parent / name
        try:
            if not os.path.samefile(other, source):
                return True
        except OSError:
            return True
    return False


def rename_post(path: Path, new_slug: str) -> Path:
    """Rename a post's folder (or loose file) to `new_slug` made safe (`renamed_path`);
    returns the post's new path. The author's case is kept; a name that differs from
    another post's only in case is refused."""
    folder_post = is_folder_post(path)
    target_path = renamed_path(path, new_slug)
    if folder_post:
        source, target, what = path.parent, target_path.parent, "post folder"
    else:
        source, target, what = path, target_path, "post"
    if target == source:
        return path
    if _clashes(source, target):
        raise PostError(f"a post named {target.name!r} already exists", str(target))
    try:
        source.rename(target)
    except OSError as exc:
        raise PostError(f"cannot rename the {what}: {exc.strerror}", str(source)) from exc
    return target_path


def duplicate_post(path: Path, when: datetime | None = None) -> Path:
    """Copy a post (with its folder's images) under a new slug. The copy is a new post:
    its title says "(copy)", its date is `when` (now) in the file's own date format, and
    it is a draft (the blog's `draft: true` or `published: false`; `draft: true` if the
    post has neither), so it is not published by mistake as a second copy."""
    post = Post.load(path)
    if is_folder_post(path):
        folder = path.parent
        slug = unique_slug(folder.parent, f"{folder.name}-copy")
        target_folder = folder.parent / slug
        try:
            shutil.copytree(folder, target_folder, symlinks=True)
        except OSError as exc:
            shutil.rmtree(target_folder, ignore_errors=True)
            raise PostError(f"cannot copy the post folder: {exc}", str(folder)) from exc
        target = target_folder / path.name
    else:
        slug = unique_slug(path.parent, f"{path.stem}-copy")
        target = path.with_name(slug + path.suffix)
        atomic_write_bytes(target, path.read_bytes())
    if post.frontmatter_error is None:
        copy = Post.load(target)
        title = copy.get("title")
        if isinstance(title, str):
            copy.set("title", f"{title} (copy)")
        date_key = next((k for k in DATE_KEYS if copy.get(k) is not None), None)
        if date_key is not None:
            copy.set(date_key, when or datetime.now().replace(microsecond=0))
        if copy.get("published") is not None and copy.get("draft") is None:
            copy.set("published", False)
        else:
            copy.set("draft", True)
        copy.save()
    return target


def trash_post(path: Path) -> Path:
    """Move a post to the system trash: its whole folder for `<slug>/index.md`."""
    from send2trash import send2trash
    from send2trash.exceptions import TrashPermissionError

    victim = path.parent if is_folder_post(path) else path
    try:
        send2trash(str(victim))
    except (OSError, TrashPermissionError) as exc:
        raise PostError(f"cannot move the post to the trash: {exc}", str(victim)) from exc
    return victim
