"""The main journeys in a real browser: search and read a provision; comment on a draft and answer
the comment; produce the comment-response report; report progress on a task and see the status change
on the dashboard. Then a phone-sized screen, the keyboard, focus and contrast."""

from __future__ import annotations

import io
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from docx import Document as WordDocument

from hoinhap.core.models import Membership, Organisation, User

from .conftest import needs_chromium

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]
PASSWORD = "một-mật-khẩu-dài-1"


def sign_in(page, username: str) -> None:  # noqa: ANN001
    page.goto(page.base + "/dang-nhap/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/tong-quan/")


def person(username: str, code: str, role: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    Membership.objects.create(user=user, organisation=Organisation.objects.get(code=code), role=role)
    return user


def test_search_and_read_a_provision(page, demo, shots):
    page.goto(page.base + "/tong-quan/?as_of=2026-01-10")
    shots(page, "overview")
    page.goto(page.base + "/tim-kiem/")
    page.fill("input[type=search]", "ngoại ngữ hiếm")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results a")
    shots(page, "search")
    page.click("#results .group a >> nth=0")
    heading = page.locator("main h1").inner_text()
    assert "ngoại ngữ hiếm" in page.locator("main").inner_text().lower() and heading
    shots(page, "provision")


def test_comment_on_a_draft_answer_it_and_produce_the_report(page, demo, shots):
    from hoinhap.core.services import system_actor
    from hoinhap.drafting import consultation_services, services
    from hoinhap.drafting.models import Comment, Draft

    draft = Draft.objects.get(slug="nq-co-che-hoi-nhap")
    actor = system_actor()
    version = services.version_publish(actor=actor, version=services.version_copy(actor=actor, draft=draft))
    consultation_services.round_open(actor=actor, version=version, opens_on=date.today(),
                                     deadline=date.today() + timedelta(days=10), public=True)
    person("bantoan", "BNG", "drafting_committee")
    url = f"{page.base}/du-thao/{draft.slug}/v{version.number}/chp_VI__art_19/"
    page.goto(url)
    page.fill("#id_text", "Đề nghị làm rõ tiêu chí xác định chuyên gia đầu ngành.")
    page.fill("#id_author_name", "Nguyễn Văn Bình")
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("ol.comments li")
    assert "Nguyễn Văn Bình" in page.locator("ol.comments").inner_text()
    sign_in(page, "bantoan")
    page.goto(url)
    page.check("input[name=pick]")
    page.select_option("#id_disposition", "accepted")
    page.fill("#id_explanation", "Đã bổ sung tiêu chí tại dự thảo.")
    page.click("#respond button[type=submit]")
    mine = page.locator("ol.comments li", has_text="Nguyễn Văn Bình").locator("p.response")
    mine.wait_for()
    assert "Đã bổ sung tiêu chí" in mine.inner_text()
    assert Comment.objects.get(text__startswith="Đề nghị làm rõ tiêu chí").response.disposition == "accepted"
    shots(page, "draft-provision")
    page.goto(f"{page.base}/du-thao/{draft.slug}/")
    shots(page, "draft")
    with page.expect_download() as download:
        page.click(f"a[href$='dot-{draft.rounds.count()}.docx']")
    word = WordDocument(io.BytesIO(open(download.value.path(), "rb").read()))
    cells = [cell.text for row in word.tables[1].rows for cell in row.cells]
    assert any("tiêu chí xác định chuyên gia" in c for c in cells)
    assert any(c.startswith("Tiếp thu. Đã bổ sung tiêu chí") for c in cells)
    page.goto(f"{page.base}/du-thao/{draft.slug}/so-sanh/?from=2&to=3")
    shots(page, "redline")


def test_report_progress_and_see_the_status_change(page, demo, shots):
    from hoinhap.implementation.models import Task

    person("bonoivu", "BNV", "reporter")
    person("thuky", "BCĐHNQT", "secretariat")
    task = Task.objects.get(programme__slug="ctrhd-153", number="3")  # Đề án nhân lực, BNV, due 31/12/2026
    dashboard = page.base + "/nhiem-vu/?programme=ctrhd-153"

    def completed() -> int:
        page.goto(dashboard)
        row = page.locator("ul.buckets li", has_text="Hoàn thành đúng hạn")
        return int(row.inner_text().rsplit(":", 1)[1])

    sign_in(page, "bonoivu")
    before = completed()
    page.goto(f"{page.base}/nhiem-vu/{task.pk}/")
    page.select_option("#id_kind", "completion")
    page.fill("#id_text", "Thủ tướng Chính phủ đã ban hành Quyết định phê duyệt Đề án.")
    page.fill("#id_output_number", "1234/QĐ-TTg")
    page.fill("#id_output_date", date.today().isoformat())
    page.click("form[enctype] button[type=submit]")
    page.locator("ol.reports li", has_text="1234/QĐ-TTg").wait_for()
    shots(page, "task")
    assert completed() == before  # not completed until the secretariat accepts
    page.context.clear_cookies()
    sign_in(page, "thuky")
    page.goto(f"{page.base}/nhiem-vu/{task.pk}/")
    report = page.locator("ol.reports li", has_text="1234/QĐ-TTg")
    report.locator("select[name=accept]").select_option("yes")  # no decision is preselected
    report.locator("button").click()
    page.wait_for_selector("ol.reports li em:has-text('Đã xác nhận'), ol.reports li em:has-text('Accepted')")
    assert completed() == before + 1
    shots(page, "dashboard")


@pytest.mark.parametrize("path", ["/tong-quan/", "/vb/250-2025-qh15/", "/du-thao/nq-co-che-hoi-nhap/",
                                  "/nhiem-vu/", "/tim-kiem/?q=hội+nhập"])
def test_phone_keyboard_focus_and_contrast(browser, live_server, demo, shots, path):
    context = browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 740})
    page = context.new_page()
    if path.startswith("/nhiem-vu/"):  # task details need a sign-in
        person("docgia", "BNV", "reporter")
        page.base = live_server.url
        sign_in(page, "docgia")
    page.goto(live_server.url + path)
    assert unquote(page.url) == live_server.url + path  # the page itself, not the log-in page
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
    first = page.evaluate("document.querySelector('a[href], button, input, select, textarea').className")
    assert first == "skip"  # the first stop for the keyboard is "skip to content"
    page.focus("a.skip")
    assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0  # and it shows itself
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    ratio = page.evaluate("""() => {
      const lum = c => { const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(v => { v /= 255;
        return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const s = getComputedStyle(document.body); const a = lum(s.color), b = lum(s.backgroundColor);
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }""")
    assert ratio >= 4.5
    if path == "/tong-quan/":
        shots(page, "overview-phone")
    context.close()


def test_the_api_docs_render_under_the_content_security_policy(page):
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(page.base + "/api/docs")
    page.wait_for_selector("#swagger-ui .info .title")
    assert "hoinhap API" in page.locator("#swagger-ui .info .title").inner_text()
    assert page.locator("#swagger-ui .opblock").count() > 20
    assert blocked == [], blocked[:3]
