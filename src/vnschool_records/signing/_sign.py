"""PAdES signing and verification (Ký số và kiểm tra chữ ký) with pyHanko, imported lazily."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from vnschool_records._explain import check_lang
from vnschool_records.errors import MissingExtraError, SigningError

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
    "sign_pdf",
    "sign_sequence",
    "verify",
]


def _require_pyhanko() -> None:
    try:
        import pyhanko.sign  # noqa: F401 - optional extra, loaded on first use
    except ImportError as exc:
        raise MissingExtraError("sign") from exc


@runtime_checkable
class Signer(Protocol):
    """Something that can sign (người/thiết bị ký): a key and its certificate chain.

    Implementations hand pyHanko a ``pyhanko.sign.signers.Signer``; a vendor wrapping a
    remote signing service (VNPT SmartCA, Viettel MySign, …) subclasses pyHanko's
    ``ExternalSigner`` or ``Signer`` and returns it from :meth:`pyhanko_signer`.
    """

    @property
    def display_name(self) -> str:
        """The signer's name as the certificate gives it (its common name)."""
        ...

    def pyhanko_signer(self) -> Any:
        """The ``pyhanko.sign.signers.Signer`` that produces the CMS signature."""
        ...


class Pkcs12Signer:
    """A signer from a PKCS#12 file (``.p12``/``.pfx``) or its bytes.

    Raises:
        MissingExtraError: pyHanko is not installed.
        SigningError: the file cannot be read or the passphrase is wrong.
    """

    def __init__(
        self,
        source: bytes | str | os.PathLike[str],
        passphrase: bytes | str | None = None,
    ) -> None:
        _require_pyhanko()
        from pyhanko.sign import signers

        data = source if isinstance(source, bytes) else Path(source).read_bytes()
        pw = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=(), passphrase=pw)
        except (ValueError, TypeError) as exc:
            raise SigningError(f"cannot load the PKCS#12 data: {exc}") from exc
        if signer is None or signer.signing_cert is None:
            raise SigningError("cannot load the PKCS#12 data: no key and certificate found")
        self._signer = signer

    @property
    def display_name(self) -> str:
        """Common name of the signing certificate."""
        return _common_name(self._signer.signing_cert)

    def pyhanko_signer(self) -> Any:
        """The loaded ``SimpleSigner``."""
        return self._signer


class Pkcs11Signer:
    """A signer on a PKCS#11 token: the USB seal certificates schools are issued.

    ``module_path`` is the token vendor's PKCS#11 library (``.so``/``.dll``); the token is
    chosen by ``slot`` or ``token_label``; ``key_label``/``cert_label`` pick the key and
    certificate when the token holds several. The session opens on first use and is
    closed by :meth:`close` (or the ``with`` statement).

    Raises:
        MissingExtraError: pyHanko's PKCS#11 support (``python-pkcs11``) is not installed.
    """

    def __init__(
        self,
        module_path: str | os.PathLike[str],
        *,
        pin: str,
        slot: int | None = None,
        token_label: str | None = None,
        key_label: str | None = None,
        cert_label: str | None = None,
    ) -> None:
        _require_pyhanko()
        try:
            import pyhanko.sign.pkcs11  # noqa: F401 - needs python-pkcs11
        except ImportError as exc:
            raise MissingExtraError("pkcs11") from exc
        self.module_path = str(module_path)
        self.slot = slot
        self.token_label = token_label
        self.key_label = key_label
        self.cert_label = cert_label
        self._pin = pin
        self._session: Any = None
        self._signer: Any = None

    def pyhanko_signer(self) -> Any:
        """Open the token session (once) and return pyHanko's ``PKCS11Signer``."""
        if self._signer is None:
            from pyhanko.config.pkcs11 import TokenCriteria
            from pyhanko.sign import pkcs11

            criteria = TokenCriteria(label=self.token_label) if self.token_label else None
            try:
                self._session = pkcs11.open_pkcs11_session(
                    self.module_path,
                    slot_no=self.slot,
                    token_criteria=criteria,
                    user_pin=self._pin,
                )
                self._signer = pkcs11.PKCS11Signer(
                    self._session,
                    cert_label=self.cert_label or self.key_label,
                    key_label=self.key_label or self.cert_label,
                )
            except Exception as exc:
                raise SigningError(f"cannot open the PKCS#11 token: {exc}") from exc
        return self._signer

    @property
    def display_name(self) -> str:
        """Common name of the token's signing certificate."""
        return _common_name(self.pyhanko_signer().signing_cert)

    def close(self) -> None:
        """Close the token session."""
        if self._session is not None:
            self._session.close()
            self._session = None
            self._signer = None

    def __enter__(self) -> Pkcs11Signer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class SignatureRole:
    """Who signs in which capacity: the signature field's name, reason and location."""

    field_name: str
    reason: str
    location: str | None = None


HOMEROOM = SignatureRole("GVCN", "Giáo viên chủ nhiệm xác nhận")
"""The homeroom teacher (giáo viên chủ nhiệm) confirms the record."""
PRINCIPAL = SignatureRole("HieuTruong", "Hiệu trưởng ký xác nhận")
"""The principal (hiệu trưởng) signs."""
SCHOOL_SEAL = SignatureRole("DauTruong", "Đóng dấu của nhà trường")
"""The school's seal certificate, last (the digital equivalent of the red seal)."""


def sign_pdf(
    pdf: bytes,
    signer: Signer,
    *,
    role: SignatureRole,
    location: str | None = None,
) -> bytes:
    """Add one PAdES signature to ``pdf`` as an incremental update; return the new bytes.

    Earlier signatures stay valid because the earlier revisions are not rewritten.

    Raises:
        MissingExtraError: pyHanko is not installed.
        SigningError: the PDF cannot be read, or signing failed.
    """
    _require_pyhanko()
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=role.field_name,
        reason=role.reason,
        location=location or role.location,
        name=signer.display_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        out = signers.sign_pdf(writer, meta, signer=signer.pyhanko_signer())
    except SigningError:
        raise
    except Exception as exc:
        raise SigningError(f"cannot sign as {role.field_name!r}: {exc}") from exc
    data: bytes = out.getvalue()
    return data


def sign_sequence(pdf: bytes, steps: Sequence[tuple[Signer, SignatureRole]]) -> bytes:
    """Apply several signatures in order (e.g. homeroom teacher, principal, school seal)."""
    names = [role.field_name for _, role in steps]
    if len(set(names)) != len(names):
        raise SigningError(f"each signature needs its own field name; got {names}")
    for signer, role in steps:
        pdf = sign_pdf(pdf, signer, role=role)
    return pdf


Coverage = Literal["entire_file", "entire_revision", "partial"]


@dataclass(frozen=True, slots=True)
class SignatureReport:
    """One signature as verified.

    ``coverage`` is ``"entire_file"`` when nothing was added after the signature,
    ``"entire_revision"`` when later revisions exist; ``later_changes`` says what they
    did (``"none"``, ``"signatures"`` — form filling and further signatures, which
    PAdES allows —, ``"annotations"`` or ``"other"``, the last meaning the content may
    have been altered).
    """

    field_name: str
    signer: str
    signer_subject: str
    signed_at: datetime | None
    intact: bool
    valid: bool
    trusted: bool
    coverage: Coverage
    later_changes: Literal["none", "signatures", "annotations", "other"]

    @property
    def changed_after(self) -> bool:
        """Whether anything was appended to the file after this signature."""
        return self.coverage != "entire_file"

    @property
    def content_unchanged(self) -> bool:
        """Intact and valid, with at most further signatures or form filling after it."""
        return self.intact and self.valid and self.later_changes in ("none", "signatures")


@dataclass(frozen=True, slots=True)
class VerificationReport:
    """Every signature of a PDF, in signing order."""

    signatures: tuple[SignatureReport, ...]

    @property
    def signed(self) -> bool:
        """Whether the file carries at least one signature."""
        return bool(self.signatures)

    @property
    def all_valid(self) -> bool:
        """Every signature intact, valid, and nothing but signatures added after it."""
        return self.signed and all(s.content_unchanged for s in self.signatures)

    def describe(self, lang: str = "vi") -> str:
        """One line per signature, for people, in ``lang`` (``"vi"`` or ``"en"``).

        >>> VerificationReport(signatures=()).describe("en")
        'no signature'
        """
        words = _WORDS[check_lang(lang)]
        if not self.signatures:
            return words["unsigned"]
        lines = []
        for s in self.signatures:
            when = s.signed_at.isoformat() if s.signed_at else "?"
            state = words["valid"] if s.content_unchanged else words["invalid"]
            trusted = words["yes"] if s.trusted else words["no"]
            lines.append(
                f"{s.field_name}: {s.signer} {words['at']} {when} — {state}; "
                f"{words['trusted']}: {trusted}; {words['later']}: {words[s.later_changes]}"
            )
        return "\n".join(lines)


_WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "unsigned": "không có chữ ký",
        "at": "lúc",
        "valid": "hợp lệ",
        "invalid": "KHÔNG hợp lệ",
        "trusted": "tin cậy",
        "yes": "có",
        "no": "không",
        "later": "thay đổi sau ký",
        "none": "không",
        "signatures": "chỉ thêm chữ ký",
        "annotations": "thêm ghi chú",
        "other": "KHÁC (nội dung có thể đã bị sửa)",
    },
    "en": {
        "unsigned": "no signature",
        "at": "at",
        "valid": "valid",
        "invalid": "NOT valid",
        "trusted": "trusted",
        "yes": "yes",
        "no": "no",
        "later": "changes after signing",
        "none": "none",
        "signatures": "further signatures only",
        "annotations": "annotations added",
        "other": "OTHER (the content may have been altered)",
    },
}

_PYHANKO_LOGGERS = ("pyhanko", "pyhanko_certvalidator")


@contextmanager
def _quiet_pyhanko() -> Iterator[None]:
    """Raise pyHanko's loggers above CRITICAL while validating, then restore them.

    pyHanko logs a full traceback for every certificate path it cannot build (an
    untrusted root, an offline revocation check); the report already says so in its
    ``trusted``/``valid`` fields, so callers and the CLI should not see three stack
    traces on stderr. Child loggers inherit the level unless a caller set their own.
    """
    loggers = [logging.getLogger(name) for name in _PYHANKO_LOGGERS]
    saved = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, saved, strict=True):
            lg.setLevel(level)


def _load_trust_root(data: Any) -> Any:
    from asn1crypto import pem, x509  # type: ignore[import-untyped]

    if isinstance(data, x509.Certificate):
        return data
    raw = bytes(data)
    if pem.detect(raw):
        _, _, raw = pem.unarmor(raw)
    return x509.Certificate.load(raw)


def _common_name(cert: Any) -> str:
    try:
        return str(cert.subject.native.get("common_name") or cert.subject.human_friendly)
    except (AttributeError, ValueError):
        return "?"


def verify(
    pdf: bytes, *, trust_roots: Sequence[Any] = (), quiet: bool = True
) -> VerificationReport:
    """Check every signature of ``pdf``: who, when, intact, trusted, changed afterwards.

    ``trust_roots`` are root certificates (DER or PEM bytes, or asn1crypto certificates)
    to trust; without them signatures can be intact and valid but not trusted. Checking
    runs offline (no revocation fetching). ``quiet`` keeps pyHanko's log messages (and
    the tracebacks it logs for untrusted chains) out of the output while checking; the
    report carries the outcome.

    Raises:
        MissingExtraError: pyHanko is not installed.
        SigningError: the file is not a readable PDF.
    """
    _require_pyhanko()
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        raise SigningError(f"cannot read the PDF's signatures: {exc}") from exc
    roots = [_load_trust_root(r) for r in trust_roots]
    reports: list[SignatureReport] = []
    for sig in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            if quiet:
                with _quiet_pyhanko():
                    status = validate_pdf_signature(sig, signer_validation_context=context)
            else:
                status = validate_pdf_signature(sig, signer_validation_context=context)
        except Exception as exc:
            raise SigningError(f"cannot validate signature {sig.field_name!r}: {exc}") from exc
        if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
            coverage: Coverage = "entire_file"
        elif status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
            coverage = "entire_revision"
        else:
            coverage = "partial"
        level = status.modification_level
        later: Literal["none", "signatures", "annotations", "other"]
        if level is None or level == ModificationLevel.NONE:
            later = "none" if coverage == "entire_file" else "signatures"
        elif level in (ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING):
            later = "signatures"
        elif level == ModificationLevel.ANNOTATIONS:
            later = "annotations"
        else:
            later = "other"
        if coverage == "partial" or status.docmdp_ok is False:
            later = "other"
        cert = status.signing_cert
        reports.append(
            SignatureReport(
                field_name=str(sig.field_name),
                signer=_common_name(cert),
                signer_subject=str(cert.subject.human_friendly) if cert is not None else "",
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                coverage=coverage,
                later_changes=later,
            )
        )
    return VerificationReport(signatures=tuple(reports))
