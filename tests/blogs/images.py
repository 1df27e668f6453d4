"""One post per generator that shows an image the way that generator finds it, and where
a pasted image goes there (shared by the core and the window's tests)."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

from tests.blogs.build import build_blog


def png_bytes() -> bytes:
    """A 2×2 red PNG (a real image the preview can decode)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )  # fmt: skip


@dataclass(frozen=True)
class ImageCase:
    generator: str
    post: str  # the post, relative to the blog's root
    body: str  # how it refers to the image
    image: str  # where the generator reads the image from
    paste_dir: str  # where a pasted image goes
    paste_link: str  # the link written for a pasted `image.png`
    config_extra: tuple[str, str] | None = None  # (file, text appended)
    label: str = ""  # the test id, when the generator has more than one case


CASES = [
    ImageCase(
        "hugo", "content/posts/pic-post.md", "![사진](/img/pic.png)", "static/img/pic.png",
        "static/images", "![image](/images/image.png)",
    ),
    ImageCase(
        "jekyll", "_posts/2024-03-05-pic-post.md", "![사진](/assets/img/pic.png)",
        "assets/img/pic.png", "assets/images", "![image](/assets/images/image.png)",
    ),
    ImageCase(
        "jekyll", "_posts/2024-03-06-liquid-url.md",
        '![사진]({{ "/assets/img/pic.png" | relative_url }}) and {{ site.baseurl }}',
        "assets/img/pic.png", "assets/images", "![image](/assets/images/image.png)",
        label="jekyll-liquid-url",
    ),
    ImageCase(
        "hexo", "source/_posts/pic-post.md", "{% asset_img pic.png 사진 %}",
        "source/_posts/pic-post/pic.png", "source/_posts/pic-post",
        '{% asset_img image.png "image" %}', ("_config.yml", "post_asset_folder: true\n"),
    ),
    ImageCase(
        "astro", "src/content/blog/pic-post.md", "![사진](/pic.png)", "public/pic.png",
        "src/assets", "![image](../../assets/image.png)",
    ),
    ImageCase(
        "docusaurus", "news/2024-03-06-pic-post.md", "![사진](/img/pic.png)",
        "static/img/pic.png", "static/img", "![image](/img/image.png)",
    ),
    ImageCase(  # served once the config copies it: addPassthroughCopy("content/img")
        "eleventy", "content/blog/pic-post.md", "![사진](/img/pic.png)", "content/img/pic.png",
        "content/blog", "![image](./image.png)",
    ),
    ImageCase(
        "gatsby", "content/blog/pic-post/index.md", "![사진](/pic.png)", "static/pic.png",
        "content/blog/pic-post", "![image](./image.png)",
    ),
]  # fmt: skip
IDS = [case.label or case.generator for case in CASES]


def build_case(case: ImageCase, dest: Path, *, with_image: bool = True) -> Path:
    """The sample blog of the case's generator with its post (and image); the post's path."""
    build_blog(case.generator, dest)
    if case.config_extra is not None:
        name, extra = case.config_extra
        with (dest / name).open("a", encoding="utf-8") as handle:
            handle.write(extra)
    post = dest / case.post
    post.parent.mkdir(parents=True, exist_ok=True)
    front = "title: 사진 한 장\ndate: 2024-03-05"
    post.write_text(f"---\n{front}\n---\n\n{case.body}\n", encoding="utf-8")
    if with_image:
        image = dest / case.image
        image.parent.mkdir(parents=True, exist_ok=True)
        image.write_bytes(png_bytes())
    return post
