"""Post files and folders: create, rename, duplicate, move to trash.

A post is usually a folder `<slug>/index.md` with its images; a loose `<slug>.md`
file is a post too. These operations never overwrite anything that exists.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from app.core.errors import PostError
from app.core.post import Post, atomic_write_bytes
from app.core.schema import DATE_KEYS, BlogProfile
from app.core.slug import slugify_title, unique_slug

__all__ = [
    "create_post",
    "duplicate_post",
    "is_folder_post",
    "post_slug",
    "rename_post",
    "trash_post",
]

INDEX_NAMES = ("index.md", "index.markdown")


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


def rename_post(path: Path, new_slug: str) -> Path:
    """Rename a post's folder (or loose file) to `new_slug`; returns the post's new path."""
    slug = slugify_title(new_slug)
    folder_post = is_folder_post(path)
    if folder_post:  # the folder is the post's name; index.md keeps its own
        source, target, what = path.parent, path.parent.parent / slug, "post folder"
    else:
        source, target, what = path, path.with_name(slug + path.suffix), "post"
    if target == source:
        return path
    if target.exists():
        raise PostError(f"a post named {slug!r} already exists", str(target))
    try:
        source.rename(target)
    except OSError as exc:
        raise PostError(f"cannot rename the {what}: {exc.strerror}", str(source)) from exc
    return target / path.name if folder_post else target


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
