"""The Python packages are locked: `make install` installs exactly requirements/lock.txt,
every file checked against its hash, and the lock stays true to pyproject.toml (a
dependency changed there without `make lock` fails here)."""

import re
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "lock.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)")


def locked() -> dict[str, tuple[Version, list[str]]]:
    """Package name: (version, hashes), as pip reads the lock."""
    packages: dict[str, tuple[Version, list[str]]] = {}
    name = None
    for line in LOCK.read_text().splitlines():
        if match := PIN.match(line):
            name = canonicalize_name(match[1])
            packages[name] = (Version(match[2]), [])
        elif name and (hashed := re.search(r"--hash=sha256:([0-9a-f]{64})", line)):
            packages[name][1].append(hashed[1])
    return packages


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [
        Requirement(line)
        for line in project["dependencies"] + project["optional-dependencies"]["dev"]
    ]


def test_every_dependency_is_locked_at_a_version_pyproject_allows():
    packages = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in packages, f"{name} is not in the lock: run `make lock`"
        version = packages[name][0]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name}=={version} is locked, pyproject.toml asks {requirement.specifier}: "
            "run `make lock`"
        )


def test_every_locked_package_has_hashes():
    packages = locked()
    assert len(packages) > len(declared())  # their own dependencies too
    assert not [name for name, (_, hashes) in packages.items() if not hashes]


@pytest.mark.parametrize(
    ("package", "vulnerable"),
    [("Django", "5.2.7"), ("djangorestframework", "3.15.1"), ("gunicorn", "22.0.0")],
)
def test_the_floors_exclude_releases_with_known_vulnerabilities(package, vulnerable):
    requirement = next(r for r in declared() if r.name == package)
    assert not requirement.specifier.contains(vulnerable)
    assert locked()[canonicalize_name(package)][0] > Version(vulnerable)


def test_make_install_installs_the_lock_with_its_hashes():
    result = subprocess.run(
        ["make", "-n", "-B", ".venv/.installed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "pip install --quiet --require-hashes -r requirements/lock.txt" in result.stdout
    assert "pip install --quiet --no-deps -e ." in result.stdout
