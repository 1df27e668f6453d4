"""Which bare text becomes a link: GFM's autolink literals or markdown-it's fuzzy linkify.

GFM (cmark-gfm, micromark's gfm-autolink-literal, what remark-gfm and most blogs run) links
``http://`` and ``https://`` URLs, ``www.`` hosts (as ``http://www.…``) and e-mail
addresses; a bare domain (``codedragon.tistory.com``, ``index.md``, ``pr-notification.py``:
``.md`` and ``.py`` are country domains) stays text, and so do ``ftp://`` and ``//`` links.
"""

from __future__ import annotations

import re
from typing import Any

from linkify_it import LinkifyIt

__all__ = ["gfm_linkify"]


class _Gfm(LinkifyIt):  # type: ignore[misc]
    def normalize(self, match: Any) -> None:
        if match.schema == "www.":
            match.url = "http://" + match.url
        else:
            super().normalize(match)


def gfm_linkify() -> LinkifyIt:
    """A linkify-it matcher for GFM's autolink literals (markdown-it's `md.linkify`)."""
    matcher = _Gfm(options={"fuzzy_link": False, "fuzzy_email": True, "fuzzy_ip": False})
    # after "www.": a host and a path, as linkify-it's own http: rule reads them
    rest = "^" + matcher.re["src_host_port_strict"] + matcher.re["src_path"]
    matcher.add("ftp:", None)
    matcher.add("//", None)
    matcher.add("www.", {"validate": re.compile(rest, flags=re.IGNORECASE)})
    return matcher
