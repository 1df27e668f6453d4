"""Copying images into a post folder: fresh names, never an overwrite, safe everywhere."""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path

import pytest

from app.core.errors import PostError
from app.core.post.assets import (
    image_size_warning,
    import_image,
    is_image_file,
    markdown_for_image,
    sanitize_file_name,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def test_pasted_images_get_numbered_names_and_never_overwrite(tmp_path: Path) -> None:
    (tmp_path / "image-2.png").write_bytes(b"keep me")
    first = import_image(tmp_path, data=PNG)
    second = import_image(tmp_path, data=PNG + b"2")
    third = import_image(tmp_path, data=PNG + b"3")
    assert [first.name, second.name, third.name] == ["image.png", "image-3.png", "image-4.png"]
    assert (tmp_path / "image-2.png").read_bytes() == b"keep me"
    assert third.read_bytes() == PNG + b"3"
    assert not list(tmp_path.glob(".*postdesk-tmp"))


def test_source_file_keeps_its_sanitized_name(tmp_path: Path) -> None:
    src_dir = tmp_path / "downloads"
    src_dir.mkdir()
    post = tmp_path / "post"
    post.mkdir()
    src = src_dir / "제주 바다 (1).JPG"
    src.write_bytes(b"jpeg")
    copied = import_image(post, source=src)
    assert copied == post / "제주-바다-1.jpg"
    assert copied.read_bytes() == b"jpeg"
    assert import_image(post, source=src).name == "제주-바다-1-2.jpg"


def test_a_source_already_in_the_post_folder_is_not_copied(tmp_path: Path) -> None:
    own = tmp_path / "cat.png"
    own.write_bytes(PNG)
    assert import_image(tmp_path, source=own) == own
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cat.png"]


def test_suggested_name_and_extension(tmp_path: Path) -> None:
    assert import_image(tmp_path, data=PNG, suggested_name="../../etc/passwd").name == "passwd.png"
    assert import_image(tmp_path, data=b"g", suggested_name="anim.GIF").name == "anim.gif"
    assert import_image(tmp_path, data=b"w", ext="webp").name == "image.webp"
    assert all(p.parent == tmp_path for p in tmp_path.iterdir())


def test_decomposed_hangul_from_macos_becomes_composed(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "사진.png")
    assert import_image(tmp_path, data=PNG, suggested_name=nfd).name == "사진.png"


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("my photo.png", "my-photo.png"),
        ('a<b>c:d"e|f?g*h.png', "a-b-c-d-e-f-g-h.png"),
        ("..", "image"),
        ("/abs/path/x.png", "x.png"),
        ("C:\\Users\\me\\shot.png", "shot.png"),
        ("tab\there\x01.png", "tab-here-.png"),
        ("CON", "image-CON"),
        ("nul.txt", "image-nul.txt"),
        ("trailing. ", "trailing"),
        ("  ", "image"),
        ("스크린샷 2024-01-01 오후 3.12.45.png", "스크린샷-2024-01-01-오후-3.12.45.png"),
    ],
)
def test_sanitize_file_name(raw: str, safe: str) -> None:
    assert sanitize_file_name(raw) == safe


def test_long_names_are_cut_on_a_character_boundary() -> None:
    name = sanitize_file_name("가" * 200)
    assert len(name.encode("utf-8")) <= 150
    assert set(name) == {"가"}


def test_racing_imports_never_share_a_name(tmp_path: Path) -> None:
    results: list[Path] = []
    lock = threading.Lock()

    def work(i: int) -> None:
        path = import_image(tmp_path, data=bytes([i]) * 10)
        with lock:
            results.append(path)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({p.name for p in results}) == 16
    assert sorted(p.read_bytes()[0] for p in results) == list(range(16))


def test_failed_write_leaves_no_placeholder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(path: Path, data: bytes, *, mode: int | None = None) -> None:
        raise PostError("disk full", str(path))

    monkeypatch.setattr("app.core.post.assets.atomic_write_bytes", boom)
    with pytest.raises(PostError):
        import_image(tmp_path, data=PNG)
    assert list(tmp_path.iterdir()) == []


def test_exactly_one_of_data_or_source(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        import_image(tmp_path)
    with pytest.raises(PostError):
        import_image(tmp_path, source=tmp_path / "missing.png")


def test_markdown_for_image() -> None:
    assert markdown_for_image("a.png", "고양이", caption=False) == "![고양이](./a.png)"
    assert markdown_for_image("my cat (1).png", "cat", caption=False) == (
        "![cat](./my%20cat%20%281%29.png)"
    )
    assert markdown_for_image("사진.png", "a <b> & [c]", caption=True) == (
        '![a <b> & \\[c\\]](./사진.png)\n\n<p class="caption">a &lt;b&gt; &amp; [c]</p>'
    )


def test_image_size_warning() -> None:
    assert image_size_warning(4 * 1024 * 1024, 5) is None
    message = image_size_warning(7_654_321, 5)
    assert message is not None and "7.3 MB" in message and "5 MB" in message
    assert image_size_warning(10**9, 0) is None


def test_is_image_file() -> None:
    assert is_image_file("a.PNG") and is_image_file(Path("x/y.jpeg"))
    assert not is_image_file("notes.md")
