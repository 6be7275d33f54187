"""Launching Debian's Chromium for Playwright, shared by the browser tests and the screenshot script.

Never a downloaded browser: the machines have /usr/bin/chromium from apt. Without the background-networking
flags Chromium tries to reach Google's hosts, which this network refuses.
"""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
