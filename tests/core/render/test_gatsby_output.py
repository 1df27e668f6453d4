"""A Gatsby blog's images and ```toc fence drawn as its plugins draw them (Flavor switches).

Expected HTML comes from the real plugins, run here on the same posts:
- gatsby-remark-images 7.16.0 (gatsby-plugin-sharp 5.16.0 on sharp 0.33.5; Gatsby's node
  store and job queue stubbed), Markdown parsed with remark-parse 9 / remark 13 and written
  with remark-html 13, as gatsby-transformer-remark 5 does. Resized copies' URLs, srcset,
  sizes and the blurred placeholder are the blog build's own and are left out of the
  comparison (the preview shows the local file), as are the preview's data-* attributes.
- gatsby-remark-table-of-contents 2.0.0 (mdast-util-toc 5.1.0), same remark.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest

from app.core.render.flavor import Flavor
from app.core.render.gatsby_images import GatsbyImageOptions, default_alt, image_markup
from app.core.render.imagesize import image_size
from app.core.render.markdown import render_post

GATSBY = Flavor(image_max_width=590)  # gatsby-remark-images { maxWidth: 590 }
CAPTIONS = Flavor(image_max_width=590, captions="gatsby")  # … showCaptions: true
TOC = Flavor(toc="gatsby")


# ------------------------------------------------------------ image files


def png(width: int, height: int) -> bytes:
    """A real (1-bit grey, blank) PNG of that size."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = (b"\x00" + b"\x00" * ((width + 7) // 8)) * height
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg_header(width: int, height: int) -> bytes:
    """A JPEG's start: an APP1 (Exif) segment, fill bytes, then the frame header."""
    exif = b"Exif\x00\x00II\x2a\x00"
    app1 = b"\xff\xe1" + struct.pack(">H", 2 + len(exif)) + exif
    sof = b"\xff\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 3) + b"\x01\x22\x00"
    return b"\xff\xd8" + app1 + sof + b"\xff\xd9"


# the first bytes sharp 0.33.5 writes for a 333 x 777 WebP: lossy, lossless, extended
WEBP_VP8 = bytes.fromhex("5249464622020000574542505650382016020000903a009d012a4d010903")
WEBP_VP8L = bytes.fromhex("524946462e000000574542505650384c210000002f4c01c20007d099ce94")
WEBP_VP8X = bytes.fromhex("524946463e02000057454250565038580a000000100000004c0100080300")


@pytest.fixture
def post_dir(tmp_path: Path) -> Path:
    """The images the plugin runs were made with (same names and sizes)."""
    (tmp_path / "wide-photo_1.png").write_bytes(png(1200, 800))
    (tmp_path / "small.jpg").write_bytes(jpeg_header(300, 200))
    (tmp_path / "tall.webp").write_bytes(WEBP_VP8)
    (tmp_path / "anim.gif").write_bytes(b"GIF89a" + struct.pack("<HH", 64, 64) + b"\x00" * 8)
    return tmp_path


def normalized(markup: str) -> str:
    """Markup to compare with the plugin's: no srcset/sizes/placeholder, URLs cut to the
    file name, the preview's data-* attributes and ids out, whitespace between tags out."""
    markup = re.sub(r"background-image: url\('[^']*'\); background-size: cover;", "", markup)
    markup = re.sub(
        r'\s(srcset|sizes|data-src-original|data-href-original|data-source-line|id)="[^"]*"',
        "",
        markup,
    )
    markup = re.sub(r'(src|href)="[^"]*/([^/"]+)"', r'\1="\2"', markup)
    markup = re.sub(r"\s+", " ", markup)
    markup = re.sub(r"\s*/?>", ">", markup)
    return markup.replace("> <", "><").strip()


def render(text: str, folder: Path | None, flavor: Flavor) -> str:
    return render_post(text, folder, flavor=flavor).html


# ---------------------------------------------------------- gatsby-remark-images

IMAGES_POST = """\
![A wide photo](wide-photo_1.png)

Text before ![](tall.webp) and after.

<img src="wide-photo_1.png" style="width: 30%" alt="Sized by the author">

[![linked](small.jpg "The title")](https://example.com)

![GATSBY_EMPTY_ALT](small.jpg)
"""
CAPTIONS_POST = """\
![Alt & <text>](small.jpg "Title's")

![Only alt](small.jpg)

![](small.jpg "Only title")

<img src="small.jpg" alt="raw alt" title="raw title">
"""

# gatsby-remark-images 7.16.0's output for IMAGES_POST, normalized
PLUGIN_IMAGES = (
    '<p><span class="gatsby-resp-image-wrapper" style="position: relative; display: '
    'block; margin-left: auto; margin-right: auto; max-width: 590px; "><a '
    'class="gatsby-resp-image-link" href="wide-photo_1.png" style="display: block" '
    'target="_blank" rel="noopener"><span class="gatsby-resp-image-background-image" '
    'style="padding-bottom: 66.89189189189189%; position: relative; bottom: 0; left: 0; '
    'display: block;"></span><img class="gatsby-resp-image-image" alt="A wide photo" '
    'title="" src="wide-photo_1.png" style="width:100%;height:100%;margin:0;'
    'vertical-align:middle;position:absolute;top:0;left:0;" loading="lazy" '
    'decoding="async"></a></span></p><p>Text before <span '
    'class="gatsby-resp-image-wrapper" style="position: relative; display: block; '
    'margin-left: auto; margin-right: auto; max-width: 333px; "><a '
    'class="gatsby-resp-image-link" href="tall.webp" style="display: block" '
    'target="_blank" rel="noopener"><span class="gatsby-resp-image-background-image" '
    'style="padding-bottom: 233.10810810810813%; position: relative; bottom: 0; left: 0; '
    'display: block;"></span><img class="gatsby-resp-image-image" alt="tall" title="" '
    'src="tall.webp" style="width:100%;height:100%;margin:0;vertical-align:middle;'
    'position:absolute;top:0;left:0;" loading="lazy" decoding="async"></a></span> and '
    'after.</p><span class="gatsby-resp-image-wrapper" style="position: relative; '
    'display: block; margin-left: auto; margin-right: auto; max-width: 590px; "><a '
    'class="gatsby-resp-image-link" href="wide-photo_1.png" style="display: block" '
    'target="_blank" rel="noopener"><span class="gatsby-resp-image-background-image" '
    'style="padding-bottom: 66.89189189189189%; position: relative; bottom: 0; left: 0; '
    'display: block;"></span><img class="gatsby-resp-image-image" alt="Sized by the '
    'author" title="" src="wide-photo_1.png" style="width:100%;height:100%;margin:0;'
    'vertical-align:middle;position:absolute;top:0;left:0;" loading="lazy" '
    'decoding="async"></a></span><p><a href="example.com"><span '
    'class="gatsby-resp-image-wrapper" style="position: relative; display: block; '
    'margin-left: auto; margin-right: auto; max-width: 300px; "><span '
    'class="gatsby-resp-image-background-image" style="padding-bottom: '
    '66.89189189189189%; position: relative; bottom: 0; left: 0; display: block;"></span>'
    '<img class="gatsby-resp-image-image" alt="linked" title="The title" src="small.jpg" '
    'style="width:100%;height:100%;margin:0;vertical-align:middle;position:absolute;'
    'top:0;left:0;" loading="lazy" decoding="async"></span></a></p><p><span '
    'class="gatsby-resp-image-wrapper" style="position: relative; display: block; '
    'margin-left: auto; margin-right: auto; max-width: 300px; "><a '
    'class="gatsby-resp-image-link" href="small.jpg" style="display: block" '
    'target="_blank" rel="noopener"><span class="gatsby-resp-image-background-image" '
    'style="padding-bottom: 66.89189189189189%; position: relative; bottom: 0; left: 0; '
    'display: block;"></span><img class="gatsby-resp-image-image" alt="" title="" '
    'src="small.jpg" style="width:100%;height:100%;margin:0;vertical-align:middle;'
    'position:absolute;top:0;left:0;" loading="lazy" decoding="async"></a></span></p>'
)
PLUGIN_CAPTIONS = (
    '<p><figure class="gatsby-resp-image-figure" style=""><span '
    'class="gatsby-resp-image-wrapper" style="position: relative; display: block; '
    'margin-left: auto; margin-right: auto; max-width: 300px; "><a '
    'class="gatsby-resp-image-link" href="small.jpg" style="display: block" '
    'target="_blank" rel="noopener"><span class="gatsby-resp-image-background-image" '
    'style="padding-bottom: 66.89189189189189%; position: relative; bottom: 0; left: 0; '
    'display: block;"></span><img class="gatsby-resp-image-image" alt="Alt &amp; &lt;'
    'text&gt;" title="Title&#39;s" src="small.jpg" style="width:100%;height:100%;'
    'margin:0;vertical-align:middle;position:absolute;top:0;left:0;" loading="lazy" '
    'decoding="async"></a></span><figcaption '
    'class="gatsby-resp-image-figcaption">Title&#39;s</figcaption></figure></p><p>'
    '<figure class="gatsby-resp-image-figure" style=""><span '
    'class="gatsby-resp-image-wrapper" style="position: relative; display: block; '
    'margin-left: auto; margin-right: auto; max-width: 300px; "><a '
    'class="gatsby-resp-image-link" href="small.jpg" style="display: block" '
    'target="_blank" rel="noopener"><span class="gatsby-resp-image-background-image" '
    'style="padding-bottom: 66.89189189189189%; position: relative; bottom: 0; left: 0; '
    'display: block;"></span><img class="gatsby-resp-image-image" alt="Only alt" '
    'title="" src="small.jpg" style="width:100%;height:100%;margin:0;'
    'vertical-align:middle;position:absolute;top:0;left:0;" loading="lazy" '
    'decoding="async"></a></span><figcaption class="gatsby-resp-image-figcaption">Only '
    'alt</figcaption></figure></p><p><figure class="gatsby-resp-image-figure" style="">'
    '<span class="gatsby-resp-image-wrapper" style="position: relative; display: block; '
    'margin-left: auto; margin-right: auto; max-width: 300px; "><a '
    'class="gatsby-resp-image-link" href="small.jpg" style="display: block" '
    'target="_blank" rel="noopener"><span class="gatsby-resp-image-background-image" '
    'style="padding-bottom: 66.89189189189189%; position: relative; bottom: 0; left: 0; '
    'display: block;"></span><img class="gatsby-resp-image-image" alt="small" '
    'title="Only title" src="small.jpg" style="width:100%;height:100%;margin:0;'
    'vertical-align:middle;position:absolute;top:0;left:0;" loading="lazy" '
    'decoding="async"></a></span><figcaption class="gatsby-resp-image-figcaption">Only '
    'title</figcaption></figure></p><figure class="gatsby-resp-image-figure" style="">'
    '<span class="gatsby-resp-image-wrapper" style="position: relative; display: block; '
    'margin-left: auto; margin-right: auto; max-width: 300px; "><a '
    'class="gatsby-resp-image-link" href="small.jpg" style="display: block" '
    'target="_blank" rel="noopener"><span class="gatsby-resp-image-background-image" '
    'style="padding-bottom: 66.89189189189189%; position: relative; bottom: 0; left: 0; '
    'display: block;"></span><img class="gatsby-resp-image-image" alt="raw alt" '
    'title="raw title" src="small.jpg" style="width:100%;height:100%;margin:0;'
    'vertical-align:middle;position:absolute;top:0;left:0;" loading="lazy" '
    'decoding="async"></a></span><figcaption class="gatsby-resp-image-figcaption">raw '
    "title</figcaption></figure>"
)


def test_images_are_drawn_as_gatsby_remark_images_draws_them(post_dir: Path) -> None:
    # max-width is maxWidth, or the file's width when smaller (300, 333); the image fills
    # a box of the plugin's aspect ratio; an image in a link gets no link to the original
    assert normalized(render(IMAGES_POST, post_dir, GATSBY)) == PLUGIN_IMAGES


def test_raw_img_sized_by_the_author_is_drawn_full_width(post_dir: Path) -> None:
    text = '<img src="wide-photo_1.png" style="width: 30%" alt="Sized by the author">\n'
    default = render(text, post_dir, Flavor())
    assert 'style="width: 30%"' in default  # today's preview: small
    drawn = render(text, post_dir, GATSBY)
    assert "width: 30%" not in drawn  # the blog: the plugin replaces the whole tag
    assert "max-width: 590px" in drawn
    assert "width:100%;height:100%" in drawn


def test_captions_show_title_then_alt(post_dir: Path) -> None:
    assert normalized(render(CAPTIONS_POST, post_dir, CAPTIONS)) == PLUGIN_CAPTIONS


def test_captions_follow_the_listed_order(post_dir: Path) -> None:
    # showCaptions: ["alt", "title"] (7.16.0's figcaptions for CAPTIONS_POST)
    flavor = Flavor(image_max_width=590, captions="gatsby", caption_from=("alt", "title"))
    captions = re.findall(r"<figcaption[^>]*>([^<]*)<", render(CAPTIONS_POST, post_dir, flavor))
    assert captions == ["Alt &amp; &lt;text&gt;", "Only alt", "Only title", "raw alt"]
    flavor = Flavor(image_max_width=590, captions="gatsby", caption_from=("title",))
    captions = re.findall(r"<figcaption[^>]*>([^<]*)<", render(CAPTIONS_POST, post_dir, flavor))
    assert captions == ["Title&#39;s", "Only title", "raw title"]


def test_empty_alt_is_the_file_name_without_extension(post_dir: Path) -> None:
    drawn = render("![](wide-photo_1.png)\n", post_dir, GATSBY)
    assert 'alt="wide photo 1"' in drawn  # 7.16.0: every non-[A-Za-z0-9] becomes a space
    assert default_alt("사진-1.png") == "   1"  # JavaScript's regex: Hangul too
    assert default_alt("a😀b.v2.jpg?x=1") == "a  b v2"  # an astral character is two units
    assert default_alt("dir/.png") == ""  # (its regex takes a dot file's whole name)


def test_the_preview_image_handling_still_applies(post_dir: Path) -> None:
    drawn = render("![A wide photo](wide-photo_1.png)\n", post_dir, GATSBY)
    uri = (post_dir / "wide-photo_1.png").as_uri()
    assert f'src="{uri}"' in drawn and f'href="{uri}"' in drawn
    assert 'data-src-original="wide-photo_1.png"' in drawn
    # what the plugin leaves alone keeps today's handling (7.16.0 leaves a missing file,
    # a GIF, a remote image, and a whole raw HTML node holding a missing image)
    text = (
        "![missing](nothere.png)\n\n![gif](anim.gif)\n\n![remote](https://example.com/a.png)\n\n"
        '<div><img src="small.jpg"><img src="nothere.png"></div>\n'
    )
    assert render(text, post_dir, GATSBY) == render(text, post_dir, Flavor())
    assert 'class="missing-image"' in render(text, post_dir, GATSBY)


def test_without_a_folder_nothing_is_replaced() -> None:
    text = '![A](a.png)\n\n<img src="b.png" style="width: 30%">\n'
    assert render(text, None, GATSBY) == render(text, None, Flavor())


def test_a_link_anywhere_among_an_ancestors_children_drops_the_link_to_the_original(
    post_dir: Path,
) -> None:
    # 7.16.0's findParentLinks: the paragraph holds a link, so neither image is linked
    text = (
        "See [a link](https://example.com) and ![beside](small.jpg).\n\n*![em](small.jpg)* [x](y)\n"
    )
    assert "gatsby-resp-image-link" not in render(text, post_dir, GATSBY)
    # … and raw HTML with "<a " at the top level counts for every image in the post
    text = '![alone](small.jpg)\n\n<p><a href="https://example.com">home</a></p>\n'
    assert "gatsby-resp-image-link" not in render(text, post_dir, GATSBY)
    assert "gatsby-resp-image-link" in render("![alone](small.jpg)\n", post_dir, GATSBY)


def test_an_image_whose_size_cannot_be_read_is_as_wide_as_max_width(tmp_path: Path) -> None:
    (tmp_path / "scan.tiff").write_bytes(b"II*\x00" + b"\x00" * 16)
    drawn = render("![scan](scan.tiff)\n", tmp_path, GATSBY)
    assert "max-width: 590px" in drawn
    assert "padding-bottom" not in drawn and "width:100%;height:auto" in drawn


def test_image_markup_matches_the_plugin_template(post_dir: Path) -> None:
    options = GatsbyImageOptions(max_width=590, captions=("title", "alt"))
    drawn = image_markup(
        uri="file:///x/small.jpg",
        original="small.jpg",
        path=str(post_dir / "small.jpg"),
        alt="GATSBY_EMPTY_ALT",
        title="",
        in_link=True,
        options=options,
    )
    assert 'alt=""' in drawn and "<figure" not in drawn  # the empty alt: no caption either


@pytest.mark.parametrize(
    ("data", "size"),
    [
        (png(1200, 800), (1200, 800)),
        (jpeg_header(300, 200), (300, 200)),
        (WEBP_VP8, (333, 777)),
        (WEBP_VP8L, (333, 777)),
        (WEBP_VP8X, (333, 777)),
        (b"GIF89a" + struct.pack("<HH", 64, 48) + b"\x00" * 8, (64, 48)),
        (b"\xff\xd8\xff\xe1\x00", None),  # cut short
        (b"not an image at all", None),
        (b"", None),
    ],
)
def test_image_size_reads_the_header(tmp_path: Path, data: bytes, size: object) -> None:
    path = tmp_path / "image"
    path.write_bytes(data)
    assert image_size(str(path)) == size
    assert image_size(str(tmp_path / "absent.png")) is None


# ------------------------------------------------ gatsby-remark-table-of-contents

TOC_NESTING = """\
# Title

```toc
```

## A

#### Deep

### B *em* `c`

## A

##### five

## [Link](x) here
"""
# 2.0.0 with { className: "table-of-contents" } (the README's configuration)
PLUGIN_TOC_NESTING = """\
<h1>Title</h1>
<div class="table-of-contents">
<ul>
<li>
<p><a href="#a">A</a></p>
<ul>
<li>
<ul>
<li><a href="#deep">Deep</a></li>
</ul>
</li>
<li>
<p><a href="#b-em-c">B <em>em</em> <code>c</code></a></p>
</li>
</ul>
</li>
<li>
<p><a href="#a-1">A</a></p>
<ul>
<li>
<ul>
<li>
<ul>
<li><a href="#five">five</a></li>
</ul>
</li>
</ul>
</li>
</ul>
</li>
<li>
<p><a href="#link-here">Link here</a></p>
</li>
</ul>
</div>
<h2>A</h2>
<h4>Deep</h4>
<h3>B <em>em</em> <code>c</code></h3>
<h2>A</h2>
<h5>five</h5>
<h2><a href="x">Link</a> here</h2>
"""

TOC_OPTIONS = """\
```toc
tight: true
ordered: true
exclude: [B, "Skip.*"]
from-heading: 3
to-heading: 4
class-name: my toc
```

## A

### B

### C

#### D

##### E

### Skipped one

### C

## F

###

### G
"""
PLUGIN_TOC_OPTIONS = """\
<div class="my toc">
<ol>
<li><a href="#c">C</a>
<ol>
<li><a href="#d">D</a></li>
</ol>
</li>
<li><a href="#c-1">C</a></li>
<li><a href="#g">G</a></li>
</ol>
</div>
<h2>A</h2>
<h3>B</h3>
<h3>C</h3>
<h4>D</h4>
<h5>E</h5>
<h3>Skipped one</h3>
<h3>C</h3>
<h2>F</h2>
<h3></h3>
<h3>G</h3>
"""


def without_preview_attrs(markup: str) -> str:
    return re.sub(r' (?:id|data-source-line|data-lang)="[^"]*"', "", markup)


def test_toc_markup_and_nesting_as_the_plugin_draws_them() -> None:
    # div.table-of-contents > ul; a skipped level nests one deeper (an item holding only
    # a list); items with a sublist are loose (<p>), as mdast-util-toc makes them
    html = render(TOC_NESTING, None, TOC)
    assert without_preview_attrs(html) == PLUGIN_TOC_NESTING
    assert render(TOC_NESTING, None, Flavor()).count('<ul class="table-of-contents"') == 1


def test_toc_options_in_the_fence() -> None:
    assert without_preview_attrs(render(TOC_OPTIONS, None, TOC)) == PLUGIN_TOC_OPTIONS


def test_toc_links_are_mdast_util_toc_slugs() -> None:
    # its slugger sees only the listed headings' levels: after an h1 "Intro", the h2
    # "Intro" is #intro in the toc (broken on the blog too: the page id is intro-1);
    # links are percent-encoded as remark writes them
    text = "# Intro\n\n```toc\n```\n\n## Intro\n\n## 배부른 고민(?)\n"
    html = render(text, None, TOC)
    assert '<a href="#intro">Intro</a>' in html
    assert 'id="intro-1">Intro</h2>' in html
    assert '<a href="#%EB%B0%B0%EB%B6%80%EB%A5%B8-%EA%B3%A0%EB%AF%BC">' in html


def test_only_the_first_top_level_toc_fence_is_a_toc() -> None:
    # 2.0.0 replaces the first ```toc among the post's top-level blocks and lists only
    # top-level headings: a quoted heading is not listed, a second fence stays code
    text = '```toc\nclass-name: "bad<x"\n```\n\n## A\n\n> ## In quote\n\n```toc\n```\n'
    html = without_preview_attrs(render(text, None, TOC))
    assert html == (
        '<div class="toc">\n<ul>\n<li><a href="#a">A</a></li>\n</ul>\n</div>\n'
        "<h2>A</h2>\n<blockquote>\n<h2>In quote</h2>\n</blockquote>\n"
        '<pre><code class="language-toc"></code></pre>\n'
    )
    listed = render("- ```toc\n  ```\n\n## A\n", None, TOC)
    assert '<code class="language-toc">' in listed and "<div" not in listed


def test_a_toc_with_no_heading_says_the_blog_will_not_build() -> None:
    # 2.0.0: mdast-util-toc gives no list and remark-html stops on it
    result = render_post("```toc\n```\n\ntext\n", flavor=TOC)
    assert '<div class="table-of-contents"' in result.html
    assert any("no heading" in note for note in result.notes)
