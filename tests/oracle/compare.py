"""Compare Postdesk's render of the oracle's sample posts with what the real tools published.

Each oracle (gatsby2, gatsby5, gatsby5-ids, hugo, jekyll) has a small blog in
blogs/<oracle>/ and the HTML its real tool made of each sample in
expected/<oracle>/<sample>.html (`make oracle` writes them). Postdesk renders the same
sample the way it would for that blog: load_blog -> markup_profile -> flavor_for ->
render_post. Both HTMLs are reduced to a few normalised features (headings, toc, emphasis,
lists, links, images, captions, raw HTML, paragraph text, tables, footnotes) so that markup
that does not change what a reader sees (attributes, whitespace, the heading's anchor
icon) does not count.

    python -m tests.oracle.compare     # a table: per oracle, samples that match fully
    python -m tests.oracle.compare -v  # and both sides of each difference
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "samples"
EXPECTED = HERE / "expected"
BLOGS = HERE / "blogs"
KNOWN = HERE / "known.toml"

ORACLES = ("gatsby2", "gatsby5", "gatsby5-ids", "hugo", "jekyll")
FEATURES = (
    "headings",
    "toc",
    "emphasis",
    "lists",
    "links",
    "images",
    "captions",
    "raw",
    "text",
    "tables",
    "footnotes",
)
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
_RAW_CLASSES = frozenset({"callout", "box"})  # the samples' own raw HTML blocks


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = None

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def elements(self) -> list[Node]:
        """Every element below this one, in document order."""
        out: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                out.append(child)
                out += child.elements()
        return out

    def text(self, skip: frozenset[str] = frozenset()) -> str:
        parts: list[str] = []
        for child in self.children:
            if isinstance(child, str):
                parts.append(child)
            elif not _skipped(child, skip):
                parts.append(child.text(skip))
        return " ".join("".join(parts).split())

    def ancestors(self) -> list[Node]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out


def _skipped(node: Node, skip: frozenset[str]) -> bool:
    return node.tag in skip or bool(node.classes & skip)


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for at in range(len(self.stack) - 1, 0, -1):
            if self.stack[at].tag == tag:
                del self.stack[at:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(html: str) -> Node:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


# -- features -----------------------------------------------------------------------------

_NOTE_MARKS = frozenset({"sup", "footnote-backref", "reversefootnote"})
_NOT_TEXT = _NOTE_MARKS | {"figcaption"}  # (a caption is its own feature)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = frozenset({"p", "ul", "ol", "blockquote", "pre", "div", "table", "hr", *_HEADINGS})


def _is_toc(node: Node) -> bool:
    return (
        node.tag in ("ul", "ol", "div", "nav") and bool(node.classes & {"table-of-contents", "toc"})
    ) or node.attrs.get("id") in ("markdown-toc", "TableOfContents")


def _is_notes(node: Node) -> bool:
    return node.tag in ("div", "section") and "footnotes" in node.classes


def _outside(node: Node, *tests: Callable[[Node], bool]) -> bool:
    return not any(test(a) for a in node.ancestors() for test in tests)


def _href(value: str) -> str:
    return unquote(value)


def _toc_tree(lst: Node) -> list[object]:
    items: list[object] = []
    for li in (c for c in lst.children if isinstance(c, Node) and c.tag == "li"):
        link = next((e for e in li.elements() if e.tag == "a" and not _inner_list(e, li)), None)
        children: list[object] = []
        for sub in (e for e in li.elements() if e.tag in ("ul", "ol")):
            if _inner_list(sub, li) is None:  # the item's own list, not one deeper
                children = _toc_tree(sub)
                break
        text = link.text() if link is not None else ""
        href = _href(link.attrs.get("href", "")) if link is not None else ""
        items.append([text, href, children] if children else [text, href])
    return items


def _inner_list(node: Node, li: Node) -> Node | None:
    """The list between `li` and `node`, if `node` sits in a list nested in `li`."""
    for a in node.ancestors():
        if a is li:
            return None
        if a.tag in ("ul", "ol"):
            return a
    return None


def _list_shape(lst: Node) -> str:
    items = [c for c in lst.children if isinstance(c, Node) and c.tag == "li"]
    loose = any(isinstance(c, Node) and c.tag == "p" for li in items for c in li.children)
    nested = [
        _list_shape(e)
        for li in items
        for e in li.elements()
        if e.tag in ("ul", "ol") and _inner_list(e, li) is None
    ]
    return f"{lst.tag}{len(items)}{'*' if loose else ''}" + (
        f"({' '.join(nested)})" if nested else ""
    )


def _style(node: Node) -> dict[str, str]:
    pairs = (item.partition(":") for item in node.attrs.get("style", "").split(";"))
    return {k.strip().lower(): v.strip() for k, _, v in pairs if k.strip()}


def _shown_width(img: Node) -> str:
    """How wide the page draws an image: its own width (style or attribute) unless it only
    fills its box, else the max-width of the box around it ("": as wide as it is)."""
    own = _style(img)
    if own.get("max-width"):
        return own["max-width"]
    if own.get("width") and own["width"] != "100%":
        return own["width"]
    if img.attrs.get("width"):
        return img.attrs["width"] + "px"
    for box in img.ancestors():
        if _style(box).get("max-width"):
            return _style(box)["max-width"]
    return ""


def _own_text(li: Node) -> str:
    """A list item's text outside its paragraphs and nested blocks."""
    inline = [c for c in li.children if isinstance(c, str) or c.tag not in _BLOCKS]
    return Node("li", children=inline).text(_NOTE_MARKS)


def features(html: str) -> dict[str, list[object]]:
    """The normalised features of a post body (see FEATURES)."""
    root = parse(html)
    every = root.elements()
    toc = [e for e in every if _is_toc(e)]
    body = [e for e in every if not _is_toc(e) and _outside(e, _is_toc)]
    text = [e for e in body if _outside(e, _is_notes) and not _is_notes(e)]
    out: dict[str, list[object]] = {f: [] for f in FEATURES}
    for e in body:
        if e.tag in _HEADINGS:
            out["headings"].append([int(e.tag[1]), e.text(), _href(e.attrs.get("id", ""))])
    for container in toc[:1]:
        first = next((e for e in [container, *container.elements()] if e.tag in ("ul", "ol")), None)
        out["toc"] = _toc_tree(first) if first is not None else []
    for e in text:
        if e.tag in ("strong", "b", "em", "i"):
            out["emphasis"].append(["strong" if e.tag in ("strong", "b") else "em", e.text()])
        elif e.tag in ("ul", "ol") and not any(a.tag in ("ul", "ol") for a in e.ancestors()):
            out["lists"].append(_list_shape(e))
        elif e.tag == "a" and "href" in e.attrs:
            marks = {"anchor", "footnote-ref", "footnote", "footnote-backref", "reversefootnote"}
            marks.add("gatsby-resp-image-link")  # the image's link to its original
            if not (e.classes & marks) and _outside(e, lambda a: a.tag == "sup"):
                out["links"].append([_href(e.attrs["href"]), e.text()])
        elif e.tag == "img":
            src = e.attrs.get("src", "").rstrip("/").rsplit("/", 1)[-1]
            out["images"].append([src, e.attrs.get("alt", ""), _shown_width(e)])
        elif e.tag == "figcaption":
            out["captions"].append(e.text())
        elif e.tag == "p" and e.text(_NOT_TEXT):
            out["text"].append(e.text(_NOT_TEXT))
        elif e.tag == "tr":
            out["tables"].append([c.text() for c in e.children if isinstance(c, Node)])
        if e.tag == "li" and (own := _own_text(e)):
            out["text"].append(own)
        if e.classes & _RAW_CLASSES:
            klass = ".".join(sorted(e.classes & _RAW_CLASSES))
            out["raw"].append(f"{e.tag}{'.' + klass if klass else ''}[{e.attrs.get('style', '')}]")
    for notes in (e for e in every if _is_notes(e)):
        for li in (e for e in notes.elements() if e.tag == "li"):
            out["footnotes"].append(li.text(_NOTE_MARKS))
    return out


# -- the two sides --------------------------------------------------------------------------


def samples() -> list[str]:
    return sorted(p.stem for p in SAMPLES.glob("*.md"))


def expected_html(oracle: str, sample: str) -> str:
    return (EXPECTED / oracle / f"{sample}.html").read_text(encoding="utf-8")


@cache
def _flavor(oracle: str) -> object:
    from app.core.blog import load_blog
    from app.core.blog.markup import markup_profile
    from app.core.render.flavor import flavor_for

    return flavor_for(markup_profile(load_blog(BLOGS / oracle)))


def postdesk_html(oracle: str, sample: str) -> str:
    from app.core.render.flavor import Flavor
    from app.core.render.markdown import render_post

    flavor = _flavor(oracle)
    assert isinstance(flavor, Flavor)
    text = (SAMPLES / f"{sample}.md").read_text(encoding="utf-8")
    return render_post(text, SAMPLES, flavor=flavor).html  # the post beside its images


@cache
def pair(oracle: str, sample: str) -> tuple[dict[str, list[object]], dict[str, list[object]]]:
    """(the real tool's features, Postdesk's features) of one sample."""
    return features(expected_html(oracle, sample)), features(postdesk_html(oracle, sample))


def differing(oracle: str, sample: str) -> list[str]:
    want, got = pair(oracle, sample)
    return [f for f in FEATURES if want[f] != got[f]]


def known() -> dict[tuple[str, str, str], str]:
    """(oracle, sample, feature) -> why Postdesk differs there today."""
    data = tomllib.loads(KNOWN.read_text(encoding="utf-8"))
    out: dict[tuple[str, str, str], str] = {}
    for oracle, table in data.items():
        for key, reason in table.items():
            sample, _, feature = key.partition(".")
            out[(oracle, sample, feature)] = str(reason)
    return out


def main(argv: list[str]) -> int:
    names = samples()
    listed = known()
    drift: list[str] = []
    print(f"{'oracle':<12} {'match':>7}  features that differ (samples)")
    for oracle in ORACLES:
        full = 0
        counts: dict[str, list[str]] = {}
        for sample in names:
            diff = differing(oracle, sample)
            full += not diff
            for feature in diff:
                counts.setdefault(feature, []).append(sample)
            for feature in FEATURES:
                is_known = (oracle, sample, feature) in listed
                if is_known != (feature in diff):
                    state = "now matches" if is_known else "differs, not in known.toml"
                    drift.append(f"  {oracle} {sample}.{feature}: {state}")
        shown = ", ".join(f"{f} ({len(s)})" for f, s in counts.items()) or "-"
        print(f"{oracle:<12} {full:>3}/{len(names):<3}  {shown}")
    if "-v" in argv:
        for oracle in ORACLES:
            for sample in names:
                want, got = pair(oracle, sample)
                for feature in differing(oracle, sample):
                    print(f"\n{oracle} {sample}.{feature}\n  real:     {want[feature]}")
                    print(f"  postdesk: {got[feature]}")
    if drift:
        print("\nknown.toml is out of date:")
        print("\n".join(drift))
    return 1 if drift else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
