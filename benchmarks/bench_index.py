"""Library indexing cost: ``run()`` returns median seconds for cold and warm scans.

Cold: no index cache (the OS file cache is warm, as after any earlier visit).
Warm: a fresh ``IndexCache`` loaded from disk, as on the app's next start.
The synthetic blogs are generated once into ``benchmarks/.data/`` (gitignored).

Run: ``.venv/bin/python -c "import benchmarks.bench_index as b; print(b.run())"``
"""

from __future__ import annotations

import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.core.library.cache import IndexCache
from app.core.library.index import scan

DATA = Path(__file__).resolve().parent / ".data"
_GENERATOR_VERSION = "1"
_TOPICS = ["dev", "essay", "retro", "travel", "til", "book", "data", "infra"]
_TAGS = ["python", "react", "gatsby", "인턴", "회고", "docker", "aws", "django", "여행", "독서"]
_KOREAN = (
    "인턴 생활을 하게 되면 한달에 두 번은 글을 올리겠다고 다짐했지만 회사에 적응하느라 "
    "한달 반 동안 이제 처음으로 포스트를 쓰게 됩니다. 현업에서 코드를 어떻게 관리하고 "
    "네트워크 구축은 어떻게 되어 있는지 파악하고 나니 배울 게 정말 많다는 생각이 들었습니다.\n"
)
_ENGLISH = (
    "Markdown posts mix prose with **bold** and *italic* text, `inline code`, links to "
    "[the docs](https://example.com/docs) and footnotes, and the occasional $x^2$.\n"
)
_CODE = "```python\ndef greet(name: str) -> str:\n    return f'hello, {name}'\n```\n"


def _frontmatter(rng: random.Random, n: int) -> str:
    y, mo, d = 2015 + n % 10, 1 + n % 12, 1 + n % 28
    h, mi, s = n % 24, n % 60, (n * 7) % 60
    tags = rng.sample(_TAGS, rng.randint(1, 4))
    style = n % 3
    if style == 0:  # zoomkoding style: emoji, quoted date, spaced terms
        return (
            f"emoji: 🧢\ntitle: 인턴 생활 회고 {n}\n"
            f"date: '{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}'\n"
            f"author: CodeSik\ntags: {' '.join(tags)}\ncategories: {rng.choice(_TOPICS)}\n"
        )
    if style == 1:  # husky style: quoted everything, ISO date with zone
        return (
            f"title: '{y}년 근황 {n}'\nsubtitle: '오랜 노력 끝에 {n}'\n"
            f"category: '{rng.choice(_TOPICS)}'\n"
            f"excerpt: '전자어음 투자 시스템을 개발하는 회사에 입사했습니다. 글 {n}.'\n"
            f"date: '{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+09:00'\n"
        )
    tag_text = (
        "[" + ", ".join(tags) + "]" if n % 2 else "".join(f"\n  - {t}" for t in tags)
    )  # hoodie style: list tags, unquoted date, series, sometimes draft
    return (
        f"title: Post number {n}\ndescription: A post about {tags[0]} and more\n"
        f"date: {y}-{mo:02d}-{d:02d}\nupdate: {y}-{mo:02d}-{d:02d}\ntags: {tag_text}\n"
        f"series: Series {n % 20}\n" + ("draft: true\n" if n % 17 == 0 else "")
    )


def _body(rng: random.Random) -> str:
    target = rng.randint(3000, 8000)
    parts: list[str] = []
    size = 0
    while size < target:
        part = rng.choice([_KOREAN, _ENGLISH, _CODE, "## 소제목 Heading\n"]) + "\n"
        parts.append(part)
        size += len(part.encode("utf-8"))
    return "".join(parts)


def _generate(root: Path, count: int) -> None:
    rng = random.Random(count)
    for n in range(count):
        folder = root / "contents" / "posts" / _TOPICS[n % len(_TOPICS)] / f"post-{n:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        text = f"---\n{_frontmatter(rng, n)}---\n\n{_body(rng)}"
        (folder / "index.md").write_text(text, encoding="utf-8")
        if n % 3 == 0:
            (folder / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n")


def blog(count: int) -> Path:
    """The synthetic blog with `count` posts, generated on first use."""
    root = DATA / f"blog-{count}"
    marker = root / ".generated"
    if marker.exists() and marker.read_text() == _GENERATOR_VERSION:
        return root
    shutil.rmtree(root, ignore_errors=True)
    _generate(root, count)
    marker.write_text(_GENERATOR_VERSION)
    return root


def _median_s(action: Callable[[], object], repetitions: int) -> float:
    timings: list[float] = []
    for _ in range(repetitions):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return round(statistics.median(timings), 4)


def run() -> dict[str, float]:
    small, large = blog(1_000), blog(10_000)
    scan(small)  # warm the OS file cache once
    scan(large)
    results = {
        "index_1k_cold_s": _median_s(lambda: scan(small), 7),
        "index_10k_cold_s": _median_s(lambda: scan(large), 5),
    }
    with tempfile.TemporaryDirectory() as cache_dir:
        cache_path = Path(cache_dir) / "index.json"
        scan(large, cache=IndexCache(cache_path))  # fills the cache
        results["index_10k_warm_s"] = _median_s(
            lambda: scan(large, cache=IndexCache(cache_path)), 7
        )
    return results


if __name__ == "__main__":
    print(run())
