"""Incremental, atomic writing of the site (site/writer.py) and the link rewriting of pages."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import html5lib
import pytest

from aspen_graph.errors import DataLoadError
from aspen_graph.site.rewrite import Page, rewrite
from aspen_graph.site.writer import JOURNAL, MANIFEST, SiteWriter

BASE = "https://w3id.org/aspen/"


def _build(root: Path, files: dict[str, bytes]) -> SiteWriter:
    writer = SiteWriter(root)
    for path, data in files.items():
        writer.write(path, data)
    writer.finish()
    return writer


def test_a_rebuild_writes_only_what_changed_and_removes_what_went(tmp_path: Path) -> None:
    first = {"a.html": b"A", "d/b.ttl": b"B", "d/e/c.nt": b"C"}
    _build(tmp_path, first)
    manifest = json.loads((tmp_path / MANIFEST).read_text())["files"]
    assert manifest == {p: hashlib.sha256(d).hexdigest() for p, d in first.items()}
    stamp = (tmp_path / "a.html").stat().st_mtime_ns
    second = _build(tmp_path, {"a.html": b"A", "d/b.ttl": b"B2", "new.rdf": b"N"})
    assert (second.counts.written, second.counts.unchanged, second.counts.removed) == (2, 1, 1)
    assert (tmp_path / "a.html").stat().st_mtime_ns == stamp
    assert (tmp_path / "d/b.ttl").read_bytes() == b"B2"
    assert not (tmp_path / "d/e").exists()  # the emptied folder went with its file
    assert not (tmp_path / JOURNAL).exists()


def test_files_the_site_never_wrote_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("kept")
    _build(tmp_path, {"a.html": b"A"})
    _build(tmp_path, {})
    assert (tmp_path / "mine.txt").read_text() == "kept"
    assert not (tmp_path / "a.html").exists()


def test_a_failed_build_leaves_no_manifest_and_the_next_compares_bytes(tmp_path: Path) -> None:
    _build(tmp_path, {"a.html": b"A", "b.html": b"B"})
    failed = SiteWriter(tmp_path)
    failed.write("a.html", b"half")  # then the build dies: no finish()
    assert not (tmp_path / MANIFEST).exists()
    assert (tmp_path / JOURNAL).exists()
    again = _build(tmp_path, {"a.html": b"A", "b.html": b"B"})
    # the old manifest says a.html is "A", but the failed build changed it: rewritten
    assert (again.counts.written, again.counts.unchanged) == (1, 1)
    assert (tmp_path / "a.html").read_bytes() == b"A"
    assert not list(tmp_path.rglob("*.part"))


def test_bad_out_folders_are_one_line_errors(tmp_path: Path) -> None:
    a_file = tmp_path / "file"
    a_file.write_text("x")
    for out, words in (
        (a_file, "is a file"),
        (a_file / "sub", "cannot create"),
        (Path("/proc/aspen-site"), "cannot create"),
    ):
        with pytest.raises(DataLoadError, match=words) as caught:
            SiteWriter(out)
        assert "\n" not in str(caught.value)
        assert str(out) in str(caught.value)


def _links(html: bytes) -> dict[str, str | None]:
    root = html5lib.parse(html.decode(), treebuilder="etree", namespaceHTMLElements=False)
    return {
        (e.text or e.get("id") or e.tag): e.get("href") or e.get("src") or e.get("action")
        for e in root.iter()
        if e.tag in ("a", "script", "form", "link")
    }


PAGE = b"""<!doctype html><html lang="vi"><head>
<link rel="stylesheet" href="/static/site.css"><script src="/static/search.js" defer></script>
<link rel="alternate" type="text/turtle" href="/id/goal/g1.ttl"></head><body>
<a href="/?lang=vi">home</a><a href="/id/goal/g2?lang=vi#x">g2</a><a href="/sparql">sparql</a>
<a href="https://w3id.org/aspen/ont/Alignment">term</a><a href="http://metadata.un.org/sdg/14.1">un</a>
<form id="suggest" action="/suggest"><input name="q" data-suggest="/search/suggest"></form>
<form id="search" action="/search"><input name="q"></form></body></html>"""


def _resolve(href: str, media: str | None) -> str | None:
    files = {
        "/?lang=vi": "index.vi.html",
        "/id/goal/g2?lang=vi#x": "id/goal/g2.vi.html",
        "/static/site.css": "static/site.css",
        "/id/goal/g1.ttl": "id/goal/g1.ttl",
        BASE + "ont/Alignment": "ont/Alignment.html",
        "/search": "search.html",
    }
    return files.get(href)


def test_links_become_relative_and_live_only_ones_say_so() -> None:
    out = rewrite(PAGE, Page("id/goal/g1.vi.html", "vi"), BASE, _resolve)
    links = _links(out)
    assert links["home"] == "../../index.vi.html"
    assert links["g2"] == "g2.vi.html#x"
    assert links["term"] == "../../ont/Alignment.html"
    assert links["un"] == "http://metadata.un.org/sdg/14.1"  # another host's link: as it is
    assert links["sparql"] is None  # not a broken link: plain text, with a title saying why
    assert links["search"] == "../../search.html"
    assert links["suggest"] is None
    text = out.decode()
    assert "search.js" not in text and "data-suggest" not in text
    assert 'href="../../static/site.css"' in text and 'href="g1.ttl"' in text
    assert 'class="live-only"' in text and "disabled" in text
    assert text.startswith("<!DOCTYPE html>")


def test_live_only_links_point_at_the_endpoint_when_given() -> None:
    endpoint = "https://example.org/sparql"
    out = rewrite(PAGE, Page("index.html", "en"), BASE, _resolve, endpoint)
    assert _links(out)["sparql"] == endpoint
    assert out.decode().count(endpoint) == 3  # the link, and the form's note (text and link)
