"""Issue 17, item 4: charts legible on a phone. In Debian's chromium at 375 px, every label of the
charts on the indicators page and on the task dashboard is drawn at least 10 px high (the 640-unit
drawings of before made them about 7 px); at 1280 px they stay moderate. Also takes the overview's
screenshots (docs/screenshots/overview.png and overview-phone.png with
``HOINHAP_SCREENSHOTS_DIR=docs/screenshots``), signed in as the secretariat, with the days overdue."""

from __future__ import annotations

import pytest

from .conftest import needs_chromium
from .helpers import journey_page, person, sign_in

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]
AS_OF = "2026-01-10"
# the height of each line of chart text the reader can see (a hidden drawing's texts measure 0)
LABEL_HEIGHTS = """() => Array.from(document.querySelectorAll('main svg.chart text:not(:has(tspan)), main svg.chart tspan'))
  .map(t => t.getBoundingClientRect()).filter(r => r.width > 0).map(r => r.height)"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _label_heights(page, path: str) -> list[float]:  # noqa: ANN001
    page.goto(page.base + path)
    heights = page.evaluate(LABEL_HEIGHTS)
    assert heights, f"no chart label shown on {path}"
    return heights


def test_chart_labels_are_legible_on_a_phone_and_moderate_on_a_desktop(browser, live_server, demo, shots):
    person("thuky", "BCĐHNQT", "secretariat")
    with journey_page(browser, live_server, 375) as page:
        indicators = _label_heights(page, f"/chi-tieu/?as_of={AS_OF}")
        assert min(indicators) >= 10, indicators
        assert page.locator("main svg.chart-narrow").first.is_visible()
        assert not page.locator("main svg.chart-wide").first.is_visible()
        assert page.evaluate(SIDEWAYS) <= 0  # no sideways scroll
        sign_in(page, "thuky")
        dashboard = _label_heights(page, f"/nhiem-vu/?as_of={AS_OF}")
        assert min(dashboard) >= 10, dashboard
        page.goto(f"{page.base}/tong-quan/?as_of={AS_OF}")
        assert page.evaluate(SIDEWAYS) <= 0
        tile = page.locator("#tile-tasks")
        assert "quá hạn" in tile.locator("xpath=..").inner_text()
        tile.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, document.querySelector('#tile-tasks').getBoundingClientRect().top - 8)")
        shots(page, "overview-phone")
    with journey_page(browser, live_server, 1280) as page:
        wide = _label_heights(page, f"/chi-tieu/?as_of={AS_OF}")
        assert 10 <= min(wide) and max(wide) <= 20, wide
        assert page.locator("main svg.chart-wide").first.is_visible()
        sign_in(page, "thuky")
        assert max(_label_heights(page, f"/nhiem-vu/?as_of={AS_OF}")) <= 22
        page.goto(f"{page.base}/tong-quan/?as_of={AS_OF}")
        shots(page, "overview")
