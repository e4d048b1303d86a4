"""The HTML report opened in a real headless Chromium (Debian's package; .ci/run installs it):
it renders its text and charts, requests nothing from any network (and names no file to
load), logs nothing to the console, and a hostile trainee name stays text.

What the page requested is read from Chromium's own network log: a request the page made
carries the page's (file://) origin, while the browser's background traffic (time sync and
the like) carries none. A control page that does fetch and print proves both checks see
what they claim to.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import salessim
from test_manager_report import HOSTILE, fill

BROWSER = next(
    (b for b in ("chromium", "chromium-browser", "google-chrome") if shutil.which(b)), None
)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="CHROMIUM NOT TESTED: no browser (apt-get install -y chromium)"
)


def open_page(page: Path, tmp_path: Path, *extra: str) -> tuple[str, list[str], list[str]]:
    """Load ``page``: (the DOM after load, URLs the page requested, console lines)."""
    assert BROWSER is not None
    netlog = tmp_path / f"{page.stem}-net.json"
    proc = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--enable-logging=stderr",
            "--v=0",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--log-net-log={netlog}",
            *extra,
            f"file://{page}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    log = json.loads(netlog.read_text(encoding="utf-8"))
    kinds = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    asked = [
        e["params"]["url"]
        for e in log["events"]
        if kinds.get(e["type"]) == "URL_REQUEST_START_JOB"
        and str(e["params"].get("network_isolation_key", "")).startswith("file://")
        and e["params"]["url"] != f"file://{page}"
    ]
    console = [line for line in proc.stderr.splitlines() if ":CONSOLE" in line]
    return proc.stdout, asked, console


def test_the_checks_see_requests_and_console_messages(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text(
        '<!DOCTYPE html><p>x</p><img src="http://example.invalid/a.png">'
        '<script>console.error("boom")</script>',
        encoding="utf-8",
    )
    _, asked, console = open_page(control, tmp_path, "--dump-dom")
    assert asked == ["http://example.invalid/a.png"]
    assert any("boom" in line for line in console)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_report_renders_offline_quietly_and_names_stay_text(tmp_path: Path, lang: str) -> None:
    url = f"sqlite:///{tmp_path / 'records.db'}"
    fill(url, tmp_path)
    page = tmp_path / f"report-{lang}.html"
    proc = salessim("report", "--db", url, "--lang", lang, "-o", str(page))
    assert proc.returncode == 0, proc.stderr
    dom, asked, console = open_page(page, tmp_path, "--dump-dom")
    assert asked == []  # self-contained: no CDN, no network font, nothing
    # nor a file beside it (Chromium logs no file loads): links only within the page
    assert re.findall(r'href="([^"#][^"]*)"', dom) == [] and " src=" not in dom
    assert re.findall(r"url\((?!data:|#)", dom) == []  # the charts clip by id
    assert console == []  # no error, no blocked script
    assert ("团队总览" if lang == "zh" else "Team overview") in dom
    assert "<script" not in dom.lower()  # the DOM holds no script element...
    assert HOSTILE.replace("<", "&lt;").replace(">", "&gt;") in dom  # ...the name is text
    assert dom.count("<svg") >= 4
    shot = tmp_path / f"report-{lang}.png"
    _, _, console = open_page(page, tmp_path, f"--screenshot={shot}", "--window-size=1200,1600")
    assert shot.stat().st_size > 50_000 and console == []
