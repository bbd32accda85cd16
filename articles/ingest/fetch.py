"""Fetch a page by URL without letting the URL reach inside our own network.

Every hop (the first request and each redirect) resolves the host, refuses loopback, private,
link-local (cloud metadata), multicast and reserved addresses unless a setting allows their
network, and then connects to the very address it checked, so DNS cannot change its answer
between the check and the connection. Reads stop at a size cap and a deadline.

Proxies come from the environment as for urllib (``HTTPS_PROXY``, ``HTTP_PROXY``,
``NO_PROXY``, lower case too): the target is still resolved and checked here first. An https
page goes through a CONNECT tunnel to the very address checked (TLS still verifies the host
name); an http page is asked of the proxy by name, so the proxy resolves it again (a network
that must never reach its own addresses through the proxy should say so in the proxy too).
Pages may come gzip- or deflate-compressed; the size cap applies to the decompressed bytes.
"""

from __future__ import annotations

import http.client
import importlib.metadata
import ipaddress
import socket
import ssl
import time
import urllib.request
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urljoin, urlsplit

from django.conf import settings

from articles.ingest.errors import IngestError

MAX_REDIRECTS = 5
READ_PIECE = 64 * 1024


def _version() -> str:
    try:
        return importlib.metadata.version("claim-annotator")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


# Names the tool and its version, so a site's operators can tell what fetched their page.
USER_AGENT = f"claim-annotator/{_version()} (article import for news-claim research)"
ACCEPT_ENCODING = "gzip, deflate"
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str  # after redirects
    content: bytes
    content_type: str
    charset: str | None


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class _TunnelledHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS through a proxy's CONNECT tunnel to the checked address; TLS verifies the name."""

    def __init__(
        self, host: str, port: int, address: str, timeout: float, proxy: tuple[str, int]
    ) -> None:
        super().__init__(proxy[0], proxy[1], timeout=timeout, context=ssl.create_default_context())
        self.set_tunnel(address, port)
        self._server_name = host

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)  # to the proxy, then CONNECT
        self.sock = self._context.wrap_socket(self.sock, server_hostname=self._server_name)  # type: ignore[attr-defined]


def _proxy_for(parts: SplitResult) -> tuple[str, int] | None:
    """The proxy the environment names for this URL (None: connect directly)."""
    proxy = urllib.request.getproxies().get(parts.scheme)
    host = parts.hostname or ""
    if not proxy or urllib.request.proxy_bypass(f"{host}:{parts.port}" if parts.port else host):
        return None
    where = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
    if where.scheme != "http" or not where.hostname:
        return None  # only plain HTTP proxies are spoken to
    return where.hostname, where.port or 80


def _connection(
    parts: SplitResult, port: int, address: str, timeout: float
) -> tuple[http.client.HTTPConnection, str]:
    """The connection for one hop and the request target to send on it."""
    assert parts.hostname is not None
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    proxy = _proxy_for(parts)
    if proxy is None:
        if parts.scheme == "https":
            return _PinnedHTTPSConnection(parts.hostname, port, address, timeout), path
        return _PinnedHTTPConnection(parts.hostname, port, address, timeout), path
    if parts.scheme == "https":
        return _TunnelledHTTPSConnection(parts.hostname, port, address, timeout, proxy), path
    return http.client.HTTPConnection(*proxy, timeout=timeout), parts._replace(fragment="").geturl()


class _Decoder:
    """Undo the response's Content-Encoding, never making more than ``limit`` bytes."""

    def __init__(self, encoding: str, limit: int, source: str) -> None:
        encoding = encoding.strip().lower()
        if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
            raise IngestError(f"unsupported content encoding {encoding!r}", source=source)
        self.limit, self.source, self.encoding = limit, source, encoding
        self.size = 0
        wbits = zlib.MAX_WBITS | 16 if "gzip" in encoding else zlib.MAX_WBITS
        self._zlib = (
            zlib.decompressobj(wbits) if encoding in ("gzip", "x-gzip", "deflate") else None
        )
        self._first = True

    def _count(self, data: bytes) -> bytes:
        self.size += len(data)
        if self.size > self.limit:
            raise IngestError(f"page is over the limit of {self.limit:,} bytes", source=self.source)
        return data

    def feed(self, chunk: bytes) -> bytes:
        if self._zlib is None:
            return self._count(chunk)
        if self._first and self.encoding == "deflate" and chunk and (chunk[0] & 0x0F) != 8:
            # "deflate" as some servers send it: raw, without the zlib header.
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS)
        self._first = False
        pieces = []
        try:
            data = self._zlib.decompress(chunk, self.limit - self.size + 1)
            pieces.append(self._count(data))
            while self._zlib.unconsumed_tail:
                data = self._zlib.decompress(self._zlib.unconsumed_tail, self.limit - self.size + 1)
                pieces.append(self._count(data))
        except zlib.error as error:
            raise IngestError(f"cannot decompress the page: {error}", source=self.source) from None
        return b"".join(pieces)


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(n) for n in getattr(settings, "INGEST_URL_ALLOWED_NETWORKS", [])]


def _address_problem(address: IPAddress, allowed: Sequence[object]) -> str | None:
    if any(address in network for network in allowed):  # type: ignore[operator]
        return None
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address (such as a cloud metadata service)"
    if address.is_private:
        return "a private network address"
    if address.is_multicast or address.is_reserved or address.is_unspecified:
        return "a reserved address"
    if not address.is_global:
        return "not a public address"
    return None


def _resolve(host: str, port: int, *, source: str) -> str:
    """The address to connect to, after checking every address the host resolves to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise IngestError(
            f"cannot resolve host {host!r} ({error.strerror})", source=source
        ) from None
    allowed = _allowed_networks()
    for info in infos:
        address = ipaddress.ip_address(info[4][0])
        if problem := _address_problem(address, allowed):
            raise IngestError(
                f"refused: {host} is {problem} ({address}); importing from it is not allowed",
                source=source,
            )
    return str(infos[0][4][0])


def fetch_url(
    url: str, *, timeout: float | None = None, max_bytes: int | None = None
) -> FetchedPage:
    """GET ``url`` following at most MAX_REDIRECTS checked redirects.

    Raises IngestError when the address is refused, the server fails, the body is larger than
    ``max_bytes``, or the whole fetch takes longer than ``timeout`` seconds.
    """
    timeout = timeout if timeout is not None else settings.INGEST_URL_TIMEOUT
    max_bytes = max_bytes if max_bytes is not None else settings.INGEST_MAX_BYTES
    deadline = time.monotonic() + timeout
    source = url
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise IngestError("expected an http:// or https:// URL", source=source)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _resolve(parts.hostname, port, source=source)
        connection, target = _connection(parts, port, address, timeout)
        default_port = 443 if parts.scheme == "https" else 80
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        response = None
        try:
            connection.request(
                "GET",
                target,
                headers={
                    "Host": host if port == default_port else f"{host}:{port}",
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html, text/plain, */*",
                    "Accept-Encoding": ACCEPT_ENCODING,
                },
            )
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise IngestError(f"HTTP {response.status} without a Location", source=source)
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise IngestError(f"HTTP {response.status} {response.reason}", source=source)
            declared = response.getheader("Content-Length")
            if declared and declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
                raise IngestError(
                    f"page is {int(declared):,} bytes, over the limit of {max_bytes:,}",
                    source=source,
                )
            chunks: list[bytes] = []
            size = 0
            decoder = _Decoder(response.getheader("Content-Encoding", ""), max_bytes, source)
            while True:
                # Each read may wait only for what is left of the whole fetch's time, so a
                # server trickling bytes cannot hold the import open.
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                if connection.sock is not None:
                    connection.sock.settimeout(remaining)
                chunk = response.read1(READ_PIECE)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise IngestError(
                        f"page is over the limit of {max_bytes:,} bytes", source=source
                    )
                chunks.append(decoder.feed(chunk))
            content_type = response.getheader("Content-Type", "")
            media = content_type.split(";")[0].strip().lower()
            charset = None
            for parameter in content_type.split(";")[1:]:
                key, _, value = parameter.partition("=")
                if key.strip().lower() == "charset":
                    charset = value.strip().strip('"') or None
            return FetchedPage(
                url=url, content=b"".join(chunks), content_type=media, charset=charset
            )
        except TimeoutError:
            raise IngestError(f"timed out after {timeout:g} s", source=source) from None
        except (OSError, http.client.HTTPException) as error:
            raise IngestError(f"fetch failed: {error}", source=source) from None
        finally:
            if response is not None:
                response.close()
            connection.close()
    raise IngestError(f"more than {MAX_REDIRECTS} redirects", source=source)
