"""PAdES signatures: sequential signing by three signers and verification of each."""

from __future__ import annotations

import datetime as dt
import logging
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from vnschool_records.demo import generate_school
from vnschool_records.errors import MissingExtraError, SigningError
from vnschool_records.regulations import evaluate_year
from vnschool_records.render import (
    ExtractYearInput,
    build_extract_view,
    check_content_hash,
    render_extract,
)
from vnschool_records.signing import (
    HOMEROOM,
    PRINCIPAL,
    SCHOOL_SEAL,
    Pkcs11Signer,
    Pkcs12Signer,
    SignatureRole,
    Signer,
    sign_pdf,
    sign_sequence,
    verify,
)

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, cn),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Trường THCS Bình Khánh"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )


@cache
def _root() -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = _name("CA Thử Nghiệm")
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


@cache
def _p12(cn: str, serial: int) -> bytes:
    ca_key, ca_cert = _root()
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(cn))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        cn.encode(), key, cert, [ca_cert], serialization.BestAvailableEncryption(b"mat-khau")
    )


def _root_pem() -> bytes:
    return _root()[1].public_bytes(serialization.Encoding.PEM)


@cache
def _pdf() -> bytes:
    """One student's extract from the demo school, results computed by the regulation."""
    demo = generate_school(school_year="2024-2025", classes_per_grade=1, students_per_class=7)
    record = demo.records[0]
    years = [ExtractYearInput(record=record, result=evaluate_year(record))]
    view = build_extract_view(demo.school, years, number=7, issued_on=dt.date(2025, 6, 1))
    return render_extract(view, created_at=NOW)


def test_pkcs12_signer_reads_the_certificate_name() -> None:
    signer = Pkcs12Signer(_p12("Trần Thị Thu Hà", 10), "mat-khau")
    assert signer.display_name == "Trần Thị Thu Hà"
    assert isinstance(signer, Signer)


def test_wrong_passphrase_is_a_signing_error() -> None:
    with pytest.raises(SigningError, match="PKCS#12"):
        Pkcs12Signer(_p12("Trần Thị Thu Hà", 10), "sai")


def test_three_sequential_signatures_verify_and_report_order() -> None:
    steps = [
        (Pkcs12Signer(_p12("Trần Thị Thu Hà", 10), "mat-khau"), HOMEROOM),
        (Pkcs12Signer(_p12("Nguyễn Văn Hiệu", 11), "mat-khau"), PRINCIPAL),
        (Pkcs12Signer(_p12("Trường THCS Bình Khánh", 12), "mat-khau"), SCHOOL_SEAL),
    ]
    signed = sign_sequence(_pdf(), steps)
    assert signed.startswith(_pdf())  # incremental updates: the original bytes are kept
    report = verify(signed, trust_roots=[_root_pem()])
    assert [s.field_name for s in report.signatures] == ["GVCN", "HieuTruong", "DauTruong"]
    assert [s.signer for s in report.signatures] == [
        "Trần Thị Thu Hà",
        "Nguyễn Văn Hiệu",
        "Trường THCS Bình Khánh",
    ]
    assert all(s.intact and s.valid and s.trusted for s in report.signatures)
    assert [s.coverage for s in report.signatures] == [
        "entire_revision",
        "entire_revision",
        "entire_file",
    ]
    assert [s.later_changes for s in report.signatures] == ["signatures", "signatures", "none"]
    assert report.all_valid
    times = [s.signed_at for s in report.signatures]
    assert all(t is not None for t in times)
    assert "Nguyễn Văn Hiệu" in report.describe()


def test_untrusted_root_is_reported_not_hidden() -> None:
    signed = sign_pdf(_pdf(), Pkcs12Signer(_p12("Nguyễn Văn Hiệu", 11), "mat-khau"), role=PRINCIPAL)
    (only,) = verify(signed).signatures
    assert only.intact
    assert only.valid
    assert not only.trusted
    assert only.coverage == "entire_file"
    assert not only.changed_after


def test_tampering_after_signing_breaks_the_signature() -> None:
    signed = sign_pdf(_pdf(), Pkcs12Signer(_p12("Nguyễn Văn Hiệu", 11), "mat-khau"), role=PRINCIPAL)
    i = signed.index(b"/Title")
    tampered = signed[:i] + b"/Titlf" + signed[i + 6 :]
    (only,) = verify(tampered, trust_roots=[_root_pem()]).signatures
    assert not only.intact
    assert not only.content_unchanged


def test_appended_content_after_signature_is_reported() -> None:
    import io

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = sign_pdf(_pdf(), Pkcs12Signer(_p12("Nguyễn Văn Hiệu", 11), "mat-khau"), role=PRINCIPAL)
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    page = w.root["/Pages"]["/Kids"][0].get_object()
    page[generic.NameObject("/Rotate")] = generic.NumberObject(90)
    w.update_container(page)
    out = io.BytesIO()
    w.write(out)
    (only,) = verify(out.getvalue(), trust_roots=[_root_pem()]).signatures
    assert only.changed_after
    assert only.later_changes == "other"
    assert not only.content_unchanged


def test_duplicate_field_names_are_refused() -> None:
    signer = Pkcs12Signer(_p12("Nguyễn Văn Hiệu", 11), "mat-khau")
    role = SignatureRole("X", "lý do")
    with pytest.raises(SigningError, match="own field name"):
        sign_sequence(_pdf(), [(signer, role), (signer, role)])


def test_unsigned_pdf_has_no_signatures() -> None:
    report = verify(_pdf())
    assert not report.signed
    assert not report.all_valid


def test_pkcs11_without_python_pkcs11_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pkcs11", None)
    monkeypatch.delitem(sys.modules, "pyhanko.sign.pkcs11", raising=False)
    with pytest.raises(MissingExtraError, match="pkcs11"):
        Pkcs11Signer("/usr/lib/libtoken.so", pin="1234", slot=0)


def test_missing_pyhanko_raises_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyhanko.sign", None)
    with pytest.raises(MissingExtraError, match="sign"):
        verify(b"%PDF-1.7")


def _pyhanko_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.split(".")[0].startswith("pyhanko")]


def test_untrusted_root_logs_nothing_from_pyhanko(caplog: pytest.LogCaptureFixture) -> None:
    signed = sign_pdf(_pdf(), Pkcs12Signer(_p12("Nguyễn Văn Hiệu", 11), "mat-khau"), role=PRINCIPAL)
    before = [logging.getLogger(n).level for n in ("pyhanko", "pyhanko_certvalidator")]
    with caplog.at_level(logging.DEBUG):
        (only,) = verify(signed).signatures
        assert not only.trusted
        assert _pyhanko_records(caplog) == []
        # the same check with quiet=False shows what is being silenced
        verify(signed, quiet=False)
        assert any(r.levelno >= logging.WARNING for r in _pyhanko_records(caplog))
    after = [logging.getLogger(n).level for n in ("pyhanko", "pyhanko_certvalidator")]
    assert after == before  # the loggers are restored


def test_verify_prints_nothing_on_stderr(tmp_path: Path) -> None:
    signed = sign_pdf(_pdf(), Pkcs12Signer(_p12("Nguyễn Văn Hiệu", 11), "mat-khau"), role=PRINCIPAL)
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    code = (
        "import sys; from vnschool_records.signing import verify; "
        "print(verify(open(sys.argv[1], 'rb').read()).describe('en'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert done.stderr == ""
    assert "trusted: no" in done.stdout


def test_describe_in_vietnamese_and_english() -> None:
    signed = sign_pdf(_pdf(), Pkcs12Signer(_p12("Nguyễn Văn Hiệu", 11), "mat-khau"), role=PRINCIPAL)
    report = verify(signed)
    vi, en = report.describe(), report.describe("en")
    assert vi == report.describe("vi")
    assert vi.startswith("HieuTruong: Nguyễn Văn Hiệu lúc ")
    assert "— hợp lệ; tin cậy: không; thay đổi sau ký: không" in vi
    assert en.startswith("HieuTruong: Nguyễn Văn Hiệu at ")
    assert "— valid; trusted: no; changes after signing: none" in en
    assert verify(_pdf()).describe("vi") == "không có chữ ký"
    with pytest.raises(ValueError, match="'fr'"):
        report.describe("fr")


def test_signed_extract_still_passes_the_content_check() -> None:
    signed = sign_pdf(_pdf(), Pkcs12Signer(_p12("Nguyễn Văn Hiệu", 11), "mat-khau"), role=PRINCIPAL)
    check = check_content_hash(signed)
    assert check.found
    assert check.matches
