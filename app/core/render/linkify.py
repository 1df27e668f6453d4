"""Which bare text becomes a link: GFM's autolink literals, or what another parser links.

- "gfm" (cmark-gfm, micromark's gfm-autolink-literal, what remark-gfm and most blogs run):
  ``http://`` and ``https://`` URLs, ``www.`` hosts (as ``http://www.…``) and e-mail
  addresses; a bare domain (``codedragon.tistory.com``, ``index.md``,
  ``pr-notification.py``: ``.md`` and ``.py`` are country domains) stays text, and so do
  ``ftp://`` and ``//`` links.
- "goldmark" (Hugo's linkify): the same, with ``ftp://`` too and ``www.`` as ``https://``.
- "urls" (remark-parse <= 8's gfm mode): only ``http://``, ``https://`` and ``mailto:``.
- "fuzzy": markdown-it's linkify (bare domains too); "none": nothing.
"""

from __future__ import annotations

import re
from typing import Any

from linkify_it import LinkifyIt

__all__ = ["gfm_linkify", "linkify_for"]


class _Linkify(LinkifyIt):  # type: ignore[misc]
    www_scheme = "http://"

    def normalize(self, match: Any) -> None:
        if match.schema == "www.":
            match.url = self.www_scheme + match.url
        else:
            super().normalize(match)


def linkify_for(mode: str) -> LinkifyIt:
    """A linkify-it matcher for `mode` (markdown-it's `md.linkify`)."""
    if mode == "fuzzy":
        return LinkifyIt()
    matcher = _Linkify(
        options={"fuzzy_link": False, "fuzzy_email": mode != "urls", "fuzzy_ip": False}
    )
    if mode != "goldmark":
        matcher.add("ftp:", None)
    matcher.add("//", None)
    if mode != "urls":
        # after "www.": a host and a path, as linkify-it's own http: rule reads them
        rest = "^" + matcher.re["src_host_port_strict"] + matcher.re["src_path"]
        matcher.add("www.", {"validate": re.compile(rest, flags=re.IGNORECASE)})
    if mode == "goldmark":
        matcher.www_scheme = "https://"
    return matcher


def gfm_linkify() -> LinkifyIt:
    """GFM's autolink literals (see the module)."""
    return linkify_for("gfm")
