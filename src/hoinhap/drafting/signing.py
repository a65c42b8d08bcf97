"""PAdES signatures on the comment-response report's PDF: the signer's own, then the organisation's.

Decree 30/2020, Appendix I, items 7 and 8 (and Circular 01/2011 before it) give an electronic
official document two digital signatures: the competent person's (box 7c, between their title and
their name) and then the organisation's, which the office ("Văn thư") adds when it issues the
document, its appearance being the seal laid over about a third of the personal signature, on its
left (box 8). We sign in that order, each as an incremental update (PAdES B-B, SHA-256), so the
personal signature stays valid after the organisation's is added. Having no image of a handwritten
signature or of a seal, each appearance is text in the reserved box: who signed, the organisation
and the signing time in Vietnam's time zone, ISO 8601 (the information item 8b asks for).

Keys come from PKCS#12 files (``HOINHAP_SIGNING_PKCS12`` and ``HOINHAP_SIGNING_ORG_PKCS12``, their
passphrases from the environment only: ``HOINHAP_SIGNING_PASSPHRASE``, ``HOINHAP_SIGNING_ORG_PASSPHRASE``)
or from a PKCS#11 token (``HOINHAP_SIGNING_PKCS11_MODULE``, ``…_TOKEN``, ``…_KEY`` and ``…_ORG_KEY``
labels, the PIN from ``HOINHAP_SIGNING_PKCS11_PIN``; ``HOINHAP_SIGNING_PKCS11_RAW=1`` for tokens that
only sign prehashed ECDSA, such as SoftHSM). Each name is read from Django's settings,
else from the environment."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hoinhap.core.errors import Conflict, DomainError
from hoinhap.core.models import User
from hoinhap.core.services import log_action
from hoinhap.drafting.models import ConsultationRound
from hoinhap.drafting.permissions import require_drafter
from hoinhap.drafting.report_data import frozen_report
from hoinhap.drafting.report_render import SignatureBox, font_dir, pdf_with_signature_box, printable
from hoinhap.drafting.selectors import report_day

PERSONAL_FIELD = "ChuKySoCaNhan"
ORGANISATION_FIELD = "ChuKySoCoQuan"
FONT_SIZE = 7
SEAL_WIDTH_MM = 36  # a round seal is about 36 mm across (Decree 30's seal sizes); overlaps a third


class SigningUnavailable(DomainError):
    status = 503
    code = "signing_unavailable"


def setting(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    return str(value) if value else os.environ.get(name, default)


def is_configured() -> bool:
    return bool(setting("HOINHAP_SIGNING_PKCS12") or setting("HOINHAP_SIGNING_PKCS11_MODULE"))


KeySource = Callable[[], AbstractContextManager[Any]]


def configured_keys() -> tuple[KeySource, KeySource | None]:
    """(personal key, organisation key or None) from the settings: PKCS#12 files, else a PKCS#11
    token. Each opens when used, one at a time: a token accepts one login per process."""
    personal_file, organisation_file = setting("HOINHAP_SIGNING_PKCS12"), setting("HOINHAP_SIGNING_ORG_PKCS12")
    if personal_file:
        def from_file(path: str, variable: str) -> KeySource:
            return lambda: nullcontext(pkcs12_signer(Path(path), os.environ.get(variable)))

        return (from_file(personal_file, "HOINHAP_SIGNING_PASSPHRASE"),
                from_file(organisation_file, "HOINHAP_SIGNING_ORG_PASSPHRASE") if organisation_file else None)
    if not setting("HOINHAP_SIGNING_PKCS11_MODULE"):
        raise SigningUnavailable(_("no signing key is configured (HOINHAP_SIGNING_PKCS12 or HOINHAP_SIGNING_PKCS11_MODULE)"))
    personal_label, organisation_label = setting("HOINHAP_SIGNING_PKCS11_KEY"), setting("HOINHAP_SIGNING_PKCS11_ORG_KEY")
    return (lambda: pkcs11_signer(personal_label),
            (lambda: pkcs11_signer(organisation_label)) if organisation_label else None)


def pkcs12_signer(path: Path, passphrase: str | None) -> Any:  # noqa: ANN401 - pyhanko's SimpleSigner
    from pyhanko.sign import signers

    try:
        data = path.read_bytes()
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[],
                                                     passphrase=passphrase.encode() if passphrase else None)
    except (OSError, ValueError) as error:
        raise SigningUnavailable(_("cannot load the signing key %(name)s: %(error)s")
                                 % {"name": path.name, "error": error}) from error


@contextmanager
def pkcs11_signer(key_label: str) -> Iterator[Any]:
    """A signer whose key stays on the token (certificate and key under the same label)."""
    from pyhanko.config.pkcs11 import PKCS11SignatureConfig, TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11SigningContext

    config = PKCS11SignatureConfig(module_path=setting("HOINHAP_SIGNING_PKCS11_MODULE"),
                                   token_criteria=TokenCriteria(label=setting("HOINHAP_SIGNING_PKCS11_TOKEN") or None),
                                   cert_label=key_label, key_label=key_label,
                                   user_pin=os.environ.get("HOINHAP_SIGNING_PKCS11_PIN"),
                                   # "1": hash here and ask the token for plain ECDSA (SoftHSM has no ECDSA-SHA256)
                                   raw_mechanism=setting("HOINHAP_SIGNING_PKCS11_RAW") == "1")
    try:
        with PKCS11SigningContext(config) as signer:
            yield signer
    except Exception as error:  # the token library raises its own types; a signing failure is one answer
        if isinstance(error, DomainError):
            raise
        raise SigningUnavailable(_("cannot use the PKCS#11 key %(key_label)r: %(error)s")
                                 % {"key_label": key_label, "error": error}) from error


@transaction.atomic
def sign_round_report(*, actor: User | None, round_: ConsultationRound) -> bytes:
    """The round's frozen report as a PDF signed with the configured keys (audited). Only a frozen
    report is signed: what is signed is what was recorded, and cannot change afterwards."""
    require_drafter(actor, round_.draft)
    report = frozen_report(round_)
    if report is None:
        raise Conflict(_("freeze the round's report before signing it"))
    personal_key, organisation_key = configured_keys()
    pdf, box = pdf_with_signature_box(printable(report), on=report_day(round_))
    now = timezone.now()
    with personal_key() as personal:
        signed, signer = sign_personal(pdf, box, personal, now=now), subject(personal)[0]
    if organisation_key is not None:
        with organisation_key() as organisation:
            signed = sign_seal(signed, box, organisation, now=now)
    log_action(actor, "drafting.report.signed", round_, {
        "report_sha256": round_.report_sha256, "pdf_sha256": hashlib.sha256(signed).hexdigest(),
        "signer": signer, "organisation_signed": organisation_key is not None})
    return signed


def subject(signer: Any) -> tuple[str, str]:  # noqa: ANN401 - a pyhanko signer
    """(common name, organisation) of the signer's certificate."""
    names = signer.signing_cert.subject.native
    return str(names.get("common_name", "")), str(names.get("organization_name", ""))


def sign_pdf(pdf: bytes, box: SignatureBox, *, personal: Any, organisation: Any = None,  # noqa: ANN401
             now: datetime | None = None) -> bytes:
    """``pdf`` signed by ``personal`` in ``box`` and then, if given, by ``organisation``."""
    signed = sign_personal(pdf, box, personal, now=now)
    return sign_seal(signed, box, organisation, now=now) if organisation is not None else signed


def sign_personal(pdf: bytes, box: SignatureBox, personal: Any, *, now: datetime | None = None,  # noqa: ANN401
                  location: str = "Hà Nội") -> bytes:
    """The competent person's signature in ``box``, named as their certificate names them."""
    name, agency = subject(personal)
    return _sign(pdf, personal, field=PERSONAL_FIELD, box=box.points(), page=box.page, location=location,
                 params={"signer": name, "organisation": agency, "time": _vietnam_time(now)},
                 template="Ký bởi: %(signer)s\nCơ quan: %(organisation)s\nThời gian ký: %(time)s",
                 reason="Ký ban hành")


def sign_seal(pdf: bytes, box: SignatureBox, organisation: Any, *, now: datetime | None = None,  # noqa: ANN401
              location: str = "Hà Nội") -> bytes:
    """The organisation's signature, its appearance over the left third of the personal ``box``
    (left empty by the personal appearance's right-aligned text)."""
    seal = SignatureBox(page=box.page, x=box.x + box.width / 3 - SEAL_WIDTH_MM, y=box.y, width=SEAL_WIDTH_MM,
                        height=box.height, page_height=box.page_height)
    seal_name = subject(organisation)[1] or subject(organisation)[0]
    return _sign(pdf, organisation, field=ORGANISATION_FIELD, box=seal.points(), page=box.page,
                 location=location, params={"organisation": seal_name, "time": _vietnam_time(now)},
                 template="Cơ quan: %(organisation)s\nThời gian ký:\n%(time)s", reason="Phát hành")


def _vietnam_time(now: datetime | None) -> str:
    """ISO 8601 with Vietnam's offset, as Decree 30 asks ("2025-10-03T09:15:00+07:00")."""
    return timezone.localtime(now or timezone.now()).isoformat(timespec="seconds")


def _sign(pdf: bytes, signer: Any, *, field: str, box: tuple[int, int, int, int], page: int,  # noqa: ANN401
          location: str, params: dict[str, str], template: str, reason: str) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    fields.append_signature_field(writer, fields.SigFieldSpec(sig_field_name=field, on_page=page, box=box))
    meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256", reason=reason, location=location,
                                        subfilter=fields.SigSeedSubFilter.PADES)
    style = _stamp_style(template, right=field == PERSONAL_FIELD)
    output = signers.PdfSigner(meta, signer=signer, stamp_style=style).sign_pdf(writer, appearance_text_params=params)
    return output.getvalue()


def _stamp_style(template: str, *, right: bool) -> Any:  # noqa: ANN401 - pyhanko's TextStampStyle
    """Text in Times-like DejaVu Serif (the standard PDF fonts lack Vietnamese letters), size 7;
    ``right``: against the box's right edge, leaving its left third to the seal."""
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.layout import AxisAlignment, Margins, SimpleBoxLayoutRule
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.stamp import TextStampStyle

    font = _appearance_font()
    layout = SimpleBoxLayoutRule(x_align=AxisAlignment.ALIGN_MAX if right else AxisAlignment.ALIGN_MID,
                                 y_align=AxisAlignment.ALIGN_MID, margins=Margins.uniform(4))
    # Decree 30: the person's signature in blue, the seal in red.
    colour = (0.0, 0.2, 0.7) if right else (0.8, 0.0, 0.0)
    return TextStampStyle(stamp_text=template, border_width=0 if right else 1, background=None,
                          inner_content_layout=layout,
                          text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(font, font_size=FONT_SIZE),
                                                      font_size=FONT_SIZE, text_color=colour))


def _appearance_font() -> str:
    """DejaVu Serif rescaled to 1,000 units per em, made once into the temporary folder: pyHanko
    0.38 writes a font's glyph widths in its own units where PDF wants thousandths of an em, so
    DejaVu's 2,048 units would space the letters twice too wide."""
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = font_dir() / "DejaVuSerif.ttf"
    if not source.exists():
        raise SigningUnavailable(_("signing needs the DejaVu fonts in %(parent)s (Debian: fonts-dejavu-core)")
                                 % {"parent": source.parent})
    target = Path(tempfile.gettempdir()) / f"hoinhap-signing-{source.stat().st_size}-DejaVuSerif-1000.ttf"
    if not target.exists():
        font = TTFont(str(source))
        scale_upem(font, 1000)
        partial = target.with_suffix(f".{os.getpid()}.part")
        font.save(str(partial))
        partial.replace(target)  # atomic: a concurrent signer never reads half a font
    return str(target)
