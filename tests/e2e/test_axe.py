"""axe-core (from the npm registry, installed by ``make install``) on the main pages in Vietnamese,
on a desktop and a phone: no violation of impact "serious" or "critical" (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import needs_chromium
from .test_journeys import person, sign_in

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make install installs it)")]

PUBLIC = ["/", "/tong-quan/", "/tim-kiem/?q=hội+nhập", "/vb/250-2025-qh15/", "/du-thao/", "/du-thao/nq-co-che-hoi-nhap/",
          "/du-thao/nq-co-che-hoi-nhap/so-sanh/", "/doi-tac/", "/chi-tieu/", "/co-che/ho-tro-luong/", "/dang-nhap/",
          "/du-thao/nq-co-che-hoi-nhap/quoc-hoi/"]
SIGNED_IN = ["/nhiem-vu/", "/nhiem-vu/chuong-trinh/", "/tai-khoan/", "/viec-cua-toi/", "/ban-chi-dao/yeu-cau/",
             "/nhiem-vu/chuong-trinh/ctrhd-153/bao-cao-dinh-ky/", "/vb/250-2025-qh15/chi-tiet-hoa/"]


def serious_violations(page) -> list[str]:  # noqa: ANN001
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => {
      const r = await axe.run(document, {resultTypes: ['violations']});
      return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    return list(result)


@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_accessibility_violation_on_the_main_pages(browser, live_server, demo, width):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.base = live_server.url
    found: dict[str, list[str]] = {}
    for path in PUBLIC:
        page.goto(live_server.url + path)
        found[path] = serious_violations(page)
    person("kiemtra", "BNG", "secretariat")
    sign_in(page, "kiemtra")
    for path in SIGNED_IN:
        page.goto(live_server.url + path)
        found[path] = serious_violations(page)
    context.close()
    assert {path: v for path, v in found.items() if v} == {}
