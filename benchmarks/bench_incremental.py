"""Incremental render after a one-character edit in the middle: ``run()`` returns median ms.

The generated posts use footnotes (one label referenced twice per section, defined at the
end); IncrementalRenderer numbers them and builds the footnote list over the post without
re-rendering unchanged chunks. The ``_no_footnotes`` figures are kept for comparison.

Run: ``.venv/bin/python -m benchmarks.bench_incremental``
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from app.core.render.incremental import IncrementalRenderer
from benchmarks.bench_render import make_post, make_post_folder


def _median_ms(text: str, base_dir: Path, repetitions: int) -> float:
    renderer = IncrementalRenderer(base_dir)
    middle = text.rfind(" ", 0, len(text) // 2) + 1  # inside a paragraph, like typing
    renderer.render(text)  # the first render is a full one
    timings: list[float] = []
    for n in range(repetitions):
        edited = text[:middle] + "abcdefghij"[n % 10] * (n + 1) + text[middle:]
        start = time.perf_counter()
        renderer.render(edited)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        base_dir = make_post_folder(folder)
        small, large = make_post(8 * 1024), make_post(400 * 1024)
        return {
            "incremental_8k_ms": round(_median_ms(small, base_dir, 30), 2),
            "incremental_400k_ms": round(_median_ms(large, base_dir, 7), 2),
            "incremental_8k_no_footnotes_ms": round(
                _median_ms(small.replace("[^note]", ""), base_dir, 30), 2
            ),
            "incremental_400k_no_footnotes_ms": round(
                _median_ms(large.replace("[^note]", ""), base_dir, 30), 2
            ),
        }


if __name__ == "__main__":
    print(run())
