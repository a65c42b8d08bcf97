from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
VN_LEGAL = SHARED / "data" / "vn-legal"
AKN_EXAMPLES = SHARED / "data" / "akn" / "examples"
DEMO = ROOT / "src" / "hoinhap" / "demo" / "data"

needs_shared = pytest.mark.skipif(not VN_LEGAL.exists(), reason="../shared is absent (a fresh clone)")
