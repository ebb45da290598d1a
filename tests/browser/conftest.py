"""Browser tests: Debian's Chromium driven by Playwright (the Python package, launched with
`executable_path`: no browser download), against pytest-django's live server.

Where no Chromium is found they skip, saying how to install it.
"""

import io
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import connections
from PIL import Image

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
# The factories' password (tests/factories.py), typed into the sign-in form.
PASSWORD = "correct horse battery staple"
# Where the journeys leave the screenshots of the pages they walk, to be looked at.
SCREENSHOTS = Path(os.environ.get("BROWSER_SCREENSHOTS") or tempfile.gettempdir()) / "peercities"


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
    .filter(el => { // clipped by a box that scrolls sideways, it widens no page; but
      // such a box clips what is positioned only if it holds it (is positioned itself)
      let position = getComputedStyle(el).position;
      for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
        if (position === 'fixed') return true;
        const style = getComputedStyle(up);
        if (position === 'absolute' && style.position === 'static') continue;
        if (style.overflowX !== 'visible') return false;
        position = style.position;
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


def sign_in(page, base, username, next_url="", *, language="en", password=PASSWORD):
    """Sign in through the login form, in `language`, as someone else than before."""
    page.context.clear_cookies()
    prefix = "" if language == "en" else f"/{language}"
    page.goto(f"{base}{prefix}/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()


def serious_violations(page) -> list[str]:
    """axe-core's critical and serious violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_no_serious_violation(page, viewports=(DESKTOP, PHONE)):
    """axe-core on the page at each width (the desktop's and a phone's by default)."""
    for viewport in viewports:
        page.set_viewport_size(viewport)
        violations = serious_violations(page)
        assert not violations, f"{page.url} at {viewport['width']} px:\n" + "\n".join(violations)
    page.set_viewport_size(DESKTOP)


def look_at(page, name):
    """Screenshots of the whole page at 1280 and 390 px, for a person to look at (in
    SCREENSHOTS); on the phone it must not scroll sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        page.screenshot(path=SCREENSHOTS / f"{name}-{viewport['width']}.png", full_page=True)
    assert_no_horizontal_overflow(page)
    page.set_viewport_size(DESKTOP)


def emails_to(address):
    return [message for message in mail.outbox if address in message.to]


def photo_bytes() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (800, 600), "seagreen").save(output, format="JPEG")
    return output.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    """Uploaded photos go to a directory of the test's own."""
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path
