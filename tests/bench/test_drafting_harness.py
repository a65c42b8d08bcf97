"""The drafting benchmark's synthetic law: the alignment finds exactly the changes it was built with."""

import sys
from collections import Counter

import pytest

from hoinhap.legal import redline
from hoinhap.legal.parser import parse_text
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(ROOT / "bench"))
    import drafting

    yield drafting
    sys.path.remove(str(ROOT / "bench"))


def test_the_500_article_law_has_each_kind_of_change_and_the_redline_finds_them(bench):
    old_text, new_text = bench.law_texts(500)
    old, new = parse_text(old_text), parse_text(new_text)
    assert len(old.articles()) == 500 and not old.warnings and not new.warnings
    states = Counter(pair.state for pair in redline.align(old, new))
    assert {k: states[k] for k in ("deleted", "inserted", "moved", "split", "merged")} == \
        {"deleted": 5, "inserted": 5, "moved": 5, "split": 2, "merged": 0}
    assert states["kept"] + states["renumbered"] == 500 - 5 - 5
