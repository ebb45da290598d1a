"""The developer tools (devtools/: the synthetic network) stay out of production: not in
the installed package, not an app of the production settings; their word lists are data
files, and a broken one fails naming what it lacks."""

import fnmatch
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from devtools.synthetic.words import DATA_DIR, WordListError, read_words

ROOT = Path(__file__).resolve().parent.parent


def packaged(module: str) -> bool:
    """Whether setuptools' package discovery of pyproject.toml includes `module`."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["packages"]["find"]["include"]
    return any(fnmatch.fnmatchcase(module, pattern) for pattern in patterns)


def test_the_installed_package_leaves_the_developer_tools_out():
    assert packaged("portal.demo")
    for module in ("devtools", "devtools.synthetic", "devtools.management.commands"):
        assert not packaged(module), module


def commands(settings_module: str) -> str:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "REDIS_URL"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        SECRET_KEY="x" * 50,
        DATABASE_URL="sqlite:////tmp/peercities-devtools-commands.sqlite3",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_generate_network_is_a_command_of_the_checkout_not_of_production():
    assert "generate_network" in commands("config.settings.local").split()
    production = commands("config.settings.production").split()
    assert "load_demo" in production
    assert "generate_network" not in production


def test_the_word_lists_cover_every_region_kind_and_language():
    words = read_words()
    assert len(words.topics) >= 20
    assert all(len(topic) == 4 for topic in words.topics)
    # Quoted in the YAML: the spaces that separate a prefix from the name survive.
    assert "Port " in words.name_parts["africa"].prefixes


@pytest.fixture
def word_lists(tmp_path):
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


@pytest.mark.parametrize(
    ("file", "old", "new", "named"),
    [
        ("texts.yaml", '  pt:\n    - "A pref', '  xx:\n    - "A pref', "sentences: .*pt"),
        ("city_names.yaml", "arab-states:", "arab-emirates:", "city_names.yaml: .*arab-states"),
        ("organization_names.yaml", "donor:", "donors:", "organization_names.yaml: .*donor"),
        ("topics.csv", "en,fr,es,pt", "en,fr,es", "topics.csv: expected the columns"),
    ],
)
def test_a_word_list_missing_a_region_kind_or_language_fails_naming_it(
    word_lists, file, old, new, named
):
    path = word_lists / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")

    with pytest.raises(WordListError, match=named):
        read_words(word_lists)


def test_a_missing_word_list_fails_naming_it(word_lists):
    (word_lists / "indicators.csv").unlink()

    with pytest.raises(WordListError, match=r"indicators\.csv"):
        read_words(word_lists)
