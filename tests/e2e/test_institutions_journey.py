"""The institutions' cycles in a real browser (Debian's chromium, skipped where absent), in Vietnamese:
the secretariat starts at "Việc của tôi", reads the coverage of Resolution 59's requirements, the
periodic-report matrix of the 153 programme, and makes the detailing programme of 250/2025/QH15 from the
document's page; the drafting committee reads the National Assembly's review and the explanation report.
``HOINHAP_SCREENSHOTS_DIR=docs/screenshots`` keeps the screenshots (docs/institutions.md)."""

from __future__ import annotations

import pytest

from hoinhap.implementation.models import Programme

from .conftest import needs_chromium
from .test_journeys import person, sign_in

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def _text(page) -> str:  # noqa: ANN001
    return page.locator("main").inner_text()


def test_the_secretariat_follows_coverage_reporting_and_detailing(page, demo, shots):
    person("thuky", "BCĐHNQT", "secretariat")
    sign_in(page, "thuky")
    page.click("nav >> text=Việc của tôi")
    assert "Báo cáo chờ xem xét" in _text(page) and "Đề nghị gia hạn" in _text(page)
    shots(page, "my-work-secretariat")

    page.goto(page.base + "/ban-chi-dao/")
    page.click("main >> text=Mức độ đáp ứng yêu cầu")
    page.click("main ul a >> nth=0")
    assert "chưa đáp ứng" in _text(page).lower()
    shots(page, "coverage-matrix")

    page.goto(page.base + "/nhiem-vu/chuong-trinh/ctrhd-153/bao-cao-dinh-ky/")
    assert "Chế độ báo cáo" in _text(page)
    shots(page, "reporting-matrix")

    page.goto(page.base + "/vb/250-2025-qh15/")
    page.click("main >> text=Lập chương trình văn bản quy định chi tiết")
    assert "Chính phủ" in _text(page)
    shots(page, "detailing-preview")
    page.click("main button[type=submit] >> text=Lập chương trình")
    page.wait_for_load_state()
    programme = Programme.objects.get(kind=Programme.Kind.DETAILING)
    assert programme.tasks.count() >= 1 and programme.slug in page.url


def test_the_drafting_committee_reads_the_national_assemblys_review(page, demo, shots):
    person("bansoanthao", "BNG", "drafting_committee")
    sign_in(page, "bansoanthao")
    page.goto(page.base + "/du-thao/nq-co-che-hoi-nhap/quoc-hoi/")
    text = _text(page)
    assert "Phiên họp" in text and "06/11/2025" in text
    shots(page, "na-review")
    page.goto(page.base + "/du-thao/nq-co-che-hoi-nhap/quoc-hoi/giai-trinh/")
    assert "Báo cáo giải trình" in _text(page)
    shots(page, "na-explanation")
