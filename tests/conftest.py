from pathlib import Path

import pytest

# Fixtures shared by the drafting, implementation and web tests (people, draft, consultation, org, programme).
pytest_plugins = ["tests.drafting.fixtures", "tests.implementation.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
VN_LEGAL = SHARED / "data" / "vn-legal"
AKN_EXAMPLES = SHARED / "data" / "akn" / "examples"
DEMO = ROOT / "src" / "hoinhap" / "demo" / "data"

needs_shared = pytest.mark.skipif(not VN_LEGAL.exists(), reason="../shared is absent (a fresh clone)")


@pytest.fixture(autouse=True)
def _search_index(settings, tmp_path):
    """Each test gets its own search index folder, as it gets its own database; the test process
    applies the outbox itself after each commit (a server's indexer thread does it in production)."""
    from hoinhap.corpus.search import forget_indexes

    settings.SEARCH_INDEX_DIR = tmp_path / "search-index"
    settings.HOINHAP_INDEX_IN_PROCESS = True
    forget_indexes()
    yield
    forget_indexes()


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    """The demo data, with the search index written as it is after a real commit (the outbox applied)."""
    from hoinhap.demo.load import load_demo

    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
