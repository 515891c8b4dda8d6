"""Digital signatures (Chữ ký số): PAdES signing and verification of rendered documents.

The only package that imports pyHanko (optional extra ``sign``; imported on first use, so
``import vnschool_records.signing`` works without it and a call raises
:class:`~vnschool_records.errors.MissingExtraError`).

* :class:`Signer` — what signs: :class:`Pkcs12Signer` (a ``.p12`` file: tests, staff
  certificates), :class:`Pkcs11Signer` (the USB token holding a school's seal certificate),
  or a vendor's own class for a remote signing service.
* :func:`sign_pdf` adds one PAdES signature as an incremental update, so earlier
  signatures stay valid; :func:`sign_sequence` applies the usual order — homeroom teacher
  (:data:`HOMEROOM`), principal (:data:`PRINCIPAL`), the school's seal (:data:`SCHOOL_SEAL`).
* :func:`verify` reports who signed, when, whether each signature is intact and trusted,
  and whether anything was changed after it (and how).

Signatures are invisible: the signature block drawn by :mod:`vnschool_records.render`
is the visible part, which avoids pyHanko's stamp fonts garbling Vietnamese.

>>> HOMEROOM.field_name, PRINCIPAL.field_name, SCHOOL_SEAL.field_name
('GVCN', 'HieuTruong', 'DauTruong')
"""

from vnschool_records.signing._demo import demo_signers
from vnschool_records.signing._sign import (
    HOMEROOM,
    PRINCIPAL,
    SCHOOL_SEAL,
    Pkcs11Signer,
    Pkcs12Signer,
    SignatureReport,
    SignatureRole,
    Signer,
    VerificationReport,
    sign_pdf,
    sign_sequence,
    verify,
)

__all__ = [
    "HOMEROOM",
    "PRINCIPAL",
    "SCHOOL_SEAL",
    "Pkcs11Signer",
    "Pkcs12Signer",
    "SignatureReport",
    "SignatureRole",
    "Signer",
    "VerificationReport",
    "demo_signers",
    "sign_pdf",
    "sign_sequence",
    "verify",
]
