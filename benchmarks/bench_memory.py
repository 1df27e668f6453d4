"""Memory of the app and its QtWebEngine processes (``rss_total_mb``).

The real window (offscreen) opens a private copy of bench_index's 1,000-post blog with
bench_render's 400 KB post added to it, opens that post and waits until it is rendered,
previewed and linted, then 2 s more. The child then sums ``VmRSS`` from
``/proc/<pid>/status`` over itself and every descendant (QtWebEngineProcess zygote,
renderer, utility processes), found through the parent ids in ``/proc/*/stat``.
RSS counts pages shared between those processes once per process, so the sum overstates
what they take together; ``pss_total_mb`` (proportional set size, from
``/proc/<pid>/smaps_rollup``) splits shared pages between them and does not.
The Chromium switches are the app's own (``prepare_environment``, see ``_qt.child_env``);
the child notes them with the per-process figures.

Run: ``.venv/bin/python -m benchmarks bench_memory``
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from benchmarks import _qt


def run() -> dict[str, float]:
    with _qt.isolated_home() as home:
        child = _qt.run_child("benchmarks.bench_memory", [], home)
    return {
        "rss_total_mb": round(child["rss_total_mb"], 1),
        "pss_total_mb": round(child["pss_total_mb"], 1),
    }


def _child() -> None:
    from benchmarks.bench_render import make_post

    app = _qt.application()
    with tempfile.TemporaryDirectory() as folder:
        blog = _qt.blog_copy(Path(folder) / "blog").resolve()
        post = _qt.write_post(
            blog / "contents" / "posts" / "dev" / "big-post", make_post(400 * 1024)
        )
        window = _qt.make_window(Path(folder) / "data")
        if not window.open_folder(blog) or not window.open_post(post):
            raise RuntimeError("the window did not open the post")
        _qt.settle(window)
        _qt.spin_for(2.0)
        _qt.settle(window)
        _qt.note(f"chromium flags: {os.environ.get('QTWEBENGINE_CHROMIUM_FLAGS', '')}")
        pids = _qt.process_tree(os.getpid())
        rss = {pid: _qt.rss_kb(pid) for pid in pids}
        pss = {pid: _qt.pss_kb(pid) for pid in pids}
        _qt.note(
            "memory: "
            + "; ".join(
                f"{_qt.process_name(pid)} rss {rss[pid] / 1024:.0f} pss {pss[pid] / 1024:.0f} MB"
                for pid in pids
            )
        )
        result = {
            "rss_total_mb": sum(rss.values()) / 1024,
            "pss_total_mb": sum(pss.values()) / 1024,
        }
        _qt.close_window(window)
        del app
    _qt.report(result)


if __name__ == "__main__":
    _qt.main(run, _child)
