"""The signed report in the browser: the drafting committee downloads the frozen comment-response
report as a PDF carrying the signer's and the organisation's digital signatures (``drafting/signing.py``).
Signing is an act, audited, so it is a POST (CSRF) from the "Ký số" button beside the downloads."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from hoinhap.core.errors import Conflict
from hoinhap.core.http import signed_in
from hoinhap.drafting import selectors, signing
from hoinhap.drafting.jobs import report_filename
from hoinhap.drafting.signing import SigningUnavailable
from hoinhap.web.shortcuts import attachment


@require_POST
def report_signed(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The signed PDF; anybody but the committee is refused by the service (403, the error page)."""
    round_ = selectors.round_get(selectors.draft_get(slug), number)
    try:
        data = signing.sign_round_report(actor=signed_in(request), round_=round_)
    except Conflict:
        messages.error(request, gettext("Freeze the round's report before signing it."))
        return redirect(reverse("web:draft", args=[slug]))
    except SigningUnavailable:  # keys missing or unusable: the operator's setting, said plainly
        messages.error(request, gettext("The report could not be signed: the signing keys are not configured "
                                        "or cannot be used. Ask the administrator."))
        return redirect(reverse("web:draft", args=[slug]))
    return attachment(data, report_filename(round_, "pdf").replace(".pdf", "-ky-so.pdf"), "application/pdf")
