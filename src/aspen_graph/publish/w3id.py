"""The redirect rules that make the IRIs resolve on the web: the ``.htaccess`` for the w3id.org
repository's ``aspen/`` folder, the ``.htaccess`` for an Apache host of the static site, and the
``README.md`` the w3id.org repository asks for.

Functions (the static-site generator, ``aspen site``, calls them, imported from
:mod:`aspen_graph.publish`; the first three return the file's text):

- ``w3id_htaccess(base_url: str, folder: str = "aspen") -> str``: redirects
  ``https://w3id.org/<folder>/<P>`` to ``<base_url>/<P>.<ext>``, ``<ext>`` chosen by ``?format=``,
  else by ``Accept``; ``.html`` becomes ``.vi.html`` for ``?lang=vi`` or an ``Accept-Language``
  that lists Vietnamese first. 303 for ``id/…``, ``ont/…`` and ``dataset`` (things, not
  documents: Cool URIs for the Semantic Web, and w3id.org's ``example/`` vocabulary folder);
  302 to ``<base_url>/<P>`` unchanged for every other path (documents: the report, downloads …).
- ``host_htaccess() -> str``: for the site root on an Apache host: media types with
  ``charset=utf-8`` for the page and RDF extensions, and the same negotiation for extensionless
  paths (served in place, among the files that exist).
- ``w3id_readme(base_url: str, folder: str = "aspen") -> str``.
- ``check_base_url(base_url: str) -> str``: the base without its trailing ``/``;
  :class:`ValueError` (one line) unless it is an absolute ``http(s)`` URL.
- ``write_w3id(base_url: str, out: Path) -> list[Path]``: writes ``out/.htaccess`` (the host's)
  and ``out/w3id/.htaccess`` + ``out/w3id/README.md``.

**How ``Accept`` is weighed.** mod_rewrite matches patterns; it cannot sort. The rules give each
representation a score, ``q × 1000`` followed by a digit for how specific the range that gave it
is (2: named, 1: ``type/*``, 0: ``*/*``), by matching the ranges from least to most specific
(the most specific present wins, as in RFC 9110 §12.5.1), then pick the representation whose
score is at least every other's (``ap_expr`` integer comparison), the first in the order
HTML, Turtle, JSON-LD, N-Triples, RDF/XML on a tie. q-values with up to three decimals are read
exactly. Limits: a media range listed twice counts once (the last pattern that matches);
``Accept-Language`` is not weighed — Vietnamese is chosen when it is the first range listed (as
browsers send it), whatever its q; no ``Accept`` and ``*/*`` both get the page (``aspen serve``
gives ``*/*`` Turtle: a w3id IRI is clicked by people far more often); an ``Accept`` that
accepts none of the five is 406 on a negotiated path (as the w3id.org ``example/`` folder does),
as is an unknown ``?format=``.

The media types and extensions come from :mod:`aspen_graph.store.formats`
(``RESOURCE_FORMATS``). The rules need Apache 2.4 with mod_rewrite and (for ``Vary``)
mod_headers; the host file also needs ``AllowOverride FileInfo Options`` (it turns MultiViews
off, as w3id.org's own folders do, so that mod_negotiation does not answer first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from aspen_graph.store import formats
from aspen_graph.store.formats import Format

PREFERENCE: tuple[Format, ...] = (
    formats.HTML,
    formats.TURTLE,
    formats.JSON_LD,
    formats.N_TRIPLES,
    formats.RDF_XML,
)
"""The representations, most preferred first (ties, and no ``Accept``, go to the first)."""
assert set(PREFERENCE) == set(formats.RESOURCE_FORMATS)
EXTENSIONS: tuple[str, ...] = tuple(f.ext for f in PREFERENCE)
"""The file extensions of a resource's documents (the Vietnamese page is ``.vi.html``)."""
LANGUAGES: tuple[str, ...] = ("vi",)
"""Page languages besides English, each a ``P.<lang>.html`` file."""
NEGOTIATED = r"^(id/.+|ont/.*|dataset)$"
"""The w3id paths whose representation is negotiated (answered with 303)."""
VARY = "Accept, Accept-Language"

_PARAMS_THEN_Q = r"\s*;(?:[^,]*;)?\s*q\s*=\s*"
_END = r"\s*(?:;|,|$)"
_Q_FORMS: tuple[tuple[str, str], ...] = (
    (r"\s*(?:;\s*(?!q\s*=)[^;,]*)*\s*(?:,|$)", "1000"),  # no q: q=1
    (_PARAMS_THEN_Q + r"1(?:\.0{0,3})?" + _END, "1000"),
    (_PARAMS_THEN_Q + r"0\.?" + _END, "000"),
    (_PARAMS_THEN_Q + r"0\.(\d)" + _END, "%100"),
    (_PARAMS_THEN_Q + r"0\.(\d)(\d)" + _END, "%1%20"),
    (_PARAMS_THEN_Q + r"0\.(\d)(\d)(\d)" + _END, "%1%2%3"),
)
"""How a range's q-value is written, and its value in thousandths (``%n``: the digits)."""


def _var(fmt: Format) -> str:
    return f"ASPEN_Q_{fmt.ext.upper()}"


def _ranges() -> list[tuple[str, str, tuple[Format, ...]]]:
    """Media ranges from least to most specific: (range, specificity digit, what it covers)."""
    kinds = dict.fromkeys(f.media_type.split("/")[0] for f in PREFERENCE)
    ranges = [("*/*", "0", PREFERENCE)]
    for kind in kinds:
        covered = tuple(f for f in PREFERENCE if f.media_type.startswith(kind + "/"))
        ranges.append((f"{kind}/*", "1", covered))
    ranges += [(f.media_type, "2", (f,)) for f in PREFERENCE]
    return ranges


def _flags(values: Iterable[tuple[str, str]]) -> str:
    return ",".join(f"E={name}:{value}" for name, value in values)


def _scores() -> list[str]:
    """Rules setting each representation's score from ``Accept`` (none: as ``*/*``)."""
    lines = [
        "# Each representation's score: q x 1000, then 2 (named), 1 (type/*) or 0 (*/*);",
        "# the most specific range present sets it. No Accept counts as */*.",
        f"RewriteRule ^ - [{_flags((_var(f), '0') for f in PREFERENCE)},E=ASPEN_EXT:]",
        r"RewriteCond %{HTTP_ACCEPT} ^\s*$",
        f"RewriteRule ^ - [{_flags((_var(f), '10000') for f in PREFERENCE)}]",
    ]
    for media_range, specific, covered in _ranges():
        head = r"(?:^|,)\s*" + re.escape(media_range)
        for pattern, value in _Q_FORMS:
            lines.append(f"RewriteCond %{{HTTP_ACCEPT}} {head}{pattern} [NC]")
            lines.append(
                f"RewriteRule ^ - [{_flags((_var(f), value + specific) for f in covered)}]"
            )
    return lines


def _choice() -> list[str]:
    """Rules setting ``ASPEN_EXT``: ``?format=`` first, else the best score (q > 0)."""
    lines = ["# ?format= picks outright."]
    for fmt in PREFERENCE:
        names = "|".join(re.escape(name) for name in fmt.names)
        lines.append(f"RewriteCond %{{QUERY_STRING}} (?:^|&)format=(?:{names})(?:&|$) [NC]")
        lines.append(f"RewriteRule ^ - [E=ASPEN_EXT:{fmt.ext}]")
    lines.append(r"RewriteCond %{QUERY_STRING} (?:^|&)format= [NC]")
    lines.append(r"RewriteCond %{ENV:ASPEN_EXT} ^$")
    lines.append("RewriteRule ^ - [E=ASPEN_EXT:none]")
    lines.append("# Else the highest score (at least 10: q > 0); ties go to the first listed.")
    for fmt in PREFERENCE:
        own = f"reqenv('{_var(fmt)}')"
        tests = [f"{own} -ge 10"]
        tests += [f"{own} -ge reqenv('{_var(other)}')" for other in PREFERENCE if other != fmt]
        lines.append(r"RewriteCond %{ENV:ASPEN_EXT} ^$")
        lines.append(f'RewriteCond expr "{" && ".join(tests)}"')
        lines.append(f"RewriteRule ^ - [E=ASPEN_EXT:{fmt.ext}]")
    lines.append("# Pages: ?lang=, else the first language in Accept-Language.")
    for lang in LANGUAGES:
        lines += [
            r"RewriteCond %{ENV:ASPEN_EXT} =html",
            rf"RewriteCond %{{QUERY_STRING}} (?:^|&)lang={lang}(?:-[^&]*)?(?:&|$) [NC]",
            f"RewriteRule ^ - [E=ASPEN_EXT:{lang}.html]",
            r"RewriteCond %{ENV:ASPEN_EXT} =html",
            r"RewriteCond %{QUERY_STRING} !(?:^|&)lang= [NC]",
            rf"RewriteCond %{{HTTP:Accept-Language}} ^\s*{lang}(?:[-;,\s]|$) [NC]",
            f"RewriteRule ^ - [E=ASPEN_EXT:{lang}.html]",
        ]
    return lines


def check_base_url(base_url: str) -> str:
    """The base URL without its trailing ``/``; ``ValueError`` unless absolute ``http(s)``.

    >>> check_base_url("https://example.org/aspen/")
    'https://example.org/aspen'
    >>> check_base_url("example.org/aspen")
    Traceback (most recent call last):
    ValueError: --base-url 'example.org/aspen' is not an absolute http(s) URL (e.g. https://example.org/aspen)
    """
    try:
        parts = urlsplit(base_url.strip())
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or any(c.isspace() or c in "\"'<>\\" for c in base_url.strip())
    ):
        raise ValueError(
            f"--base-url {base_url[:200]!r} is not an absolute http(s) URL "
            "(e.g. https://example.org/aspen)"
        )
    return base_url.strip().rstrip("/")


def _header(title: str, lines: Iterable[str]) -> list[str]:
    return [f"# {title}", *(f"# {line}".rstrip() for line in lines), ""]


def _vary() -> list[str]:
    return [
        "<IfModule mod_headers.c>",
        f'    Header always merge Vary "{VARY}" env=ASPEN_NEGOTIATED',
        f'    Header always merge Vary "{VARY}" env=REDIRECT_ASPEN_NEGOTIATED',
        "</IfModule>",
    ]


def w3id_htaccess(base_url: str, folder: str = "aspen") -> str:
    """The ``.htaccess`` for the w3id.org repository's ``<folder>/`` (see the module docstring).

    >>> text = w3id_htaccess("https://example.org/aspen/")
    >>> "https://example.org/aspen/$1.%{ENV:ASPEN_EXT} [R=303,L,QSD,NE]" in text
    True
    """
    base = check_base_url(base_url)
    lines = _header(
        f"https://w3id.org/{folder}/ - ASPEN knowledge graph (written by `aspen w3id`).",
        [
            "",
            f"https://w3id.org/{folder}/<P> redirects to {base}/<P>.<ext>, <ext> by ?format=,",
            "else by Accept (html ttl jsonld nt rdf; .vi.html for Vietnamese): 303 for id/,",
            "ont/ and dataset; any other path goes to the same path on the site (302).",
            "Contact: see README.md in this folder.",
        ],
    )
    lines += ["Options -MultiViews", "RewriteEngine on", ""]
    documents = "|".join(
        re.escape(ext) for ext in (*(f"{lang}.html" for lang in LANGUAGES), *EXTENSIONS)
    )
    lines += [
        "# A thing's documents, and every path but a thing's and the home page: the same path.",
        r"RewriteRule ^\.well-known/void$ " + f"{base}/.well-known/void.ttl [R=302,L]",
        rf"RewriteRule ^((?:id|ont)/.*|dataset)\.(?:{documents})$ {base}/$0 [R=302,L,NE]",
        f"RewriteCond $1 !{NEGOTIATED}",
        f"RewriteRule ^(.+)$ {base}/$1 [R=302,L,NE]",
        "",
    ]
    lines += [*_scores(), "", *_choice(), ""]
    lines += [
        "# The home page: a page only.",
        "RewriteRule ^$ - [E=ASPEN_NEGOTIATED:1]",
        r"RewriteCond %{ENV:ASPEN_EXT} ^(vi\.)?html$",
        f"RewriteRule ^$ {base}/index.%1html [R=302,L,QSD]",
        f"RewriteRule ^$ {base}/ [R=302,L,QSD]",
        "# Things (ids, terms, the ontology, the dataset): 303 to the chosen document.",
        "RewriteRule ^ - [E=ASPEN_NEGOTIATED:1]",
        r"RewriteCond %{ENV:ASPEN_EXT} =none [OR]",
        r"RewriteCond %{ENV:ASPEN_EXT} ^$",
        r"RewriteCond %{HTTP_ACCEPT} !^\s*$",
        "RewriteRule ^ - [R=406,L]",
        r"RewriteCond %{ENV:ASPEN_EXT} ^$",
        "RewriteRule ^ - [E=ASPEN_EXT:html]",
        f"RewriteRule ^((?:id|ont)/(?:.*/)?)$ {base}/$1index.%{{ENV:ASPEN_EXT}} [R=303,L,QSD,NE]",
        f"RewriteRule {NEGOTIATED} {base}/$1.%{{ENV:ASPEN_EXT}} [R=303,L,QSD,NE]",
        "",
        *_vary(),
    ]
    return "\n".join(lines) + "\n"


def host_htaccess() -> str:
    """The ``.htaccess`` for the site root on an Apache host (see the module docstring).

    >>> "AddType application/ld+json .jsonld" in host_htaccess()
    True
    """
    lines = _header(
        "ASPEN static site on Apache (written by `aspen site` / `aspen w3id`).",
        [
            "",
            "Needs mod_rewrite, mod_mime, mod_headers and AllowOverride FileInfo Options.",
            "An extensionless path P with files P.html, P.ttl ... is served the one Accept",
            "(or ?format=, ?lang=) asks for; a directory path D/ the same with D/index.*.",
            "Served through an Alias? Add `RewriteBase /the/alias/` after RewriteEngine.",
        ],
    )
    lines += ["Options -MultiViews", ""]
    lines += [f"AddType {f.media_type} .{f.ext}" for f in PREFERENCE]
    lines += [f"AddCharset utf-8 {' '.join('.' + f.ext for f in PREFERENCE)}"]
    lines += [f"AddLanguage {lang} .{lang}" for lang in LANGUAGES]
    lines += ["", "RewriteEngine on", ""]
    lines += [
        "# Only paths that are not files, nor directories without their /, and have pages.",
        r"RewriteCond %{REQUEST_FILENAME} -f [OR]",
        r"RewriteCond %{REQUEST_FILENAME} -d",
        r"RewriteRule ^(?:.*/)?[^/]+$ - [END]",
        r"RewriteRule ^(.*/)?$ - [E=ASPEN_STEM:%{REQUEST_FILENAME}index]",
        r"RewriteCond %{ENV:ASPEN_STEM} ^$",
        r"RewriteRule ^ - [E=ASPEN_STEM:%{REQUEST_FILENAME}]",
        r"RewriteCond %{ENV:ASPEN_STEM}.html !-f",
        r"RewriteCond %{ENV:ASPEN_STEM}.ttl !-f",
        r"RewriteRule ^ - [END]",
        "RewriteRule ^ - [E=ASPEN_NEGOTIATED:1]",
        "",
        *_scores(),
        "# A representation without its file is not on offer.",
    ]
    for fmt in PREFERENCE:
        lines.append(f"RewriteCond %{{ENV:ASPEN_STEM}}.{fmt.ext} !-f")
        lines.append(f"RewriteRule ^ - [E={_var(fmt)}:0]")
    lines += [
        "",
        *_choice(),
        "",
        r"RewriteCond %{ENV:ASPEN_EXT} =none [OR]",
        r"RewriteCond %{ENV:ASPEN_EXT} ^$",
        "RewriteRule ^ - [R=406,L]",
        r"RewriteCond %{ENV:ASPEN_STEM}.%{ENV:ASPEN_EXT} !-f",
        r"RewriteCond %{ENV:ASPEN_EXT} ^vi\.html$",
        "RewriteRule ^ - [E=ASPEN_EXT:html]",
        "RewriteRule ^(.*/)?$ $1index.%{ENV:ASPEN_EXT} [END]",
        "RewriteRule ^(.*)$ $1.%{ENV:ASPEN_EXT} [END]",
        "",
        *_vary(),
    ]
    return "\n".join(lines) + "\n"


def w3id_readme(base_url: str, folder: str = "aspen") -> str:
    """The ``README.md`` for the w3id.org repository's ``<folder>/``.

    >>> "TODO-CONTACT" in w3id_readme("https://example.org/aspen")
    True
    """
    base = check_base_url(base_url)
    rows = "\n".join(
        f"| `{f.media_type}` | `{f.ext}` | `<P>.{f.ext}` |" for f in PREFERENCE if not f.html
    )
    return f"""# /{folder}/

Permanent identifiers of the ASPEN knowledge graph (the ASEAN Strategic Plan on Environment as
linked data: its goals, priorities, targets, their alignments to the SDGs, and the vocabulary).

The data is published as static files at <{base}/>.

## Contact

<!-- TODO-CONTACT: replace the lines below with the maintainers before submitting. -->

- TODO-CONTACT: Name, email@example.org, GitHub username: `@TODO`

## Redirects

`https://w3id.org/{folder}/<P>` redirects to `{base}/<P>.<ext>`:

- `id/…` (things: goals, priorities, targets …), `ont/…` (the vocabulary and its terms) and
  `dataset` are answered with **303 See Other** (they are not documents; see "Cool URIs for
  the Semantic Web"); `ont/` itself goes to `ont/index.<ext>`.
- `<ext>` is chosen by `?format=` (`html`, `ttl`, `jsonld`, `nt`, `rdf`), else by the
  `Accept` header, q-values included:

| Accept | ext | file |
|---|---|---|
| `text/html`, none, `*/*` | `html` | `<P>.html` (`<P>.vi.html` in Vietnamese) |
{rows}

- A page is in Vietnamese (`.vi.html`) for `?lang=vi` or when `Accept-Language` lists `vi`
  first.
- An `Accept` that accepts none of these is answered with 406.
- Redirects carry `Vary: {VARY}`.
- `https://w3id.org/{folder}/` itself redirects (302) to the home page, `{base}/index.html`
  (`index.vi.html` in Vietnamese); any other path (the report, downloads, a file with an
  extension) to the same path under `{base}/`.

The files are written by `aspen w3id --base-url {base} --out DIR` (DIR/w3id/).
"""


def write_w3id(base_url: str, out: Path) -> list[Path]:
    """Write ``out/.htaccess`` (the host's), ``out/w3id/.htaccess`` and ``out/w3id/README.md``;
    each file is written whole (a temporary file renamed) or not at all."""
    texts = {
        out / ".htaccess": host_htaccess(),
        out / "w3id" / ".htaccess": w3id_htaccess(base_url),
        out / "w3id" / "README.md": w3id_readme(base_url),
    }
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        try:
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return list(texts)


__all__ = [
    "EXTENSIONS",
    "LANGUAGES",
    "PREFERENCE",
    "check_base_url",
    "host_htaccess",
    "w3id_htaccess",
    "w3id_readme",
    "write_w3id",
]
