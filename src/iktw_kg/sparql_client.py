"""Talking to any SPARQL 1.1 store over HTTP: the Protocol (queries) and the Graph Store Protocol (PUT).

Only the W3C standards are used, so the same code drives Oxigraph, Jena Fuseki, GraphDB,
Virtuoso, QLever or Amazon Neptune. It is written on the standard library's http.client
rather than urllib.request because urllib would follow a redirect of a PUT as a GET and
would route requests through any proxy named in the environment; here every request goes
exactly to the URL the user gave, and a redirect is reported instead of followed.

Credentials come only from environment variables (never from options or URLs, which end up
in shell histories and process lists) and never appear in a message: every text shown to
the user passes through `Credentials.redact`.

Transient failures (a reset connection, 429, 502, 503, 504) are retried with bounded
exponential backoff; everything else fails at once with a message naming the URL.
"""

from __future__ import annotations

import base64
import http.client
import ipaddress
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import SplitResult, urlencode, urlsplit

import pyoxigraph as ox

from iktw_kg.errors import InputError

USER_VARIABLE = "IKTW_SPARQL_USER"
PASSWORD_VARIABLE = "IKTW_SPARQL_PASSWORD"
TOKEN_VARIABLE = "IKTW_SPARQL_TOKEN"

TRANSIENT_STATUSES = frozenset({429, 502, 503, 504})
MAX_BODY_SHOWN = 300
USER_AGENT = "iktw-kg (SPARQL 1.1 Protocol client)"

QUERY_ACCEPT = f"{ox.QueryResultsFormat.JSON.media_type}, {ox.RdfFormat.N_TRIPLES.media_type};q=0.9"
"""JSON results for SELECT and ASK; N-Triples for CONSTRUCT and DESCRIBE."""

GRAPH_CONTENT_TYPE = "text/turtle; charset=utf-8"
"""Graphs are written as N-Triples, which is a subset of Turtle: labelled as Turtle because
every Graph Store Protocol implementation accepts that, while some predate application/n-triples."""

QueryAnswer = ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]


class RemoteError(Exception):
    """A store could not be reached, refused a request or failed; the message names the URL."""


@dataclass(frozen=True)
class Credentials:
    """The Authorization header built from the environment, and the secrets to hide in messages."""

    authorization: str | None = None
    secrets: tuple[str, ...] = ()

    @classmethod
    def from_environment(cls, environment: Mapping[str, str] | None = None) -> Credentials:
        """HTTP Basic from IKTW_SPARQL_USER + IKTW_SPARQL_PASSWORD, or Bearer from IKTW_SPARQL_TOKEN, or none."""
        environment = os.environ if environment is None else environment
        user = environment.get(USER_VARIABLE, "")
        password = environment.get(PASSWORD_VARIABLE, "")
        token = environment.get(TOKEN_VARIABLE, "")
        if token and (user or password):
            raise InputError(
                Path(TOKEN_VARIABLE),
                None,
                f"is set together with {USER_VARIABLE}/{PASSWORD_VARIABLE}; set either a Bearer token "
                f"or a user and password, not both",
            )
        if token:
            return cls(f"Bearer {token}", (token,))
        if user or password:
            if not (user and password):
                missing = PASSWORD_VARIABLE if user else USER_VARIABLE
                raise InputError(Path(missing), None, "is not set; HTTP Basic needs both a user and a password")
            pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            return cls(f"Basic {pair}", (password, pair, user))
        return cls()

    @property
    def kind(self) -> str:
        """How the user authenticates, in words, for messages: never the secret itself."""
        if self.authorization is None:
            return "no credentials"
        if self.authorization.startswith("Bearer "):
            return f"the Bearer token in {TOKEN_VARIABLE}"
        return f"HTTP Basic credentials from {USER_VARIABLE}/{PASSWORD_VARIABLE}"

    def redact(self, text: str) -> str:
        """`text` with every secret replaced by ***, for anything that is shown or logged."""
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff: at most `attempts` tries, waits doubling from `first_delay` up to `max_delay`."""

    attempts: int = 5
    first_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 30.0

    def delay(self, failed_attempt: int, retry_after: str | None) -> float:
        """Seconds to wait after the n-th failed attempt; a server's numeric Retry-After wins, within bounds."""
        if retry_after and retry_after.strip().isdigit():
            return min(float(retry_after.strip()), self.max_retry_after)
        return min(self.first_delay * 2 ** (failed_attempt - 1), self.max_delay)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    reason: str
    content_type: str
    body: bytes
    retry_after: str | None = None
    location: str | None = None


def checked_url(url: str, option: str) -> str:
    """The URL if it is an absolute http(s) URL without user:password in it; else InputError naming the option."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InputError(Path(option), None, f"expected an http:// or https:// URL, found {url!r}")
    if parts.username is not None or parts.password is not None:
        shown = parts._replace(netloc=f"***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")).geturl()
        raise InputError(
            Path(option),
            None,
            f"credentials in the URL ({shown}) are not accepted, because URLs end up in shell histories and "
            f"logs; set {USER_VARIABLE} and {PASSWORD_VARIABLE} (HTTP Basic) or {TOKEN_VARIABLE} (Bearer) instead",
        )
    try:
        _ = parts.port
    except ValueError:
        raise InputError(Path(option), None, f"the port in {url!r} is not a number from 0 to 65535") from None
    return url


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def graph_store_url_for(query_url: str) -> str:
    """Oxigraph's layout: http://HOST:PORT/query (or /sparql) → …/store; other stores need --graph-store."""
    parts = urlsplit(query_url)
    for suffix in ("/query", "/sparql"):
        if parts.path.endswith(suffix):
            return parts._replace(path=parts.path.removesuffix(suffix) + "/store", query="", fragment="").geturl()
    raise InputError(
        Path("--graph-store"),
        None,
        f"cannot derive the Graph Store Protocol URL from {query_url} (only Oxigraph's …/query → …/store is "
        f"known); give it, e.g. --graph-store http://localhost:3030/DATASET/data for Jena Fuseki",
    )


def graph_url(graph_store_url: str, graph: str) -> str:
    """The Graph Store Protocol URL of one named graph: GSP_URL?graph=<percent-encoded IRI>."""
    separator = "&" if urlsplit(graph_store_url).query else "?"
    return f"{graph_store_url}{separator}{urlencode({'graph': graph})}"


@dataclass
class SparqlClient:
    """One store: its query URL, optionally its Graph Store Protocol URL, credentials, timeout and retry policy."""

    query_url: str
    graph_store_url: str | None = None
    credentials: Credentials = field(default_factory=Credentials)
    timeout: float = 60.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    on_retry: Callable[[str], None] = lambda message: None
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        for url in (self.query_url, self.graph_store_url):
            if url is None or self.credentials.authorization is None:
                continue
            parts = urlsplit(url)
            if parts.scheme == "http" and not is_loopback(parts.hostname or ""):
                raise InputError(
                    Path(url),
                    None,
                    f"refusing to send {self.credentials.kind} over unencrypted http to {parts.hostname}; "
                    f"use an https:// URL",
                )

    def query(self, text: str) -> QueryAnswer:
        """Run a query (SPARQL 1.1 Protocol, POST application/sparql-query); solutions, a boolean or triples."""
        response = self.send(
            "POST",
            self.query_url,
            text.encode("utf-8"),
            {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": QUERY_ACCEPT},
        )
        media_type = response.content_type.split(";")[0].strip().lower()
        try:
            if media_type in ("application/n-triples", "text/turtle"):
                return list(ox.parse(response.body, format=ox.RdfFormat.TURTLE))
            if media_type in ("application/sparql-results+json", "application/json"):
                return ox.parse_query_results(response.body, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise RemoteError(f"{self.query_url} answered with unreadable {media_type}: {exc}") from None
        raise RemoteError(f"{self.query_url} answered with {media_type or 'no content type'}, not SPARQL results")

    def put_graph(self, graph: str, turtle: bytes) -> HttpResponse:
        """Replace one named graph with these triples (Graph Store Protocol PUT): a second PUT never duplicates."""
        if self.graph_store_url is None:
            raise ValueError("this client has no Graph Store Protocol URL")
        return self.send("PUT", graph_url(self.graph_store_url, graph), turtle, {"Content-Type": GRAPH_CONTENT_TYPE})

    def send(self, method: str, url: str, body: bytes, headers: dict[str, str]) -> HttpResponse:
        """One request, retried on transient failures; a 2xx response, or RemoteError."""
        attempt = 1
        while True:
            response, transient = self._attempt(method, url, body, headers)
            if transient is None and response is not None:
                return self._accepted(method, url, response)
            if attempt == self.retry.attempts:
                raise RemoteError(
                    self.credentials.redact(f"{method} {url} still failed after {attempt} attempts: {transient}")
                )
            wait = self.retry.delay(attempt, response.retry_after if response else None)
            attempt += 1
            self.on_retry(
                self.credentials.redact(
                    f"{method} {url}: {transient}; retrying in {wait:g} s (attempt {attempt} of {self.retry.attempts})"
                )
            )
            self.sleep(wait)

    def _attempt(
        self, method: str, url: str, body: bytes, headers: dict[str, str]
    ) -> tuple[HttpResponse | None, str | None]:
        """The response, or the transient failure to retry; RemoteError for failures a retry cannot fix."""
        try:
            response = self._exchange(method, urlsplit(url), body, headers)
        except ConnectionRefusedError:
            raise RemoteError(f"{method} {url}: connection refused; no server is listening there") from None
        except (ConnectionResetError, BrokenPipeError, http.client.IncompleteRead) as exc:
            return None, f"connection lost ({type(exc).__name__})"
        except TimeoutError:
            raise RemoteError(f"{method} {url}: no answer within {self.timeout:g} s (timed out)") from None
        except http.client.HTTPException as exc:
            raise RemoteError(f"{method} {url}: not a valid HTTP response ({type(exc).__name__})") from None
        except OSError as exc:
            raise RemoteError(f"{method} {url}: {exc.strerror or exc}") from None
        if response.status in TRANSIENT_STATUSES:
            return response, f"{response.status} {response.reason}"
        return response, None

    def _exchange(self, method: str, parts: SplitResult, body: bytes, headers: dict[str, str]) -> HttpResponse:
        connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        connection = connection_class(parts.hostname or "", parts.port, timeout=self.timeout)
        all_headers = {"User-Agent": USER_AGENT, **headers}
        if self.credentials.authorization is not None:
            all_headers["Authorization"] = self.credentials.authorization
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(method, target, body=body, headers=all_headers)
            answer = connection.getresponse()
            return HttpResponse(
                answer.status,
                answer.reason,
                answer.getheader("Content-Type", ""),
                answer.read(),
                answer.getheader("Retry-After"),
                answer.getheader("Location"),
            )
        finally:
            connection.close()

    def _accepted(self, method: str, url: str, response: HttpResponse) -> HttpResponse:
        if 200 <= response.status < 300:
            return response
        status = f"{method} {url}: {response.status} {response.reason}"
        if response.status == 401:
            advice = (
                f"the store rejected {self.credentials.kind}"
                if self.credentials.authorization
                else f"the store wants credentials: set {USER_VARIABLE} and {PASSWORD_VARIABLE} (HTTP Basic) "
                f"or {TOKEN_VARIABLE} (Bearer)"
            )
            raise RemoteError(self.credentials.redact(f"{status}; {advice}"))
        if response.status == 403:
            advice = f"the store does not allow this with {self.credentials.kind}"
        elif response.status == 404:
            advice = "no such endpoint or graph; check the URL (for pushes, --graph-store)"
        elif 300 <= response.status < 400:
            advice = f"redirected to {response.location or 'an unnamed location'}; give that URL instead"
        else:
            advice = "the store failed the request"
        detail = " ".join(response.body[:2000].decode("utf-8", errors="replace").split())
        if len(detail) > MAX_BODY_SHOWN:
            detail = detail[:MAX_BODY_SHOWN] + "…"
        shown = f"{status}; {advice}" + (f". The store says: {detail}" if detail else "")
        raise RemoteError(self.credentials.redact(shown))
