"""medlint as a pre-commit hook, with the real pre-commit package and a real git repository.

The hook repository is this checkout at its current commit, installed by pre-commit into its own
environment exactly as a user's repository would get it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("git") is None or shutil.which("pre-commit") is None,
                                reason="needs git and pre-commit")

BAD = "# Dosing\n\nSee [the dose section](#dose).\n"
GOOD = "# Dosing\n\nSee [the dose section](#dosing).\n"


def _head() -> str:
    out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("the checkout has no commit to install the hook from")
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "checks", "rules", "pyproject.toml",
                            ".pre-commit-hooks.yaml"], cwd=ROOT, capture_output=True, text=True).stdout
    if dirty.strip() and not os.environ.get("CI"):
        pytest.skip("uncommitted changes to the hook's code: pre-commit installs the committed version")
    return out.stdout.strip()


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t"}
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=600)


def test_hook_refuses_a_bad_draft_and_accepts_the_fixed_one(tmp_path: Path, monkeypatch) -> None:
    rev = _head()
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    repo = tmp_path / "site"
    repo.mkdir()
    assert _git(repo, "init", "-q").returncode == 0
    config = {"repos": [{"repo": str(ROOT), "rev": rev, "hooks": [{"id": "medlint-fast"}]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run(["pre-commit", "install"], cwd=repo, check=True, capture_output=True)
    (repo / "page.md").write_text(BAD, encoding="utf-8")
    _git(repo, "add", ".")
    refused = _git(repo, "commit", "-m", "add page")
    assert refused.returncode != 0, refused.stdout + refused.stderr
    shown = refused.stdout + refused.stderr
    assert "page.md:3:5: error ANC001 [broken-fragment]" in shown
    (repo / "page.md").write_text(GOOD, encoding="utf-8")
    _git(repo, "add", ".")
    accepted = _git(repo, "commit", "-m", "add page")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "medlint (without typos)" in accepted.stdout + accepted.stderr


def test_hook_definitions_are_serial_and_markdown_only() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"medlint", "medlint-fast"}
    for h in hooks:
        assert h["language"] == "python" and h["types"] == ["markdown"] and h["require_serial"] is True
    fast = next(h for h in hooks if h["id"] == "medlint-fast")
    assert "--ignore typos" in fast["entry"]
    own = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert own["repos"][0]["hooks"][0]["files"].startswith("^draft/")
