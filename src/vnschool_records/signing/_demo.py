"""Demo certificates (Chứng thư chạy thử): a throw-away CA and three PKCS#12 signers.

For demos, examples and tests only — never for real documents: the keys are made on the
spot and the CA is trusted by nobody. Schools sign with the certificates their province
issues (often on a USB token, see :class:`vnschool_records.signing.Pkcs11Signer`).
Needs ``cryptography``, which the ``sign`` extra brings with pyHanko.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from vnschool_records.signing._sign import Pkcs12Signer

_PASSPHRASE = b"demo"


def _name(common_name: str) -> Any:
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "vnschool_records demo"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )


def _usage(*, ca: bool) -> Any:
    from cryptography import x509

    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def demo_signers(
    homeroom: str = "Nguyễn Thị Lan (GVCN)",
    principal: str = "Trần Thị Thu Hà (Hiệu trưởng)",
    school: str = "Trường THCS",
) -> tuple[Pkcs12Signer, Pkcs12Signer, Pkcs12Signer, bytes]:
    """Signers named for the homeroom teacher, the principal and the school seal, and the
    CA certificate (PEM) that issued them, to pass to ``verify(..., trust_roots=[...])``."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("CA chạy thử (demo, không dùng thật)")
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    signers = []
    for common_name in (homeroom, principal, school):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(_name(common_name))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(ca=False), critical=True)
            .sign(ca_key, hashes.SHA256())
        )
        blob = pkcs12.serialize_key_and_certificates(
            b"demo", key, cert, [ca_cert], serialization.BestAvailableEncryption(_PASSPHRASE)
        )
        signers.append(Pkcs12Signer(blob, _PASSPHRASE))
    root_pem = ca_cert.public_bytes(serialization.Encoding.PEM)
    return signers[0], signers[1], signers[2], root_pem
