"""The shipping pieces: the smoke test (from source), the desktop entry, the icon, its installer.

`make dist-check` runs the same smoke test inside the frozen app; here it runs from
source in a subprocess, as `postdesk --smoke-test` would, so a failure cannot take the
test session's QApplication down with it.
"""

from __future__ import annotations

import configparser
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"
RUN_SMOKE = (
    "import sys; from pathlib import Path; from app.smoke import run_smoke_test; "
    "sys.exit(run_smoke_test({}))"
)


def run_smoke(argument: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-c", RUN_SMOKE.format(argument)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=180,
    )


def test_smoke_test_passes_on_the_shipped_fixture_blog() -> None:
    result = run_smoke()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "smoke test passed" in result.stdout


def test_smoke_test_fails_with_the_reason(tmp_path: Path) -> None:
    post = tmp_path / "blog" / "plain"
    post.mkdir(parents=True)
    (post / "index.md").write_text("---\ntitle: Plain\n---\n\n## Only a heading\n", "utf-8")
    result = run_smoke(f"Path({str(tmp_path / 'blog')!r})")
    assert result.returncode == 1, result.stderr[-3000:]
    assert "smoke test failed: the preview has no callout" in result.stderr
    assert "smoke test passed" not in result.stdout


def test_the_fixture_blog_has_what_the_smoke_test_checks() -> None:
    text = (RESOURCES / "smoke" / "first-light" / "index.md").read_text("utf-8")
    assert '<p class="callout">' in text and "```toc" in text and "## " in text
    assert "](./dawn.png)" in text and (RESOURCES / "smoke" / "first-light" / "dawn.png").is_file()


def read_desktop_entry(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(path.read_text("utf-8"))
    return parser["Desktop Entry"]


def test_desktop_entry_has_the_required_keys() -> None:
    entry = read_desktop_entry(RESOURCES / "postdesk.desktop")
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Postdesk"
    assert entry["Exec"] == "postdesk %F"
    assert entry["Icon"] == "postdesk"
    assert entry["Terminal"] == "false"
    for key in ("Categories", "MimeType"):
        assert entry[key].endswith(";"), f"{key} is a ;-terminated list"
    assert {"Office", "TextEditor", "Utility"} <= set(entry["Categories"].split(";"))
    assert "text/markdown" in entry["MimeType"].split(";")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_icon_files_exist() -> None:
    svg = ET.parse(RESOURCES / "icons" / "postdesk.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert png_size(RESOURCES / "icons" / "postdesk.png") == (256, 256)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_install_script_points_the_entry_at_the_built_app(tmp_path: Path) -> None:
    app_dir = tmp_path / "my apps" / "postdesk"  # a space in the path must survive
    shutil.copytree(RESOURCES, app_dir / "_internal" / "resources")
    exe = app_dir / "postdesk"
    exe.write_text("#!/bin/sh\n", "utf-8")
    exe.chmod(0o755)
    data_home = tmp_path / "share"
    env = dict(os.environ, XDG_DATA_HOME=str(data_home), PATH="/usr/bin:/bin")
    script = ROOT / "scripts" / "install-desktop-entry.sh"

    done = subprocess.run(
        ["bash", str(script), str(app_dir)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr
    entry = read_desktop_entry(data_home / "applications" / "postdesk.desktop")
    assert entry["Exec"] == f'"{exe}" %F'
    assert entry["TryExec"] == str(exe)
    assert (data_home / "icons/hicolor/256x256/apps/postdesk.png").is_file()
    assert (data_home / "icons/hicolor/scalable/apps/postdesk.svg").is_file()

    undone = subprocess.run(
        ["bash", str(script), "--uninstall"], capture_output=True, text=True, env=env
    )
    assert undone.returncode == 0, undone.stderr
    assert not (data_home / "applications" / "postdesk.desktop").exists()


def test_build_spec_is_valid_python() -> None:
    compile((ROOT / "build.spec").read_text("utf-8"), "build.spec", "exec")
