"""Tokens Postdesk adds to a parse (a shortcode's drawing, a task list's box, an image as
gatsby-remark-images draws it) are told from the author's own raw HTML by a mark, so a
rule about the author's HTML (Hugo leaving it out without `unsafe`) leaves them alone."""

from __future__ import annotations

from markdown_it.token import Token

__all__ = ["is_ours", "ours"]

_KEY = "postdesk"


def ours(token: Token) -> Token:
    """Mark `token` as made by Postdesk, not written by the author; returns it."""
    token.meta[_KEY] = True
    return token


def is_ours(token: Token) -> bool:
    return bool(token.meta.get(_KEY))
