"""Languages of the site on the shipped release: the message catalogue is complete and in step
with the code, a Vietnamese page shows no English interface string (English data is marked),
``<html lang>`` says the interface's language, the choice survives a click, ``Accept-Language``
counts on every page including the report, and a language without a catalogue (km) shows the
graph's texts in it around an English interface.

"No English interface string" is checked against the catalogue itself: every msgid whose
Vietnamese differs from it is cut into its text pieces (markup and placeholders removed), and
no piece may be a whole text (or attribute text) of the Vietnamese page, nor, for pieces of
20 characters or more, a part of its text. Text inside an element marked ``lang="en"`` is the
graph's data shown in English for want of Vietnamese (the marker is checked separately) and
is left out; so are code, scripts and styles.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.i18n import LOCALE_DIR, catalogue_path, interface_languages

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
SDG_TARGET = "/resource?iri=" + quote("http://metadata.un.org/sdg/14.1", safe="")
SDG_INDICATOR = "/resource?iri=" + quote("http://metadata.un.org/sdg/C140101", safe="")
PAGES = {
    "home": "/",
    "plan": "/id/plan/aspen-2026-2035",
    "goal": "/id/goal/aspen-2026-2035-g1",
    "priority": "/id/priority/aspen-2026-2035-p2",
    "challenge": "/id/challenge/pollution",
    "sdg target": SDG_TARGET,
    "gbf target": "/id/gbf-target/3",
    "dataset": "/.well-known/void",
    "error 404": "/no/such/page",
    "error 404 (resource)": "/id/goal/nope",
    "error 400": "/resource",
    "docs": "/docs",
    "redoc": "/redoc",
    "editor": "/editor",
    "report": "/report",
    "suggest form": "/suggest",
    "suggest": "/suggest?text=marine+debris",
    "element with suggestions": "/id/priority/aspen-2016-2025-p1",
    "explain form": "/explain",
    "explain": "/explain?target=sdg:14.1",
    "diff form": "/diff",
    "vocabulary": "/ont/",
    "vocabulary term": "/ont/StrategicGoal",
}
ERROR_PAGES = {"error 404": 404, "error 404 (resource)": 404, "error 400": 400}
SKIPPED = {"code", "pre", "script", "style", "textarea"}
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder", "content")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


def vietnamese() -> dict[str, str]:
    """msgid → msgstr of the Vietnamese catalogue."""
    with catalogue_path("vi").open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def pieces(msgid: str) -> list[str]:
    """The text pieces of a message: markup, placeholders and entities removed.

    >>> pieces('<a href="%(x)s">Coverage summary</a> (JSON): for each challenge.')
    ['Coverage summary', '(JSON): for each challenge.']
    """
    parts = re.split(r"<[^>]+>|%\([a-z_]+\)s|\{[a-z_]+\}", msgid)
    return [p.strip() for p in parts if re.search(r"[A-Za-z]{2}", p)]


class Texts(HTMLParser):
    """The texts a reader sees in a page (and its attribute texts), without those inside an
    element marked ``lang="en"`` (the graph's data in English) or code."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.html_lang: str | None = None
        self._stack: list[tuple[str, bool]] = []
        self.feed(html)

    def _hidden(self) -> bool:
        return any(hidden for _, hidden in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang")
        lang = (values.get("lang") or "").lower()
        english = tag != "html" and (lang == "en" or lang.startswith("en-"))
        hidden = english or tag in SKIPPED or self._hidden()
        if not hidden:
            for name in ATTRIBUTES:
                if values.get(name) and not (tag == "meta" and values.get("name") != "description"):
                    self.texts.append(" ".join(str(values[name]).split()))
        if tag not in VOID:
            self._stack.append((tag, english or tag in SKIPPED))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._hidden() and data.strip():
            self.texts.append(" ".join(data.split()))


def english_strings(html: str, catalogue: dict[str, str]) -> list[str]:
    """The catalogue's English pieces that appear as interface text of a page."""
    texts = Texts(html).texts
    whole = set(texts)
    joined = " ".join(texts)
    found = []
    for msgid, msgstr in catalogue.items():
        if msgstr == msgid:
            continue
        translated = set(pieces(msgstr))
        for piece in pieces(msgid):
            if piece in translated:
                continue  # the same in both languages (a name, a format)
            if piece in whole or (len(piece) >= 20 and piece in joined):
                found.append(piece)
    return sorted(set(found))


@pytest.fixture(scope="module")
def client(built: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(built)) as test_client:
        yield test_client


def get(client: TestClient, url: str, **headers: str) -> str:
    response = client.get(url, headers={"Accept": BROWSER, **headers})
    assert response.headers["content-type"].startswith("text/html"), url
    return response.text


# -- the catalogue ---------------------------------------------------------------------------


def test_the_vietnamese_catalogue_is_complete() -> None:
    with catalogue_path("vi").open("rb") as handle:
        catalogue = read_po(handle)
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 200
    assert [m.id for m in messages if not m.string] == []
    assert [m.id for m in messages if m.fuzzy] == []
    assert not catalogue.fuzzy
    assert str(catalogue.locale) == "vi"
    # placeholders survive translation (a lost %(name)s would break the page)
    for m in messages:
        for pattern in (r"%\([a-z_]+\)s", r"\{[a-z_]+\}"):
            assert sorted(re.findall(pattern, str(m.id))) == sorted(
                re.findall(pattern, str(m.string))
            ), m.id


def test_the_catalogues_hold_every_string_of_the_code(tmp_path: Path) -> None:
    """`make messages` would add nothing: every marked string of the code and the templates
    is in the template and in each language's catalogue (a new string without its
    translation fails here)."""
    pybabel = Path(sys.executable).parent / "pybabel"
    if not pybabel.is_file():
        pybabel = Path(shutil.which("pybabel") or "pybabel")
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            str(pybabel),
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "--omit-header",
            "-k",
            "translate:2",
            "-k",
            "Distribution:2",
            "-o",
            str(fresh),
            str(ROOT / "src" / "aspen_graph"),
        ],
        check=True,
        capture_output=True,
    )
    with fresh.open("rb") as handle:
        extracted = {m.id for m in read_po(handle) if m.id}
    assert len(extracted) > 200
    with (LOCALE_DIR / "messages.pot").open("rb") as handle:
        assert {m.id for m in read_po(handle) if m.id} == extracted
    assert set(vietnamese()) == extracted


def test_languages_are_the_catalogues_found() -> None:
    found = {p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.po")}
    assert set(interface_languages()) == found | {"en"}
    assert interface_languages()[0] == "en" and "vi" in interface_languages()


def test_the_checker_finds_english_in_an_english_page(client: TestClient) -> None:
    """The check below is only as good as its finder: on the English home page it must find
    the English strings it looks for."""
    found = english_strings(get(client, "/"), vietnamese())
    assert {"Home", "Strategic goals", "Explore and ask", "Downloads"} <= set(found)


# -- Vietnamese pages ------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["query", "header"])
@pytest.mark.parametrize("name", list(PAGES))
def test_vietnamese_pages_have_no_english_interface_string(
    client: TestClient, name: str, how: str
) -> None:
    path = PAGES[name]
    if how == "query":
        url = path + ("&" if "?" in path else "?") + "lang=vi"
        html = get(client, url)
    else:
        html = get(client, path, **{"Accept-Language": "vi-VN,vi;q=0.9,en;q=0.5"})
    assert Texts(html).html_lang == "vi", name
    assert english_strings(html, vietnamese()) == [], name


def test_english_data_on_a_vietnamese_page_is_marked(client: TestClient) -> None:
    """The SDG target has no Vietnamese title: its English title is marked lang="en" with a
    visible "EN" whose explanation is Vietnamese, and the page says so in a notice."""
    html = get(client, SDG_TARGET + "&lang=vi")
    assert re.search(
        r'<h1><span lang="en">14\.1 [^<]+</span> <abbr class="fallback" '
        r'title="Không phải ngôn ngữ của trang này[^"]*">EN</abbr></h1>',
        html,
    )
    assert "chưa có tên bằng tiếng Việt (vi)" in html


@pytest.mark.parametrize("lang", ["en", "vi", "km", "fr"])
def test_html_lang_is_the_interface_language(client: TestClient, lang: str) -> None:
    for path in ("/", PAGES["priority"], "/docs", "/no/such/page"):
        html = get(client, path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert Texts(html).html_lang == (lang if lang in ("en", "vi") else "en"), (path, lang)


def test_khmer_shows_the_graphs_khmer_titles_in_an_english_interface(client: TestClient) -> None:
    html = get(client, SDG_INDICATOR + "&lang=km")
    assert Texts(html).html_lang == "en"
    assert re.search(r'<h1><span lang="km">14\.1\.1 សន្ទស្សន៍', html)
    assert ">Home</a>" in html and "What the graph says about it" in html
    assert "no title in" not in html


def links(html: str) -> list[str]:
    """The page's internal links, but the language switcher's."""
    return re.findall(r'<a href="(/[^"]*)"(?![^>]*hreflang)', html)


def test_the_language_chosen_survives_a_click(client: TestClient) -> None:
    home = get(client, "/?lang=vi")
    plan = next(h for h in links(home) if h.startswith("/id/plan/"))
    assert parse_qs(urlsplit(plan).query)["lang"] == ["vi"]
    page = get(client, plan.replace("&amp;", "&"))
    assert Texts(page).html_lang == "vi"
    goal = next(h for h in links(page) if h.startswith("/id/goal/"))
    assert Texts(get(client, goal.replace("&amp;", "&"))).html_lang == "vi"
    # English chosen against a Vietnamese browser stays English after a click
    header = {"Accept-Language": "vi"}
    english = get(client, "/?lang=en", **header)
    assert Texts(english).html_lang == "en"
    target = next(h for h in links(english) if h.startswith("/id/plan/"))
    assert Texts(get(client, target.replace("&amp;", "&"), **header)).html_lang == "en"
    # without a choice, the browser's language and plain links
    assert Texts(get(client, "/", **header)).html_lang == "vi"
    assert "/id/plan/aspen-2026-2035" in links(get(client, "/"))


def test_every_internal_link_of_a_vietnamese_page_carries_the_language(
    client: TestClient,
) -> None:
    for path in ("/", PAGES["priority"], PAGES["sdg target"], "/no/such/page"):
        html = get(client, path + ("&" if "?" in path else "?") + "lang=vi")
        for href in links(html):
            href = href.replace("&amp;", "&")
            if href.startswith(("/static/", "/download/", "/context.jsonld", "/sparql")):
                continue
            if re.search(r"\.(ttl|jsonld|nt|rdf)$|format=", href):
                continue  # data documents: no language
            assert parse_qs(urlsplit(href).query).get("lang") == ["vi"], (path, href)


def test_the_report_follows_accept_language(client: TestClient) -> None:
    vi = client.get("/report", headers={"Accept": BROWSER, "Accept-Language": "vi,en;q=0.5"})
    assert vi.status_code == 200
    assert '<html lang="vi">' in vi.text and "Mục lục" in vi.text
    assert "Accept-Language" in vi.headers["vary"]
    km = client.get("/report", headers={"Accept": BROWSER, "Accept-Language": "km"})
    assert '<html lang="en">' in km.text and ">Contents<" in km.text
    chosen = client.get("/report?lang=en", headers={"Accept": BROWSER, "Accept-Language": "vi"})
    assert '<html lang="en">' in chosen.text
