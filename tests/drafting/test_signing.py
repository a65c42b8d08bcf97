"""The report PDF signed by the signer and the organisation (PAdES), validated with pyHanko against a
CA made here; keys from PKCS#12 files or (with SoftHSM installed) a PKCS#11 token; letters' checks."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.utils import translation

from hoinhap.core.errors import Conflict, PermissionDenied
from hoinhap.core.models import AuditEntry
from hoinhap.drafting import consultation_services as consult
from hoinhap.drafting import signing, stage_services
from hoinhap.drafting.letter_signatures import verify_pdf
from hoinhap.drafting.models import Comment

from .signing_ca import PASSPHRASE, Issued, make_ca

FONTS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")
pytestmark = pytest.mark.skipif(not FONTS.exists(), reason="the DejaVu fonts are not installed")
DURING = date(2025, 9, 10)


@pytest.fixture
def ca(tmp_path):
    return make_ca(tmp_path)


@pytest.fixture
def keys(ca, settings, monkeypatch):
    _, person, organisation = ca
    settings.HOINHAP_SIGNING_PKCS12 = str(person.pkcs12)
    settings.HOINHAP_SIGNING_ORG_PKCS12 = str(organisation.pkcs12)
    monkeypatch.setenv("HOINHAP_SIGNING_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("HOINHAP_SIGNING_ORG_PASSPHRASE", PASSPHRASE)
    return ca


@pytest.fixture
def frozen(people, consultation):
    consult.comment_add(actor=people["commenter"], round_=consultation, organisation=people["moit"],
                        eid="chp_II__art_3__cl_1", quote="công tác đối ngoại", today=DURING, text="Đề nghị làm rõ.")
    consultation.signer_capacity, consultation.signer_title, consultation.signer_name = (
        "KT. Bộ trưởng", "Thứ trưởng", "Nguyễn Văn A")
    consultation.save()
    return stage_services.round_freeze(actor=people["drafter"], round_=consultation)


def _validate(data: bytes, roots: list[Issued]) -> list:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    trust = [asn1_x509.Certificate.load(root.cert.public_bytes(serialization.Encoding.DER)) for root in roots]
    reader = PdfFileReader(io.BytesIO(data))
    return [(signature, validate_pdf_signature(signature, ValidationContext(
        trust_roots=trust, allow_fetching=False, revocation_mode="soft-fail"))) for signature in reader.embedded_signatures]


def test_the_frozen_report_is_signed_by_the_person_then_the_organisation(people, frozen, keys):
    root, _, _ = keys
    signed = signing.sign_round_report(actor=people["drafter"], round_=frozen)
    (personal, first), (seal, second) = _validate(signed, [root])
    assert personal.field_name == signing.PERSONAL_FIELD and seal.field_name == signing.ORGANISATION_FIELD
    assert personal.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    for status in (first, second):
        assert status.intact and status.valid and status.trusted
    assert first.signing_cert.subject.native["common_name"] == "Nguyễn Văn A"
    assert second.signing_cert.subject.native["common_name"] == "Bộ Ngoại giao"
    assert first.docmdp_ok  # the seal added afterwards is an allowed change: the personal signature stands
    untrusted = _validate(signed, [])
    assert not any(status.trusted for _, status in untrusted)
    entry = AuditEntry.objects.filter(action="drafting.report.signed").get()
    assert entry.data["report_sha256"] == frozen.report_sha256 and entry.data["signer"] == "Nguyễn Văn A"


def test_the_appearance_sits_in_the_signature_block_between_title_and_name(people, frozen, keys):
    import pymupdf

    signed = signing.sign_round_report(actor=people["drafter"], round_=frozen)
    page = pymupdf.open(stream=signed, filetype="pdf")[-1]
    title = page.search_for("THỨ TRƯỞNG")[0]
    name = max(page.search_for("Nguyễn Văn A"), key=lambda rect: rect.y0)  # the printed name, under the box
    widgets = {widget.field_name: widget.rect for widget in page.widgets()}
    personal, seal = widgets[signing.PERSONAL_FIELD], widgets[signing.ORGANISATION_FIELD]
    assert title.y1 <= personal.y0 and personal.y1 <= name.y0
    overlap = seal.x1 - personal.x0
    assert 0 < overlap <= personal.width / 3 + 1  # the seal over the left third, as Decree 30 lays it out


def test_only_a_frozen_report_is_signed_by_the_committee(people, consultation, frozen, keys):
    with pytest.raises(PermissionDenied):
        signing.sign_round_report(actor=people["commenter"], round_=frozen)
    frozen.frozen_at, frozen.report_snapshot = None, None
    frozen.save()
    with pytest.raises(Conflict):
        signing.sign_round_report(actor=people["drafter"], round_=frozen)


def test_missing_or_locked_keys_are_a_clear_error(people, frozen, keys, settings, monkeypatch):
    monkeypatch.setenv("HOINHAP_SIGNING_PASSPHRASE", "wrong")
    with translation.override("en"), pytest.raises(signing.SigningUnavailable, match="cannot load the signing key"):
        signing.sign_round_report(actor=people["drafter"], round_=frozen)
    settings.HOINHAP_SIGNING_PKCS12 = ""
    monkeypatch.delenv("HOINHAP_SIGNING_PKCS12", raising=False)
    monkeypatch.delenv("HOINHAP_SIGNING_PKCS11_MODULE", raising=False)
    with translation.override("en"), pytest.raises(signing.SigningUnavailable, match="no signing key"):
        signing.sign_round_report(actor=people["drafter"], round_=frozen)


def test_letters_signatures_intact_altered_trusted_or_unreadable(people, frozen, keys):
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    root, _, _ = keys
    roots = [asn1_x509.Certificate.load(root.cert.public_bytes(serialization.Encoding.DER))]
    signed = signing.sign_round_report(actor=people["drafter"], round_=frozen)
    checked = verify_pdf(signed, roots)
    assert checked.readable and [(c.signer, c.organisation) for c in checked.signatures] == [
        ("Nguyễn Văn A", "Bộ Ngoại giao"), ("Bộ Ngoại giao", "Bộ Ngoại giao")]
    assert all(c.intact and c.trusted and not c.altered and c.signed_at for c in checked.signatures)
    assert not any(c.trusted for c in verify_pdf(signed, []).signatures)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))  # a change appended after signing
    writer.root["/Lang"] = generic.TextStringObject("en")
    writer.update_root()
    later = io.BytesIO()
    writer.write(later)
    altered = verify_pdf(later.getvalue(), roots).signatures
    assert altered and all(c.altered and c.intact and not c.trusted for c in altered)
    at = signed.index(b"/Type /Page")  # a byte changed inside the signed range
    tampered = verify_pdf(signed[:at] + b"/Type /Pagf" + signed[at + 11:], roots).signatures
    assert tampered and not tampered[0].intact and tampered[0].altered
    for hostile in (b"%PDF-1.7 not really", signed[: len(signed) // 2], b"\x00" * 1000):
        assert not verify_pdf(hostile, roots).readable


@pytest.mark.skipif(not shutil.which("softhsm2-util"), reason="SoftHSM (Debian softhsm2) is not installed")
def test_keys_on_a_pkcs11_token(people, frozen, ca, tmp_path, settings, monkeypatch):
    import pkcs11

    root, person, organisation = ca
    module = next((p for p in ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so")
                   if Path(p).exists()), None)
    if module is None:
        pytest.skip("libsofthsm2.so not found")
    (tmp_path / "tokens").mkdir()
    config = tmp_path / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", "hoinhap", "--pin", "1234",
                    "--so-pin", "5678"], check=True, capture_output=True)
    token = pkcs11.lib(module).get_token(token_label="hoinhap")
    for number, (label, issued) in enumerate((("person", person), ("seal", organisation)), start=1):
        pem = tmp_path / f"{label}.key"
        pem.write_bytes(issued.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                 serialization.NoEncryption()))
        subprocess.run(["softhsm2-util", "--import", str(pem), "--token", "hoinhap", "--label", label,
                        "--id", f"{number:02x}", "--pin", "1234"], check=True, capture_output=True)
        with token.open(user_pin="1234", rw=True) as session:
            session.create_object({
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509, pkcs11.Attribute.TOKEN: True,
                pkcs11.Attribute.LABEL: label, pkcs11.Attribute.ID: bytes([number]),
                pkcs11.Attribute.SUBJECT: issued.cert.subject.public_bytes(),
                pkcs11.Attribute.VALUE: issued.cert.public_bytes(serialization.Encoding.DER)})
    settings.HOINHAP_SIGNING_PKCS12 = ""
    settings.HOINHAP_SIGNING_PKCS11_MODULE = module
    settings.HOINHAP_SIGNING_PKCS11_TOKEN = "hoinhap"
    settings.HOINHAP_SIGNING_PKCS11_KEY = "person"
    settings.HOINHAP_SIGNING_PKCS11_ORG_KEY = "seal"
    settings.HOINHAP_SIGNING_PKCS11_RAW = "1"  # SoftHSM signs ECDSA over a digest made here
    monkeypatch.setenv("HOINHAP_SIGNING_PKCS11_PIN", "1234")
    signed = signing.sign_round_report(actor=people["drafter"], round_=frozen)
    statuses = [status for _, status in _validate(signed, [root])]
    assert [s.signing_cert.subject.native["common_name"] for s in statuses] == ["Nguyễn Văn A", "Bộ Ngoại giao"]
    assert all(s.intact and s.valid and s.trusted for s in statuses)


def test_the_committee_signs_from_the_draft_page(client, people, frozen, keys):
    from django.urls import reverse

    root, _, _ = keys
    url = reverse("web:draft_report_signed", args=[frozen.draft.slug, frozen.number])
    client.force_login(people["drafter"])
    assert url in client.get(reverse("web:draft", args=[frozen.draft.slug])).content.decode()
    response = client.post(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "ky-so.pdf" in response["Content-Disposition"]
    assert [status.trusted for _, status in _validate(response.content, [root])] == [True, True]
    assert client.get(url).status_code == 405  # signing is an act: POST with the CSRF token only
    client.force_login(people["commenter"])
    assert url not in client.get(reverse("web:draft", args=[frozen.draft.slug])).content.decode()
    assert client.post(url).status_code == 403


def test_a_live_report_is_not_signed_from_the_page(client, people, consultation, keys):
    from django.urls import reverse

    client.force_login(people["drafter"])
    response = client.post(reverse("web:draft_report_signed", args=[consultation.draft.slug, consultation.number]),
                           follow=True)
    assert response.status_code == 200 and response.redirect_chain
    assert not AuditEntry.objects.filter(action="drafting.report.signed").exists()


def test_a_letter_s_signatures_are_shown_beside_it(people, frozen, keys, settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.template.loader import render_to_string

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.HOINHAP_TRUSTED_SIGNING_ROOTS = str(tmp_path / "roots")  # make_ca wrote the root there
    signed = signing.sign_round_report(actor=people["drafter"], round_=frozen)
    comments = [Comment.objects.create(round=frozen, version=frozen.version, text=f"Công văn {n}",
                                       organisation=people["moit"]) for n in (1, 2, 3)]
    comments[0].letter.save("cong-van.pdf", ContentFile(signed))
    comments[1].letter.save("hong.pdf", ContentFile(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage"))
    shown = render_to_string("web/drafting/_letter_signature.html", {"comment": comments[0]})
    assert "Nguyễn Văn A" in shown and "Bộ Ngoại giao" in shown and shown.count("<p>") == 2
    assert "Không đọc được chữ ký" in render_to_string("web/drafting/_letter_signature.html", {"comment": comments[1]})
    assert render_to_string("web/drafting/_letter_signature.html", {"comment": comments[2]}).strip() == ""


def test_the_shell_writes_the_signed_report(people, frozen, keys, tmp_path, capsys):
    from hoinhap.cli import main

    root, _, _ = keys
    output = tmp_path / "signed.pdf"
    argv = ["report", "consultation", frozen.draft.slug, "--round", str(frozen.number), "-o", str(output), "--sign"]
    assert main([*argv, "--format", "docx"]) != 0  # only a PDF is signed
    assert not output.exists()
    assert main([*argv, "--format", "pdf", "--as", "drafter"]) == 0, capsys.readouterr().err
    assert [status.trusted for _, status in _validate(output.read_bytes(), [root])] == [True, True]
    assert AuditEntry.objects.get(action="drafting.report.signed").actor == people["drafter"]
