"""The task page and the draft provision page run one typed handler per posted action (issue 17 item 7):
a message after each write, the form shown again with its error on a refusal, nothing written for
the wrong agency or person, 429 with Retry-After for a rate-limited public comment. And the web layer's
shape: no ``_post`` dispatcher, handlers fully typed, no ``except DomainError`` that only turns the
error into a response (the middleware in ``web/errors.py`` does that once)."""

from __future__ import annotations

import ast
import inspect
import typing
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from hoinhap.drafting.models import Comment
from hoinhap.implementation.models import DeadlineExtension, TaskReport

WEB = Path(__file__).resolve().parents[2] / "src" / "hoinhap" / "web"
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}
PROVISION = "/du-thao/nq-hoi-nhap/v1/chp_I__art_1/"

pytestmark = pytest.mark.django_db


def _page(response) -> str:  # noqa: ANN001
    return response.content.decode()


# The task page


@pytest.fixture
def task(programme):  # noqa: ANN001, ANN201 - led by the Ministry of Finance (BTC)
    return programme.tasks.get(number="1")


def test_a_report_is_filed_with_a_message_and_the_wrong_agency_is_refused_on_the_form(client, org, task):
    url = f"/nhiem-vu/{task.pk}/"
    client.force_login(org["bng"])  # a reporter of BNG, not of BTC, which leads the task
    refused = client.post(url, {"action": "report", "agency": org["BTC"].pk, "kind": "progress",
                                "text": "Báo cáo thay cơ quan khác."}, **VI)
    assert refused.status_code == 200 and "Báo cáo thay cơ quan khác." in _page(refused)  # kept what was typed
    assert "Hãy chọn một lựa chọn hợp lệ" in _page(refused)
    assert not TaskReport.objects.exists()
    client.force_login(org["btc"])
    done = client.post(url, {"action": "report", "agency": org["BTC"].pk, "kind": "progress",
                             "text": "Đang soạn thảo."}, follow=True, **VI)
    assert done.redirect_chain[-1][0] == url
    assert "Đã gửi báo cáo; cơ quan thường trực sẽ xem xét." in _page(done)
    assert TaskReport.objects.get().agency == org["BTC"]


def test_a_review_by_anyone_but_the_secretariat_is_refused_on_the_page(client, org, task):
    url = f"/nhiem-vu/{task.pk}/"
    client.force_login(org["btc"])
    client.post(url, {"action": "report", "agency": org["BTC"].pk, "kind": "progress", "text": "Tiến độ."})
    report = TaskReport.objects.get()
    refused = client.post(url, {"action": "review", "report": report.pk, "accept": "yes"}, **VI)
    assert refused.status_code == 200 and 'class="error" role="alert"' in _page(refused)
    report.refresh_from_db()
    assert report.review == TaskReport.Review.SUBMITTED
    client.force_login(org["secretariat"])
    missing = client.post(url, {"action": "review", "report": report.pk + 1000, "accept": "yes"}, **VI)
    assert f"Nhiệm vụ này không có báo cáo số {report.pk + 1000}." in _page(missing)
    done = client.post(url, {"action": "review", "report": report.pk, "accept": "yes"}, follow=True, **VI)
    assert "Đã ghi nhận kết quả xem xét báo cáo." in _page(done)
    report.refresh_from_db()
    assert report.review == TaskReport.Review.ACCEPTED


def test_an_extension_is_requested_and_decided_and_a_bad_request_shows_its_form_again(client, org, task):
    url = f"/nhiem-vu/{task.pk}/"
    client.force_login(org["btc"])
    invalid = client.post(url, {"action": "extension", "new_deadline": "", "reason": "Chờ ý kiến."}, **VI)
    assert invalid.status_code == 200 and "Chờ ý kiến." in _page(invalid)  # the form again, with the reason typed
    assert not DeadlineExtension.objects.exists()
    later = (timezone.localdate() + timedelta(days=400)).isoformat()
    sent = client.post(url, {"action": "extension", "new_deadline": later, "reason": "Chờ ý kiến."}, follow=True, **VI)
    assert "Đã gửi đề nghị gia hạn." in _page(sent)
    extension = DeadlineExtension.objects.get()
    client.force_login(org["secretariat"])
    decided = client.post(url, {"action": "decision", "extension": extension.pk, "approve": "yes"}, follow=True, **VI)
    assert "Đã ghi nhận quyết định về đề nghị gia hạn." in _page(decided)
    extension.refresh_from_db()
    assert extension.state == DeadlineExtension.State.APPROVED


def test_an_unknown_action_changes_nothing_and_says_so(client, org, task):
    client.force_login(org["btc"])
    page = client.post(f"/nhiem-vu/{task.pk}/", {"action": "xoa-het"}, **VI)
    assert page.status_code == 200 and "Thao tác không hợp lệ." in _page(page)


# The draft provision page


def _drafter_answers(client, people, comment):  # noqa: ANN001, ANN202
    client.force_login(people["drafter"])
    return client.post(PROVISION, {"action": "answer", "pick": [comment.pk], "disposition": "accepted",
                                   "explanation": "Tiếp thu."}, follow=True, **VI)


def test_a_comment_is_recorded_with_a_message(client, people, open_round):
    client.force_login(people["commenter"])
    done = client.post(PROVISION, {"action": "comment", "text": "Đề nghị làm rõ phạm vi."}, follow=True, **VI)
    assert "Đã ghi nhận ý kiến của bạn." in _page(done)
    assert Comment.objects.get().text == "Đề nghị làm rõ phạm vi."


def test_a_comment_refused_by_the_service_shows_the_form_again_with_the_text(client, people, open_round):
    from hoinhap.drafting import round_services

    round_services.round_close(actor=people["drafter"], round_=open_round)
    client.force_login(people["commenter"])
    refused = client.post(PROVISION, {"action": "comment", "text": "Ý kiến muộn."}, **VI)
    assert refused.status_code == 200 and "Ý kiến muộn." in _page(refused)
    assert 'class="errorlist nonfield"' in _page(refused)
    assert not Comment.objects.exists()


def test_the_rate_limited_comment_is_429_with_retry_after_and_keeps_the_text(client, open_round, settings):
    settings.HOINHAP_RATE_ANONYMOUS = "1/600"
    first = client.post(PROVISION, {"text": "Ý kiến thứ nhất.", "author_name": "A"})  # the old form: no action
    assert first.status_code == 302
    refused = client.post(PROVISION, {"action": "comment", "text": "Ý kiến thứ hai.", "author_name": "A"}, **VI)
    assert refused.status_code == 429 and 0 < int(refused["Retry-After"]) <= 600
    assert "Ý kiến thứ hai." in _page(refused)
    assert list(Comment.objects.values_list("text", flat=True)) == ["Ý kiến thứ nhất."]


def test_the_committee_answers_and_nobody_else_may(client, people, open_round):
    from hoinhap.drafting import consultation_services

    comment = consultation_services.comment_add(actor=people["commenter"], round_=open_round, text="Góp ý.",
                                                eid="chp_I__art_1", organisation=people["moit"])
    client.force_login(people["outsider"])
    refused = client.post(PROVISION, {"disposition": "accepted", "pick": [comment.pk], "explanation": "Tự trả lời."},
                          **VI)  # no action field: a disposition means an answer
    assert refused.status_code == 200 and "Chỉ ban soạn thảo được làm việc này." in _page(refused)
    assert not Comment.objects.filter(pk=comment.pk, response__isnull=False).exists()
    client.force_login(people["drafter"])
    unchosen = client.post(PROVISION, {"action": "answer", "pick": [comment.pk], "explanation": "Chưa chọn."}, **VI)
    assert unchosen.status_code == 200 and "Chưa chọn." in _page(unchosen)  # the answer form again, as typed
    assert not Comment.objects.filter(pk=comment.pk, response__isnull=False).exists()
    done = _drafter_answers(client, people, comment)
    assert "Đã trả lời 1 ý kiến." in _page(done)
    assert Comment.objects.get(pk=comment.pk).response.explanation == "Tiếp thu."


# The web layer's shape


def _web_modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding="utf-8"))) for path in sorted(WEB.glob("*.py"))]


def test_no_post_dispatcher_is_left_and_no_complexity_waiver():
    for path, module in _web_modules():
        names = {node.name for node in ast.walk(module) if isinstance(node, ast.FunctionDef)}
        assert "_post" not in names, path.name
        assert "noqa: C901" not in path.read_text(encoding="utf-8"), path.name


@pytest.mark.parametrize("registry", ["implementation_views.ACTIONS", "drafting_views.PROVISION_ACTIONS",
                                      "na_views.NA_ACTIONS", "steering_views.MEETING_ACTIONS",
                                      "self_service_views.SELF_ACTIONS", "round_views.ROUND_ACTIONS",
                                      "user_views.USER_ACTIONS"])
def test_every_action_handler_is_fully_typed(registry):
    import importlib

    module_name, name = registry.split(".")
    handlers = getattr(importlib.import_module(f"hoinhap.web.{module_name}"), name)
    assert handlers
    for action, handler in handlers.items():
        hints = typing.get_type_hints(handler)
        parameters = inspect.signature(handler).parameters
        assert set(parameters) | {"return"} == set(hints), f"{action}: every parameter and the result typed"


def test_the_task_page_has_no_type_ignore():
    assert "type: ignore" not in (WEB / "implementation_views.py").read_text(encoding="utf-8")


DOMAIN_ERRORS = {"DomainError", "NotFound", "PermissionDenied", "Conflict", "ValidationFailed", "UnreadableInput",
                 "RateLimited", "Unauthenticated", "TooLong", "Refused"}
# Raised or returned by a handler that does nothing else with the error: a conversion the middleware makes.
CONVERSIONS = {"Http404", "HttpResponse", "JsonResponse", "Forbidden", "HttpResponseForbidden"}
# shortcuts.reading keeps a deliberate policy (a hidden item is "not found", its existence not revealed);
POLICIES = {("shortcuts.py", "wrapper")}


def _caught(handler: ast.ExceptHandler) -> set[str]:
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return {kind.id if isinstance(kind, ast.Name) else getattr(kind, "attr", "") for kind in kinds if kind}


def _converts(handler: ast.ExceptHandler) -> bool:
    """The handler's body is one ``raise X(...)`` or ``return X(...)`` with X a response or an HTTP error."""
    if len(handler.body) != 1 or not isinstance(handler.body[0], ast.Raise | ast.Return):
        return False
    value = handler.body[0].exc if isinstance(handler.body[0], ast.Raise) else handler.body[0].value
    return isinstance(value, ast.Call) and getattr(value.func, "id", getattr(value.func, "attr", "")) in CONVERSIONS


def _own_handlers(function: ast.FunctionDef) -> list[ast.ExceptHandler]:
    """The except clauses of ``function`` itself, not of the functions defined inside it."""
    found, todo = [], list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        if isinstance(node, ast.ExceptHandler):
            found.append(node)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            todo.extend(ast.iter_child_nodes(node))
    return found


def test_no_page_catches_a_domain_error_only_to_answer_with_a_status():
    found = []
    for path, module in _web_modules():
        for function in (node for node in ast.walk(module) if isinstance(node, ast.FunctionDef)):
            for handler in _own_handlers(function):
                if _caught(handler) & DOMAIN_ERRORS and _converts(handler) and (path.name, function.name) not in POLICIES:
                    found.append(f"{path.name}:{handler.lineno} in {function.name}")
    assert found == []


def test_the_shape_check_finds_a_conversion():
    source = ("def view(request):\n    try:\n        return find()\n    except NotFound as error:\n"
              "        raise Http404(error.message) from error\n")
    handler = next(node for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ExceptHandler))
    assert _caught(handler) == {"NotFound"} and _converts(handler)
    kept = ast.parse("try:\n    pass\nexcept DomainError as error:\n    form.add_error(None, error.message)\n")
    assert not _converts(next(node for node in ast.walk(kept) if isinstance(node, ast.ExceptHandler)))

