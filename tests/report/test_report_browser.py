"""The standalone HTML report in a real browser (headless Chromium): it renders, and every
chart (inline SVG) is drawn with a size.

Skipped where Chromium is missing, except under CI (the CI image installs it), where a
missing browser fails the test instead of skipping it silently.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from aspen_graph.queries import QueryCatalog
from aspen_graph.report import render_report_html
from aspen_graph.store import OxigraphStore

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
WIDTH, HEIGHT = 1280, 4000
PROBE = (
    "<script>window.addEventListener('load', () => {"
    " for (const chart of document.querySelectorAll('svg.chart')) {"
    " chart.setAttribute('data-drawn-width', Math.round(chart.getBoundingClientRect().width)); }"
    " document.body.setAttribute('data-probed', 'yes'); });</script></body>"
)


@pytest.fixture(scope="module")
def chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"CI is set but {CHROMIUM} is missing: install chromium in the CI image")
    pytest.skip(f"{CHROMIUM} not installed")


def run_chromium(chromium: Path, profile: Path, page: Path, *extra: str) -> str:
    command = [
        str(chromium),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--window-size={WIDTH},{HEIGHT}",
        "--virtual-time-budget=2000",
        *extra,
        page.as_uri(),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_report_in_chromium(
    chromium: Path,
    tmp_path: Path,
    shipped_data: OxigraphStore,
    catalog: QueryCatalog,
    lang: str,
) -> None:
    html = render_report_html(shipped_data, catalog, lang=lang)
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    shot = tmp_path / "screenshot.png"
    run_chromium(chromium, tmp_path / "profile", page, f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", data[16:24]) == (WIDTH, HEIGHT)
    assert len(data) > 100_000, "a blank page compresses to a few kilobytes"
    ARTIFACTS.mkdir(exist_ok=True)
    suffix = "" if lang == "en" else f"-{lang}"
    shutil.copyfile(shot, ARTIFACTS / f"report-screenshot{suffix}.png")

    # The same page with a probe (test copy only: the report itself has no script) that
    # records each chart's drawn width in the DOM.
    probe = tmp_path / "probe.html"
    probe.write_text(html.replace("</body>", PROBE), encoding="utf-8")
    dom = run_chromium(chromium, tmp_path / "profile", probe, "--dump-dom")
    assert 'data-probed="yes"' in dom
    widths = re.findall(r'data-drawn-width="(\d+)"', dom)
    assert len(widths) == html.count('<svg class="chart') == 4, "every chart is in the DOM"
    assert widths and all(int(width) > 0 for width in widths), widths
