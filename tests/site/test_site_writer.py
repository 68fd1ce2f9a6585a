"""Incremental, atomic writing of the site (site/writer.py) and the link rewriting of pages."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import html5lib
import pytest

from aspen_graph.errors import DataLoadError
from aspen_graph.publish import host_htaccess, w3id_htaccess, w3id_readme
from aspen_graph.site import SiteOptions
from aspen_graph.site.build import write_redirect_rules
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


def test_a_file_where_a_folder_should_be_is_a_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "id").write_text("not a folder")
    writer = SiteWriter(tmp_path)
    writer.write("index.html", b"home")
    with pytest.raises(DataLoadError, match="cannot write the site's file") as caught:
        writer.write("id/goal/g1.html", b"goal")
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(tmp_path / "id/goal/g1.html"))
    # the build stops there: no manifest (the folder is not a complete site), nothing else
    assert not (tmp_path / MANIFEST).exists() and (tmp_path / JOURNAL).exists()
    assert (tmp_path / "id").read_text() == "not a folder"
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
    assert text.lower().startswith("<!doctype html>")  # the page as the server wrote it


def test_live_only_links_point_at_the_endpoint_when_given() -> None:
    endpoint = "https://example.org/sparql"
    out = rewrite(PAGE, Page("index.html", "en"), BASE, _resolve, endpoint)
    assert _links(out)["sparql"] == endpoint
    assert out.decode().count(endpoint) == 3  # the link, and the form's note (text and link)


def test_the_redirect_rules_are_written_through_the_manifest(tmp_path: Path) -> None:
    root = tmp_path / "site"
    writer = SiteWriter(root)
    assert not write_redirect_rules(writer, SiteOptions(out=root))  # no --base-url: host only
    writer.finish()
    manifest = json.loads((root / MANIFEST).read_text())["files"]
    assert sorted(manifest) == [".htaccess"]
    assert (root / ".htaccess").read_text() == host_htaccess()
    assert not (root / "w3id").exists()

    writer = SiteWriter(root)
    assert write_redirect_rules(writer, SiteOptions(out=root, base_url="https://e.org/a/"))
    writer.finish()
    manifest = json.loads((root / MANIFEST).read_text())["files"]
    assert sorted(manifest) == [".htaccess", "w3id/.htaccess", "w3id/README.md"]
    assert (root / "w3id/.htaccess").read_text() == w3id_htaccess("https://e.org/a")
    assert (root / "w3id/README.md").read_text() == w3id_readme("https://e.org/a")
    assert "https://e.org/a/" in (root / "w3id/.htaccess").read_text()

    writer = SiteWriter(root)  # the base URL dropped: the w3id files the last build wrote go
    write_redirect_rules(writer, SiteOptions(out=root))
    assert writer.finish().removed == 2
    assert not (root / "w3id").exists() and (root / ".htaccess").is_file()


TRICKY = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<script>const a = '<a href="/id/goal/g2">x</a>'; if (1 < 2) { x = "href=\\"/sparql\\""; }</script>
<style>a[href="/sparql"] { color: red }</style></head><body>
<!-- <a href="/sparql">commented</a> -->
<a href="/id/goal/g2?lang=vi&amp;q=a%20b#x" data-x='single' CLASS="c">amp</a>
<svg viewBox="0 0 10 10"><a href="/id/goal/g2?lang=vi#x"><rect width="1" height="1"/></a></svg>
<a href="/sparql" class="btn" title="a &quot;quote&quot;">live</a>
<img src="/nowhere.png" alt="gone"><link rel="icon" href="/static/site.css"/>
<p title="x href=&quot;/sparql&quot;">text &amp; more &lt;a href="/sparql"&gt;</p>
</body></html>"""


def test_a_tokenizer_rewrite_touches_only_the_links() -> None:
    out = rewrite(TRICKY, Page("id/goal/g1.html", "en"), BASE, _resolve).decode()
    original = TRICKY.decode()
    # script and style text, comments, escaped text and other attributes: byte for byte
    for kept in (
        """<script>const a = '<a href="/id/goal/g2">x</a>'; if (1 < 2) { x = "href=\\"/sparql\\""; }</script>""",
        """<style>a[href="/sparql"] { color: red }</style>""",
        """<!-- <a href="/sparql">commented</a> -->""",
        """<p title="x href=&quot;/sparql&quot;">text &amp; more &lt;a href="/sparql"&gt;</p>""",
        """<svg viewBox="0 0 10 10">""",
        """<rect width="1" height="1"/>""",
    ):
        assert kept in original and kept in out, kept
    # "&amp;" in an attribute is "&" in the URL; the resolver saw the decoded href
    assert '<a data-x=\'single\' class="c live-only" title="' in out  # not known: de-linked
    assert '<svg viewBox="0 0 10 10"><a href="g2.vi.html#x">' in out  # an SVG link is a link
    assert '<a class="btn live-only" title="' in out and "&quot;quote&quot;" not in out
    assert "/nowhere.png" not in out and 'alt="gone"' not in out  # no broken image
    assert '<link rel="icon" href="../../static/site.css"/>' in out
    assert out.startswith("<!DOCTYPE html>\n<html")


def test_an_escaped_ampersand_is_decoded_for_the_resolver_and_escaped_again() -> None:
    seen: list[str] = []

    def resolve(href: str, media: str | None) -> str | None:
        seen.append(href)
        return None

    page = b'<p><a href="/queries/x?q=1&amp;r=2">q</a></p>'
    out = rewrite(page, Page("index.html", "en"), BASE, resolve, "https://e.org/s?a=1&b=2")
    assert seen == ["/queries/x?q=1&r=2"]
    assert '<a href="https://e.org/s?a=1&amp;b=2" title=' in out.decode()
