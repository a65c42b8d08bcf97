"""Issue 17: axe-core (from the npm registry, as test_axe.py) on every page each role's journey reaches
(test_role_journeys.py), at 1280 px and 375 px, signed in as that role: no violation of impact
"serious" or "critical". The journeys are walked again with ``Journey(axe=True)``, which audits each
page the role reaches, and again after each action that reloads it (with its message), so a page added
to a journey is audited without a list to keep. The message after an action (web/_messages.html) is
left out there and audited by the last test."""

from __future__ import annotations

import pytest

from .conftest import needs_chromium
from .helpers import AXE, MESSAGES, WIDTHS, Journey, journey_page, serious_violations
from .test_role_journeys import JOURNEYS, sign_in

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not AXE.exists(), reason="axe-core is not installed (make install installs it)")]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", list(JOURNEYS))
def test_no_serious_violation_on_any_page_of_a_journey(browser, live_server, demo, role, width):
    with journey_page(browser, live_server, width, axe=True) as page:
        journey = Journey(page, role, width, axe=True)
        JOURNEYS[role](journey)
    assert len(journey.violations) >= 5, journey.visited  # the pages (and states) audited
    assert journey.serious() == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_message_after_an_action_has_no_serious_violation(browser, live_server, demo, width):
    from .helpers import person
    from .test_role_journeys import _task_pk

    with journey_page(browser, live_server, width, axe=True) as page:
        journey = Journey(page, "agency-reporter", width)
        person("bonoivu", "BNV", "reporter")
        sign_in(journey, "bonoivu")
        journey.go(f"/nhiem-vu/{_task_pk()}/")
        page.fill("#id_new_deadline", "2031-12-31")
        page.fill("#id_reason", "Chờ ý kiến thẩm định của Bộ Tư pháp.")
        journey.click(page.locator("main button", has_text="Đề nghị gia hạn"))
        assert journey.message()
        found = serious_violations(page, include=MESSAGES)
    assert found == []
