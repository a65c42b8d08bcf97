"""Server-rendered pages: thin adapters over the corpus selectors."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import NotFound
from hoinhap.core.http import signed_in
from hoinhap.corpus import search as corpus_search
from hoinhap.corpus import selectors
from hoinhap.corpus.exporters import CONTENT_TYPES, export_work
from hoinhap.corpus.models import Work
from hoinhap.drafting.my_work import open_public_rounds
from hoinhap.indicators import indicator_selectors
from hoinhap.indicators import selectors as partner_selectors
from hoinhap.indicators.models import Level
from hoinhap.legal import tree
from hoinhap.mechanisms.messages import error_message
from hoinhap.mechanisms.rules import RULES, InputError, Settings, evaluate
from hoinhap.overview.selectors import overview
from hoinhap.web.citation_links import linked_texts
from hoinhap.web.forms import AsOfForm, SalarySupportForm, SearchForm, WorkListForm
from hoinhap.web.implementation_forms import LABELS as BUCKET_LABELS
from hoinhap.web.shortcuts import attachment


def home(request: HttpRequest) -> HttpResponse:
    """The document list: filters and sort from the URL; invalid values show the form's errors."""
    form = WorkListForm(request.GET or None, selectors.work_facets(signed_in(request)))
    works = selectors.work_list(**form.selection(), reader=signed_in(request))  # type: ignore[arg-type] # unbound or invalid: no filter
    open_rounds = [] if request.GET else open_public_rounds(timezone.localdate())  # the landing's list
    return render(request, "web/home.html", {"works": works, "form": form, "open_rounds": open_rounds})


PER_PAGE = 10


def _as_of(request: HttpRequest) -> tuple[AsOfForm, date]:
    """The ``?as_of=`` form and its date: today when it is absent or invalid (the form shows why)."""
    form = AsOfForm(request.GET or None)
    return form, (form.cleaned_data["as_of"] if form.is_valid() else None) or timezone.localdate()



def overview_page(request: HttpRequest) -> HttpResponse:
    """The state of integration at a glance; each tile links to its detail."""
    form, as_of = _as_of(request)
    return render(request, "web/overview.html", {"form": form, "as_of": as_of, "labels": BUCKET_LABELS,
                                                 "data": overview(as_of, with_changes=request.user.is_staff,
                                                                  reader=signed_in(request))})


def indicators(request: HttpRequest) -> HttpResponse:
    """Each indicator as known on a date (``?as_of=``): latest figure, target, judgement, chart."""
    form, as_of = _as_of(request)
    views = indicator_selectors.indicator_views(as_of)
    return render(request, "web/indicators.html", {"form": form, "as_of": as_of, "views": views})


def calculator(request: HttpRequest) -> HttpResponse:
    """The salary support rule, evaluated with the trace of every parameter it used."""
    form = SalarySupportForm(request.GET or None)
    context: dict[str, object] = {"form": form, "rule": RULES["salary_support"]}
    if form.is_valid():
        try:
            context["result"] = evaluate(RULES["salary_support"], form.cleaned_data["month"], form.inputs(),
                                         Settings.from_pairs(form.settings()))
            context["api_query"] = urlencode({"month": form.cleaned_data["month"], **form.inputs(), **form.settings()})
        except InputError as error:
            form.add_error(None, error_message(error))
    return render(request, "web/calculator.html", context)


def partners(request: HttpRequest) -> HttpResponse:
    """Partners per framework level as of a date (``?as_of=YYYY-MM-DD``, default today)."""
    form, as_of = _as_of(request)
    standings = partner_selectors.partner_standings(as_of)
    groups = [(label, [s for s in standings if s.level == level]) for level, label in Level.choices]
    return render(request, "web/partners.html", {"form": form, "as_of": as_of, "groups": groups,
                                                 "counts": partner_selectors.partner_counts(as_of)})


def search(request: HttpRequest) -> HttpResponse:
    """Works without JavaScript (a GET form); with htmx, only the results are swapped as one types."""
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_valid() and form.cleaned_data["q"].strip():
        page = form.cleaned_data["page"] or 1
        response = corpus_search.search(form.cleaned_data["q"], filters=form.filters(), limit=PER_PAGE,
                                        offset=(page - 1) * PER_PAGE)
        context.update(response=response, page=page, has_next=response.total > page * PER_PAGE,
                       query_string=_without_page(request))
    template = "web/_results.html" if getattr(request, "htmx", False) else "web/search.html"
    return render(request, template, context)


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _work(slug: str, request: HttpRequest) -> Work:
    """The work, a classified one only for a reader with the clearance (not found otherwise)."""
    return selectors.work_get(slug, signed_in(request))


def document(request: HttpRequest, slug: str) -> HttpResponse:
    work = _work(slug, request)
    if work.classification:  # metadata only: no text is held (docs/security.md, "Classified work")
        return render(request, "web/classified_document.html", {"work": work})
    doc = selectors.document_tree(work)
    toc = [node for node in doc.walk() if node.kind in (tree.PART, tree.CHAPTER, tree.SECTION, tree.ARTICLE,
                                                        tree.DIVISION, tree.APPENDIX)]
    return render(request, "web/document.html", {"work": work, "doc": doc, "toc": toc,
                                                 "linked": linked_texts(doc, work),
                                                 "relations_out": work.outgoing.select_related("target"),
                                                 "relations_in": work.incoming.select_related("source")})


def provision(request: HttpRequest, slug: str, eid: str) -> HttpResponse:
    work = _work(slug, request)
    doc = selectors.document_tree(work)
    node = doc.find(eid)
    if node is None:
        raise NotFound(_("%(work)s has no provision %(eid)s.") % {"work": work.number or work.slug, "eid": eid})
    return render(request, "web/provision.html", {"work": work, "node": node,
                                                  "linked": linked_texts(doc, work, within=node.eid)})


def download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    work = _work(slug, request)
    if fmt not in CONTENT_TYPES:  # an unknown format is a page that does not exist
        raise NotFound(_("unknown export format %(fmt)r; use one of %(CONTENT_TYPES)s")
                       % {"fmt": fmt, "CONTENT_TYPES": ", ".join(CONTENT_TYPES)})
    content, content_type, filename = export_work(work, fmt)
    return attachment(content, filename, content_type)
