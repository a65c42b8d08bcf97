"""A throwaway certificate authority for the signing tests: a root, a person's certificate and an
organisation's, each also as a PKCS#12 file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = "mật khẩu thử"


@dataclass
class Issued:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate
    pkcs12: Path

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _certificate(subject: x509.Name, key: ec.EllipticCurvePrivateKey, issuer: x509.Name,
                 issuer_key: ec.EllipticCurvePrivateKey, *, ca: bool) -> x509.Certificate:
    now = datetime.now(UTC)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(days=1))
               .not_valid_after(now + timedelta(days=365))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                                            data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                                            crl_sign=ca, encipher_only=False, decipher_only=False), critical=True))
    return builder.sign(issuer_key, hashes.SHA256())


def make_ca(folder: Path, *, organisation: str = "Bộ Ngoại giao",
            person: str = "Nguyễn Văn A") -> tuple[Issued, Issued, Issued]:
    """(root, person, organisation), PKCS#12 files in ``folder`` protected by ``PASSPHRASE``."""
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("CA thử nghiệm hoinhap", "hoinhap")
    root_cert = _certificate(root_name, root_key, root_name, root_key, ca=True)
    root = Issued(root_key, root_cert, folder / "root.p12")
    issued = []
    for stem, common in (("person", person), ("organisation", organisation)):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = _certificate(_name(common, organisation), key, root_name, root_key, ca=False)
        path = folder / f"{stem}.p12"
        path.write_bytes(pkcs12.serialize_key_and_certificates(
            stem.encode(), key, cert, [root_cert], serialization.BestAvailableEncryption(PASSPHRASE.encode())))
        issued.append(Issued(key, cert, path))
    (folder / "roots").mkdir(exist_ok=True)
    (folder / "roots" / "root.pem").write_bytes(root.pem())
    return root, issued[0], issued[1]
