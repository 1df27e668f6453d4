"""A post on disk: lossless frontmatter, dates, the blog's profile, post files and
folders, images beside a post."""

from __future__ import annotations

from app.core.post.post import Post, decode_post_bytes

__all__ = ["Post", "decode_post_bytes"]
