"""The pre-commit hooks, for real: ``pre-commit try-repo`` against a copy of this repository.

pre-commit builds a fresh virtualenv and pip-installs the hook repository into it, which compiles
durable-rules from source: about one to two minutes, once per test session (the environment is
cached in a temporary PRE_COMMIT_HOME shared by the tests below).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(
        importlib.util.find_spec("pre_commit") is None,
        reason="pre-commit is not installed (pip install -e '.[test]')",
    ),
]

BAD = """format: 1
council: {name: Testshire}
period: {start: 2025-04-01, end: 2026-03-31}
data:
  workforce:
    caseload_avrage: 12
"""
GOOD = """format: 1
council: {name: Testshire}
period: {start: 2025-04-01, end: 2026-03-31}
data:
  workforce:
    caseload_average: 12
"""


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=assure tests",
            "-c",
            "user.email=tests@example.invalid",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    out = dict(os.environ)
    out["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    out.pop("PRE_COMMIT", None)
    out.pop("SKIP", None)
    return out


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding what pip needs to install assure, and the hooks file."""
    repo = tmp_path_factory.mktemp("hook-repo")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy(ROOT / name, repo / name)
    for name in ("src", "rules"):
        shutil.copytree(ROOT / name, repo / name, ignore=ignore)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hooks under test")
    return repo


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A council's repository with SEF files staged."""
    repo = tmp_path_factory.mktemp("council-repo")
    (repo / "bad.sef.yaml").write_text(BAD, encoding="utf-8")
    (repo / "sef.yaml").write_text(GOOD, encoding="utf-8")
    (repo / "other.yaml").write_text(BAD, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    return repo


def try_repo(
    hook_repo: Path, work: Path, env: dict[str, str], hook: str, *files: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), hook, "--files", *files],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_validate_hook_fails_on_a_bad_sef_with_a_positioned_message(
    hook_repo: Path, work: Path, env: dict[str, str]
) -> None:
    result = try_repo(hook_repo, work, env, "assure-validate", "bad.sef.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Failed" in output
    assert re.search(
        r"^bad\.sef\.yaml:6:5: error: data\.workforce\.caseload_avrage: .*caseload_average",
        output,
        re.MULTILINE,
    ), output


def test_validate_hook_passes_a_good_sef(hook_repo: Path, work: Path, env: dict[str, str]) -> None:
    result = try_repo(hook_repo, work, env, "assure-validate", "sef.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"assure validate \(SEF format 1\)\.+Passed", output), output


def test_hooks_leave_other_yaml_alone(hook_repo: Path, work: Path, env: dict[str, str]) -> None:
    result = try_repo(hook_repo, work, env, "assure-validate", "other.yaml")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "(no files to check)Skipped" in output


def test_check_hook_reports_graded_gaps(hook_repo: Path, work: Path, env: dict[str, str]) -> None:
    result = try_repo(hook_repo, work, env, "assure-check", "sef.yaml")
    output = result.stdout + result.stderr
    # The minimal SEF leaves most facts unstated: gaps at requires improvement fail the hook.
    assert result.returncode == 1, output
    assert "Testshire · sef.yaml" in output
    assert "internal error" not in output and "Traceback" not in output
