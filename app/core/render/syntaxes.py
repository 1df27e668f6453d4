"""Which generator syntax a post may hold (light: the window imports it at start-up).

gensyntax.py shows it as placeholders in the preview; see there for the forms.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["LIQUID", "MDX", "SHORTCODES", "syntax_for"]

SHORTCODES = "shortcodes"  # Hugo: {{< name >}}, {{% name %}}
LIQUID = "liquid"  # Liquid and Nunjucks: {% tag %}, {{ variable }}
MDX = "mdx"  # import/export lines, JSX elements, {/* comments */}


def syntax_for(generator: str | None, path: Path | str | None) -> frozenset[str]:
    """The generator syntax a post of this blog may hold (empty: none, all is text).
    Docusaurus reads `.md` as MDX too; Astro and Gatsby only `.mdx` files."""
    mdx = path is not None and Path(path).suffix.lower() == ".mdx"
    if generator == "hugo":
        return frozenset({SHORTCODES})
    if generator in ("jekyll", "hexo", "eleventy"):
        return frozenset({LIQUID})
    if generator == "docusaurus" or (mdx and generator in ("astro", "gatsby")):
        return frozenset({MDX})
    return frozenset()
