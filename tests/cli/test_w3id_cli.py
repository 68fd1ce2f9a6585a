"""``aspen w3id``: the three files, one-line errors with exit 2 on bad input, nothing written
then. The rules themselves are tested under Apache in tests/site/test_w3id_apache.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from aspen_graph.store import formats
from cli_runner import run_app


def test_writes_the_three_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    code, stdout, stderr = run_app(
        monkeypatch, capsys, "w3id", "--base-url", "https://example.org/aspen/", "--out", str(out)
    )
    assert (code, stderr) == (0, "")
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    assert files == [".htaccess", "w3id", "w3id/.htaccess", "w3id/README.md"]
    assert stdout.splitlines() == [
        str(out / f) for f in (".htaccess", "w3id/.htaccess", "w3id/README.md")
    ]
    redirects = (out / "w3id" / ".htaccess").read_text()
    # the base without its trailing slash, then the path: no "//"
    assert "https://example.org/aspen/$1.%{ENV:ASPEN_EXT} [R=303" in redirects
    host = (out / ".htaccess").read_text()
    for f in formats.RESOURCE_FORMATS:  # the registry's media types, each with its extension
        assert f"AddType {f.media_type} .{f.ext}\n" in host
    readme = (out / "w3id" / "README.md").read_text()
    assert "TODO-CONTACT" in readme
    assert "https://example.org/aspen/" in readme


@pytest.mark.parametrize(
    "url",
    [
        "example.org/aspen",
        "ftp://example.org/x",
        "https://",
        "https://example.org:99999/",
        "https://example.org/a b",
        "https://example.org/?q=1",
    ],
)
def test_a_bad_base_url_is_one_line_and_exit_2(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "site"
    code, _, stderr = run_app(monkeypatch, capsys, "w3id", "--base-url", url, "--out", str(out))
    assert code == 2
    assert stderr.startswith("error: --base-url ") and stderr.count("\n") == 1
    assert not out.exists()


def test_an_unwritable_out_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    out = blocker / "site"  # a path through a file: unwritable, even for root
    code, _, stderr = run_app(
        monkeypatch, capsys, "w3id", "--base-url", "https://example.org/aspen", "--out", str(out)
    )
    assert code == 2
    assert stderr.startswith(f"error: {out}") and stderr.count("\n") == 1
    assert "Not a directory" in stderr
    assert blocker.read_text() == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]
