"""``assure report --format pdf``: the HTML report printed to PDF, offline, by a real engine.

Headless Chromium when it is installed (Debian's ``chromium``; also ``chromium-browser``,
``google-chrome``), else WeasyPrint when the optional extra is installed
(``pip install 'assure[pdf]'``). Both honour the report's print CSS: A4, a card kept on one page,
the protective marking and page numbers in the page margins. Neither fetches anything: the HTML
is one self-contained file.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT = 120  # seconds for one print


class PdfUnavailable(RuntimeError):
    """Neither headless Chromium nor WeasyPrint is available, or printing failed."""


def engine() -> str | None:
    """The first engine found: a browser's path, ``"weasyprint"``, or None."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    try:
        import weasyprint  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        return None
    return "weasyprint"


def to_pdf(html: str) -> bytes:
    """The PDF of a self-contained HTML page; raises ``PdfUnavailable`` with one line."""
    found = engine()
    if found is None:
        raise PdfUnavailable(
            "--format pdf needs headless Chromium (apt-get install chromium) or WeasyPrint "
            "(pip install 'assure[pdf]'); or write --format html and print it from a browser"
        )
    if found == "weasyprint":
        import weasyprint  # type: ignore[import-not-found,unused-ignore]

        data: bytes = weasyprint.HTML(string=html).write_pdf()
        return data
    return _chromium(found, html)


def _chromium(browser: str, html: str) -> bytes:
    with tempfile.TemporaryDirectory(prefix="assure-pdf-") as tmp:
        folder = Path(tmp)
        page = folder / "report.html"
        page.write_text(html, encoding="utf-8")
        out = folder / "report.pdf"
        try:
            run = subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-pdf-header-footer",
                    f"--user-data-dir={folder / 'profile'}",
                    f"--print-to-pdf={out}",
                    page.as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
                env={**os.environ, "HOME": str(folder)},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PdfUnavailable(f"{browser} could not print the report: {exc}") from None
        if run.returncode != 0 or not out.is_file():
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            raise PdfUnavailable(f"{browser} could not print the report: {last}")
        return out.read_bytes()
