"""Render cost of a realistic post: ``run()`` returns median milliseconds.

Run: ``.venv/bin/python -c "import benchmarks.bench_render as b; print(b.run())"``
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

from app.core.render.markdown import render_post

_KOREAN = (
    "인턴 생활을 하게 되면 한달에 두 번은 글을 올리겠다고 다짐했지만 회사에 적응하느라 "
    "한달 반 동안 이제 처음으로 포스트를 쓰게 됩니다. 현업에서 코드를 어떻게 관리하고 "
    "네트워크 구축은 어떻게 되어 있는지 파악하고 나니 배울 게 정말 많다는 생각이 들었습니다."
)
_ENGLISH = (
    "Markdown posts mix prose with **bold** and *italic* text, `inline code`, links to "
    "[the docs](https://example.com/docs) and footnotes[^note], and the occasional $x^2$."
)
_CODE = {
    "python": 'def greet(name: str) -> str:\n    return f"hello, {name}"\n\nprint(greet("blog"))\n',
    "js": "const add = (a, b) => a + b;\nconsole.log(add(1, 2));\n",
    "json": '{\n  "title": "post",\n  "tags": ["a", "b"],\n  "draft": false\n}\n',
    "sql": "SELECT id, title FROM posts WHERE draft = 0 ORDER BY date DESC;\n",
    "sh": "python -m venv .venv && .venv/bin/pip install -e '.[dev]'\n",
}


def _section(rng: random.Random, index: int) -> str:
    lang = rng.choice(sorted(_CODE))
    parts = [
        f"## {index}. 섹션 제목 Section {index}\n",
        _KOREAN + " " + _ENGLISH + "\n",
        _ENGLISH + "\n",
        f"![그림 {index}](./images/figure-{index % 4}.png)\n",
        '<p class="caption">그림 설명 caption</p>\n',
        f"```{lang}\n{_CODE[lang]}```\n",
        "- 첫째 항목 first item\n- 둘째 항목 with `code`\n  - nested item\n",
        "| 이름 | value | note |\n|---|--:|:-:|\n| 가 | 1 | a |\n| 나 | 2 | b |\n",
        f"### 소제목 {index}\n",
        _KOREAN + "\n",
        "> 인용문 quote: " + _ENGLISH + "\n",
    ]
    return "\n".join(parts)


def make_post(target_bytes: int, seed: int = 7) -> str:
    """A post body of about ``target_bytes`` UTF-8 bytes."""
    rng = random.Random(seed)
    sections: list[str] = []
    size = 0
    while size < target_bytes:
        section = _section(rng, len(sections) + 1)
        sections.append(section)
        size += len(section.encode("utf-8"))
    return "\n".join(sections) + "\n[^note]: 각주 footnote.\n\n```toc\n```\n"


def _median_ms(text: str, base_dir: Path, repetitions: int) -> float:
    render_post(text, base_dir)  # warm caches (lexers, regexes) once
    timings: list[float] = []
    for _ in range(repetitions):
        start = time.perf_counter()
        render_post(text, base_dir)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def make_post_folder(folder: str) -> Path:
    """A post folder where half of the generated posts' figures exist."""
    base_dir = Path(folder)
    (base_dir / "images").mkdir()
    for n in range(2):  # half the figures exist, half are missing
        (base_dir / "images" / f"figure-{n}.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return base_dir


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        base_dir = make_post_folder(folder)
        return {
            "render_8k_ms": round(_median_ms(make_post(8 * 1024), base_dir, 20), 2),
            "render_400k_ms": round(_median_ms(make_post(400 * 1024), base_dir, 5), 2),
        }


if __name__ == "__main__":
    print(run())
