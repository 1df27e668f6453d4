"""Build the corpus of broken and hostile posts in a folder, at test time.

`build_corpus(dest)` writes every case under `dest / "content" / <case> / index.md`
(plus `dest / "outside"`, the target of a symlink that leaves the content folder) and
returns {case name: path to open}. `EXPECTED[case]` says what `Post.load` should do:

- "post": loads as a post with readable frontmatter (or none);
- "frontmatter-error": loads, `post.frontmatter_error` explains the YAML problem (line);
- "error": raises `PostError` with a message fit for an author.

Some cases are plain posts that the test (or the app) acts on:
- "read-only-file" (mode 0o444): saving must fail and offer Save As — the mode bits say
  read-only even to root, although an atomic rename would get past them;
- "read-only-folder" (0o555): saving must fail; root ignores the bits, so tests running
  as root simulate EACCES when the temp file is created;
- "unreadable" (0o000): loading must fail; as root, tests simulate EACCES on open;
- "folder-gone": delete or rename its folder after opening, then save;
- "disk-full": make the write or the fsync fail with ENOSPC during the save.
Call `make_writable(dest)` before deleting the corpus as a normal user.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path

__all__ = ["CONTENT", "EXPECTED", "OUTSIDE", "WINDOWS_FOLDER", "build_corpus", "make_writable"]

CONTENT = "content"  # the blog folder: `postdesk index dest/content`
OUTSIDE = "outside"  # a folder next to it, for the escaping symlink

_KO_PARAGRAPH = (
    "한글로 쓴 문단입니다. 블로그 글에는 **굵은 글씨**와 [링크](https://example.com), "
    "`코드`가 섞여 있습니다. 다람쥐 헌 쳇바퀴에 타고파.\n\n"
)
_FRONT = "---\ntitle: 보통 글\ndate: 2021-05-03\ntags: [한국어, test]\n---\n"


def _bytes_of(seed: str, size: int) -> bytes:
    """Deterministic pseudo-random bytes (no binary files are committed)."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}:{counter}".encode()).digest()
        counter += 1
    return bytes(out[:size])


def _yaml_bomb() -> str:
    """Billion laughs: 9 levels of 9 aliases (72 aliases) expand to 9**9 strings."""
    names = "abcdefghi"
    lines = ["title: 웃음 폭탄", "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n본문\n"


def _huge_frontmatter() -> str:
    lines = ["title: 아주 큰 머리말"]
    size = 0
    i = 0
    while size < 1 << 20:
        line = f"field_{i:05d}: '값 {i} — 한국어 텍스트와 English text, 반복되는 머리말 줄'"
        lines.append(line)
        size += len(line.encode("utf-8")) + 1
        i += 1
    return "---\n" + "\n".join(lines) + "\n---\n본문\n"


def _huge_post() -> str:
    head = "---\ntitle: 10 MB 글\ndate: 2021-05-03\n---\n"
    block = "## 소제목\n\n" + _KO_PARAGRAPH * 8 + "- 목록 하나\n- 목록 둘\n\n"
    count = (10 << 20) // len(block.encode("utf-8")) + 1
    return head + block * count


_TEXT_CASES: dict[str, tuple[str, bytes]] = {}


def _text(name: str, expected: str, data: bytes | str) -> None:
    _TEXT_CASES[name] = (expected, data.encode("utf-8") if isinstance(data, str) else data)


_text("bad-yaml", "frontmatter-error", '---\ntitle: "닫히지 않은 따옴표\ntags: [a, b\n---\n본문\n')
_text("unclosed-frontmatter", "frontmatter-error", "---\ntitle: 열린 머리말\n\n본문이 이어진다.\n")
_text("no-frontmatter", "post", "# 머리말 없는 글\n\n" + _KO_PARAGRAPH)
_text("duplicate-keys", "frontmatter-error", "---\ntitle: 하나\ntitle: 둘\n---\n본문\n")
_text("tabs-in-yaml", "frontmatter-error", "---\ntitle: 탭\ntags:\n\t- a\n\t- b\n---\n본문\n")
_text("yaml-bomb", "frontmatter-error", _yaml_bomb())
_text("yaml-recursive", "frontmatter-error", "---\ntitle: 재귀\nloop: &a [1, *a]\n---\n본문\n")
_text("huge-frontmatter", "post", _huge_frontmatter())
_text("utf8-bom", "post", b"\xef\xbb\xbf" + (_FRONT + _KO_PARAGRAPH).encode("utf-8"))
_text("crlf", "post", (_FRONT + _KO_PARAGRAPH).replace("\n", "\r\n"))
_text(
    "mixed-newlines", "post", "---\r\ntitle: 섞인 줄바꿈\ndate: 2021-05-03\r\n---\n하나\r\n둘\n셋\r"
)
_text("cp949", "post", (_FRONT + "똠방각하 " + _KO_PARAGRAPH).encode("cp949"))
_text("euc-kr", "post", (_FRONT + _KO_PARAGRAPH).encode("euc_kr"))
_text("utf-16", "post", (_FRONT + _KO_PARAGRAPH).encode("utf-16"))  # with its BOM
_text("utf-16-no-bom", "error", (_FRONT + _KO_PARAGRAPH).encode("utf-16-le"))
_text("invalid-utf8", "error", b"---\ntitle: broken\n---\nabc \xc3\x28 \xff\xfe\xfd def\n")
_text("nul-bytes", "error", b"---\ntitle: nul\n---\nbefore\x00after\n")
_text("binary-md", "error", b"\x89PNG\r\n\x1a\n" + _bytes_of("png", 4096))
_text("empty", "post", b"")
_text("huge-post", "post", _huge_post())
_text("long-line", "post", "---\ntitle: 한 줄\n---\n" + "긴 줄 long line " * 70_000)
_text(
    "windows-names",  # the folder's name is replaced below
    "post",
    "---\ntitle: 'Windows와 macOS가 거부하는 이름'\n---\n본문\n",
)
_text(
    "image-traversal",
    "post",
    "---\ntitle: 경로 탈출\n---\n![x](../../outside/secret.png)\n\n![y](/etc/passwd)\n\n"
    '<img src="../../../../etc/shadow">\n\n[link](../../outside/secret.md)\n',
)
for _plain in ("read-only-file", "read-only-folder", "folder-gone", "disk-full"):
    _text(_plain, "post", _FRONT + _KO_PARAGRAPH)
_text("unreadable", "error", _FRONT + _KO_PARAGRAPH)  # chmod 000 (root reads it anyway)

# folder names Windows (<>:"|?* and a trailing dot/space, reserved names) or macOS (:) reject
WINDOWS_FOLDER = 'con: a<b>c"d|e?f*g. '

EXPECTED: dict[str, str] = {name: expected for name, (expected, _) in _TEXT_CASES.items()}
EXPECTED.update({"symlink-loop": "error", "symlink-outside": "post"})


def _symlinks(content: Path, outside: Path) -> dict[str, Path]:
    loop_dir = content / "symlink-loop"
    loop_dir.mkdir()
    loop = loop_dir / "index.md"
    os.symlink("index.md", loop)  # a link to itself: ELOOP
    os.symlink("..", loop_dir / "again")  # a folder loop the scan must not enter
    out_dir = content / "symlink-outside"
    out_dir.mkdir()
    secret = outside / "secret.md"
    secret.write_bytes((_FRONT.replace("보통 글", "바깥 글") + "바깥 본문\n").encode("utf-8"))
    link = out_dir / "index.md"
    os.symlink(os.path.relpath(secret, out_dir), link)
    return {"symlink-loop": loop, "symlink-outside": link}


_FINISH: dict[str, Callable[[Path], None]] = {
    "unreadable": lambda p: p.chmod(0),
    "read-only-file": lambda p: p.chmod(0o444),
    "read-only-folder": lambda p: p.parent.chmod(
        stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH
    ),
}


def build_corpus(dest: Path, names: Iterable[str] | None = None) -> dict[str, Path]:
    """Write every case (or only `names`) under `dest`; return {case: the file to open}."""
    wanted = set(EXPECTED if names is None else names)
    unknown = wanted - set(EXPECTED)
    if unknown:
        raise KeyError(f"no such corpus case: {sorted(unknown)}")
    content = dest / CONTENT
    outside = dest / OUTSIDE
    content.mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n" + _bytes_of("secret", 64))
    cases: dict[str, Path] = {}
    for name, (_, data) in _TEXT_CASES.items():
        if name not in wanted:
            continue
        folder = content / (WINDOWS_FOLDER if name == "windows-names" else name)
        folder.mkdir()
        path = folder / "index.md"
        path.write_bytes(data)
        cases[name] = path
    if wanted & {"symlink-loop", "symlink-outside"}:
        links = _symlinks(content, outside)
        cases.update({name: path for name, path in links.items() if name in wanted})
    for name, finish in _FINISH.items():
        if name in cases:
            finish(cases[name])
    return cases


def make_writable(dest: Path) -> None:
    """Undo the corpus's permission bits so the folder can be deleted (for non-root runs)."""
    for root, dirs, files in os.walk(dest):
        for name in dirs:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o755)
        for name in files:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)
