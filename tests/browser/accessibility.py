"""What a person meets on a page, checked in the browser: axe-core's serious and critical violations (the npm
package, served from node_modules, never committed), and French left untranslated on an Arabic page."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent.parent
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CATALOGUE = ROOT / "locale" / "ar" / "LC_MESSAGES" / "django.po"

# Words of the catalogue's French that an Arabic page may still show: the platform's name and proper names.
ALLOWED = {"moukawil", "maroc", "infitah", "intelaka", "moussanada", "imtiaz", "istitmar", "nawat"}

# The visible text of the page in Arabic: text nodes outside scripts and styles, not hidden, and not inside an
# element marked as another language (the "Français" button is lang="fr" on purpose).
VISIBLE_ARABIC_TEXT = """() => {
  const parts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!element || element.closest("script, style, template, code, kbd, samp, [hidden], [aria-hidden=true]")) continue;
    const marked = element.closest("[lang]");
    if (marked && !marked.lang.startsWith("ar")) continue;
    const style = getComputedStyle(element);
    if (style.display === "none" || style.visibility === "hidden") continue;
    parts.push(walker.currentNode.textContent);
  }
  return parts.join("\\n");
}"""

WORD = re.compile(r"[a-zàâçéèêëîïôûùüÿœæ]{4,}", re.IGNORECASE)
NOT_WORDS = re.compile(r"\S+@\S+|https?://\S+|\b[\w-]*\d[\w-]*\b")  # e-mail addresses, links, codes and numbers


def serious_violations(page) -> list[dict]:
    """axe-core run on the page as it is now: its serious and critical violations, each with where it is."""
    # Evaluated through the DevTools protocol rather than added as a <script>: the Content-Security-Policy refuses
    # inline scripts, and rightly.
    page.evaluate(_axe_source())
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "where": [" ".join(node["target"]) for node in v["nodes"][:5]]}
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]  # fmt: skip


@cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


class PolicyWatch:
    """Collects what the browser refuses under the Content-Security-Policy on ``page`` (its console says "Refused
    to … because it violates the following Content Security Policy directive"), with the page it happened on."""

    def __init__(self, page) -> None:
        self.violations: list[str] = []
        self._page = page
        page.on("console", self._console)

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.violations.append(f"{self._page.url}: {message.text}")


@cache
def french_words() -> frozenset[str]:
    """The words of four letters or more of the catalogue's French messages (msgids), in lower case."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    words: set[str] = set()
    for message in catalogue:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            words.update(w.lower() for w in WORD.findall(re.sub(r"%\(\w+\)s|\{\w+\}", " ", text or "")))
    return frozenset(words - ALLOWED)


def untranslated_french(page, *, allowed: set[str] = frozenset()) -> list[str]:
    """French words of the catalogue shown on an Arabic page (data such as people's Latin names are ``allowed``)."""
    text = NOT_WORDS.sub(" ", page.evaluate(VISIBLE_ARABIC_TEXT))
    skip = {w.lower() for w in allowed} | ALLOWED
    found = {
        w for w in WORD.findall(text)
        if w.lower() in french_words() and w.lower() not in skip and not w.isupper()  # acronyms: CCIS, XLSX
    }  # fmt: skip
    return sorted(found)
