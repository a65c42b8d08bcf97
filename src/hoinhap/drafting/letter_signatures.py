"""The digital signatures of an official letter (a PDF attached to a comment), checked with pyHanko:
who signed, the organisation in the certificate (its subject's O=), when, whether the signed bytes
are intact, whether the file was altered after signing (anything but further signatures appended),
and whether the certificate chains to one of the configured roots (``HOINHAP_TRUSTED_SIGNING_ROOTS``:
a folder of PEM or DER certificates). Nothing is fetched from the network: revocation is not checked.

A PDF that cannot be read, or whose signatures cannot be parsed, is reported as such ("không đọc được
chữ ký"), never as an error; the check is cached by the file's SHA-256 and the roots in use."""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.cache import cache

from hoinhap.drafting.models import Comment
from hoinhap.drafting.signing import setting

logger = logging.getLogger(__name__)
CACHE_SECONDS = 24 * 3600
MAX_LETTER_BYTES = 50 * 1024 * 1024  # a bigger file is not parsed on a page view


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str
    organisation: str
    signed_at: datetime | None
    intact: bool
    altered: bool
    trusted: bool

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "signed_at": self.signed_at.isoformat() if self.signed_at else None}


@dataclass(frozen=True)
class LetterSignatures:
    """``readable`` False: the file or a signature could not be parsed; ``signatures`` empty and
    readable: a PDF without digital signatures."""

    readable: bool
    signatures: list[SignatureCheck] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"readable": self.readable, "signatures": [check.to_dict() for check in self.signatures]}


def trusted_roots(folder: str | None = None) -> list[Any]:
    """The roots in ``folder`` (default: ``HOINHAP_TRUSTED_SIGNING_ROOTS``) as asn1crypto certificates;
    an unreadable file is skipped and logged, so one bad file does not disable every check."""
    from asn1crypto import pem, x509

    path = Path(folder or setting("HOINHAP_TRUSTED_SIGNING_ROOTS") or "")
    if not str(path) or not path.is_dir():
        return []
    roots: list[Any] = []
    for file in sorted(path.iterdir()):
        if file.suffix.lower() not in {".pem", ".crt", ".cer", ".der"}:
            continue
        data = file.read_bytes()
        try:
            blobs = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
            roots.extend(x509.Certificate.load(blob) for blob in blobs)
        except ValueError:
            logger.warning("skipping unreadable signing root %s", file)
    return roots


def verify_pdf(data: bytes, roots: list[Any]) -> LetterSignatures:
    """Every signature in ``data``, checked against ``roots``."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
        checks = []
        for signature in embedded:
            context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
            status = validate_pdf_signature(signature, context)
            checks.append(_check(signature.field_name, status))
        return LetterSignatures(readable=True, signatures=checks)
    except Exception:  # noqa: BLE001 - hostile or broken PDFs raise anything; the answer is "unreadable"
        logger.info("unreadable signatures in a letter", exc_info=True)
        return LetterSignatures(readable=False)


def _check(field_name: str, status: Any) -> SignatureCheck:  # noqa: ANN401 - pyhanko's PdfSignatureStatus
    subject = status.signing_cert.subject.native
    # Altered: the signed bytes changed, or what was appended after signing is more than signatures
    # and their form fields (pyHanko's difference analysis, "docmdp_ok").
    altered = not status.intact or not status.valid or status.docmdp_ok is False
    return SignatureCheck(field=field_name, signer=str(subject.get("common_name", "")),
                          organisation=str(subject.get("organization_name", "")),
                          signed_at=status.signer_reported_dt, intact=bool(status.intact and status.valid),
                          altered=altered, trusted=bool(status.trusted) and not altered)


def letter_signatures(comment: Comment) -> LetterSignatures | None:
    """The checked signatures of the comment's letter; None when it has no PDF letter."""
    if not comment.letter or not comment.letter.name.lower().endswith(".pdf"):
        return None
    try:
        with comment.letter.open("rb") as handle:
            data = handle.read(MAX_LETTER_BYTES + 1)
    except OSError:
        return LetterSignatures(readable=False)
    if len(data) > MAX_LETTER_BYTES:
        return LetterSignatures(readable=False)
    roots = trusted_roots()
    fingerprint = hashlib.sha256(data + b"".join(root.dump() for root in roots)).hexdigest()
    key = f"hoinhap:letter-signatures:{fingerprint}"
    cached = cache.get(key)
    if isinstance(cached, LetterSignatures):
        return cached
    result = verify_pdf(data, roots)
    cache.set(key, result, CACHE_SECONDS)
    return result
