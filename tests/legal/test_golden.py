"""Golden files: ``golden/NAME.txt`` parses to ``golden/NAME.json``. Regenerate after a deliberate
change with ``HOINHAP_UPDATE_GOLDEN=1 pytest tests/legal/test_golden.py`` and review the diff."""

import json
import os
from pathlib import Path

import pytest

from hoinhap.legal.akn_export import to_akn
from hoinhap.legal.parser import parse_text
from hoinhap.legal.schema import validate
from tests.legal.helpers import feed_line_by_line

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.stem for p in GOLDEN.glob("*.txt"))


@pytest.mark.parametrize("name", CASES)
def test_golden_tree(name):
    document = parse_text((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))
    produced = document.to_dict(markers=True)
    expected_path = GOLDEN / f"{name}.json"
    if os.environ.get("HOINHAP_UPDATE_GOLDEN") == "1":
        expected_path.write_text(json.dumps(produced, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert produced == json.loads(expected_path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", CASES)
def test_golden_akn_validates(name):
    valid, errors = validate(to_akn(parse_text((GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))))
    assert valid, errors[:3]


@pytest.mark.parametrize("name", CASES)
def test_golden_inline_path_does_what_feed_does(name):
    text = (GOLDEN / f"{name}.txt").read_text(encoding="utf-8")
    assert parse_text(text).to_dict(markers=True) == feed_line_by_line(text).to_dict(markers=True)
