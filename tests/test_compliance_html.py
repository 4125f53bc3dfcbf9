"""The HTML compliance report (``--format compliance-html``): one self-contained file,
checked statically and in a real headless browser (Chromium from the system packages).

The browser test needs `chromium` (Debian: `apt-get install chromium`); it is skipped,
saying so, only where no Chromium or Chrome binary can be found.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser

import pytest

from oaslint.cli import main
from oaslint.register import load_register
from tests.conftest import CORPUS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BRP = os.path.join(CORPUS, "nl-brp-personen-bevragen.oas31.yaml")
# Used when the corpus is absent: a small self-contained BRP-like document.
FALLBACK = """\
openapi: 3.1.0
info: {title: BRP API Personen (fixture), version: 2.7.0}
servers:
  - url: https://proefomgeving.haalcentraal.nl/haalcentraal/api/brp
paths:
  /personen:
    post:
      operationId: Personen
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                burgerservicenummer: {type: array, items: {type: string, pattern: '^[0-9]{9}$'}}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {type: object}
"""
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")


def _spec(tmp: str) -> str:
    if os.path.isfile(BRP):
        return BRP
    path = os.path.join(tmp, "brp-fixture.yaml")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(FALLBACK)
    return path


def _html(tmp: str, *args: str) -> str:
    out = os.path.join(tmp, "report.html")
    main([_spec(tmp), "--format", "compliance-html", "-o", out, "--fail-on", "never", *args])
    with open(out, encoding="utf-8") as fh:
        return fh.read()


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.urls: list[str] = []  # attributes that would load something
        self.links: list[str] = []  # <a href>: followed only when clicked

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if tag == "a" and name == "href" and value:
                self.links.append(value)
            elif name in ("src", "href", "action", "srcset", "poster", "data") and value:
                self.urls.append(value)


def test_html_is_self_contained_and_complete(tmp_path: os.PathLike[str]) -> None:
    html = _html(str(tmp_path))
    parsed = _Collect()
    parsed.feed(html)
    assert "script" not in parsed.tags and "link" not in parsed.tags and "img" not in parsed.tags
    assert parsed.urls == []  # nothing to load
    # links: the table of contents, and rule ids to their pages (`<docs_url>/<id>.md`)
    pages = [u for u in parsed.links if not u.startswith("#")]
    assert pages and all(re.fullmatch(r"(file|https)://\S+/rules/[a-z0-9-]+\.md", u) for u in pages)
    assert "default-src 'none'" in html  # the page itself forbids loading anything
    assert not re.search(r"url\(|@import", html)
    register = load_register()
    assert {"summary", "contents"} <= parsed.ids
    for i, std in enumerate(register.ordered_standards(), 1):
        assert any(x.startswith(f"{i}-") for x in parsed.ids), std.key
    for req in register.requirements:
        assert f'<span class="id">{req.id}</span>' in html, req.id
    assert "<details>" in html  # collapsible evidence (the corpus document has findings)


def test_html_in_dutch_for_one_profile(tmp_path: os.PathLike[str]) -> None:
    html = _html(str(tmp_path), "--profile", "healthcare", "--lang", "nl")
    assert '<html lang="nl">' in html and "oaslint-nalevingsrapport" in html
    assert "Beveiligingsregels voor zorg-API&#x27;s (SC)" in html
    assert 'class="id">API-11<' not in html and 'class="id">SC004<' in html


def _browser() -> str | None:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def _run_browser(browser: str, profile: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_html_report_in_a_headless_browser() -> None:
    browser = _browser()
    if browser is None:
        pytest.skip(
            "no Chromium/Chrome binary on PATH (tried: " + ", ".join(BROWSERS) + "); "
            "install it with `apt-get install chromium` to run this test"
        )
    with tempfile.TemporaryDirectory(prefix="oaslint-html-") as tmp:
        html_path = os.path.join(tmp, "report.html")
        _html(tmp)
        os.replace(os.path.join(tmp, "report.html"), html_path)
        url = "file://" + html_path
        dom = _run_browser(browser, os.path.join(tmp, "profile-dom"), "--dump-dom", url)
        assert dom.returncode == 0, dom.stderr[-2000:]
        # the page ran without console messages (no errors, no blocked loads)
        assert not [line for line in dom.stderr.splitlines() if ":CONSOLE" in line], dom.stderr
        text = dom.stdout
        assert "<h2>Summary per standard</h2>" in text
        for i, std in enumerate(load_register().ordered_standards(), 1):
            assert f"<h2>{i}. {std.title_en}</h2>" in text.replace("&#x27;", "'").replace(
                "&amp;", "&"
            ), std.key
        shot = os.path.join(tmp, "report.png")
        snap = _run_browser(
            browser,
            os.path.join(tmp, "profile-shot"),
            "--window-size=1280,1600",
            f"--screenshot={shot}",
            url,
        )
        assert snap.returncode == 0, snap.stderr[-2000:]
        with open(shot, "rb") as fh:
            png = fh.read()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000
