"""The team's real posts (../shared/fixtures/content), when they are beside the clone: an
extra corpus on top of our own fixture posts. Each is loaded and saved byte for byte,
rendered into balanced HTML with its images found, and checked without a crash. Absent,
these tests are skipped with the reason; the rest of the suite does not need them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app.core.post.post import Post
from app.core.publish.lint import check_post
from app.core.render.markdown import render_post
from tests.conftest import shared_post_params


@pytest.mark.parametrize("source", shared_post_params())
def test_a_real_post_loads_saves_renders_and_checks(source: Path, tmp_path: Path) -> None:
    folder = tmp_path / source.parent.name
    shutil.copytree(source.parent, folder)
    for path in [folder, *folder.iterdir()]:  # the shared originals are read-only
        path.chmod(0o755 if path.is_dir() else 0o644)
    path = folder / "index.md"
    data = path.read_bytes()

    post = Post.load(path)
    assert post.frontmatter_error is None and post.get("title")
    assert post.to_bytes() == data
    post.save()
    assert path.read_bytes() == data

    result = render_post(post.body, folder)
    assert "missing-image" not in result.html
    assert result.outline and result.html.count("<p") == result.html.count("</p>")

    findings = check_post(post)
    assert all(f.severity != "error" for f in findings), findings
