"""The demo's illustrative drafting history: what a visitor is promised in the README."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument

from hoinhap.drafting.anchoring import comment_place
from hoinhap.drafting.documents import version_document
from hoinhap.drafting.models import Comment, Draft, Response
from hoinhap.drafting.report_render import render
from hoinhap.drafting.selectors import round_report


@pytest.fixture
def draft(demo):
    return Draft.objects.get(slug="nq-co-che-hoi-nhap")


def test_three_versions_and_the_final_one_has_8_chapters_and_29_articles(draft):
    assert draft.is_illustrative
    final = version_document(draft.versions.get(number=3))
    assert len([n for n in final.walk() if n.kind == "chapter"]) == 8
    assert len(final.articles()) == 29
    assert [len(version_document(v).articles()) for v in draft.versions.order_by("number")] == [28, 28, 29]


def test_comments_from_several_organisations_all_answered_and_reports_frozen(draft):
    comments = Comment.objects.filter(round__draft=draft)
    assert comments.filter(is_public=False).values("organisation").distinct().count() >= 6
    assert comments.filter(is_public=True).exists()
    assert Response.objects.filter(comment__round__draft=draft).count() == comments.count()
    for round_ in draft.rounds.all():
        report, frozen = round_report(round_)
        assert frozen and report.sha256() == round_.report_sha256 and report.illustrative
    word = WordDocument(io.BytesIO(render(round_report(draft.rounds.get(number=1))[0], "docx",
                                          on=draft.rounds.get(number=1).frozen_at.date())[0]))
    assert any("minh họa" in p.text for p in word.paragraphs)


def test_the_moved_article_and_the_adoption(draft):
    moved = Comment.objects.get(round__draft=draft, text__startswith="Quy định về kinh phí")
    assert comment_place(moved, draft.versions.get(number=2)).state == "moved"
    assert draft.adopted_work.number == "250/2025/QH15"
    assert all(stage.closed_at for stage in draft.stages.all())


def test_loading_twice_changes_nothing(draft):
    from hoinhap.demo.load import load_demo

    before = Comment.objects.count()
    assert "drafting history unchanged" in load_demo()
    assert Comment.objects.count() == before
