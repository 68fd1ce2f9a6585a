"""The pages of suggested targets: ``GET /suggest`` for a browser (a form, the candidates as a
table), and the "Suggested targets" section of a plan element with few alignments.

Expectations come from the data files (``data/graph/sdg.ttl``, ``data/tables/alignments.csv``,
``data/graph/aspen-2016-2025.ttl``), not from the suggester."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from rdflib import Literal
from rdflib.namespace import SKOS

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from data_files import parsed

pytestmark = pytest.mark.slow

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
FRAMEWORK_PREFIXES = ("sdg", "gbf-target", "provision", "document")
"""CURIE prefixes of the alignments table's SDG and GBF targets, Paris provisions and ASEAN
2045 documents (``document:acv-2045``, ``document:ascc-sp``)."""


@pytest.fixture(scope="module")
def client(built: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(built)) as test_client:
        yield test_client


class Page(HTMLParser):
    """What the tests look at: the form's parts, labels, table rows and links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang = ""
        self.forms: list[dict[str, str | None]] = []
        self.fields: dict[str, dict[str, str | None]] = {}
        self.labels: dict[str, str] = {}
        self.options: list[str] = []
        self.ids: set[str] = set()
        self.rows: list[list[str]] = []  # per table row in a table.suggestions: its hrefs
        self._label: str | None = None
        self._in_suggestions = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "html":
            self.html_lang = a.get("lang") or ""
        elif tag == "form":
            self.forms.append(a)
        elif tag in ("textarea", "select", "input") and a.get("name"):
            self.fields[str(a["name"])] = {"tag": tag, **a}
        elif tag == "option":
            self.options.append(str(a.get("value")))
        elif tag == "label":
            self._label = a.get("for")
            if self._label:
                self.labels[self._label] = ""
        elif tag == "table" and "suggestions" in (a.get("class") or ""):
            self._in_suggestions = True
        elif tag == "tr" and self._in_suggestions:
            self.rows.append([])
        elif tag == "a" and self._in_suggestions and self.rows:
            self.rows[-1].append(str(a.get("href")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self._label = None
        elif tag == "table":
            self._in_suggestions = False

    def handle_data(self, data: str) -> None:
        if self._label:
            self.labels[self._label] += data.strip()


def page(client: TestClient, params: dict[str, str], status: int = 200, **headers: str) -> str:
    response = client.get("/suggest", params=params, headers={"Accept": BROWSER, **headers})
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def sdg_target_iri(built: Settings, word: str) -> str:
    """The one SDG target whose official English text has ``word`` (sdg.ttl); fails if not one."""
    graph = parsed(built.root / "data" / "graph" / "sdg.ttl")
    found = set()
    for subject, text in graph.subject_objects(SKOS.prefLabel):
        if isinstance(text, Literal) and text.language == "en" and word in str(text).lower():
            notation = str(graph.value(subject, SKOS.notation))
            target = ".".join(notation.split(".")[:2])
            found |= {str(s) for s in graph.subjects(SKOS.notation, Literal(target))}
    assert len(found) == 1, found
    return found.pop()


def framework_alignments(built: Settings) -> Counter[str]:
    """Alignments of each element to SDG/GBF/Paris/ASEAN 2045 targets, from the table."""
    with (built.root / "data" / "tables" / "alignments.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return Counter(r["source"] for r in rows if r["target"].split(":")[0] in FRAMEWORK_PREFIXES)


# -- GET /suggest for a browser ---------------------------------------------------------------


def test_the_form_is_a_plain_get_form_with_labelled_fields(client: TestClient) -> None:
    html = Page(page(client, {}))
    assert [
        (f.get("method"), f.get("action")) for f in html.forms if f.get("action") != "/search"
    ] == [("get", "/suggest")]
    assert html.fields["text"]["tag"] == "textarea"
    assert html.fields["lang"]["tag"] == "select" and html.options == ["en", "vi"]
    assert html.fields["top"]["type"] == "number"
    for name in ("text", "lang", "top"):
        field_id = str(html.fields[name]["id"])
        assert html.labels.get(field_id), name  # a label with text names the field
    assert html.rows == [] and "candidates" not in html.ids  # no text yet: no table
    assert html.html_lang == "en"


def test_the_site_navigation_links_to_the_form(client: TestClient) -> None:
    home = client.get("/", headers={"Accept": BROWSER}).text
    nav = home.split("<nav", 1)[1].split("</nav>", 1)[0]
    assert '<a href="/suggest">Suggest targets</a>' in nav
    vietnamese = client.get("/", params={"lang": "vi"}, headers={"Accept": BROWSER}).text
    assert '<a href="/suggest?lang=vi">Gợi ý chỉ tiêu</a>' in vietnamese


def test_marine_debris_puts_sdg_14_1_first_as_a_link_to_its_page(
    client: TestClient, built: Settings
) -> None:
    iri = sdg_target_iri(built, "debris")
    assert iri.endswith("/14.1")
    html = page(client, {"text": "marine debris", "top": "4"})
    parsed = Page(html)
    rows = [r for r in parsed.rows if r]  # the header row has no link
    assert len(rows) == 4
    assert rows[0][0] == "/resource?" + urlencode({"iri": iri})
    assert html.count("machine proposal") >= 4  # every row says so
    assert parsed.fields["text"]["tag"] == "textarea" and "marine debris</textarea>" in html
    target_page = client.get(rows[0][0], headers={"Accept": BROWSER})
    assert target_page.status_code == 200 and "14.1" in target_page.text


def test_the_vietnamese_page_speaks_vietnamese(client: TestClient) -> None:
    html = page(client, {"text": "rác thải nhựa trên biển", "lang": "vi"})
    parsed = Page(html)
    assert parsed.html_lang == "vi"
    for words in ("Gợi ý chỉ tiêu", "Văn bản của thành phần", "Ngôn ngữ của văn bản", "Ứng viên"):
        assert words in html, words
    assert "Suggest targets" not in html and "Text of the element" not in html
    selected = re.search(r'<option value="(\w+)" selected>', html)
    assert selected is not None and selected.group(1) == "vi"


def test_json_clients_get_the_json_they_had(client: TestClient) -> None:
    params = {"text": "marine debris", "top": "3"}
    plain = client.get("/suggest", params=params)
    asked = client.get("/suggest", params=params, headers={"Accept": "application/json"})
    assert plain.status_code == asked.status_code == 200
    assert plain.headers["content-type"] == asked.headers["content-type"] == "application/json"
    assert plain.json() == asked.json()
    assert asked.json()["suggestions"][0]["target"] == "sdg:14.1"
    missing = client.get("/suggest", headers={"Accept": "application/json"})
    assert missing.status_code == 400 and missing.json()["error"] == "ProtocolError"


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"text": "   "}, "the text is empty"),
        ({"text": "forest", "top": "0"}, "parameter 'top'"),
        ({"text": "forest", "lang": "fr"}, "language 'fr' is not supported"),
        ({"text": "forest", "nope": "1"}, "unknown parameter 'nope'"),
    ],
)
def test_bad_input_is_400_with_the_form_and_the_message(
    client: TestClient, params: dict[str, str], words: str
) -> None:
    html = page(client, params, status=400)
    parsed = Page(html)
    assert "suggest-error" in parsed.ids and words in unescape(html)
    assert parsed.forms and parsed.rows == []  # the form to correct it, no candidates
    json = client.get("/suggest", params=params, headers={"Accept": "application/json"})
    assert json.status_code == 400 and words in json.json()["detail"]


# -- the section on an element's page ---------------------------------------------------------


def element_page(client: TestClient, curie: str) -> str:
    kind, key = curie.split(":", 1)
    response = client.get(f"/id/{kind}/{key}", headers={"Accept": BROWSER})
    assert response.status_code == 200, curie
    return response.text


def test_an_element_with_few_alignments_gets_five_suggested_targets(
    client: TestClient, built: Settings
) -> None:
    counts = framework_alignments(built)
    assert counts["priority:aspen-2016-2025-p1"] == 2  # fewer than 3
    html = element_page(client, "priority:aspen-2016-2025-p1")
    parsed = Page(html)
    assert "suggested" in parsed.ids
    rows = [r for r in parsed.rows if r]
    assert len(rows) == 5
    assert html.count("machine proposal") >= 5
    # the targets it is aligned to already are not suggested again (alignments.csv)
    with (built.root / "data" / "tables" / "alignments.csv").open(encoding="utf-8") as handle:
        aligned = {
            r["target"].split(":", 1)[1]
            for r in csv.DictReader(handle)
            if r["source"] == "priority:aspen-2016-2025-p1" and r["target"].startswith("sdg:")
        }
    assert aligned == {"15.1", "15.5"}
    hrefs = [r[0] for r in rows]
    for code in aligned:
        assert not any(h.endswith("%2F" + code) for h in hrefs), code
    # dct:identifier "P1" and aspen:inVersion plan-version:aspen-2016-2025-adopted (the .ttl)
    assert "aspen suggest --element P1 --version aspen-2016-2025-adopted --out review.xlsx" in html


def test_the_section_is_in_vietnamese_on_a_vietnamese_page(client: TestClient) -> None:
    response = client.get(
        "/id/priority/aspen-2016-2025-p1", params={"lang": "vi"}, headers={"Accept": BROWSER}
    )
    assert response.status_code == 200
    html = response.text
    assert "Chỉ tiêu được gợi ý" in html and "đề xuất của máy" in html
    assert "Suggested targets" not in html and "machine proposal" not in html


@pytest.mark.parametrize(
    "curie",
    ["priority:aspen-2016-2025-p4", "priority:aspen-2026-2035-p2", "goal:aspen-2026-2035-g1"],
)
def test_an_element_with_three_or_more_alignments_shows_nothing_extra(
    client: TestClient, built: Settings, curie: str
) -> None:
    assert framework_alignments(built)[curie] >= 3
    html = element_page(client, curie)
    parsed = Page(html)
    assert "suggested" not in parsed.ids and parsed.rows == []
    assert "machine proposal" not in html and "aspen suggest" not in html
