"""Helpers for the per-flavor tests: render with a flavor and compare with a real tool."""

from __future__ import annotations

import re

from app.core.render.flavor import Flavor
from app.core.render.markdown import render_in_full

_NOISE = re.compile(r' (?:data-source-line|id)="[^"]*"')


def html_of(text: str, flavor: Flavor, keep_ids: bool = False) -> str:
    """The body html without source lines (and ids), void tags as HTML writes them and
    without newlines, the form the real tools' output is kept in here."""
    body = render_in_full(text, flavor=flavor).html
    body = re.sub(r' data-source-line="[^"]*"', "", body) if keep_ids else _NOISE.sub("", body)
    return body.replace(" />", ">").replace("\n", "")
