"""Where a remote SPARQL store is and how to log in: its endpoints (from one URL or three
settings), URLs redacted for messages, and basic, digest or bearer auth from the environment."""

from __future__ import annotations

import contextlib
from collections.abc import Generator
from dataclasses import dataclass

import httpx

from aspen_graph.config import Settings
from aspen_graph.errors import (
    StoreUnavailableError,
)


def is_remote(location: str | None) -> bool:
    """Whether a ``--store`` value names a remote store.

    >>> is_remote("http://127.0.0.1:7878"), is_remote("memory"), is_remote("/var/lib/aspen")
    (True, False, False)
    """
    return location is not None and location.startswith(("http://", "https://"))


def redact(url: str) -> str:
    """A store URL fit for messages and logs: no user info, no query string, no fragment.

    >>> redact("https://user:secret@example.org:8443/ds/sparql?apikey=x#y")
    'https://example.org:8443/ds/sparql'
    """
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "<an invalid URL>"
    port = f":{parsed.port}" if parsed.port is not None else ""
    return f"{parsed.scheme}://{parsed.host}{port}{parsed.path}"


def checked_url(url: str, what: str) -> str:
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        raise StoreUnavailableError(f"{what} is not a valid URL") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise StoreUnavailableError(f"{what} {redact(url)} is not an http(s) URL")
    if parsed.userinfo:
        raise StoreUnavailableError(
            f"{what} {redact(url)} carries credentials in the URL; set ASPEN_STORE_USER and "
            "ASPEN_STORE_PASSWORD (or ASPEN_STORE_TOKEN) in the environment instead"
        )
    return url


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The three standard endpoints of a store (update and graph store are optional)."""

    query: str
    update: str | None = None
    graph_store: str | None = None

    @classmethod
    def oxigraph(cls, base: str) -> Endpoints:
        """Oxigraph server's endpoints under one base URL.

        >>> Endpoints.oxigraph("http://127.0.0.1:7878/").update
        'http://127.0.0.1:7878/update'
        """
        root = base.rstrip("/")
        return cls(f"{root}/query", f"{root}/update", f"{root}/store")

    @classmethod
    def from_settings(cls, settings: Settings) -> Endpoints | None:
        """The endpoints ``settings`` name, or ``None`` for the embedded store.

        ``ASPEN_STORE=http://host:port`` gives Oxigraph server's ``/query``, ``/update`` and
        ``/store``; a URL with a path (``http://host:8890/sparql``) is one endpoint for both
        queries and updates (Virtuoso's ``/sparql``); ``ASPEN_STORE_QUERY_URL`` /
        ``_UPDATE_URL`` / ``_GSP_URL`` override each (and alone make the store remote), for
        Fuseki, GraphDB and the like.

        >>> Endpoints.from_settings(Settings(store="http://h:1")).query
        'http://h:1/query'
        >>> Endpoints.from_settings(Settings(store="http://h:8890/sparql")).update
        'http://h:8890/sparql'
        >>> Endpoints.from_settings(Settings(store_query_url="http://h/ds/sparql")).update is None
        True
        """
        base = None
        if is_remote(settings.store):
            one = names_endpoint(settings.store)
            base = cls(settings.store, settings.store) if one else cls.oxigraph(settings.store)
        query = settings.store_query_url or (base.query if base else None)
        if query is None:
            return None
        return cls(
            checked_url(query, "the query endpoint"),
            optional_url(settings.store_update_url or (base.update if base else None), "update"),
            optional_url(
                settings.store_gsp_url or (base.graph_store if base else None), "graph store"
            ),
        )


def names_endpoint(url: str) -> bool:
    """Whether a store URL names an endpoint (has a path) rather than a server's root."""
    try:
        return httpx.URL(url).path.strip("/") != ""
    except (httpx.InvalidURL, TypeError):
        return False


def optional_url(url: str | None, what: str) -> str | None:
    return None if url is None else checked_url(url, f"the {what} endpoint")


def store_auth(settings: Settings) -> httpx.Auth | None:
    """Basic auth from ``ASPEN_STORE_USER`` + ``ASPEN_STORE_PASSWORD``, or a bearer token from
    ``ASPEN_STORE_TOKEN``; ``None`` without either.

    >>> store_auth(Settings()) is None
    True
    """
    token = settings.store_token.get_secret_value() if settings.store_token else ""
    if token:
        return _Bearer(token)
    if settings.store_user:
        password = settings.store_password.get_secret_value() if settings.store_password else ""
        return _BasicOrDigest(settings.store_user, password)
    return None


class _BasicOrDigest(httpx.Auth):
    """Basic auth, sent at once; a 401 that asks for Digest, or a bare 401 (Virtuoso's
    ``/sparql-auth``), is answered with Digest, which the following requests then use."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._use_digest = False

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self._use_digest:
            yield from self._digest.auth_flow(request)
            return
        response = yield from _one(self._basic.auth_flow(request))
        challenge = response.headers.get("www-authenticate", "")
        if response.status_code != 401 or challenge[:6].lower() not in ("", "digest"):
            return
        # Virtuoso answers Basic with a bare 401: ask again without it to get the challenge.
        request.headers.pop("Authorization", None)
        flow = self._digest.auth_flow(request)
        bare = next(flow)
        if not challenge:
            response = yield bare
            if not response.headers.get("www-authenticate", "").lower().startswith("digest"):
                return
        try:
            retry = flow.send(response)
        except StopIteration:
            return
        self._use_digest = True
        response = yield retry
        with contextlib.suppress(StopIteration):
            flow.send(response)

    def __repr__(self) -> str:  # never show the password
        return "_BasicOrDigest(<redacted>)"


def _one(
    flow: Generator[httpx.Request, httpx.Response, None],
) -> Generator[httpx.Request, httpx.Response, httpx.Response]:
    """Send the one request a simple auth flow makes; return its response."""
    response = yield next(flow)
    return response


class _Bearer(httpx.Auth):
    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:  # never show the token, even in a debugger or a traceback
        return "_Bearer(<redacted>)"
