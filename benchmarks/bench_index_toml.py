"""Indexing a Hugo blog of TOML posts, against the same count of YAML posts and the floor.

``run()`` returns median seconds: a cold scan of 10,000 TOML posts (`+++` heads, bare
dates, tag arrays, like Hugo's), the YAML blog of bench_index beside it, and the bare
floor: tomllib over the 10,000 heads already in memory (no files, no walk).
The blog is generated once into ``benchmarks/.data/`` (gitignored).

Run: ``.venv/bin/python -c "import benchmarks.bench_index_toml as b; print(b.run())"``
"""

from __future__ import annotations

import random
import shutil
import tomllib
from pathlib import Path

from app.core.library.index import scan
from benchmarks import bench_index

_GENERATOR_VERSION = "1"


def _head(rng: random.Random, n: int) -> str:
    y, mo, d = 2015 + n % 10, 1 + n % 12, 1 + n % 28
    tags = ", ".join(f'"{t}"' for t in rng.sample(bench_index._TAGS, rng.randint(1, 4)))
    return (
        f'title = "휴고 글 {n}"\n'
        f"date = {y}-{mo:02d}-{d:02d}T{n % 24:02d}:{n % 60:02d}:00+09:00\n"
        f"tags = [{tags}]\n"
        f'categories = ["{rng.choice(bench_index._TOPICS)}"]\n'
        f'description = "A post about Hugo and TOML, number {n}"\n'
        + ("draft = true\n" if n % 17 == 0 else "")
        + f'\n[params]\nseries = "Series {n % 20}"\n'
    )


def blog(count: int) -> Path:
    """The synthetic Hugo blog with `count` TOML posts, generated on first use."""
    root = bench_index.DATA / f"hugo-toml-{count}"
    marker = root / ".generated"
    if marker.exists() and marker.read_text() == _GENERATOR_VERSION:
        return root
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(count)
    for n in range(count):
        folder = root / "content" / "posts" / bench_index._TOPICS[n % 8]
        folder.mkdir(parents=True, exist_ok=True)
        text = f"+++\n{_head(rng, n)}+++\n\n{bench_index._body(rng)}"
        (folder / f"post-{n:05d}.md").write_text(text, encoding="utf-8")
    marker.write_text(_GENERATOR_VERSION)
    return root


def run() -> dict[str, float]:
    toml_blog, yaml_blog = blog(10_000), bench_index.blog(10_000)
    scan(toml_blog)  # warm the OS file cache once
    scan(yaml_blog)
    heads = [_head(random.Random(n), n) for n in range(10_000)]

    def floor() -> None:
        for head in heads:
            tomllib.loads(head)

    return {
        "index_10k_toml_cold_s": bench_index._median_s(lambda: scan(toml_blog), 5),
        "index_10k_yaml_cold_s": bench_index._median_s(lambda: scan(yaml_blog), 5),
        "tomllib_10k_heads_floor_s": bench_index._median_s(floor, 5),
        "toml_posts_with_title": float(
            sum(1 for e in scan(toml_blog).entries if e.title.startswith("휴고"))
        ),
    }


if __name__ == "__main__":
    print(run())
