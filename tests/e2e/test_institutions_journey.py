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
    page.select_option("#id_every", "quarter")  # the secretariat sets the regime: quarterly, 10 days after
    page.fill("#id_due_days", "10")
    page.fill("#id_report_from", "2025-07-01")
    page.click("main button >> text=Lưu chế độ báo cáo")
    page.wait_for_load_state()
    assert Programme.objects.get(slug="ctrhd-153").report_every == "quarter"
    assert "quý III/2025" in _text(page)  # a column per period since July 2025
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
