"""Markdown to HTML (markdown.py), incremental re-rendering, and what the preview
and the exports make of the result.

Kept empty on purpose: the window imports app.core.render.rendered at start-up,
which must not load markdown-it."""
