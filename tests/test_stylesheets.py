"""The stylesheets parse as their authors meant. A brace left open is no syntax error to a
browser that knows CSS nesting: every rule after it silently becomes a descendant of the
open rule and stops applying (a merge once left `.review-list th {` open, and the whole
practice form lost its layout on phones)."""

import re
from pathlib import Path

import pytest
from django.conf import settings

STYLESHEETS = sorted((Path(settings.BASE_DIR) / "static" / "css").glob("*.css"))
COMMENTS_AND_STRINGS = re.compile(r"/\*.*?\*/|\"(?:\\.|[^\"\\])*\"|'(?:\\.|[^'\\])*'", re.S)


def unclosed_blocks(css: str) -> list[int]:
    """The line of each `{` that is never closed, or of a `}` that closes nothing."""
    text = COMMENTS_AND_STRINGS.sub(lambda m: "\n" * m.group(0).count("\n"), css)
    opened, stray = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        for character in line:
            if character == "{":
                opened.append(number)
            elif character == "}":
                if opened:
                    opened.pop()
                else:
                    stray.append(number)
    return opened + stray


def test_the_check_finds_a_rule_left_open():
    assert unclosed_blocks(".a {\n  color: red;\n.b { color: blue; }\n") == [1]
    assert unclosed_blocks(".a { content: '{'; }\n/* } */\n}\n") == [3]
    assert unclosed_blocks("@media (width > 1px) {\n  .a { color: red; }\n}\n") == []


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_every_block_of_a_stylesheet_is_closed(path):
    assert unclosed_blocks(path.read_text()) == []
