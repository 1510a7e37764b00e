"""Screenshot an HTML report with headless Chromium, to see that it renders as a real page.

    python bench/screenshot_report.py [REPORT.html] [--out PNG] [--width 1200] [--height 3000]

Without a report path it takes the demo's input section (run `make demo` first).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> str | None:
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def screenshot(html: Path, png: Path, width: int = 1200, height: int = 3000) -> Path:
    """Render `html` in headless Chromium (no network, throwaway profile) into `png`."""
    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("Chromium is not installed (Debian: apt-get install chromium).")
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                f"--user-data-dir={profile}",
                f"--screenshot={png.resolve()}",
                f"--window-size={width},{height}",
                html.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return png


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("html", nargs="?", type=Path)
    parser.add_argument("--out", type=Path, default=Path("demo-output/report-screenshot.png"))
    parser.add_argument("--width", type=int, default=1200)
    parser.add_argument("--height", type=int, default=3000)
    args = parser.parse_args()
    html = args.html or next(iter(sorted(Path("demo-output").glob("inputsectie-*.html"))), None)
    if html is None:
        print("No report found: run `make demo` first or name an HTML file.", file=sys.stderr)
        return 2
    print(screenshot(html, args.out, args.width, args.height))
    return 0


if __name__ == "__main__":
    sys.exit(main())
