"""TeX formulas (``$…$``, ``$$…$$``) to MathML, with a visible, harmless fallback."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from xml.etree.ElementTree import tostring

__all__ = ["latex_to_mathml"]

# latex2mathml stores character references such as "&#x0003C;" as literal element text;
# serialising escapes their "&", so this turns them back into references.
_ESCAPED_CHAR_REF = re.compile(r"&amp;(#(?:x[0-9A-Fa-f]+|[0-9]+);)")


@lru_cache(maxsize=1024)
def latex_to_mathml(latex: str, display: bool) -> str:
    """MathML for ``latex``; a formula that fails becomes ``<code class="math-error">``.

    latex2mathml's own ``convert`` un-escapes ``<`` and ``&`` in text (``\\text{<b>}``
    would inject a tag), so the element tree is serialised here with proper escaping.
    """
    from latex2mathml.converter import convert_to_element  # 60 ms: only for posts with math

    source = latex.strip()
    try:
        if not source:
            raise ValueError("empty formula")
        element = convert_to_element(source, display="block" if display else "inline")
        markup = tostring(element, encoding="unicode", short_empty_elements=False)
    except Exception as error:  # latex2mathml raises many types, RecursionError included
        reason = f"{type(error).__name__}: {error}".rstrip(": ")
        return (
            f'<code class="math-error" title="{html.escape("Cannot render formula: " + reason)}">'
            f"{html.escape(source, quote=False)}</code>"
        )
    return _ESCAPED_CHAR_REF.sub(r"&\1", markup)
