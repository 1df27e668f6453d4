"""Fetch the diagram renderer Postdesk runs itself (mermaid's JS), pinned and verified.

`make setup` runs this. It asks npm for the pinned tarball (`npm pack`), checks the
tarball against the sha512 integrity npm's registry published for that version, and
keeps only `dist/mermaid.min.js` (and mermaid's licence beside it) in
`resources/vendor/`, which git ignores and the packaged app ships when it is there.

Without npm it says so and leaves nothing behind: the preview then shows ```mermaid
fences as code with a note. Nothing from the tarball is ever run here.
"""

from __future__ import annotations

import base64
import hashlib
import io
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "11.17.2"
INTEGRITY = "sha512-V6K3C8EBdEsPFZXSKMJe6ppQOENxuHARr9GvHX4hh47lAbhMRD9qf4oEK7LoaRQxULMa80/qt5gHO73aCleBBg=="  # noqa: E501
WANTED = {"package/dist/mermaid.min.js": "mermaid.min.js", "package/LICENSE": "mermaid.LICENSE"}
VENDOR = Path(__file__).resolve().parent.parent / "resources" / "vendor"
STAMP = VENDOR / "mermaid.version"


def integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def fetch(scratch: Path) -> bytes:
    subprocess.run(
        ["npm", "pack", f"mermaid@{VERSION}", "--pack-destination", str(scratch), "--silent"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    tarball = scratch / f"mermaid-{VERSION}.tgz"
    return tarball.read_bytes()


def extract(data: bytes) -> None:
    VENDOR.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member, name in WANTED.items():
            handle = archive.extractfile(member)
            if handle is None:
                raise SystemExit(f"fetch-mermaid: {member} missing from mermaid@{VERSION}")
            target = VENDOR / name
            partial = target.with_suffix(target.suffix + ".part")
            partial.write_bytes(handle.read())
            partial.replace(target)
    STAMP.write_text(VERSION + "\n", encoding="utf-8")


def main() -> int:
    installed = STAMP.is_file() and STAMP.read_text(encoding="utf-8").strip() == VERSION
    if installed and (VENDOR / "mermaid.min.js").is_file():
        return 0
    if shutil.which("npm") is None:
        print(
            "fetch-mermaid: npm not found; the preview will show mermaid diagrams as code "
            "(install node + npm and run `make setup` again to draw them)"
        )
        return 0
    with tempfile.TemporaryDirectory(prefix="postdesk-mermaid-") as scratch:
        try:
            data = fetch(Path(scratch))
        except (OSError, subprocess.CalledProcessError) as error:
            # (offline, say): Postdesk works without it, the diagrams show as code
            print(
                f"fetch-mermaid: npm could not fetch mermaid@{VERSION} ({error}); "
                "the preview will show mermaid diagrams as code"
            )
            return 0
    found = integrity_of(data)
    if found != INTEGRITY:
        print(
            f"fetch-mermaid: mermaid@{VERSION} does not match its pinned integrity", file=sys.stderr
        )
        print(f"  expected {INTEGRITY}\n  got      {found}", file=sys.stderr)
        return 1
    extract(data)
    print(f"fetch-mermaid: mermaid {VERSION} installed in resources/vendor/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
