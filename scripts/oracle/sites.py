"""Render the oracle's sample posts with a real Hugo or Jekyll (dev-only, stdlib only).

    python3 scripts/oracle/sites.py hugo|jekyll SAMPLES_DIR BLOG_DIR OUT_DIR

Builds a throwaway site in a temporary folder: the blog's own config (BLOG_DIR, the same
one Postdesk's tests read), a layout that prints only the post's body, and each sample
as a post. Writes OUT_DIR/<sample>.html with the body the generator published.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _hugo(samples: list[Path], blog: Path, site: Path) -> dict[str, Path]:
    shutil.copy(blog / "hugo.toml", site / "hugo.toml")
    layouts = site / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text("{{ .Content }}", encoding="utf-8")
    (layouts / "list.html").write_text("", encoding="utf-8")
    posts = site / "content" / "posts"
    posts.mkdir(parents=True)
    for sample in samples:
        head = f'---\ntitle: "{sample.stem}"\ndate: 2020-01-01\n---\n'
        body = sample.read_text(encoding="utf-8")
        (posts / sample.name).write_text(head + body, encoding="utf-8")
    subprocess.run(
        ["hugo", "--quiet", "--source", str(site), "--destination", str(site / "public")],
        check=True,
    )
    return {s.stem: site / "public" / "posts" / s.stem / "index.html" for s in samples}


def _jekyll(samples: list[Path], blog: Path, site: Path) -> dict[str, Path]:
    shutil.copy(blog / "_config.yml", site / "_config.yml")
    layouts = site / "_layouts"
    layouts.mkdir()
    (layouts / "post.html").write_text("{{ content }}", encoding="utf-8")
    posts = site / "_posts"
    posts.mkdir()
    for sample in samples:
        head = f'---\nlayout: post\ntitle: "{sample.stem}"\npermalink: /{sample.stem}.html\n---\n'
        body = sample.read_text(encoding="utf-8")
        (posts / f"2020-01-01-{sample.name}").write_text(head + body, encoding="utf-8")
    subprocess.run(
        ["jekyll", "build", "--quiet", "--source", str(site), "--destination", str(site / "_site")],
        check=True,
    )
    return {s.stem: site / "_site" / f"{s.stem}.html" for s in samples}


def main(argv: list[str]) -> int:
    if len(argv) != 4 or argv[0] not in ("hugo", "jekyll"):
        print(__doc__, file=sys.stderr)
        return 2
    tool, samples_dir, blog_dir, out_dir = argv[0], Path(argv[1]), Path(argv[2]), Path(argv[3])
    samples = sorted(samples_dir.glob("*.md"))
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"oracle-{tool}-") as tmp:
        build = _hugo if tool == "hugo" else _jekyll
        for name, page in build(samples, blog_dir, Path(tmp)).items():
            html = page.read_text(encoding="utf-8").strip() + "\n"
            (out_dir / f"{name}.html").write_text(html, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
