"""The rule packs are found from an editable install and from a built wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from assure.ruleset.packs import rules_root

ROOT = Path(__file__).resolve().parents[1]


def test_editable_install_finds_the_top_level_rules() -> None:
    assert rules_root() == ROOT / "rules"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    return next(out.glob("assure-*.whl"))


def test_wheel_carries_the_rules_inside_the_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "assure/rules/ilacs-2023/pack.yaml" in names
    assert "assure/rules/ilacs-2026/pack.yaml" in names
    assert "assure/rules/benchmarks/england-timeliness.yaml" in names
    assert "assure/figures/dfe_figures.json" in names
    assert any(n.startswith("assure/rules/ilacs-2023/help_and_protection/") for n in names)
    (entry_points,) = (n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "assure = assure.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_unpacked_wheel_checks_a_sef_with_its_own_rules(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import assure.ruleset.packs as p, sys; root = p.rules_root(); "
        "assert 'site' in str(root), root; "
        "from assure.__main__ import main; sys.argv = ['assure', 'check', sys.argv[1]]; main()"
    )
    sef = ROOT / "self_assessments" / "northshire-2026.yaml"
    run = subprocess.run(
        [sys.executable, "-c", code, str(sef)],
        env={
            "PYTHONPATH": str(site),
            "PATH": "/usr/bin:/bin",
            "ASSURE_TODAY": "2026-11-24",
            "ASSURE_CACHE_DIR": str(tmp_path / "cache"),  # not the user's own cache
        },
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode in (0, 1), run.stderr
    assert "Northshire" in run.stdout
