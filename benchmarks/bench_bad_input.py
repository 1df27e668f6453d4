"""Inputs that cost more than their size says (issue "Never lose work, part 2").

- ``render_list_16k_ms`` / ``render_tasks_16k_ms`` / ``render_tasks_8k_ms``: `render_post`
  of a list of 16,000 plain items (``- item N``) and of 16,000 / 8,000 task items
  (``- [ ] task N``). Median of 3. Linear: tasks 16k ≈ 2 × tasks 8k, and within 4× the
  plain list.
- ``check_refs_line_25k_ms`` / ``check_refs_line_50k_ms``: `check_post` of a post whose
  one line holds 25,000 / 50,000 reference links (``[a1][r] [a2][r] …``). Median of 3.
- ``render_50mb_s`` / ``render_50mb_peak_mb``: `render_post` of bench_render's post at
  50 MB (36.8 million characters), in a child process of its own; the peak is that
  process's ``ru_maxrss`` (the text itself and the imports are ~230 MB of it).
- ``check_50mb_s`` / ``check_50mb_peak_mb``: `check_post` of the same post, the same way.
- ``preview_50mb_s`` / ``preview_50mb_peak_mb``: what the window does when asked for the
  preview of that post (app/ui/preview/big_preview.py): the incremental renderer, in a process
  with automatic collection off, and the page written.

The 50 MB figures take several minutes. Run: ``.venv/bin/python -m benchmarks bench_bad_input``
"""

from __future__ import annotations

import gc
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import _qt

_HUGE_MB = 50


def _median_ms(action: Callable[[], object], repetitions: int = 3) -> float:
    timings = []
    for _ in range(repetitions):
        gc.collect()
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(timings), 1)


def _list(items: int, task: bool) -> str:
    return "".join(f"- {'[ ] ' if task else ''}item {n}\n" for n in range(items))


def _refs_on_one_line(links: int) -> str:
    return (
        "---\ntitle: refs\n---\n\n"
        + " ".join(f"[a{n}][r]" for n in range(links))
        + ("\n\n[r]: ./image.png\n")
    )


def run() -> dict[str, float]:
    from app.core.post.post import Post
    from app.core.publish.lint import check_post
    from app.core.render.markdown import render_post

    render_post(_list(100, True))  # imports and caches once
    results = {
        "render_list_16k_ms": _median_ms(lambda: render_post(_list(16_000, False))),
        "render_tasks_16k_ms": _median_ms(lambda: render_post(_list(16_000, True))),
        "render_tasks_8k_ms": _median_ms(lambda: render_post(_list(8_000, True))),
    }
    for links in (25_000, 50_000):
        post = Post.from_bytes(_refs_on_one_line(links).encode())
        results[f"check_refs_line_{links // 1000}k_ms"] = _median_ms(lambda p=post: check_post(p))
    with _qt.isolated_home() as home:
        for what in ("render", "check", "preview"):
            child = _qt.run_child("benchmarks.bench_bad_input", [what], home)
            results[f"{what}_{_HUGE_MB}mb_s"] = round(child["seconds"], 1)
            results[f"{what}_{_HUGE_MB}mb_peak_mb"] = round(child["peak_mb"])
    return results


# -- child: one 50 MB job in a fresh process --------------------------------------------


def _child(what: str) -> None:
    from benchmarks.bench_render import make_post

    text = make_post(_HUGE_MB * 1024 * 1024)
    with tempfile.TemporaryDirectory() as folder:
        if what == "render":
            from app.core.render.markdown import render_post

            start = time.perf_counter()
            render_post(text)
        elif what == "check":
            from app.core.post.post import Post
            from app.core.publish.lint import check_post

            post = Post(_qt.FRONTMATTER + text)
            start = time.perf_counter()
            check_post(post)
        else:
            from app.core.render.incremental import IncrementalRenderer
            from app.ui.preview.big_preview import PageStyle, write_page

            gc.disable()  # as in the preview's process
            start = time.perf_counter()
            renderer = IncrementalRenderer(None)
            rendered = renderer.render(text)
            style = PageStyle("default", False, "", False)
            pieces = [block.html for block in renderer.blocks]
            write_page(rendered, pieces, {"title": "big"}, style, Path(folder) / "page.html")
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    _qt.note(f"{what} {_HUGE_MB} MB: {seconds:.1f} s, peak RSS {peak_mb:.0f} MB")
    _qt.report({"seconds": seconds, "peak_mb": peak_mb})


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2])
    else:
        print(run())
