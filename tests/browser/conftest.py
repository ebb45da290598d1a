"""Browser tests: Debian's Chromium driven by Playwright (the Python package, launched with
`executable_path`: no browser download), against pytest-django's live server.

Where no Chromium is found they skip, saying how to install it.
"""

import os
import shutil
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives headless Chromium through Playwright")


@pytest.fixture
def browser():
    """A Chromium per test: Playwright's sync API switches greenlets, and Django's
    connections (context-local) must be back to the test's own once it has stopped, or
    the next test's database would not be restored. (One Chromium for many tests was
    tried: from the second test on, the test's code no longer saw the connection that
    holds the serialized reference data, and the database stayed empty.)"""
    if CHROMIUM is None:
        pytest.skip("Chromium not found: apt-get install chromium (the browser tests use it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright not installed: pip install -e '.[dev]'")
    # Playwright's sync API runs an event loop in this thread; the test code around it
    # (factories, the live server's data) is synchronous Django all the same.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
            # The connections opened while Playwright ran are not the test's own: close
            # them, or PostgreSQL could not drop the test database at the end.
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def no_tiles(settings):
    """Point the maps at a tile server that is not there, as on an offline intranet."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAP_TILE_URL = f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"
    return settings.MAP_TILE_URL


@pytest.fixture
def leaflet_installed():
    if not (Path(settings.BASE_DIR) / "node_modules" / "leaflet" / "dist").is_dir():
        pytest.skip("Leaflet not installed: run npm ci (make test does)")


# The elements that reach past the right edge of the viewport, widest first: what makes a
# page scroll sideways, named so that a failure says where to look.
OVERFLOWING = """() => {
  const limit = document.documentElement.clientWidth;
  return Array.from(document.body.querySelectorAll('*'))
    .filter(el => el.getBoundingClientRect().right > limit + 0.5)
    .filter(el => { // inside a box that scrolls or clips sideways, it widens no page
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX !== 'visible') return false;
      }
      return true; })
    .sort((a, b) => b.getBoundingClientRect().width - a.getBoundingClientRect().width)
    .slice(0, 8)
    .map(el => {
      const classes = typeof el.className === 'string' ? el.className.trim() : '';
      const name = el.tagName + (el.id ? '#' + el.id : '')
        + (classes ? '.' + classes.split(/\\s+/).join('.') : '');
      return `${name} (${Math.round(el.getBoundingClientRect().right)} px)`;
    });
}"""


def assert_no_horizontal_overflow(page):
    """The page is no wider than its viewport, and no element reaches past its edge."""
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width and page.evaluate(OVERFLOWING) == [], (
        f"{page.url} is {scroll_width} px wide at {width} px: {page.evaluate(OVERFLOWING)}"
    )
