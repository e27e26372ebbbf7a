"""The project's files as they were at another revision (``caucus report --base REF``),
read from git into a temporary folder. Only git is run, with arguments we build; the
revision's files are extracted as data (no links, no device files, nothing outside
the folder)."""

from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path


class RevisionError(Exception):
    """Why the base revision cannot be read, in words for the person who asked."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120, check=False)
    except FileNotFoundError:
        raise RevisionError("git is not installed here; the report compares with a git revision") from None
    except subprocess.TimeoutExpired:
        raise RevisionError(f"git {args[0]} took over two minutes; try again") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def resolve(root: Path, ref: str) -> str:
    """The commit ``ref`` names, or a RevisionError saying what to give instead."""
    if ref.startswith("-"):
        raise RevisionError(f"'{ref}' is not a revision; give a branch, tag or commit, e.g. --base origin/main")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except RevisionError:
        _git(root, "rev-parse", "--git-dir")  # not a repository: git's own message says so
        raise RevisionError(
            f"no commit '{ref}' in this repository; give a branch, tag or commit, e.g. --base origin/main (in a shallow clone, fetch it first)"
        ) from None


def top_level(root: Path) -> Path:
    """The top folder of the repository ``root`` is in."""
    return Path(_git(root, "rev-parse", "--show-toplevel").decode().strip()).resolve()


def extract(root: Path, commit: str, folder: Path, target: Path) -> Path:
    """The files under ``folder`` (a folder of the working tree) at ``commit``, written
    into ``target`` at their paths in the repository; returns where the folder's copy is
    (an empty folder when it did not exist at that revision)."""
    top = top_level(root)
    prefix = folder.resolve().relative_to(top).as_posix()
    copy = target / prefix
    copy.mkdir(parents=True, exist_ok=True)
    if not _git(top, "ls-tree", "-d", "--name-only", commit, "--", prefix).strip():
        return copy  # the folder is new since that revision
    archive = _git(top, "archive", "--format=tar", commit, "--", prefix)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.startswith(prefix + "/")]
        tar.extractall(target, members=members, filter="data")
    return copy
