"""Fetch a page by URL without letting the URL reach inside our own network.

Every hop (the first request and each redirect) resolves the host, refuses loopback, private,
link-local (cloud metadata), multicast and reserved addresses unless a setting allows their
network, and then connects to the very address it checked, so DNS cannot change its answer
between the check and the connection. Reads stop at a size cap and a deadline.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

from articles.ingest.errors import IngestError

MAX_REDIRECTS = 5
USER_AGENT = "claim-annotator/0.1 (article import)"
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
        connection_class = (
            _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        )
        connection = connection_class(parts.hostname, port, address, timeout)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        response = None
        try:
            connection.request(
                "GET",
                path,
                headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain, */*"},
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
            while True:
                # Each read may wait only for what is left of the whole fetch's time, so a
                # server trickling bytes cannot hold the import open.
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                if connection.sock is not None:
                    connection.sock.settimeout(remaining)
                chunk = response.read1(64 * 1024)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise IngestError(
                        f"page is over the limit of {max_bytes:,} bytes", source=source
                    )
                chunks.append(chunk)
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
