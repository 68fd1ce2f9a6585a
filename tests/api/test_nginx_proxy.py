"""docs/deploy/nginx.conf, tested: Debian's nginx runs that file (loopback ports, a temporary
prefix and a self-signed certificate swapped in) in front of a real ``aspen serve``, and pages,
SPARQL, the cache and its limits work through it.

Skipped where nginx (or openssl) is missing, except under CI (``CI`` set), where that fails:
.ci/run installs nginx.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from api_release import write_release
from served import Served, free_port, start, stop_process

from daemons import tool, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "docs" / "deploy" / "nginx.conf"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
TRIPLES = 73
"""Triples in the fixture release (tests/api/api_release.py)."""


def render(config: str, *, aspen: int, http: int, https: int, prefix: Path) -> str:
    """The shipped configuration with this test's ports and paths (each swap must apply)."""
    swaps = {
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{aspen};",
        "/var/cache/nginx/aspen": str(prefix / "cache"),
        "    listen 80;\n": f"    listen 127.0.0.1:{http};\n",
        "    listen 443 ssl http2;\n": f"    listen 127.0.0.1:{https} ssl http2;\n",
        "/etc/letsencrypt/live/aspen.example.org/fullchain.pem": str(prefix / "cert.pem"),
        "/etc/letsencrypt/live/aspen.example.org/privkey.pem": str(prefix / "key.pem"),
        "root /var/www/html;": f"root {prefix / 'www'};",
    }
    for old, new in swaps.items():
        assert old in config, f"docs/deploy/nginx.conf no longer has {old!r}"
        config = config.replace(old, new)
    # IPv6 may be off on the test machine; the IPv4 listeners are the same server blocks.
    return "".join(line for line in config.splitlines(True) if "listen [::]" not in line)


def main_config(prefix: Path, site: Path) -> str:
    """nginx.conf around the site file: one process, everything under ``prefix``."""
    temp = "\n".join(
        f"    {kind}_temp_path {prefix / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
master_process off;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log {prefix / "access.log"};
{temp}
    include {site};
}}
"""


@dataclass
class Proxy:
    https: str
    http: str
    aspen: Served

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return httpx.get(self.https + path, verify=False, timeout=30, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    nginx = tool("nginx")
    openssl = tool("openssl")
    prefix = tmp_path_factory.mktemp("nginx")
    (prefix / "www").mkdir()
    key, cert = str(prefix / "key.pem"), str(prefix / "cert.pem")
    request = [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
    ]
    subprocess.run(
        [openssl, *request, "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    aspen = start(write_release(tmp_path_factory.mktemp("proxied")), "proxied")
    http, https = free_port(), free_port()
    site = prefix / "aspen.conf"
    site.write_text(
        render(CONFIG.read_text(), aspen=aspen.port, http=http, https=https, prefix=prefix)
    )
    conf = prefix / "nginx.conf"
    conf.write_text(main_config(prefix, site))
    command = [nginx, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    log = prefix / "nginx.out"
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for_port(https, process, prefix / "error.log", "nginx")
        yield Proxy(f"https://127.0.0.1:{https}", f"http://127.0.0.1:{http}", aspen)
    finally:
        stop_process(process)
        assert "Traceback" not in aspen.stop()


def test_a_page_through_the_proxy(proxy: Proxy) -> None:
    response = proxy.get("/", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "strict-transport-security" in response.headers
    version = proxy.get("/version")
    assert version.json()["version"] == "test-1"  # the fixture release's manifest


def test_sparql_through_the_proxy_and_its_cache(proxy: Proxy) -> None:
    answers = [
        proxy.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/csv"})
        for _ in range(2)
    ]
    assert [a.status_code for a in answers] == [200, 200]
    assert [int(a.text.split()[-1]) for a in answers] == [TRIPLES, TRIPLES]
    assert [a.headers["x-cache-status"] for a in answers] == ["MISS", "HIT"]
    posted = httpx.post(
        proxy.https + "/sparql",
        data={"query": COUNT},
        headers={"Accept": "text/csv"},
        verify=False,
        timeout=30,
    )
    assert posted.status_code == 200
    assert int(posted.text.split()[-1]) == TRIPLES


def test_an_oversize_header_is_refused_by_the_proxy(proxy: Proxy) -> None:
    refused = proxy.get("/health", headers={"X-Big": "a" * 100_000})
    assert refused.status_code == 400
    assert "Header" in refused.text  # nginx: "Request Header Or Cookie Too Large"
    assert proxy.get("/health").status_code == 200


def test_plain_http_is_redirected_to_https(proxy: Proxy) -> None:
    response = httpx.get(proxy.http + "/sparql?query=x", timeout=30)
    assert response.status_code == 301
    assert response.headers["location"].startswith("https://127.0.0.1")
    assert response.headers["location"].endswith("/sparql?query=x")


def test_the_self_signed_certificate_is_served(proxy: Proxy) -> None:
    """The TLS listener is the configuration's own (not plain HTTP on the TLS port)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    port = int(proxy.https.rsplit(":", 1)[1])
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as raw,
        context.wrap_socket(raw) as tls,
    ):
        assert tls.version() in {"TLSv1.2", "TLSv1.3"}
