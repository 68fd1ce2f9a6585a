"""Reading Turtle: a broken file is reported with its path and the line of the problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from aspen_graph.errors import AspenError, DataLoadError
from aspen_graph.sources.turtle import read_turtle

EX = "http://example.org/"
HEAD = "PREFIX ex: <http://example.org/>\n"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def load_error(path: Path) -> DataLoadError:
    with pytest.raises(DataLoadError) as caught:
        read_turtle(path)
    return caught.value


def test_good_file_parses_into_given_graph(tmp_path: Path) -> None:
    path = write(tmp_path, "good.ttl", HEAD + 'ex:a ex:p "x" .\nex:b ex:p ex:a .\n')
    into = Graph()
    into.add((URIRef(EX + "z"), URIRef(EX + "p"), Literal("already there")))
    got = read_turtle(path, into=into)
    assert got is into
    assert len(into) == 3
    assert (URIRef(EX + "b"), URIRef(EX + "p"), URIRef(EX + "a")) in into


@pytest.mark.parametrize(
    ("name", "text", "line", "words"),
    [
        pytest.param(
            "unterminated.ttl",
            HEAD + '\nex:a ex:p "fine" .\nex:b ex:p "never closed .\nex:c ex:p "x" .\n',
            4,
            "newline found in string literal",
            id="unterminated-string",
        ),
        pytest.param(
            # the dot after "one" is missing: the parser notices at the next subject (line 5)
            "missing-dot.ttl",
            HEAD + 'ex:a\n    ex:p "one" ;\n    ex:q "two"\nex:b ex:p "three" .\n',
            5,
            "expected '.'",
            id="missing-dot",
        ),
        pytest.param(
            "bad-prefix.ttl",
            HEAD + "ex:a ex:p ex:b .\n\n\nex:a ex:p nope:thing .\n",
            5,
            'Prefix "nope:" not bound',
            id="unbound-prefix",
        ),
        pytest.param(
            # a long string spanning lines must not throw the count off
            "after-long-string.ttl",
            HEAD + 'ex:a ex:p """one\ntwo\nthree""" .\nex:b ex:p nope:x .\n',
            5,
            'Prefix "nope:" not bound',
            id="after-multiline-string",
        ),
        pytest.param(
            "first-line.ttl",
            "nope:a nope:p nope:b .\n",
            1,
            'Prefix "nope:" not bound',
            id="first-line",
        ),
    ],
)
def test_syntax_error_names_file_and_line(
    tmp_path: Path, name: str, text: str, line: int, words: str
) -> None:
    path = write(tmp_path, name, text)
    error = load_error(path)
    assert error.path == str(path)
    assert error.line == line
    assert str(error).startswith(f"{path}:{line}: Turtle syntax error:")
    assert words in str(error)
    assert isinstance(error, AspenError)
    assert isinstance(error, OSError)


def test_iri_with_a_space_is_a_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "space.ttl", HEAD + "ex:a ex:p ex:b .\nex:a ex:p <http://a b> .\n")
    error = load_error(path)
    assert error.line == 3


def test_syntax_error_leaves_target_graph_usable(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.ttl", HEAD + 'ex:a ex:p "x"\nex:b ex:p "y" .\n')
    into = Graph()
    with pytest.raises(DataLoadError):
        read_turtle(path, into=into)
    into.add((URIRef(EX + "a"), URIRef(EX + "p"), Literal("x")))
    assert len(into) == 1


def test_invalid_utf8_names_file_and_line(tmp_path: Path) -> None:
    text = HEAD.encode() + b'ex:a ex:p "ok" .\n\nex:b ex:p "caf\xe9" .\nex:c ex:p "x" .\n'
    path = write(tmp_path, "latin1.ttl", text)
    error = load_error(path)
    assert error.path == str(path)
    assert error.line == 4
    assert str(error).startswith(f"{path}:4: not valid UTF-8")


def test_invalid_utf8_on_first_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bom16.ttl", b"\xff\xfe" + HEAD.encode())
    error = load_error(path)
    assert error.line == 1
    assert str(error).startswith(f"{path}:1: not valid UTF-8")


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.ttl"
    error = load_error(path)
    assert error.path == str(path)
    assert error.line is None
    assert str(error) == f"{path}: file not found"


def test_directory_is_not_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.ttl"
    folder.mkdir()
    assert str(load_error(folder)) == f"{folder}: file not found"


def test_relative_iris_resolve_against_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "relative.ttl", HEAD + "<thing> ex:p ex:a .\n")
    graph = read_turtle(path)
    subject = next(iter(graph.subjects()))
    assert subject == URIRef(path.resolve().parent.as_uri() + "/thing")
