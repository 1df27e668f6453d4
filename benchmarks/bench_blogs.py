"""Indexing a blog by its generator's rules: ``run()`` returns median seconds.

- ``jekyll_10k_*``: 10,000 Jekyll posts in ``_posts/`` (the date only in the file name,
  YAML front matter without `date`), 100 drafts in ``_drafts/``, a vendored theme gem
  that must not be read. ``bare`` is the floor: the same files indexed as a plain folder
  (`scan(root)`: one YAML head parse a file, no rules); ``cold`` with the blog's rules
  and no cache (`load_blog` included); ``warm`` with a loaded `IndexCache`.
- ``hugo_ml_1400_*``: a Hugo blog in two languages (content/en and content/ko through
  `languages.*.contentDir`), 1,400 Markdown files: posts in TOML and YAML, leaf bundles
  with images, section pages, a theme with its exampleSite.

The blogs are generated once into ``benchmarks/.data/`` (gitignored).
Run: ``.venv/bin/python -m benchmarks.bench_blogs``
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.blog import load_blog
from app.core.library.cache import IndexCache
from app.core.library.index import scan
from benchmarks.bench_index import _TAGS, _TOPICS, _body

DATA = Path(__file__).resolve().parent / ".data"
_VERSION = "1"


def _jekyll(root: Path, count: int) -> None:
    rng = random.Random(count)
    (root / "_posts").mkdir(parents=True)
    (root / "_drafts").mkdir()
    (root / "_config.yml").write_text("title: 벤치 블로그\ntimezone: Asia/Seoul\n", "utf-8")
    (root / "Gemfile").write_text('gem "jekyll"\n', "utf-8")
    for n in range(count):
        y, mo, d = 2010 + n % 15, 1 + n % 12, 1 + n % 28
        tags = rng.sample(_TAGS, rng.randint(1, 4))
        front = (
            f"layout: post\ntitle: 글 {n} — post {n}\ntags: [{', '.join(tags)}]\n"
            f"categories: {rng.choice(_TOPICS)}\n" + ("published: false\n" if n % 50 == 0 else "")
        )
        name = f"{y}-{mo:02d}-{d:02d}-post-{n:05d}.md"
        (root / "_posts" / name).write_text(f"---\n{front}---\n\n{_body(rng)}", "utf-8")
    for n in range(100):
        text = f"---\ntitle: 초안 {n}\n---\n\n{_body(rng)}"
        (root / "_drafts" / f"draft-{n}.md").write_text(text, "utf-8")
    gem = root / "vendor/bundle/ruby/3.1.0/gems/minima-2.5.1"
    gem.mkdir(parents=True)
    for n in range(50):
        (gem / f"doc-{n}.md").write_text(f"---\ntitle: theme {n}\n---\n", "utf-8")


def _hugo(root: Path) -> None:
    rng = random.Random(1400)
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ntitle = "다국어"\n\n[languages.en]\n'
        'contentDir = "content/en"\nweight = 1\n\n[languages.ko]\ncontentDir = "content/ko"\n'
        'weight = 2\n\n[params]\nmainSections = ["posts"]\n',
        "utf-8",
    )
    (root / "archetypes").mkdir()
    files = 0
    for lang in ("en", "ko"):
        content = root / "content" / lang
        for section in ("posts", "notes"):
            (content / section).mkdir(parents=True)
            (content / section / "_index.md").write_text(f"---\ntitle: {section}\n---\n", "utf-8")
            files += 1
        (content / "_index.md").write_text("---\ntitle: home\n---\n", "utf-8")
        files += 1
        n = 0
        while files < (700 if lang == "en" else 1400):
            y, mo, d = 2016 + n % 9, 1 + n % 12, 1 + n % 28
            section = "posts" if n % 5 else "notes"
            draft = "true" if n % 40 == 0 else "false"
            if n % 2:  # TOML
                head = (
                    f'+++\ntitle = "{lang} post {n}"\ndate = {y}-{mo:02d}-{d:02d}T09:00:00+09:00\n'
                    f"draft = {draft}\ntags = {rng.sample(_TAGS, 2)!r}\n+++\n"
                ).replace("'", '"')
            else:  # YAML
                date = f"{y}-{mo:02d}-{d:02d}"
                head = f"---\ntitle: {lang} 글 {n}\ndate: {date}\ndraft: {draft}\n---\n"
            text = head + "\n" + _body(rng)
            if n % 3 == 0:  # a leaf bundle with an image and a resource page
                bundle = content / section / f"bundle-{n}"
                bundle.mkdir()
                (bundle / "index.md").write_text(text, "utf-8")
                (bundle / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")
                (bundle / "extra.md").write_text("A resource, not a page.\n", "utf-8")
                files += 2
            else:
                (content / section / f"post-{n}.md").write_text(text, "utf-8")
                files += 1
            n += 1
    example = root / "themes/paper/exampleSite/content/posts"
    example.mkdir(parents=True)
    for n in range(30):
        (example / f"sample-{n}.md").write_text(f"---\ntitle: sample {n}\n---\n", "utf-8")


def _blog(name: str, make: Callable[[Path], None]) -> Path:
    root = DATA / name
    marker = root / ".generated"
    if marker.exists() and marker.read_text() == _VERSION:
        return root
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    make(root)
    (root / ".git").mkdir(exist_ok=True)
    marker.write_text(_VERSION)
    return root


def jekyll_blog() -> Path:
    return _blog("jekyll-10000", lambda root: _jekyll(root, 10_000))


def hugo_blog() -> Path:
    return _blog("hugo-ml-1400", _hugo)


def _median_s(action: Callable[[], object], repetitions: int) -> float:
    timings: list[float] = []
    for _ in range(repetitions):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return round(statistics.median(timings), 4)


def _figures(prefix: str, root: Path, repetitions: int) -> dict[str, float]:
    """Bare and cold runs alternate (this machine is shared: the load moves between
    runs), so their ratio is taken pair by pair."""
    scan(root)  # warm the OS file cache once
    bare: list[float] = []
    cold: list[float] = []
    runs: tuple[tuple[list[float], Callable[[], object]], ...] = (
        (bare, lambda: scan(root)),
        (cold, lambda: scan(root, blog=load_blog(root))),
    )
    for _ in range(repetitions):
        for into, action in runs:
            start = time.perf_counter()
            action()
            into.append(time.perf_counter() - start)
    results = {
        f"{prefix}_bare_s": round(statistics.median(bare), 4),
        f"{prefix}_cold_s": round(statistics.median(cold), 4),
        f"{prefix}_cold_over_bare_x": round(
            statistics.median(c / b for c, b in zip(cold, bare, strict=True)), 2
        ),
        f"{prefix}_load_blog_s": _median_s(lambda: load_blog(root), repetitions),
    }
    with tempfile.TemporaryDirectory() as cache_dir:
        path = Path(cache_dir) / "index.json"
        scan(root, cache=IndexCache(path), blog=load_blog(root))  # fills the cache
        results[f"{prefix}_warm_s"] = _median_s(
            lambda: scan(root, cache=IndexCache(path), blog=load_blog(root)), repetitions
        )
    return results


def run() -> dict[str, float]:
    jekyll, hugo = jekyll_blog(), hugo_blog()
    return {**_figures("jekyll_10k", jekyll, 5), **_figures("hugo_ml_1400", hugo, 7)}


if __name__ == "__main__":
    print(run())
