"""Postdesk's render of the oracle's samples against what the real tools published.

One case per (oracle, sample, feature). The HTML the real tools made is stored in
expected/ (`make oracle` regenerates it), so these tests need no node, hugo or jekyll.
Where Postdesk differs today the case is listed in known.toml with the reason and is a
strict xfail: fixing it fails the case until its line leaves known.toml.
"""

from __future__ import annotations

import hashlib

import pytest

from tests.oracle import compare

KNOWN = compare.known()
CASES = [
    pytest.param(
        oracle,
        sample,
        feature,
        id=f"{oracle}-{sample}-{feature}",
        marks=(
            [pytest.mark.xfail(reason=KNOWN[(oracle, sample, feature)], strict=True)]
            if (oracle, sample, feature) in KNOWN
            else []
        ),
    )
    for oracle in compare.ORACLES
    for sample in compare.samples()
    for feature in compare.FEATURES
]


@pytest.mark.parametrize(("oracle", "sample", "feature"), CASES)
def test_postdesk_renders_as_the_blog(oracle: str, sample: str, feature: str) -> None:
    want, got = compare.pair(oracle, sample)
    assert got[feature] == want[feature]


def test_every_sample_has_each_oracles_output() -> None:
    for oracle in compare.ORACLES:
        for sample in compare.samples():
            assert (compare.EXPECTED / oracle / f"{sample}.html").is_file(), (oracle, sample)


def test_expected_output_was_made_from_these_samples() -> None:
    """`make oracle` notes the samples it rendered: edit one and the stored HTML is stale."""
    listed = (compare.EXPECTED / "samples.sha256").read_text(encoding="utf-8").split("\n")
    pairs = (line.split(maxsplit=1) for line in listed if line.strip())
    made = {name: digest for digest, name in pairs}
    now = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(compare.SAMPLES.iterdir())
        if p.is_file()
    }
    assert made == now, "samples changed since `make oracle`: run it again"


def test_known_list_names_real_cases_with_reasons() -> None:
    names = set(compare.samples())
    for (oracle, sample, feature), reason in KNOWN.items():
        assert oracle in compare.ORACLES, oracle
        assert sample in names, sample
        assert feature in compare.FEATURES, feature
        assert reason.strip(), (oracle, sample, feature)


def test_features_ignore_markup_a_reader_does_not_see() -> None:
    gatsby = (
        '<h2 id="%EC%8B%9C%EC%9E%91" style="position:relative;"><a href="#x" class="anchor '
        'before"><svg></svg></a>시작</h2>\n<ul>\n<li>\n<p>하나</p>\n</li>\n</ul>'
    )
    postdesk = '<h2 data-source-line="0" id="시작">시작</h2><ul><li><p>하나</p></li></ul>'
    assert compare.features(gatsby) == compare.features(postdesk)
    assert compare.features(gatsby)["headings"] == [[2, "시작", "시작"]]
    assert compare.features(gatsby)["lists"] == ["ul1*"]


def test_features_see_a_toc_nested_one_deeper() -> None:
    html = (
        '<div class="toc"><ul><li><p><a href="#a">A</a></p><ul><li><ul>'
        '<li><a href="#b">B</a></li></ul></li></ul></li></ul></div>'
    )
    assert compare.features(html)["toc"] == [["A", "#a", [["", "", [["B", "#b"]]]]]]


def test_the_table_says_how_many_samples_match(capsys: pytest.CaptureFixture[str]) -> None:
    assert compare.main([]) == 0  # 0: known.toml is in step with today's differences
    table = capsys.readouterr().out
    for oracle in compare.ORACLES:
        assert f"/{len(compare.samples())}" in table.split(oracle, 1)[1].splitlines()[0]
