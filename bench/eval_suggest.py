"""Evaluation of ``aspen suggest``: hide each element's curated alignments, rank from its text.

For every element with curated alignments to a candidate target (SDG, GBF, Paris, ASEAN 2045;
``data/tables/alignments.csv`` and the example plans' ``alignments.csv``), the element is left
out of the evidence (its alignments, its vote, its bilingual label) and every candidate is
ranked from its text alone: English = label + definition, Vietnamese = label only. The ranking
is compared with the hidden alignments (positive interaction): P@5, R@10, MRR, MAP, per
language, per framework (ranking and hidden set cut to the framework), real vs example plans.

Two protocols: ``leave-one-out`` hides the element only; ``leave-code-out`` also hides the
elements of the same plan with the same code in other versions (an example plan's draft 2
repeats draft 1's elements, which would otherwise answer for each other).

Challenge relevance (``aspen suggest --challenge``): leave one tag out of
``data/tables/challenge-relevance.csv``, rank the targets not tagged for the challenge from the
rest, record the hidden target's rank (R@10, MRR, median rank per challenge), against BM25 of the
challenge's label alone and popularity.

Methods in the same run: ``fused`` (the method), ``bm25`` (BM25 over the English target texts,
the text as given), ``popular`` (most often aligned targets, no text), and ablations of the
fused method without one of its lists.

    .venv/bin/python bench/eval_suggest.py              # builds with examples into a temp dir
    .venv/bin/python bench/eval_suggest.py --json bench/results/suggest.json
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aspen_graph.analysis.suggest import (
    FRAMEWORKS,
    Corpus,
    Element,
    Query,
    Suggester,
    Weights,
    load_corpus,
)
from aspen_graph.analysis.suggest.challenge import ChallengeSuggester, ChallengeWeights
from aspen_graph.config import get_settings
from aspen_graph.pipeline.build import run_build
from aspen_graph.queries import QueryCatalog
from aspen_graph.store import open_store

ABLATIONS = {
    "fused": Weights(),
    "fused − transfer": Weights(transfer=0.0),
    "fused − words": Weights(words=0.0),
    "fused − challenge": Weights(challenge=0.0),
    "fused − popular": Weights(popular=0.0),
}
BASELINES = ("bm25", "popular")
CHALLENGE_ABLATIONS = {
    "fused": ChallengeWeights(),
    "fused − words": ChallengeWeights(words=0.0),
    "fused − centroid": ChallengeWeights(centroid=0.0),
    "fused − neighbours": ChallengeWeights(neighbours=0.0),
    "fused − popular": ChallengeWeights(popular=0.0),
}


@dataclass(frozen=True, slots=True)
class Case:
    element: Element
    lang: str
    text: str
    gold: frozenset[str]


def precision_at(ranked: Sequence[str], gold: frozenset[str], k: int) -> float:
    return sum(1 for t in ranked[:k] if t in gold) / k


def recall_at(ranked: Sequence[str], gold: frozenset[str], k: int) -> float:
    return sum(1 for t in ranked[:k] if t in gold) / len(gold)


def reciprocal_rank(ranked: Sequence[str], gold: frozenset[str]) -> float:
    return next((1 / i for i, t in enumerate(ranked, start=1) if t in gold), 0.0)


def average_precision(ranked: Sequence[str], gold: frozenset[str]) -> float:
    hits, total = 0, 0.0
    for i, target in enumerate(ranked, start=1):
        if target in gold:
            hits += 1
            total += hits / i
    return total / len(gold)


def metrics(pairs: list[tuple[list[str], frozenset[str]]]) -> dict[str, float]:
    return {
        "n": len(pairs),
        "P@5": statistics.fmean(precision_at(r, g, 5) for r, g in pairs),
        "R@10": statistics.fmean(recall_at(r, g, 10) for r, g in pairs),
        "MRR": statistics.fmean(reciprocal_rank(r, g) for r, g in pairs),
        "MAP": statistics.fmean(average_precision(r, g) for r, g in pairs),
        # What R@10 can reach at best: an element with 20 hidden targets finds 10 at most.
        "R@10 max": statistics.fmean(min(1.0, 10 / len(g)) for _, g in pairs),
    }


def cases(corpus: Corpus, suggester: Suggester) -> list[Case]:
    out = []
    for element in corpus.elements:
        gold = frozenset(
            link.target for link in suggester.links.get(element.iri, []) if link.score > 0
        )
        if not gold:
            continue
        if element.text_en:
            out.append(Case(element, "en", element.text_en, gold))
        if element.label_vi:
            out.append(Case(element, "vi", element.label_vi, gold))
    return out


def hidden(corpus: Corpus, element: Element, protocol: str) -> frozenset[str]:
    if protocol == "leave-one-out":
        return frozenset({element.iri})
    return frozenset(
        e.iri for e in corpus.elements if e.plan == element.plan and e.code == element.code
    )


Ranker = Callable[[Query], list[str]]


def evaluate(corpus: Corpus, protocol: str) -> dict[str, dict[str, dict[str, float]]]:
    """method → row (lang/framework/plans) → metrics."""
    suggesters = {name: Suggester(corpus, weights) for name, weights in ABLATIONS.items()}
    base = suggesters["fused"]
    rankers: dict[str, Ranker] = {
        name: (lambda q, s=s: s.ranking(q)) for name, s in suggesters.items()
    }
    for method in BASELINES:
        rankers[method] = lambda q, m=method: base.ranking(q, m)
    framework_of = {c.iri: c.framework for c in corpus.candidates}
    results: dict[str, dict[str, dict[str, float]]] = {}
    all_cases = cases(corpus, base)
    for name, ranker in rankers.items():
        rows: dict[str, list[tuple[list[str], frozenset[str]]]] = {}
        for case in all_cases:
            query = Query(case.text, case.lang, exclude=hidden(corpus, case.element, protocol))
            ranked = ranker(query)
            plans = "example" if case.element.example else "real"
            for scope in ("all", plans):
                rows.setdefault(f"{case.lang} · all · {scope}", []).append((ranked, case.gold))
            for framework in FRAMEWORKS:
                gold = frozenset(t for t in case.gold if framework_of[t] == framework)
                if gold:
                    cut = [t for t in ranked if framework_of[t] == framework]
                    rows.setdefault(f"{case.lang} · {framework} · all", []).append((cut, gold))
        results[name] = {row: metrics(pairs) for row, pairs in sorted(rows.items())}
    return results


def evaluate_challenges(corpus: Corpus) -> dict[str, dict[str, dict[str, float]]]:
    """Leave one tag out: for every (challenge, target) row of the challenge-relevance table,
    hide that tag, rank the targets not tagged for the challenge from the rest, and record the
    hidden target's rank. method → "challenge · lang" → n, R@10, MRR, median rank."""
    suggester = Suggester(corpus)
    rankers = {name: ChallengeSuggester(suggester, w) for name, w in CHALLENGE_ABLATIONS.items()}
    runs: list[tuple[str, ChallengeSuggester, str, str]] = [
        (name, ranker, "en", "fused") for name, ranker in rankers.items()
    ]
    runs.append(("fused (vi label)", rankers["fused"], "vi", "fused"))
    runs += [(method, rankers["fused"], "en", method) for method in BASELINES]
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name, ranker, lang, method in runs:
        ranks: dict[str, list[int]] = {}
        for challenge in sorted(corpus.challenges, key=lambda c: c.key):
            for target in sorted(ranker.tagged(challenge.iri)):
                ranked = ranker.ranking(challenge, lang, {target}, method)
                rank = ranked.index(target) + 1
                ranks.setdefault(challenge.key, []).append(rank)
                ranks.setdefault("all", []).append(rank)
        results[name] = {
            row: {
                "n": len(found),
                "R@10": statistics.fmean(r <= 10 for r in found),
                "MRR": statistics.fmean(1 / r for r in found),
                "median rank": statistics.median(found),
            }
            for row, found in ranks.items()
        }
    return results


def challenge_markdown(results: dict[str, dict[str, dict[str, float]]]) -> str:
    lines = [
        "#### challenge relevance, leave one tag out",
        "",
        "| challenge | n | method | R@10 | MRR | median rank |",
        "|---|---:|---|---:|---:|---:|",
    ]
    rows = sorted(
        {row for by_row in results.values() for row in by_row}, key=lambda r: (r == "all", r)
    )
    for row in rows:
        for method, by_row in results.items():
            m = by_row[row]
            lines.append(
                f"| {row} | {int(m['n'])} | {method} | {m['R@10']:.3f} | {m['MRR']:.3f} | "
                f"{m['median rank']:g} |"
            )
    return "\n".join(lines)


def timings(corpus: Corpus) -> dict[str, float]:
    started = time.perf_counter()
    suggester = Suggester(corpus)
    index = time.perf_counter() - started
    texts = [e.text_en or e.label_vi for e in corpus.elements]
    per: list[float] = []
    for text in texts:
        began = time.perf_counter()
        suggester.suggest(Query(text, "en"), top=10)
        per.append(time.perf_counter() - began)
    began = time.perf_counter()
    batch = Suggester(corpus)
    for i in range(100):
        element = corpus.elements[i % len(corpus.elements)]
        batch.suggest(Query(element.text_en, "en", element=element.iri), top=10)
    hundred = time.perf_counter() - began
    return {
        "index_s": index,
        "one_element_median_ms": statistics.median(per) * 1000,
        "one_element_max_ms": max(per) * 1000,
        "hundred_elements_s": hundred,
    }


def markdown(results: dict[str, dict[str, dict[str, float]]], protocol: str) -> str:
    lines = [
        f"#### {protocol}",
        "",
        "| text · framework · plans | n | method | P@5 | R@10 (max) | MRR | MAP |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    rows = sorted({row for by_row in results.values() for row in by_row})
    for row in rows:
        for method, by_row in results.items():
            if row not in by_row:
                continue
            m = by_row[row]
            lines.append(
                f"| {row} | {int(m['n'])} | {method} | {m['P@5']:.3f} | "
                f"{m['R@10']:.3f} ({m['R@10 max']:.2f}) | "
                f"{m['MRR']:.3f} | {m['MAP']:.3f} |"
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--release", type=Path, help="a built aspen.nq with --examples")
    parser.add_argument("--json", type=Path, help="write every number here")
    args = parser.parse_args(argv)
    settings = get_settings()
    with tempfile.TemporaryDirectory() as temporary:
        release = args.release
        if release is None:
            dist = Path(temporary) / "dist"
            built = run_build(
                settings.model_copy(update={"examples": True, "dist_dir": dist}), reason=False
            )
            if built.dist is None:
                print("the build failed; run 'aspen build --examples' to see why", file=sys.stderr)
                return 1
            release = dist / "aspen.nq"
        store = open_store()
        store.load_dataset(release)
        corpus = load_corpus(store, QueryCatalog(settings.sparql_dir))
    report: dict[str, object] = {}
    for protocol in ("leave-one-out", "leave-code-out"):
        results = evaluate(corpus, protocol)
        report[protocol] = results
        print(markdown(results, protocol), end="\n\n")
    challenges = evaluate_challenges(corpus)
    report["challenge-leave-one-tag-out"] = challenges
    print(challenge_markdown(challenges), end="\n\n")
    times = timings(corpus)
    report["timings"] = times
    print(
        f"index {times['index_s'] * 1000:.0f} ms; one element median "
        f"{times['one_element_median_ms']:.1f} ms (max {times['one_element_max_ms']:.1f} ms); "
        f"100 elements {times['hundred_elements_s']:.2f} s (index included)"
    )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=1, sort_keys=True), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
