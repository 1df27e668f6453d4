"""An outside change to a post → the sidebar shows it (``watch_to_sidebar_ms``).

The real window (offscreen) has a private copy of bench_index's 1,000-post blog open and
settled. The benchmark then changes the blog from the same process, as another program
would (plain file writes; the watcher's thread sees them through the OS): even samples
create a new post folder with an ``index.md``, odd samples rewrite an existing post in
place with a new title. The time runs from just before the write until the sidebar
reflects it — the new path is in ``library_panel.visible_paths()``, or the list model's
display text for that post is the new title — checked from a 1 ms timer. Median of 20,
with 300 ms of quiet and a settled window between samples.

Run: ``.venv/bin/python -m benchmarks bench_watch``
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import _qt

_SAMPLES = 20


def run() -> dict[str, float]:
    with _qt.isolated_home() as home:
        child = _qt.run_child("benchmarks.bench_watch", [str(_SAMPLES)], home)
    return {"watch_to_sidebar_ms": round(_qt.median(child["samples_ms"]), 1)}


# -- child ------------------------------------------------------------------------------


def _title_shown(window: Any, path: Path, title: str) -> bool:
    from PySide6.QtWidgets import QListView

    model = window.library_panel.findChild(QListView).model()
    row = model.row_of(path)
    return row is not None and model.data(model.index(row)) == title


def _child(samples: int) -> None:
    app = _qt.application()
    with tempfile.TemporaryDirectory() as folder:
        blog = _qt.blog_copy(Path(folder) / "blog").resolve()
        existing = sorted(blog.rglob("index.md"))
        window = _qt.make_window(Path(folder) / "data")
        if not window.open_folder(blog):
            raise RuntimeError("the window did not open the blog")
        _qt.spin_for(0.5)
        _qt.spin_until(window.is_settled)
        _qt.note(f"watcher backend: {window.watcher.backend()}")
        created: list[float] = []
        modified: list[float] = []
        for n in range(samples):
            if n % 2 == 0:
                post = blog / "contents" / "posts" / "watch" / f"watch-{n:02d}" / "index.md"
                text = f"---\ntitle: Watched {n}\ndate: 2030-01-{1 + n:02d}\n---\n\nBody {n}.\n"
                start = time.perf_counter()
                post.parent.mkdir(parents=True)
                post.write_text(text, encoding="utf-8")
                _qt.spin_until(lambda p=post: p in window.library_panel.visible_paths(), 30)
                created.append((time.perf_counter() - start) * 1000)
            else:
                post = existing[n * 37 % len(existing)]
                title = f"Retitled {n}"
                lines = post.read_text(encoding="utf-8").split("\n")
                at = next(i for i, line in enumerate(lines) if line.startswith("title:"))
                lines[at] = f"title: {title}"
                start = time.perf_counter()
                post.write_text("\n".join(lines), encoding="utf-8")
                _qt.spin_until(lambda p=post, t=title: _title_shown(window, p, t), 30)
                modified.append((time.perf_counter() - start) * 1000)
            _qt.spin_for(0.3)
            _qt.spin_until(window.is_settled)
        _qt.note(
            f"watch: created median {statistics.median(created):.0f} ms "
            f"({' '.join(f'{t:.0f}' for t in created)}); modified median "
            f"{statistics.median(modified):.0f} ms ({' '.join(f'{t:.0f}' for t in modified)})"
        )
        _qt.close_window(window)
        del app
    _qt.report({"samples_ms": created + modified})


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _qt.prepare_child()
        _child(int(sys.argv[2]))
    else:
        print(run())
