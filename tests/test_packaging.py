"""The wheel carries what the package needs at run time: fonts, their licence, py.typed."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pytest.importorskip("hatchling")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize(
    "name",
    [
        "vnschool_records/py.typed",
        "vnschool_records/render/_fonts/LiberationSerif-Regular.ttf",
        "vnschool_records/render/_fonts/LiberationSerif-Bold.ttf",
        "vnschool_records/render/_fonts/LiberationSerif-Italic.ttf",
        "vnschool_records/render/_fonts/LiberationSerif-BoldItalic.ttf",
        "vnschool_records/render/_fonts/OFL.txt",
    ],
)
def test_wheel_contains(wheel_names: set[str], name: str) -> None:
    assert name in wheel_names


def test_wheel_has_the_command_and_no_tests(wheel_names: set[str]) -> None:
    entry_points = next(n for n in wheel_names if n.endswith("entry_points.txt"))
    assert entry_points
    assert not any(n.startswith("tests/") for n in wheel_names)
