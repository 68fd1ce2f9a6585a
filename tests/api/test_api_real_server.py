"""``aspen serve`` for real: uvicorn in a subprocess on a free 127.0.0.1 port, over the fixture
release. Read-only, no outbound connection, a time limit that frees the worker while other
queries keep answering, 4xx for bad input, and no traceback in any body."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from api_release import Release, write_release
from served import aspen, free_port, stop_process

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SIMPLE = "ASK { ?s ?p ?o }"


@dataclass
class Listener:
    """A TCP listener that counts every connection made to it."""

    port: int
    connections: list[bytes] = field(default_factory=list)


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.1)
    found = Listener(server.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            conn.settimeout(0.5)
            try:
                found.connections.append(conn.recv(2000))
            except OSError:
                found.connections.append(b"")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    # the listener works: one connection of our own is counted, then forgotten
    socket.create_connection(("127.0.0.1", found.port)).close()
    deadline = time.monotonic() + 5
    while not found.connections and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(found.connections) == 1
    found.connections.clear()
    yield found
    stop.set()
    thread.join()
    server.close()


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    bodies: list[str] = field(default_factory=list)

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        response = httpx.get(self.url + path, timeout=30, **kwargs)  # type: ignore[arg-type]
        self.bodies.append(response.text)
        return response

    def post(self, path: str, **kwargs: object) -> httpx.Response:
        response = httpx.post(self.url + path, timeout=30, **kwargs)  # type: ignore[arg-type]
        self.bodies.append(response.text)
        return response


def environment(release: Release, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASPEN_")}
    env.update(
        ASPEN_ROOT=str(release.root),
        ASPEN_DIST_DIR=str(release.dist),
        ASPEN_QUERY_TIMEOUT="1",
        ASPEN_WORKERS="2",
        ASPEN_RESULT_CACHE="false",
        **extra,
    )
    return env


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    release = write_release(tmp_path_factory.mktemp("served"))
    port = free_port()
    log = (release.root / "server.log").open("wb")
    process = subprocess.Popen(
        aspen("serve", "--host", "127.0.0.1", "--port", str(port)),
        env=environment(release),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail((release.root / "server.log").read_text())
        try:
            if httpx.get(url + "/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    else:
        process.kill()
        pytest.fail("the server did not start")
    served = Server(url, process)
    yield served
    stop_process(process)
    log.close()
    for body in served.bodies:
        assert "Traceback" not in body


def total(server: Server) -> int:
    response = server.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
    assert response.status_code == 200
    return int(response.text.split()[-1])


def test_read_only(server: Server) -> None:
    before = total(server)
    attempts = [
        server.get("/sparql", params={"update": "DROP ALL"}),
        server.get("/sparql", params={"query": "DROP ALL"}),
        server.post("/sparql", data={"update": "CLEAR ALL"}),
        server.post(
            "/sparql",
            content="INSERT DATA { <http://a> <http://b> <http://c> }",
            headers={"Content-Type": "application/sparql-update"},
        ),
        server.post(
            "/sparql",
            content="DELETE WHERE { ?s ?p ?o }",
            headers={"Content-Type": "application/sparql-query"},
        ),
    ]
    assert [r.status_code for r in attempts] == [400] * len(attempts)
    assert all("read-only" in r.json()["detail"] for r in attempts)
    assert total(server) == before == 73


def test_no_outbound_requests(server: Server, listener: Listener) -> None:
    target = f"http://127.0.0.1:{listener.port}"
    refused = [
        server.get(
            "/sparql", params={"query": f"SELECT * WHERE {{ SERVICE <{target}/> {{ ?s ?p ?o }} }}"}
        ),
        server.get(
            "/sparql",
            params={"query": f"SELECT * WHERE {{ SERVICE SILENT <{target}/> {{ ?s ?p ?o }} }}"},
        ),
        server.post(
            "/sparql",
            data={
                "query": f"SELECT * WHERE {{ BIND(<{target}/> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}"
            },
        ),
        server.get("/sparql", params={"query": f"SELECT * FROM <{target}/x> WHERE {{ ?s ?p ?o }}"}),
        server.get(
            "/sparql", params={"query": f"SELECT * FROM NAMED <{target}/x> WHERE {{ ?s ?p ?o }}"}
        ),
        server.get("/sparql", params={"query": COUNT, "default-graph-uri": f"{target}/x"}),
        server.get("/sparql", params={"query": COUNT, "named-graph-uri": f"{target}/x"}),
        server.post(
            "/sparql",
            data={"query": f"LOAD <{target}/data.ttl>"},
        ),
    ]
    assert [r.status_code for r in refused] == [400] * len(refused)
    # no route parses RDF uploads: a JSON-LD body with a remote @context is not even read
    jsonld = server.post(
        "/sparql",
        content=f'{{"@context": "{target}/context.jsonld", "@id": "x"}}',
        headers={"Content-Type": "application/ld+json"},
    )
    assert jsonld.status_code == 415
    time.sleep(0.5)
    assert listener.connections == []


def test_time_limit_frees_the_worker(server: Server) -> None:
    slow: dict[str, object] = {}

    def run_slow() -> None:
        response = server.get("/sparql", params={"query": CARTESIAN})
        slow.update(
            status=response.status_code,
            retry=response.headers.get("retry-after"),
            body=response.text,
        )

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.1)
    quick = []
    with httpx.Client(base_url=server.url, timeout=10) as client:
        while thread.is_alive():
            response = client.get("/sparql", params={"query": SIMPLE, "n": str(len(quick))})
            assert response.status_code == 200
            quick.append(response.json()["boolean"])
            time.sleep(0.05)
    thread.join()
    assert slow["status"] == 503, slow
    assert slow["retry"] is not None
    assert "longer than 1 s" in str(slow["body"])
    # quick queries went on while the slow one ran (their seconds: bench/bench_timings.py)
    assert len(quick) >= 5 and all(quick)
    time.sleep(0.3)
    health = server.get("/health").json()
    assert health["status"] == "ok"
    assert health["timeouts"] >= 1
    assert total(server) == 73


def test_bad_input_is_4xx(server: Server) -> None:
    malformed = server.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert malformed.status_code == 400
    assert "error at 1:" in malformed.json()["detail"]
    unacceptable = server.get("/sparql", params={"query": SIMPLE}, headers={"Accept": "image/png"})
    assert unacceptable.status_code == 406
    assert server.get("/sparql?query=ASK%7B%7D%FF").status_code == 400
    invalid_body = server.post(
        "/sparql",
        content=b"ASK { ?s ?p '\xc3\x28' }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert invalid_body.status_code == 400
    assert server.get("/sparql", params={"query": ""}).status_code == 400


def test_raw_invalid_utf8_in_the_request_line(server: Server) -> None:
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        conn.sendall(
            b"GET /sparql?query=ASK%20%7B%7D\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        reply = b""
        while chunk := conn.recv(4096):
            reply += chunk
    assert reply.split(b" ", 2)[1] == b"400", reply[:200]
    assert b"Traceback" not in reply


def test_missing_release_stops_serve(tmp_path: Path) -> None:
    release = write_release(tmp_path)
    (release.dist / "aspen.nq").unlink()
    result = subprocess.run(
        aspen("serve", "--port", str(free_port())),
        env=environment(release),
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert b"run 'aspen build' first" in result.stderr
