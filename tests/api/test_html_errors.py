"""Errors by ``Accept``, decided in one place (``api/errors.py``): a browser gets a page in the
site's frame and its language, an API client (``application/json``, ``*/*``, no Accept) the
JSON it always had — ``{"error", "detail"}`` for the app's errors, FastAPI's own
``{"detail": …}`` for routing and validation. Every status the site answers with: 400, 404,
405, 406, 422 and 500, on several routes, including unknown paths and FastAPI's validation."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from aspen_graph.api import create_app
from aspen_graph.config import Settings
from aspen_graph.store import SandboxStore

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
API_CLIENTS = ["application/json", "*/*", None]

CASES = [
    # (method, url, status, the error kind of the JSON answer; None: FastAPI's {"detail": str})
    ("GET", "/no/such/page", 404, None),
    ("GET", "/queries/no-such-query", 404, "QueryNotFoundError"),
    ("GET", "/download/no-such-file.ttl", 404, "UnknownReferenceError"),
    ("GET", "/resource", 400, "ProtocolError"),
    ("GET", "/id/goal/anything?lang=!!", 400, "ProtocolError"),
    ("GET", "/sparql?query=SELEC", 400, "QuerySyntaxError"),
    ("GET", "/id/goal/anything?format=xyz", 406, "ProtocolError"),
    ("GET", "/.well-known/void?format=xyz", 406, "ProtocolError"),
    ("GET", "/coverage?bogus=1", 422, "QueryParameterError"),
    ("GET", "/queries/things-ranked?bogus=1", 422, "QueryParameterError"),
    ("GET", "/report?lang=!!", 422, "QueryParameterError"),
    ("POST", "/id/goal/anything", 405, None),
    ("GET", "/test/validated?n=seven", 422, "validation"),
    ("GET", "/test/broken", 500, "InternalError"),
]
TITLES_VI = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy",
    405: "Phương thức không được phép",
    406: "Không có định dạng phù hợp",
    422: "Yêu cầu không hợp lệ",
    500: "Lỗi máy chủ",
}


def with_test_routes(app: FastAPI) -> FastAPI:
    """Two routes the app does not have: one FastAPI validates (an int parameter), one that
    fails with an unexpected exception."""

    @app.get("/test/validated")
    def validated(n: int) -> dict[str, int]:
        return {"n": n}

    @app.get("/test/broken")
    def broken() -> dict[str, str]:
        raise RuntimeError("a secret the answer must not show")

    return app


@pytest.fixture
def errors_client(settings: Settings, sandbox: SandboxStore) -> Iterator[TestClient]:
    app = with_test_routes(create_app(settings, sandbox))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def send(client: TestClient, method: str, url: str, **headers: str | None) -> object:
    given = {k: v for k, v in headers.items() if v is not None}
    return client.request(method, url, headers=given)


@pytest.mark.parametrize(("method", "url", "status", "kind"), CASES)
def test_browsers_get_a_page_in_their_language(
    errors_client: TestClient, method: str, url: str, status: int, kind: str | None
) -> None:
    response = errors_client.request(
        method, url, headers={"Accept": BROWSER, "Accept-Language": "vi-VN,vi;q=0.9"}
    )
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    assert '<html lang="vi">' in page
    assert f"<h1>{TITLES_VI[status]}</h1>" in page
    assert f"Mã trạng thái HTTP {status}." in page
    assert '<nav aria-label="Chính">' in page  # the site's frame
    assert "Traceback" not in page and "a secret" not in page
    english = errors_client.request(method, url, headers={"Accept": BROWSER})
    assert '<html lang="en">' in english.text and f"HTTP status {status}." in english.text


@pytest.mark.parametrize("accept", API_CLIENTS)
@pytest.mark.parametrize(("method", "url", "status", "kind"), CASES)
def test_api_clients_keep_json(
    errors_client: TestClient,
    method: str,
    url: str,
    status: int,
    kind: str | None,
    accept: str | None,
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = errors_client.request(method, url, headers={**headers, "Accept-Language": "vi"})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    body = json.loads(response.text)
    if kind is None:  # Starlette's routing answers, as FastAPI writes them
        assert body == {"detail": {404: "Not Found", 405: "Method Not Allowed"}[status]}
    elif kind == "validation":  # FastAPI's own validation answer, unchanged
        (error,) = body["detail"]
        assert list(body) == ["detail"]
        assert error["loc"] == ["query", "n"] and error["type"] == "int_parsing"
    else:
        assert list(body) == ["error", "detail"]
        assert body["error"] == kind
        assert body["detail"] and "secret" not in body["detail"]


def test_a_405_page_keeps_the_allow_header(errors_client: TestClient) -> None:
    page = errors_client.post("/id/goal/anything", headers={"Accept": BROWSER})
    api = errors_client.post("/id/goal/anything")
    assert page.status_code == api.status_code == 405
    assert page.headers["allow"] == api.headers["allow"]


def test_a_404_page_does_not_repeat_the_status_in_english(errors_client: TestClient) -> None:
    page = errors_client.get("/no/such/page", headers={"Accept": BROWSER, "Accept-Language": "vi"})
    assert "Not Found" not in page.text and "Chi tiết" not in page.text


def test_validation_page_says_which_parameter(errors_client: TestClient) -> None:
    page = errors_client.get("/test/validated?n=seven", headers={"Accept": BROWSER}).text
    assert re.search(r'<span lang="en">query\.n: [^<]*integer', page)


def test_a_bad_lang_parameter_does_not_break_its_own_error_page(
    errors_client: TestClient,
) -> None:
    response = errors_client.get(
        "/id/goal/anything?lang=!!", headers={"Accept": BROWSER, "Accept-Language": "vi"}
    )
    assert response.status_code == 400
    assert '<html lang="vi">' in response.text
