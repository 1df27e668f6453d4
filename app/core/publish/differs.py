"""Where the preview cannot show a post as its blog will, said to the author.

The blog's flavor (how it parses and dresses Markdown, read from its configuration) is
read once per blog here, for the preview, export, the check and the CLI alike; what the
preview does not know (a plugin, a converter) and what a render could not show (a
shortcode of the blog's own) become info findings: they never block publishing.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.core.blog.model import Blog
from app.core.publish.findings import Finding
from app.core.render.flavor import Flavor, flavor_for

__all__ = ["PREVIEW_DIFFERS", "blog_flavor", "differ_findings"]

PREVIEW_DIFFERS = "preview-differs"


def blog_flavor(blog: Blog) -> Flavor:
    """How `blog` parses and dresses Markdown (the default without a known generator).
    Reads its configuration files (never runs them); never raises."""
    from app.core.blog.markup import markup_profile  # (the config readers: when first needed)

    return flavor_for(markup_profile(blog))


def differ_findings(notes: Iterable[str]) -> list[Finding]:
    """One info finding per note, each once, in order."""
    return [Finding(PREVIEW_DIFFERS, "info", 1, note) for note in dict.fromkeys(notes)]
