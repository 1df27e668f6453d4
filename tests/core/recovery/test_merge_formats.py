"""Merging two edits of a TOML or JSON post field by field, in the post's own format."""

from __future__ import annotations

import pytest

from app.core.recovery.merge import merge_post

TOML = '+++\ntitle = "a"\ntags = ["x"]\ndraft = false\n+++\nbody\n'
JSON = '{\n  "title": "a",\n  "draft": false\n}\nbody\n'
HEXO = '"title": "a",\n"draft": false\n;;;\nbody\n'


@pytest.mark.parametrize(
    ("base", "title_from", "title_to", "draft_from", "draft_to"),
    [
        (TOML, '"a"', '"mine"', "draft = false", "draft = true"),
        (JSON, '"a"', '"mine"', '"draft": false', '"draft": true'),
        (HEXO, '"a"', '"mine"', '"draft": false', '"draft": true'),
    ],
)
def test_fields_edited_on_each_side_merge_in_the_posts_format(
    base: str, title_from: str, title_to: str, draft_from: str, draft_to: str
) -> None:
    mine = base.replace(title_from, title_to)
    theirs = base.replace(draft_from, draft_to)
    result = merge_post(base, mine, theirs)
    assert result.conflicts == []
    assert result.text() == base.replace(title_from, title_to).replace(draft_from, draft_to)
