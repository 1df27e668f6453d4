"""`check` and `export` through the CLI find each generator's images its own way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.blogs.images import CASES, IDS, ImageCase, build_case

FILE_RULES = ("missing-file", "site-path", "outside-path")


def file_findings(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    main(["check", "--json", *argv])
    out, _err = capsys.readouterr()
    return [row["rule"] for row in json.loads(out) if row["rule"] in FILE_RULES]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_check_of_one_post_finds_the_image_and_its_absence(
    tmp_path: Path, case: ImageCase, capsys: pytest.CaptureFixture[str]
) -> None:
    post = build_case(case, tmp_path)
    assert file_findings(capsys, str(post)) == []
    (tmp_path / case.image).unlink()
    assert file_findings(capsys, str(post)) == ["missing-file"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_export_bundle_holds_the_image(
    tmp_path: Path, case: ImageCase, capsys: pytest.CaptureFixture[str]
) -> None:
    post = build_case(case, tmp_path / "blog")
    assert main(["export", str(post), "--format", "bundle", "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    copied = [p.name for p in (tmp_path / "out").rglob("*.png")]
    assert copied == ["pic.png"]


def test_hugo_figure_shortcodes_images_are_checked_and_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `{{< figure src="…" >}}` is how Hugo posts show most images: the check missed a
    # figure whose file was gone, and a bundle export left it behind.
    from tests.blogs.build import build_blog
    from tests.blogs.images import png_bytes

    root = build_blog("hugo", tmp_path / "blog")
    (root / "static" / "images").mkdir(parents=True, exist_ok=True)
    (root / "static" / "images" / "desk.png").write_bytes(png_bytes())
    post = root / "content" / "posts" / "figures.md"
    post.write_text(
        '+++\ntitle = "Figures"\ndate = 2024-03-02\n+++\n\n'
        '{{< figure src="/images/desk.png" caption="책상" >}}\n\n'
        '`{{< figure src="/images/in-code.png" >}}` stays code.\n',
        encoding="utf-8",
    )
    assert file_findings(capsys, str(post)) == []
    assert main(["export", str(post), "--format", "bundle", "-o", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    assert [p.name for p in (tmp_path / "out").rglob("*.png")] == ["desk.png"]
    (root / "static" / "images" / "desk.png").unlink()
    assert file_findings(capsys, str(post)) == ["missing-file"]
