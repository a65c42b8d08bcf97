"""One limit for every channel (issue 14, item 1): a body over the size limit is 413 and never read, a
text over its length limit is 422 ``too_long`` whichever way it comes (API, page, service), and
anonymous and public writes are rate limited per address or account (429 with Retry-After), counted
in the database, with the client's address taken from X-Forwarded-For only behind a trusted proxy."""

from __future__ import annotations

import json
from datetime import date
from urllib.parse import urlencode

import pytest
from django.db import connection

from hoinhap.core.errors import TooLong
from hoinhap.drafting.models import Comment

API = "/api/v1/drafts/nq-hoi-nhap/rounds/1/comments"
PAGE = "/du-thao/nq-hoi-nhap/v1/chp_I__art_1/"


def comment(client, payload=None, **extra):  # noqa: ANN001, ANN201
    body = payload or {"text": "Góp ý.", "author_name": "Nguyễn Văn A"}
    return client.post(API, json.dumps(body), content_type="application/json", **extra)


# Sizes and lengths


def test_a_15_mb_comment_is_refused_with_413_and_nothing_is_stored(client, open_round):
    response = comment(client, {"text": "x" * (15 * 1024 * 1024), "author_name": "A"})
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    assert Comment.objects.count() == 0


def test_a_body_over_the_limit_is_413_on_every_write_and_under_it_is_read(client, people, open_round, settings):
    settings.HOINHAP_MAX_BODY_BYTES = 4096
    client.force_login(people["drafter"])
    edit = client.put("/api/v1/drafts/nq-hoi-nhap/versions/1/provisions/chp_I__art_1",
                      json.dumps({"text": "é" * 5000, "base_revision": 1}), content_type="application/json")
    assert edit.status_code == 413
    form = client.post(PAGE, urlencode({"text": "Góp ý " * 1000, "author_name": "A"}),  # over 4 KB
                       content_type="application/x-www-form-urlencoded")
    assert form.status_code == 413 and Comment.objects.count() == 0
    assert comment(client, {"text": "Góp ý " * 100}).status_code == 201


def test_form_fields_of_a_multipart_request_over_the_limit_are_413(client, open_round):
    from django.core.files.uploadedfile import SimpleUploadedFile

    big = client.post(PAGE, {"text": "x" * (3 * 1024 * 1024), "author_name": "A",
                             "letter": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")})
    assert big.status_code == 413 and Comment.objects.count() == 0


@pytest.mark.parametrize("field", ["text", "proposed_text", "quote"])
def test_20001_characters_are_422_too_long_over_the_api_and_20000_are_stored_whole(client, open_round, field):
    refused = comment(client, {"text": "Góp ý.", "author_name": "A", field: "a" * 20_001})
    assert refused.status_code == 422
    assert refused.json()["error"] == "too_long" and field in refused.json()["message"]
    assert Comment.objects.count() == 0
    made = comment(client, {"text": "a" * 20_000, "proposed_text": "b" * 20_000, "author_name": "A"})
    assert made.status_code == 201
    assert len(Comment.objects.get().text) == 20_000


def test_an_author_name_longer_than_its_column_is_422_not_cut(client, open_round):
    refused = comment(client, {"text": "Góp ý.", "author_name": "A" * 256})
    assert refused.status_code == 422 and refused.json()["error"] == "too_long"
    assert Comment.objects.count() == 0


def test_the_limit_is_a_setting_the_page_and_the_api_both_follow(client, open_round, settings):
    settings.HOINHAP_MAX_TEXT_CHARS = 100
    page = client.get(PAGE).content.decode()
    assert 'maxlength="100"' in page
    refused = client.post(PAGE, {"text": "a" * 101, "author_name": "A"})
    assert refused.status_code == 200 and Comment.objects.count() == 0  # the form shown again, with its error
    assert comment(client, {"text": "a" * 101, "author_name": "A"}).status_code == 422
    assert client.post(PAGE, {"text": "a" * 100, "author_name": "A"}).status_code == 302
    assert comment(client, {"text": "a" * 100, "author_name": "A"}).status_code == 201
    assert Comment.objects.count() == 2


def test_the_services_refuse_an_overlong_text_from_any_channel(people, open_round):
    from hoinhap.drafting import consultation_services

    with pytest.raises(TooLong) as refused:
        consultation_services.comment_add(actor=None, round_=open_round, text="a" * 20_001, author_name="A")
    assert refused.value.status == 422 and refused.value.code == "too_long"
    assert refused.value.details == {"field": "text", "length": 20_001, "limit": 20_000}
    made = consultation_services.comment_add(actor=None, round_=open_round, text="Góp ý.", author_name="A")
    with pytest.raises(TooLong):
        consultation_services.comments_respond(actor=people["drafter"], comments=[made], disposition="accepted",
                                               explanation="a" * 20_001)
    assert Comment.objects.count() == 1 and not hasattr(Comment.objects.get(), "response")


def test_a_provision_may_be_longer_than_a_comment_up_to_its_own_limit(people, draft):
    from hoinhap.drafting import services
    from hoinhap.drafting.models import ProvisionEdit

    provision = draft.versions.get().provisions.get(eid="chp_I__art_1")
    with pytest.raises(TooLong):
        services.provision_edit(actor=people["drafter"], provision=provision, base_revision=1, text="a" * 100_001)
    provision.refresh_from_db()
    assert provision.revision == 1 and not ProvisionEdit.objects.exists()
    saved = services.provision_edit(actor=people["drafter"], provision=provision, base_revision=1, text="a" * 50_000)
    assert saved.revision == 2 and len(saved.text) == 50_000


def test_reports_reasons_and_output_numbers_are_bounded(org, programme):
    from hoinhap.implementation import report_services
    from hoinhap.implementation.models import DeadlineExtension, TaskReport

    task, today = programme.tasks.get(number="1"), date(2025, 5, 1)
    with pytest.raises(TooLong):
        report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress",
                                      text="a" * 20_001, today=today)
    with pytest.raises(TooLong):
        report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="completion", text="Xong.",
                                      output_number="1" * 65, output_date=today, today=today)
    report = report_services.report_submit(actor=org["btc"], task=task, agency=org["BTC"], kind="progress",
                                           text="Tiến độ.", today=today)
    with pytest.raises(TooLong):
        report_services.report_review(actor=org["secretariat"], report=report, accept=False, reason="a" * 20_001,
                                      today=today)
    with pytest.raises(TooLong):
        report_services.extension_request(actor=org["btc"], task=task, new_deadline=date(2030, 1, 1),
                                          reason="a" * 20_001, today=today)
    assert TaskReport.objects.get().review == "submitted" and not DeadlineExtension.objects.exists()


# Rate limits


def test_the_21st_anonymous_comment_in_the_window_is_429_and_another_address_still_comments(client, open_round):
    for _ in range(20):
        assert comment(client).status_code == 201
    refused = comment(client)
    assert refused.status_code == 429
    assert refused.json()["error"] == "rate_limited"
    assert 0 < int(refused["Retry-After"]) <= 600
    assert Comment.objects.count() == 20
    assert comment(client, REMOTE_ADDR="203.0.113.9").status_code == 201


def test_behind_a_trusted_proxy_the_forwarded_address_decides(client, open_round, settings):
    settings.HOINHAP_TRUSTED_PROXIES = "10.0.0.0/8, 192.0.2.1"
    settings.HOINHAP_RATE_ANONYMOUS = "2/600"
    via_proxy = {"REMOTE_ADDR": "10.0.0.5"}
    for _ in range(2):
        assert comment(client, HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy).status_code == 201
    assert comment(client, HTTP_X_FORWARDED_FOR="198.51.100.7", **via_proxy).status_code == 429
    # what the client wrote on the left does not help; the right-most hop not ours is the client
    assert comment(client, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7, 192.0.2.1", **via_proxy).status_code == 429
    assert comment(client, HTTP_X_FORWARDED_FOR="198.51.100.8", **via_proxy).status_code == 201


def test_from_an_untrusted_peer_x_forwarded_for_is_ignored(client, open_round, settings):
    settings.HOINHAP_TRUSTED_PROXIES = "10.0.0.0/8"
    settings.HOINHAP_RATE_ANONYMOUS = "2/600"
    for n in range(2):
        assert comment(client, REMOTE_ADDR="203.0.113.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code == 201
    assert comment(client, REMOTE_ADDR="203.0.113.1", HTTP_X_FORWARDED_FOR="198.51.100.99").status_code == 429


def test_ipv6_clients_count_per_64_block(client, open_round, settings):
    settings.HOINHAP_RATE_ANONYMOUS = "1/600"
    assert comment(client, REMOTE_ADDR="2001:db8:1:2::1").status_code == 201
    assert comment(client, REMOTE_ADDR="2001:db8:1:2::ffff").status_code == 429
    assert comment(client, REMOTE_ADDR="2001:db8:1:3::1").status_code == 201


def test_intake_accounts_are_limited_per_account_only_with_their_own_limit(client, people, open_round, settings):
    from hoinhap.core.models import Membership, User

    settings.HOINHAP_RATE_ANONYMOUS, settings.HOINHAP_RATE_ACCOUNT = "1/600", "2/600"
    settings.HOINHAP_RATE_INTAKE = "4/600"
    assert comment(client).status_code == 201
    assert comment(client).status_code == 429  # this address is used up for anonymous writers
    portal = User.objects.create_user("cong-dich-vu-cong", first_name="Cổng dịch vụ công")
    Membership.objects.create(user=portal, organisation=people["mofa"], role="intake")
    client.force_login(portal)
    for _ in range(4):  # the same address, and past the ordinary account limit
        assert comment(client, {"text": "Ý kiến chuyển tiếp."}).status_code == 201
    assert comment(client, {"text": "Ý kiến chuyển tiếp."}).status_code == 429
    client.force_login(people["outsider"])  # an ordinary account: its own, lower limit
    assert [comment(client, {"text": "Góp ý."}).status_code for _ in range(3)] == [201, 201, 429]


def test_ordinary_accounts_are_limited_per_account_and_per_address(client, people, open_round, settings):
    from hoinhap.core.models import User

    settings.HOINHAP_RATE_ACCOUNT, settings.HOINHAP_RATE_ACCOUNT_ADDRESS = "2/600", "3/600"
    first, second = (User.objects.create_user(name) for name in ("nguoi-mot", "nguoi-hai"))
    client.force_login(first)
    assert [comment(client, {"text": "Góp ý."}).status_code for _ in range(2)] == [201, 201]
    client.force_login(second)  # another account, same address: its own account budget, the address's is shared
    assert [comment(client, {"text": "Góp ý."}).status_code for _ in range(2)] == [201, 429]
    client.force_login(User.objects.create_user("nguoi-ba"))
    assert comment(client, {"text": "Góp ý."}).status_code == 429  # the address is used up for signed-in writers
    assert comment(client, {"text": "Góp ý."}, REMOTE_ADDR="198.51.100.20").status_code == 201  # another address


def test_the_page_answers_429_with_retry_after_and_keeps_what_was_typed(client, open_round, settings):
    settings.HOINHAP_RATE_ANONYMOUS = "1/600"
    assert client.post(PAGE, {"text": "Ý kiến thứ nhất.", "author_name": "A"}).status_code == 302
    refused = client.post(PAGE, {"text": "Ý kiến thứ hai.", "author_name": "A"}, HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 600
    page = refused.content.decode()
    assert "Vui lòng thử lại sau" in page and "Ý kiến thứ hai." in page
    assert list(Comment.objects.values_list("text", flat=True)) == ["Ý kiến thứ nhất."]


def test_the_limits_can_be_switched_off(client, open_round, settings):
    settings.HOINHAP_RATE_ANONYMOUS = "1/600"
    assert [comment(client).status_code for _ in range(2)] == [201, 429]
    settings.HOINHAP_RATE_LIMITS = "off"
    assert [comment(client).status_code for _ in range(2)] == [201, 201]


@pytest.mark.django_db
def test_a_new_window_starts_from_zero_and_ended_windows_are_pruned():
    from hoinhap.throttle.limiter import Rate, hit
    from hoinhap.throttle.models import Counter

    rate = Rate.parse("2/600")
    assert [hit("address", "198.51.100.7", rate, now=1_200.0 + s).allowed for s in (0, 1, 2)] == [True, True, False]
    assert hit("address", "198.51.100.7", rate, now=1_799.0).retry_after == 1
    later = hit("address", "198.51.100.7", rate, now=1_800.0)
    assert later.hits == 1 and later.allowed
    assert list(Counter.objects.values_list("window_start", "hits")) == [(1_800, 1)]
    assert "198.51.100.7" not in Counter.objects.get().subject  # a keyed hash, not the address


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
def test_writes_counted_at_the_same_moment_on_postgresql_are_each_counted_once():
    from hoinhap.throttle.limiter import Rate, hit
    from hoinhap.throttle.models import Counter

    from .test_concurrency import together

    rate = Rate.parse("5/600")
    results = together(*[lambda: hit("address", "198.51.100.7", rate, now=1_200.0) for _ in range(8)])
    assert sorted(r.hits for r in results) == [1, 2, 3, 4, 5, 6, 7, 8]  # type: ignore[attr-defined]
    assert sum(r.allowed for r in results) == 5  # type: ignore[attr-defined]
    assert Counter.objects.get().hits == 8
