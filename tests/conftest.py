"""Shared fixtures: a temporary git copy of the bundled manual, a CLI runner, fixed dates."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

# `make test` (and CI) runs the default profile: the same examples every run, so a test never
# fails by luck; `make fuzz` explores many more examples of the same properties at random
settings.register_profile("default", max_examples=60, derandomize=True)
settings.register_profile("fuzz", max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "manual"
SEED = REPO.parent / "shared" / "seed" / "000_02649376ea0e18a3.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"


def require_seed() -> Path:
    """The seed manual (../shared/seed beside the clone). Absent on a laptop: the test is
    skipped and says why; absent in CI (CI=true): the test fails, since CI must have it."""
    if SEED.exists():
        return SEED
    why = f"the seed manual is not at {SEED} (../shared must sit beside the repository)"
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


GIT_ENV = {
    "GIT_AUTHOR_NAME": "QA Tester",
    "GIT_AUTHOR_EMAIL": "qa@example.invalid",
    "GIT_COMMITTER_NAME": "QA Tester",
    "GIT_COMMITTER_EMAIL": "qa@example.invalid",
    "GIT_AUTHOR_DATE": "2026-01-15T10:00:00+08:00",
    "GIT_COMMITTER_DATE": "2026-01-15T10:00:00+08:00",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """English messages, no inherited manual, a fixed git identity and clock."""
    for var in ("QES_MANUAL", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("COLUMNS", "200")  # rich tables: no wrapping, stable output


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled manual at tmp/manual, cwd = tmp, not yet a git repository, with
    `approval: none` — the one-step release of SPEC §3 that most command tests exercise (the
    control flow of §5 has its own fixture, `controlled`)."""
    shutil.copytree(BUNDLED, tmp_path / "manual", ignore=shutil.ignore_patterns(".qes.lock"))
    meta = tmp_path / "manual/manual.yaml"
    meta.write_text(
        meta.read_text(encoding="utf-8").replace("approval: required", "approval: none"),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def controlled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled manual exactly as shipped (approval: required), committed in git."""
    shutil.copytree(BUNDLED, tmp_path / "manual")
    monkeypatch.chdir(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "import manual")
    return tmp_path


@pytest.fixture
def repo(workdir: Path) -> Iterator[Path]:
    """The copy committed in a fresh git repository (one commit, branch main)."""
    git(workdir, "init", "-q", "-b", "main")
    git(workdir, "add", "-A")
    git(workdir, "commit", "-q", "-m", "import manual")
    yield workdir


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


SCRATCH = (".git/objects", ".git/logs", ".git/COMMIT_EDITMSG", ".git/ORIG_HEAD", ".git/index")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root → bytes, to prove nothing changed. Inside .git everything counts
    (refs, tags, config, hooks) except what git itself rewrites as scratch: the object store
    (a failed commit may leave unreachable objects), the reflogs (append-only: an undone
    release leaves its entries there, which is history, not state), COMMIT_EDITMSG and
    ORIG_HEAD. The index counts by its entries (`git ls-files -s`), not its stat cache."""
    files = {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and "__pycache__" not in p.parts
        and not str(p.relative_to(root)).startswith(SCRATCH)
    }
    if (root / ".git").is_dir():
        files[".git/index (entries)"] = git(root, "ls-files", "-s").encode()
    return files
