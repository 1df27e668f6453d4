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
