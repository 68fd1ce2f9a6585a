"""Accept negotiation (api/accept.py), with the expected choices worked out by hand from RFC 9110
§12.5.1 (the most specific matching range gives a type its q-value; q=0 means "not
acceptable") and the house's tie rule (equal q: the type a more specific range names, then the
type offered last)."""

from __future__ import annotations

import pytest

from aspen_graph.api.accept import best_match
from aspen_graph.api.errors import ProtocolError
from aspen_graph.api.negotiation import GRAPHS, RESULTS, TABLES, negotiate

HOME = ("text/html", "application/json")  # what / offers: JSON preferred on a tie
RESOURCE = (
    "application/rdf+xml",
    "application/n-triples",
    "application/ld+json",
    "text/html",
    "text/turtle",
)


@pytest.mark.parametrize(
    ("accept", "offered", "expected"),
    [
        # q-values decide first
        (
            "text/csv;q=0.5, application/sparql-results+xml",
            RESULTS,
            "application/sparql-results+xml",
        ),
        ("text/turtle;q=0.5, application/ld+json", GRAPHS, "application/ld+json"),
        # the most specific range sets a type's q, whatever the order
        ("text/*;q=0.9, text/csv;q=0.1", ("text/csv", "text/html"), "text/html"),
        ("text/csv;q=0.1, text/*;q=0.9", ("text/html", "text/csv"), "text/html"),
        # equal q: a type named outright beats one reached through a wildcard ...
        ("text/*, application/json", HOME, "application/json"),
        ("application/*, text/html", HOME, "text/html"),
        ("application/ld+json, text/*", RESOURCE, "application/ld+json"),
        # ... and between equals, the type offered last (the most preferred)
        ("*/*", RESOURCE, "text/turtle"),
        ("text/*", RESOURCE, "text/turtle"),
        ("text/html, application/json", HOME, "application/json"),
        ("*/*", RESULTS, "application/sparql-results+json"),
        ("*/*", TABLES, "application/json"),
        # a browser names text/html; other types only through */*;q=0.8
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", RESOURCE, "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", GRAPHS, "text/turtle"),
        # a range's parameters other than q are not a different type; a lone * is */*
        ("text/turtle;charset=utf-8;q=0.5, application/n-triples;q=0.4", GRAPHS, "text/turtle"),
        ("*", TABLES, "application/json"),
        # q=0 refuses a type even where a wildcard would accept it
        ("*/*;q=0.5, text/turtle;q=0", GRAPHS, "application/n-triples"),
        (
            "application/*;q=0.2, application/json;q=0",
            ("application/json", "application/xml"),
            "application/xml",
        ),
    ],
)
def test_best_match(accept: str, offered: tuple[str, ...], expected: str) -> None:
    assert best_match(accept, offered) == expected


@pytest.mark.parametrize(
    ("accept", "offered"),
    [
        ("image/png", RESULTS),
        ("text/csv;q=0", RESULTS),
        ("*/*;q=0", GRAPHS),
        ("text/*, text/turtle;q=0", ("text/turtle",)),
    ],
)
def test_nothing_acceptable_is_406(accept: str, offered: tuple[str, ...]) -> None:
    assert best_match(accept, offered) is None
    with pytest.raises(ProtocolError) as raised:
        negotiate(accept, offered)
    assert raised.value.status == 406


@pytest.mark.parametrize("accept", ["garbage", "text", "text/html/x", "text/csv, json"])
def test_malformed_accept_is_400(accept: str) -> None:
    with pytest.raises(ProtocolError) as raised:
        negotiate(accept, RESULTS)
    assert raised.value.status == 400


def test_no_accept_is_anything() -> None:
    assert negotiate(None, GRAPHS) == negotiate("", GRAPHS) == "text/turtle"
