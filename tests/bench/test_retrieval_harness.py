"""The retrieval benchmark's harness on the shared ALQAC data (its figures, not its timing)."""

import json
import sys

import pytest

from tests.conftest import ROOT, SHARED

ALQAC = SHARED / "data" / "vn-retrieval" / "alqac2023"
pytestmark = pytest.mark.skipif(not ALQAC.exists(), reason="../shared is absent (a fresh clone)")


@pytest.fixture(scope="module")
def retrieval():
    sys.path.insert(0, str(ROOT / "bench"))
    import retrieval

    yield retrieval
    sys.path.remove(str(ROOT / "bench"))


def test_json_output_has_every_metric_for_every_system(retrieval, capsys):
    assert retrieval.main(["--law", str(ALQAC / "law.json"), "--questions", str(ALQAC / "train.json"),
                           str(ALQAC / "private_test.json"), "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert {"hoinhap", "bm25s-syllables", "sqlite-fts5-bm25"} <= set(results)
    for figures in results.values():
        assert set(figures) == {"mrr@10", "recall@10", "ndcg@10", "f2"}
        assert all(0 <= value <= 1 for value in figures.values())
    # syllable bigrams beat plain syllables (search.md §3); a broken tokenizer or index would not
    assert results["hoinhap"]["mrr@10"] > results["bm25s-syllables"]["mrr@10"] + 0.03


def test_metrics_on_a_hand_made_ranking(retrieval):
    corpus = retrieval.Corpus([("L", "1"), ("L", "2"), ("L", "3")], ["", "", ""], ["", "", ""])
    questions = [retrieval.Question("q1", "", {("L", "2")}), retrieval.Question("q2", "", {("L", "1"), ("L", "3")})]
    figures = retrieval.score(corpus, questions, lambda text: [1, 0])  # q1: rank 1; q2: rank 2, one of two
    assert figures["mrr@10"] == pytest.approx((1 + 1 / 2) / 2)
    assert figures["recall@10"] == pytest.approx((1 + 1 / 2) / 2)
    assert figures["f2"] == pytest.approx(0.5)  # q1 answered exactly (F2 1), q2's top answer wrong (0)


def test_reachable_only_drops_labels_outside_the_corpus(retrieval):
    corpus = retrieval.Corpus([("L", "1")], [""], [""])
    kept = retrieval.reachable(corpus, [retrieval.Question("a", "", {("L", "1"), ("X", "9")}),
                                        retrieval.Question("b", "", {("X", "9")})])
    assert [(q.qid, q.relevant) for q in kept] == [("a", {("L", "1")})]
