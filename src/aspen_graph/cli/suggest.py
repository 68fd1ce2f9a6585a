"""``aspen suggest``: ranked alignment candidates for an element, a version or a free text."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from aspen_graph.analysis import (
    LANGUAGES,
    ChallengeSuggester,
    Corpus,
    Suggester,
    Suggestion,
    challenge_review_kind,
    challenge_review_rows,
    element_query,
    elements_of,
    find_element,
    find_version,
    load_corpus,
    read_rejected,
    record,
    rejected_path,
    review_rows,
    text_query,
    write_review,
)
from aspen_graph.cli.choices import check_challenge
from aspen_graph.cli.context import catalog, release_store
from aspen_graph.cli.output import show_table
from aspen_graph.config import get_settings
from aspen_graph.curie import compress
from aspen_graph.errors import QueryParameterError

console = Console()
MAX_TOP = 100


class SuggestFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


Found = list[tuple[str, list[Suggestion]]]
"""(element CURIE or "text", its suggestions) in the order they were asked for."""
Refused = dict[str, dict[str, str]]
"""Element CURIE → the targets (CURIEs) never proposed for it → why (rejected earlier)."""


def _check(
    element: str | None,
    version: str | None,
    text: str | None,
    max_alignments: int | None,
    out: Path | None,
    challenge: str | None = None,
) -> None:
    if challenge is not None:
        try:
            check_challenge(challenge)  # the closed choice every --challenge shares
        except typer.BadParameter as error:
            raise QueryParameterError(f"--challenge: {error}") from None
        if element or version or text is not None or max_alignments is not None:
            raise QueryParameterError(
                "give --challenge alone (with --lang, --top, --format), "
                "not with --element, --version, --text or --max-alignments"
            )
        return
    if text is not None and (element or version):
        raise QueryParameterError("give --text, or --element/--version, not both")
    if text is None and version is None:
        raise QueryParameterError(
            "give --element CODE --version V, --version V, or --text TEXT --lang en|vi"
        )
    if element and max_alignments is not None:
        raise QueryParameterError("--max-alignments goes with --version alone, not --element")
    if out is not None and text is not None:
        raise QueryParameterError(
            "--out needs --element or --version: a review row names its source element"
        )


def _rejected(version: str) -> set[tuple[str, str]]:
    path = rejected_path(get_settings(), version)
    return read_rejected(path) if path is not None else set()


def _run(
    corpus: Corpus,
    element: str | None,
    version: str | None,
    text: str | None,
    lang: str,
    max_alignments: int | None,
    top: int,
) -> tuple[Found, Refused]:
    if text is not None:
        query = text_query(text, lang)  # checked before the index is built
        return [("text", Suggester(corpus).suggest(query, top=top))], {}
    assert version is not None  # _check
    version_iri = find_version(corpus, version)
    suggester = Suggester(corpus)
    rejected = _rejected(version_iri)
    chosen = (
        [find_element(corpus, element, version_iri)]
        if element
        else elements_of(corpus, suggester, version_iri, max_alignments)
    )
    found: Found = []
    refused: Refused = {}
    for e in chosen:
        query = element_query(e, rejected)
        found.append((e.curie, suggester.suggest(query, top=top)))
        refused[e.curie] = {compress(t): why for t, why in suggester.refused(query).items()}
    return found, refused


def _challenge(corpus: Corpus, challenge: str, lang: str, top: int) -> Found:
    if lang not in LANGUAGES:
        raise QueryParameterError(f"--lang: {lang!r} is not supported; one of en, vi")
    ranker = ChallengeSuggester(Suggester(corpus))
    found = ranker.find(challenge)
    return [(f"challenge:{found.key}", ranker.suggest(found, lang=lang, top=top))]


def _print(found: Found, fmt: SuggestFormat, refused: Refused) -> None:
    if fmt is SuggestFormat.json:
        data = [
            {
                "element": name,
                "suggestions": [record(s) for s in items],
                "excluded": [
                    {"target": target, "reason": why}
                    for target, why in refused.get(name, {}).items()
                ],
            }
            for name, items in found
        ]
        console.out(json.dumps(data, ensure_ascii=False, indent=1), highlight=False)
        return
    columns = [
        "element", "rank", "framework", "target", "score", "interaction", "confidence",
        "evidence_source", "evidence_target", "label", "existing",
    ]  # fmt: skip
    rows = [
        [
            name,
            str(s.rank),
            s.candidate.framework,
            s.candidate.curie,
            f"{s.score:.4f}",
            f"{s.interaction:+d}",
            f"{s.confidence:g}",
            "; ".join(s.source_words),
            "; ".join(s.target_words),
            s.candidate.label,
            "existing" if s.existing else "",
        ]
        for name, items in found
        for s in items
    ]
    if fmt is SuggestFormat.csv:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        console.out(buffer.getvalue(), end="", highlight=False)
        return
    for name, items in found:
        table_rows = [
            [
                "existing" if s.existing else str(s.rank),
                s.candidate.curie,
                f"{s.score:.3f}",
                f"{s.interaction:+d}",
                f"{s.confidence:g}",
                _evidence(s),
            ]
            for s in items
        ]
        head = ["rank", "target", "score", "int.", "conf.", "evidence (element → target words)"]
        show_table(console, head, table_rows, title=name)
        for target, why in refused.get(name, {}).items():
            console.print(f"{target} not proposed: {why}", style="dim", highlight=False)
    new = sum(1 for _, items in found for s in items if not s.existing)
    console.print(
        f"{new} machine proposal(s) for {len(found)} element(s)/text(s); rows marked "
        "'existing' are curated alignments, not suggestions",
        style="dim",
    )


def _evidence(s: Suggestion) -> str:
    if s.existing:
        return "curated alignment"
    words = f"{', '.join(s.source_words)} → {', '.join(s.target_words)}" if s.source_words else ""
    if not s.source_words and s.challenges and s.target_words:
        # A challenge's suggestion resting on the tagged targets' words alone.
        words = f"→ {', '.join(s.target_words)}"
    similar = f"like {s.neighbours[0]}" if s.neighbours else ""
    return "; ".join(part for part in (words, similar) if part) or "often aligned"


def suggest(
    element: str = typer.Option(
        None, "--element", help="The element's code in --version (P2, P1.FA1) or its CURIE."
    ),
    version: str = typer.Option(
        None, "--version", help="The plan version (plan-version:… or its key)."
    ),
    text: str = typer.Option(None, "--text", help="A free text instead of an element."),
    lang: str = typer.Option("en", "--lang", help="Language of --text: en or vi."),
    max_alignments: int = typer.Option(
        None,
        "--max-alignments",
        min=1,
        help="With --version alone: only the elements with fewer than N alignments to SDG, "
        "GBF, Paris or ASEAN 2045 targets (default: every element).",
    ),
    challenge: str = typer.Option(
        None,
        "--challenge",
        help="Targets for a challenge instead: climate-change, biodiversity-loss or pollution.",
    ),
    top: int = typer.Option(10, "--top", min=1, max=MAX_TOP, help="Candidates per element."),
    fmt: SuggestFormat = typer.Option(SuggestFormat.table, "--format", "-f"),
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="Write the review file: the alignments template (with --challenge: the "
        "challenge-relevance template) pre-filled with the candidates and a 'decision' column "
        "(.xlsx or .csv).",
    ),
) -> None:
    """Suggest alignments: SDG and GBF targets, Paris provisions and ASEAN 2045 documents ranked
    for an element's text (English or Vietnamese), with the words that support each.

    With --challenge NAME: SDG and GBF targets not yet tagged as relevant to the challenge,
    ranked from its label and the texts of the targets already tagged for it.

    Existing alignments are shown as such, never suggested; pairs rejected in a review, and
    curated alignments whose status is rejected, are not proposed again (the table and the JSON
    name them, with why). Exit 0, or 2 for bad input (unknown element or version, empty text,
    unsupported language).
    """
    _check(element, version, text, max_alignments, out, challenge)
    if text is not None:
        text_query(text, lang)  # bad text is refused before the graph is loaded
    corpus = load_corpus(release_store(), catalog())
    if challenge is not None:
        key = challenge.removeprefix("challenge:")
        found = _challenge(corpus, key, lang, top)
        if out is not None:
            rows = challenge_review_rows(key, found[0][1], date.today())
            write_review(out, rows, challenge_review_kind())
            console.print(f"wrote {out} ({len(rows)} suggestion(s) to review)", style="green")
            return
        refused: Refused = {}
    else:
        found, refused = _run(corpus, element, version, text, lang, max_alignments, top)
    if out is not None:
        today = date.today()
        rows = [row for name, items in found for row in review_rows(name, items, today)]
        write_review(out, rows)
        console.print(f"wrote {out} ({len(rows)} suggestion(s) to review)", style="green")
        return
    _print(found, fmt, refused)
