"""No English in the Vietnamese interface (issue 17, item 1): every page and its error paths, rendered in
Vietnamese on the demo data, anonymously and as a staff member holding every role, show no untranslated
interface text.

How interface text is told from data: the visible text of each page (and the title, aria-label,
placeholder and alt attributes, and the value of buttons) is cut into the runs between tags; a run that
holds a word of the English list below is a finding, unless the word sits in a value the demo's
database holds (a document's text, an organisation's English name: data, shown as it is stored). Codes
and choices are not data: their labels are the interface's to translate.

The pages are rendered once per module, each request in a savepoint that is rolled back (so a form that
is posted changes nothing the next request sees); one test per URL name reads the findings. Every URL
pattern of the site (the API, the admin and Django's own i18n view aside) must have its parameters in
``parameters`` below, or ``test_every_page_is_walked`` fails: a new page cannot skip the walk."""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.db import models, transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db  # the test database is set up for the module's walk

SKIPPED_PREFIXES = ("admin/", "api/", "i18n/", "oidc/")  # JSON contracts and Django's own admin

# Whole words that are English interface text, never Vietnamese (so not "to", "no", "in", "do", "can",
# "an", "a", "may", "sum", "long", "day", "then": those are Vietnamese words too).
ENGLISH = frozenset("""
the and of for by from this that these those is are was were be been has have had yet not none with without
which who what when where there here than into only each every since until before after between about its their
it or if at on as we our you your please must cannot should will would could
save submit search back next previous page pages report reports task tasks draft drafts comment comments status
overdue deadline deadlines round rounds version versions download edit delete remove add new create update
upload file files name title number list view details total today yes all any more less open close closed
cancel confirm choose select filter sort show hide sign log login logout password username user users account
settings help home overview partners partner indicators indicator target source value parameter parameters
calculate applicable uncertain verified agency agencies lead programme programmes meeting meetings members plan
plans requirement requirements coverage answer answers response responses accepted explained returned submitted
pending done late month months quarter year years week days date dates error invalid required field enter valid
provision provisions document documents text changes change history published publish adopted adoption stage
stages consultation public private letter letters review reviewed extension extensions evidence output
directive directives conclusion conclusions briefing member chair chaired held agenda summary missing unknown
but against whether found read two other full partial state kind level link rule rate work word wording added created
imported confirmed proposed requested recorded extracted registered existed listed searched supported excluded current
earlier later monthly regular foreign salary support staff server resource system input sources rows mission visit
statement plenary recall joint verification appraisal proposal authorization facts observations readable recruited
employees servants civil allowances coefficient specialists integration drafting steering framework partnership
comprehensive strategic economy culture education healthcare institutions growth exports disbursed
forbidden revision numbers extent jan feb mar apr jun jul aug sep oct nov dec january february march april june
july august september october november december monday tuesday wednesday thursday friday saturday sunday
""".split())

# Words of the list that appear on purpose, each with its reason.
ALLOWED: dict[str, str] = {
    "word": "Microsoft Word, the file format (\"Tải về bản Word\"), a name",
    "authorization": "the HTTP header an API client sends (\"Authorization: Bearer\"), literal",
}
# Addresses and file paths are names, not sentences (a source cited as ../shared/docs/mission-facts.md).
ADDRESS = re.compile(r"https?://\S+|www\.\S+|\S*\.\./\S*|\S+/\S+\.\w{1,5}\b")


def _routes(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name and not (prefix + str(pattern.pattern)).startswith(
                SKIPPED_PREFIXES):
            yield prefix + str(pattern.pattern), namespace + pattern.name


def page_names() -> list[str]:
    return sorted({name for _route, name in _routes(get_resolver().url_patterns)})


# -- the demo's objects, as URL parameters --------------------------------------------------------------

FOLLOW_TOKEN = "ma-theo-doi-thu-nghiem"


def _staff() -> Any:
    """A staff member holding every role (in the organisations the demo's objects belong to) and the
    highest clearance: every page shows all it can."""
    from hoinhap.core.models import Membership, Organisation, User

    user = User.objects.create_user("kiem-thu", email="kiem-thu@example.vn", is_staff=True, clearance="tuyet_mat")
    for code in ("BNG", "BNV", "BCĐHNQT", "VCCI"):
        organisation = Organisation.objects.get(code=code)
        for role in Membership.Role.values:
            Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def _world(staff: Any) -> dict[str, Any]:
    """The objects the pages are asked about, taken from the demo (a few made here: a job, a follow token)."""
    from django.core.files.base import ContentFile

    from hoinhap.corpus.models import Work
    from hoinhap.drafting.models import Comment, Draft
    from hoinhap.drafting.public_services import token_hash
    from hoinhap.implementation.models import Task, TaskReport
    from hoinhap.jobs.services import report_job_create
    from hoinhap.steering.models import CoverageLink

    draft = Draft.objects.get(slug="nq-co-che-hoi-nhap")
    round_ = draft.rounds.order_by("number").first()
    comment = Comment.objects.filter(round__draft=draft, response__isnull=False,
                                     organisation__isnull=False).order_by("pk").first()
    comment.letter.save("cong-van.pdf", ContentFile(b"%PDF-1.4 minh hoa"), save=True)  # the letter's download
    public = Comment.objects.filter(round__draft=draft, organisation__isnull=True).order_by("pk").first()
    Comment.objects.filter(pk=public.pk).update(follow_token_hash=token_hash(FOLLOW_TOKEN))
    version = draft.versions.order_by("number").last()
    link = CoverageLink.objects.filter(task__isnull=False).select_related("requirement__work").order_by("pk").first()
    job = report_job_create(actor=staff, kind="drafting.report", params={"slug": draft.slug}, rows=0,
                            filename="bao-cao.docx")
    job.file.save("bao-cao.docx", ContentFile(b"PK minh hoa"), save=False)
    job.status, job.content_type = job.Status.DONE, "application/octet-stream"
    job.save()
    return {"work": Work.objects.get(number="250/2025/QH15"), "draft": draft, "round": round_, "comment": comment,
            "version": version, "stage": draft.stages.order_by("pk").first(),
            "task": Task.objects.get(programme__slug="ctrhd-153", number="3"),
            "evidence": TaskReport.objects.exclude(evidence="").order_by("pk").first(), "link": link, "job": job}


def parameters(world: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Each URL name's parameters; a name absent here fails ``test_every_page_is_walked``."""
    work, draft, task, link = world["work"], world["draft"].slug, world["task"].pk, world["link"]
    version, number, comment = world["version"].number, world["round"].number, world["comment"].pk
    eid, coverage = "chp_I__art_1", {"doc": link.requirement.work.slug}
    requirement = {**coverage, "code": link.requirement.code}
    plain = ("web:home", "web:search", "web:partners", "web:indicators", "web:overview", "web:calculator", "web:audit",
             "web:account", "web:my_work", "web:notices_read", "web:users", "web:personal_data", "web:login",
             "web:logout", "web:tasks", "web:programmes", "web:bottlenecks", "web:task_report", "web:task_export",
             "web:steering", "web:steering_members", "web:steering_plans", "web:coverage_index", "web:drafts",
             "web:my_comments", "web:comment_sent", "web:draft_new", "programme_extract")
    on_draft = ("draft", "draft_redline", "draft_synoptic", "draft_round_new", "draft_queue", "draft_version_new",
                "draft_adopt", "draft_na", "draft_na_opinions", "draft_explanation")
    on_version = ("draft_version_publish", "draft_version", "draft_fulltext", "draft_comment")
    on_provision = ("draft_provision", "draft_edit", "draft_insert", "draft_delete", "draft_move")
    on_programme = ("programme", "programme_reporting", "programme_regime_set", "period_reports_remind",
                    "period_report_submit")
    on_meeting = ("steering_meeting", "steering_briefing", "steering_briefing_docx")
    return {
        **{name: {} for name in plain},
        **{f"web:{name}": {"slug": draft} for name in on_draft},
        **{f"web:{name}": {"slug": draft, "number": version} for name in on_version},
        **{f"web:{name}": {"slug": draft, "number": version, "eid": eid} for name in on_provision},
        **{f"web:{name}": {"slug": "ctrhd-153"} for name in on_programme},
        **{f"web:{name}": {"held_on": "2025-08-26"} for name in on_meeting},
        **{f"web:{name}": {"pk": task} for name in ("task", "task_classify", "detailing_task", "task_expand")},
        **{f"web:{name}": {"slug": draft, "pk": comment} for name in ("answer_revise", "answer_withdraw",
                                                                      "comment_hide", "comment_unhide", "draft_letter")},
        **{f"web:{name}": {"token": FOLLOW_TOKEN} for name in ("comment_follow", "comment_follow_data")},
        **{f"web:{name}": coverage for name in ("coverage", "coverage_import", "coverage_propose")},
        "web:coverage_export": {**coverage, "fmt": "xlsx"}, "web:coverage_requirement": requirement,
        "web:coverage_link": {**requirement, "pk": link.pk},
        "web:document": {"slug": work.slug}, "web:detailing": {"slug": work.slug},
        "web:provision": {"slug": work.slug, "eid": "chp_III__art_8"}, "web:download": {"slug": work.slug, "fmt": "docx"},
        "web:user": {"username": "kiem-thu"}, "web:task_evidence": {"pk": world["evidence"].pk},
        "web:draft_report": {"slug": draft, "number": number, "fmt": "html"},
        "web:draft_report_signed": {"slug": draft, "number": number},
        "web:draft_letter_comments": {"slug": draft, "number": number},
        "web:draft_round": {"slug": draft, "number": number},
        "web:draft_stage": {"slug": draft, "code": world["stage"].code},
        "jobs:job_page": {"pk": world["job"].pk}, "jobs:job_download": {"pk": world["job"].pk},
    }


def _bogus(value: Any) -> Any:
    """A parameter of the same shape that names nothing."""
    if isinstance(value, int):
        return 987654
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=1)
    return "2099-01-01" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)) else "khong-ton-tai"


# Extra addresses for a page's other states: results, a refused input, filters with bad values.
BAD_QUERY = "?as_of=sai&page=sai&year=sai&sort=sai&status=sai&type=sai&month=sai&from=sai&to=sai&q="
EXTRA_GETS = {
    "web:search": ["?q=h%E1%BB%99i+nh%E1%BA%ADp", "?q=kho%E1%BA%A3n+2+%C4%90i%E1%BB%81u+18+Ngh%E1%BB%8B+quy%E1%BA%BFt"],
    "web:calculator": ["?month=2026-01&coefficient=4.40&categories=regular_staff&recruited=on&overlap=highest"
                       "&part_month=full&salary_day=first",
                       "?month=2026-02&coefficient=4.40&categories=specialist&overlap=sum&part_month=prorate"
                       "&salary_day=last&days_worked=12",
                       # the rule refuses it (February has 28 days): the calculator's input error
                       "?month=2026-02&coefficient=4.40&categories=regular_staff&days_worked=31&overlap=highest"
                       "&part_month=full&salary_day=first",
                       "?month=2025-01&coefficient=4.40&categories=regular_staff&overlap=highest&part_month=full"
                       "&salary_day=first"],
}


# -- visible text, and English in it -------------------------------------------------------------------

class VisibleText(HTMLParser):
    """The runs of text a reader sees or hears (screen readers read the labelled attributes)."""

    HIDDEN = {"script", "style", "template"}
    SPOKEN = ("title", "aria-label", "placeholder", "alt")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.runs: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        values = dict(attrs)
        self.runs += [value for name, value in attrs if name in self.SPOKEN and value]
        if tag in ("input", "button") and values.get("type") in ("submit", "button", "reset") and values.get("value"):
            self.runs.append(values["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.runs.append(data)


def _words(text: str) -> set[str]:
    return {word.lower() for word in re.findall(r"\w+", ADDRESS.sub(" ", text)) if word.isascii()}


def _flat(text: str) -> str:
    return " ".join(text.split())


class DemoData:
    """The database's own strings (free text, not codes), found by the English words they hold."""

    def __init__(self) -> None:
        self.by_word: dict[str, set[str]] = defaultdict(set)
        for value in self._values():
            for word in _words(value) & ENGLISH:
                self.by_word[word].add(value)

    @staticmethod
    def _values() -> Iterator[str]:
        for model in apps.get_models():
            texts = [f.name for f in model._meta.concrete_fields
                     if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.choices]
            for row in model._default_manager.values_list(*texts) if texts else []:
                yield from (_flat(text) for value in row for text in _strings(value))

    def without_data(self, run: str, words: set[str]) -> str:
        for value in sorted({v for word in words for v in self.by_word.get(word, ())}, key=len, reverse=True):
            run = run.replace(value, " ")
        return run


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def english_in(html: str, data: DemoData) -> list[str]:
    """The runs of the page that hold English words the data does not explain."""
    parser = VisibleText()
    parser.feed(html)
    found = []
    for run in (_flat(r) for r in parser.runs):
        words = (_words(run) & ENGLISH) - set(ALLOWED)
        if words and (_words(data.without_data(run, words)) & ENGLISH) - set(ALLOWED):
            found.append(run[:160])
    return found


# -- the walk --------------------------------------------------------------------------------------------

@dataclass
class Walk:
    findings: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # name → problems
    statuses: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))  # name → who → status
    params: dict[str, dict[str, Any]] = field(default_factory=dict)


def _request(client: Client, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
    """One request in a savepoint rolled back: the next request sees the demo as it was."""
    with transaction.atomic():
        try:
            if method == "get":
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="vi")
            else:
                response = client.post(url, data or {}, HTTP_ACCEPT_LANGUAGE="vi")
        finally:
            transaction.set_rollback(True)
    return response


def _look(walk: Walk, data: DemoData, key: str, label: str, response: Any) -> None:
    if response.status_code >= 500:
        walk.findings[key].append(f"{label}: {response.status_code}")
    elif "text/html" in response.get("Content-Type", "") and response.status_code != 302:
        walk.findings[key] += [f"{label}: {run!r}" for run in english_in(response.content.decode(), data)]


def _walk_everything(walk: Walk, staff: Any) -> None:
    data = DemoData()
    anonymous, member = Client(raise_request_exception=False), Client(raise_request_exception=False)
    member.force_login(staff)
    for name in page_names():
        kwargs = walk.params.get(name)
        if kwargs is None:
            continue
        url = reverse(name, kwargs=kwargs)
        for who, client in (("anonymous", anonymous), ("staff", member)):
            for suffix in ["", BAD_QUERY, *EXTRA_GETS.get(name, [])]:
                response = _request(client, "get", url + suffix)
                walk.statuses[name].setdefault(who, response.status_code)
                _look(walk, data, name, f"{who} GET {url}{suffix}", response)
        for payload in ({}, {"action": "sai", "date": "sai", "deadline": "sai", "text": "", "number": "sai"}):
            response = _request(member, "post", url, payload)
            _look(walk, data, name, f"staff POST {url} {payload}", response)
            member.force_login(staff)  # a post may have signed out (the log-out page) or changed the session
        if kwargs:
            missing = reverse(name, kwargs={key: _bogus(value) for key, value in kwargs.items()})
            response = _request(member, "get", missing)
            walk.statuses[name]["missing"] = response.status_code
            _look(walk, data, name, f"staff GET {missing} (names nothing)", response)


@pytest.fixture(scope="module")
def walk(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[Walk]:  # noqa: ANN001
    """The demo loaded and every page walked once, all in one transaction rolled back at the end."""
    from hoinhap.corpus.search import forget_indexes
    from hoinhap.demo.load import load_demo

    walked = Walk()
    folder = tmp_path_factory.mktemp("pages-vi")
    with django_db_blocker.unblock(), override_settings(SEARCH_INDEX_DIR=folder / "index", MEDIA_ROOT=folder / "media",
                                                        HOINHAP_INDEX_IN_PROCESS=True), transaction.atomic():
        forget_indexes()
        with TestCase.captureOnCommitCallbacks(execute=True):
            load_demo()
        staff = _staff()
        walked.params = parameters(_world(staff))
        _walk_everything(walked, staff)
        transaction.set_rollback(True)
    forget_indexes()
    yield walked


# Pages whose English lives in files other helpers are changing now (issue 17); the lead removes each
# mark after merging. strict: a page that becomes clean fails here until its mark goes.
ELSEWHERE: dict[str, str] = {}  # a page whose English is fixed in a file the walk's author did not own


def _marked(names: list[str]) -> list[Any]:
    return [pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=ELSEWHERE[name])) if name in ELSEWHERE
            else name for name in names]


def test_every_page_is_walked(walk):
    assert sorted(set(page_names()) - set(walk.params)) == [], "give these URL names their parameters"
    assert sorted(set(walk.params) - set(page_names())) == [], "these URL names are gone"


def test_every_page_is_found_with_the_demos_parameters(walk):
    """A 404 for the staff member would mean the walk looked at the wrong object, not at the page."""
    wrong = {name: seen["staff"] for name, seen in walk.statuses.items() if seen.get("staff") == 404}
    assert wrong == {}


def test_a_parameter_that_names_nothing_is_a_404(walk):
    answered = {name: seen["missing"] for name, seen in walk.statuses.items()
                if "missing" in seen and seen["missing"] not in (404, 302, 405)}  # 302: sign in first; 405: a form's address
    assert answered == {}


@pytest.mark.parametrize("name", _marked(page_names()))
def test_the_page_speaks_vietnamese(walk, name):
    assert walk.findings.get(name, []) == []


def test_the_check_finds_english_and_leaves_data_alone():
    data = DemoData.__new__(DemoData)
    data.by_word = defaultdict(set, {"of": {"Ministry of Foreign Affairs"}})
    page = ('<h1>Nhiệm vụ</h1><p>Ministry of Foreign Affairs</p><button title="Save the report">Lưu</button>'
            '<script>var the = 1;</script><input type="submit" value="Submit"><p>Tải về JSON</p>')
    assert english_in(page, data) == ["Save the report", "Submit"]
