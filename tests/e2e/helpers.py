"""What the role journeys (test_role_journeys.py) and their accessibility pass (test_axe_all_pages.py)
share: a browser context at a given width in Vietnamese, the accounts, and a ``Journey`` that, on every
page a role reaches, records the address, checks the phone layout (no sideways scroll at 375 px) and,
when asked, runs axe-core; it also numbers the screenshots <role>-<nn>-<step>-<width>."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .test_journeys import PASSWORD, person, sign_in

__all__ = ["PASSWORD", "WIDTHS", "AXE", "MESSAGES", "Journey", "journey_page", "person", "sign_in", "serious_violations"]

WIDTHS = [1280, 375]
PHONE = 375
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


MESSAGES = "[role=status]"  # web/_messages.html: audited apart (test_axe_all_pages), a known violation


def serious_violations(page: Any, *, include: str = "", exclude: str = "") -> list[str]:  # noqa: ANN401
    """axe-core's violations of impact serious or critical on the page as it stands (as test_axe.py), in
    the part ``include`` selects (the whole page by default), less the part ``exclude`` selects."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async ([include, exclude]) => {
      const context = {include: include ? [[include]] : [['html']], exclude: exclude ? [[exclude]] : []};
      const r = await axe.run(context, {resultTypes: ['violations']});
      return r.violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""", [include, exclude])
    return list(result)


@contextmanager
def journey_page(browser: Any, live_server: Any, width: int, *, axe: bool = False) -> Iterator[Any]:  # noqa: ANN401
    """A fresh Vietnamese context at the width (a phone is 740 px high); axe needs the CSP bypassed to
    inject its script, as test_axe.py does."""
    height = 900 if width > PHONE else 740
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": height},
                                  accept_downloads=True, bypass_csp=axe)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    try:
        yield page
    finally:
        context.close()


@dataclass
class Journey:
    """One role's walk at one width. ``arrive`` is called on every page the role reaches (and again after
    an action that reloads it)."""

    page: Any
    role: str
    width: int
    shots: Callable[[Any, str], Path] | None = None  # None: no screenshots (the axe pass)
    axe: bool = False
    visited: list[str] = field(default_factory=list)
    violations: dict[str, list[str]] = field(default_factory=dict)
    _shot: int = 0

    @property
    def phone(self) -> bool:
        return self.width <= PHONE

    def go(self, path: str) -> None:
        self.page.goto(self.page.base + path)
        self.arrive()

    def arrive(self) -> None:
        """Record the page; on a phone it must not scroll sideways; with axe, no serious violation."""
        self.page.wait_for_load_state()
        parts = urlsplit(self.page.url)
        here = unquote(parts.path + (f"?{parts.query}" if parts.query else ""))
        self.visited.append(here)
        if self.phone:
            overflow = self.page.evaluate(
                "document.scrollingElement.scrollWidth - window.innerWidth")
            assert overflow <= 1, f"{here} scrolls sideways by {overflow}px at {self.width}px"
        if self.axe:  # every arrival: a page after an action (its message, a changed form) is audited too
            seen = sum(1 for path in self.visited if path == here)
            key = here if seen == 1 else f"{here} ({seen})"
            self.violations[key] = serious_violations(self.page, exclude=MESSAGES)

    def text(self) -> str:
        return str(self.page.locator("main").inner_text())

    def shot(self, step: str) -> None:
        if self.shots is not None:
            self._shot += 1
            self.shots(self.page, f"{self.role}-{self._shot:02d}-{step}-{self.width}")

    def reachable(self, locator: Any) -> Any:  # noqa: ANN401 - a Playwright locator
        """The main action is on screen once scrolled to, inside the viewport's width, and enabled."""
        locator.scroll_into_view_if_needed()
        assert locator.is_visible() and locator.is_enabled()
        box = locator.bounding_box()
        assert box is not None and box["x"] >= 0, box
        assert box["x"] + box["width"] <= self.width + 1, f"{box} overflows {self.width}px"
        return locator

    def click(self, locator: Any) -> None:  # noqa: ANN401
        self.reachable(locator).click()

    def message(self) -> str:
        """The confirmation shown after an action (web/_messages.html)."""
        notice = self.page.locator("[role=status] li").first
        notice.wait_for()
        return str(notice.inner_text())

    def serious(self) -> dict[str, list[str]]:
        return {path: found for path, found in self.violations.items() if found}
