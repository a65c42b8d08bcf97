"""No decision is preselected on the task page: the secretariat chooses accept or return, approve or
refuse; without a choice nothing changes and the page says why; after a write a message says what
happened (issue 17 item 3)."""

from __future__ import annotations

from lxml import html

from hoinhap.implementation.models import TaskReport


def test_the_review_has_no_preselected_decision_and_a_message_after_it(client, org, programme):
    task = programme.tasks.get(number="1")
    url = f"/nhiem-vu/{task.pk}/"
    client.force_login(org["btc"])
    followed = client.post(url, {"action": "report", "agency": org["BTC"].pk, "kind": "progress",
                                 "text": "Đang soạn thảo."}, follow=True, HTTP_ACCEPT_LANGUAGE="vi")
    assert "Đã gửi báo cáo" in followed.content.decode()
    report = TaskReport.objects.get()
    client.force_login(org["secretariat"])
    page = html.fromstring(client.get(url, HTTP_ACCEPT_LANGUAGE="vi").content)
    select = page.xpath(f"//select[@id='accept-{report.pk}']")[0]
    assert select.get("required") is not None
    assert select.xpath("option[1]/@value") == [""] and not select.xpath("option[@selected]")
    refused = client.post(url, {"action": "review", "report": report.pk, "accept": ""}, HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 200 and "Hãy chọn quyết định" in refused.content.decode()
    report.refresh_from_db()
    assert report.review == "submitted"
    done = client.post(url, {"action": "review", "report": report.pk, "accept": "yes"}, follow=True,
                       HTTP_ACCEPT_LANGUAGE="vi")
    report.refresh_from_db()
    assert report.review == "accepted" and "Đã ghi nhận kết quả xem xét" in done.content.decode()
