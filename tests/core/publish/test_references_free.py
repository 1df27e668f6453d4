"""app/core/references.free_gradually: a big token list is emptied a slice at a time."""

from __future__ import annotations

from typing import Any

from app.core.post.post import Post
from app.core.publish import references
from app.core.publish.references import FREE_STEP, free_gradually, scan_post


def test_a_big_list_is_emptied_in_slices() -> None:
    items: list[Any] = []
    left_when_freed: list[int] = []

    class Token:
        def __del__(self) -> None:
            left_when_freed.append(len(items))

    items.extend(Token() for _ in range(5 * FREE_STEP + 3))
    free_gradually(items)
    assert items == []
    assert len(left_when_freed) == 5 * FREE_STEP + 3
    assert len(set(left_when_freed)) == 6  # six slices, not one


def test_scan_post_frees_its_tokens_that_way(monkeypatch: Any) -> None:
    freed: list[int] = []
    monkeypatch.setattr(references, "free_gradually", lambda items: freed.append(len(items)))
    scan = scan_post(Post("# 제목\n\n본문 [링크](https://example.com)\n"))
    assert freed and freed[0] > 0
    assert [ref.url for ref in scan.refs] == ["https://example.com"]
