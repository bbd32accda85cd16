"""URL imports against a real HTTP server on 127.0.0.1: what is fetched, and what is refused."""

from __future__ import annotations

import contextlib
import gzip
import re
import select
import socket
import threading
import time
import zlib
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, ImportBatch, Sentence

pytestmark = pytest.mark.django_db

ARTICLE_HTML = """<!doctype html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Harbour ferry fares to rise in spring | Coastline Courier</title>
<meta property="og:title" content="Harbour ferry fares to rise in spring">
<meta property="og:site_name" content="Coastline Courier">
<meta name="author" content="Jonas Pellworth">
<style>.lede { color: crimson; } body { font-family: serif; }</style>
<script>alert(1)</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<article>
<h1>Harbour ferry fares to rise in spring</h1>
<p>The harbour ferry company will raise single fares by 40 cents from the first of April.
The board approved the increase on Tuesday evening after a short debate.</p>
<img src=x onerror="alert(2)">
<p>Commuters who cross the bay every day said the rise would hurt. "I already pay more for
the ferry than for lunch," said a nurse who travels to the island clinic.</p>
<p>The company blamed fuel costs and an ageing fleet. Two of its five boats are more than
forty years old, and one spent most of last winter in dry dock.</p>
<p>Engineers were told to run <code>rm -rf</code> on the old ticketing server before it is
sold. The new system will accept contactless cards on every route.</p>
<p>Season tickets will not change until the autumn. The council has asked the company to
publish its accounts before any further increase is considered.</p>
</article>
<aside><h2>Related stories</h2><ul>
<li><a href="/strike">Ferry strike ends after two weeks</a></li>
<li><a href="/bridge">Bay bridge plan shelved again</a></li>
</ul></aside>
<footer>Copyright Coastline Courier</footer>
</body></html>
"""
ARTICLE_TEXT = """Library opening hours cut

The town library will close on Mondays from next month, the council said.
Staff numbers have fallen by a third since 2020.
"""
REDIRECTS = {
    "/moved": "/article",
    "/loop": "/loop",
    "/to-metadata": "http://169.254.169.254/latest/meta-data/",
    "/to-private": "http://10.0.0.1/",
}
SEEN_HEADERS: list[dict[str, str]] = []  # what /headers was sent
LIMIT = 1000  # INGEST_MAX_BYTES in the tests of the size cap
TIMEOUT = 0.5  # INGEST_URL_TIMEOUT in the tests of the deadline


class PageHandler(BaseHTTPRequestHandler):
    server: LocalServer

    def do_GET(self) -> None:
        # The importer hangs up on pages it refuses, sometimes mid-reply.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.route()

    def route(self) -> None:
        if self.path in REDIRECTS:
            self.send_response(302)
            self.send_header("Location", REDIRECTS[self.path])
            self.end_headers()
        elif self.path == "/article":
            self.reply(ARTICLE_HTML.encode(), "text/html; charset=utf-8")
        elif self.path == "/plain":
            self.reply(ARTICLE_TEXT.encode(), "text/plain; charset=utf-8")
        elif self.path == "/huge":
            self.reply(b"x" * (LIMIT * 5), "text/plain")
        elif self.path == "/huge-undeclared":
            self.reply(b"x" * (LIMIT * 5), "text/plain", declare_length=False)
        elif self.path == "/slow":
            self.server.release.wait(TIMEOUT * 4)
            self.reply(ARTICLE_TEXT.encode(), "text/plain")
        elif self.path == "/gone":
            self.send_error(410)  # with "Connection: close", as most servers' error pages
        elif self.path == "/trickle":
            self.trickle(ARTICLE_TEXT.encode())
        elif self.path == "/gzip":
            self.reply(gzip.compress(ARTICLE_HTML.encode()), "text/html", encoding="gzip")
        elif self.path == "/deflate":
            self.reply(zlib.compress(ARTICLE_TEXT.encode()), "text/plain", encoding="deflate")
        elif self.path == "/raw-deflate":
            packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            body = packer.compress(ARTICLE_TEXT.encode()) + packer.flush()
            self.reply(body, "text/plain", encoding="deflate")
        elif self.path == "/bomb":
            # A few hundred bytes on the wire, far over the limit once decompressed.
            self.reply(gzip.compress(b"x" * (LIMIT * 100)), "text/plain", encoding="gzip")
        elif self.path == "/brotli":
            self.reply(b"\x0b\x02\x80hello\x03", "text/plain", encoding="br")
        elif self.path == "/headers":
            SEEN_HEADERS.append(dict(self.headers))
            self.reply(ARTICLE_TEXT.encode(), "text/plain; charset=utf-8")
        else:
            self.send_error(404)

    def reply(
        self, body: bytes, content_type: str, *, declare_length: bool = True, encoding: str = ""
    ) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if declare_length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def trickle(self, body: bytes) -> None:
        """Send the body a few bytes at a time, each well within the socket timeout."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        for start in range(0, len(body), 8):
            self.wfile.write(body[start : start + 8])
            self.wfile.flush()
            if self.server.release.wait(TIMEOUT / 5):
                return

    def log_message(self, format: str, *args: object) -> None:
        pass


class LocalServer(ThreadingHTTPServer):
    daemon_threads = False  # so server_close() waits for every handler
    release: threading.Event


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    server = LocalServer(("127.0.0.1", 0), PageHandler)
    server.release = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.release.set()  # wakes the slow handlers
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def loopback_allowed(settings):
    settings.INGEST_URL_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.INGEST_URL_TIMEOUT = 3  # should a refused redirect ever be followed, fail fast


def import_fails(url: str, problem: str) -> str:
    """Import ``url``, which must fail with ``problem`` and store nothing; return the error."""
    with pytest.raises(CommandError, match=re.escape(problem)) as caught:
        call_command("import_articles", url, verbosity=0)
    error = str(caught.value).split("\n")[0]
    # ``caught`` holds the traceback, which holds this frame: break the cycle so the failed
    # fetch is freed now (see test_refused_page_closes_its_socket_before_reporting).
    del caught
    assert error.startswith(f"{url}: ")
    assert Article.objects.count() == 0
    assert Sentence.objects.count() == 0
    failed = ImportBatch.objects.get()
    assert (failed.status, failed.errors) == ("failed", [error])
    return error


def test_loopback_is_refused_unless_allowed(base_url):
    url = f"{base_url}/article"
    assert import_fails(url, "loopback") == (
        f"{url}: refused: 127.0.0.1 is a loopback address (127.0.0.1); "
        "importing from it is not allowed"
    )


def test_html_page_imports_its_article_text_without_markup(base_url, loopback_allowed):
    url = f"{base_url}/article"
    call_command("import_articles", url, verbosity=0)

    article = Article.objects.get()
    assert article.title == "Harbour ferry fares to rise in spring"
    assert article.author == "Jonas Pellworth"
    assert article.outlet.name == "Coastline Courier"
    assert article.url == url
    assert article.body.startswith("The harbour ferry company will raise single fares")
    assert "Engineers were told to run rm -rf on the old ticketing server" in article.body
    assert article.body.endswith("before any further increase is considered.")
    stored = article.body + "".join(article.sentences.values_list("text", flat=True))
    for unwanted in ("alert", "onerror", "crimson", "font-family", "<", "Related", "Ferry strike"):
        assert unwanted not in stored
    assert ImportBatch.objects.get().source_format == "url"


def test_plain_text_page_imports(base_url, loopback_allowed):
    call_command("import_articles", f"{base_url}/plain", verbosity=0)

    article = Article.objects.get()
    assert article.title == "Library opening hours cut"
    assert article.sentences.count() == 2


def test_redirect_is_followed_and_the_final_url_kept(base_url, loopback_allowed):
    call_command("import_articles", f"{base_url}/moved", verbosity=0)

    article = Article.objects.get()
    assert article.title == "Harbour ferry fares to rise in spring"
    assert article.url == f"{base_url}/article"


def test_redirect_to_cloud_metadata_address_is_refused(base_url, loopback_allowed):
    error = import_fails(f"{base_url}/to-metadata", "link-local")
    assert "169.254.169.254" in error


def test_redirect_to_private_network_is_refused(base_url, loopback_allowed):
    error = import_fails(f"{base_url}/to-private", "private")
    assert "10.0.0.1" in error


def test_redirect_loop_stops_after_five_redirects(base_url, loopback_allowed):
    url = f"{base_url}/loop"
    assert import_fails(url, "more than 5 redirects") == f"{url}: more than 5 redirects"


@pytest.mark.parametrize("path", ["/huge", "/huge-undeclared"])
def test_page_over_the_size_limit_is_refused(base_url, loopback_allowed, settings, path):
    settings.INGEST_MAX_BYTES = LIMIT
    import_fails(f"{base_url}{path}", "over the limit")


def test_slow_server_times_out(base_url, loopback_allowed, settings):
    settings.INGEST_URL_TIMEOUT = TIMEOUT
    started = time.monotonic()
    url = f"{base_url}/slow"
    assert import_fails(url, "timed out") == f"{url}: timed out after 0.5 s"
    assert time.monotonic() - started < TIMEOUT * 3


def test_server_trickling_its_body_is_cut_off_at_the_deadline(base_url, loopback_allowed, settings):
    # Each few bytes arrive within the socket timeout, but the whole page takes ~2 s.
    settings.INGEST_URL_TIMEOUT = TIMEOUT
    started = time.monotonic()
    import_fails(f"{base_url}/trickle", "timed out")
    assert time.monotonic() - started < TIMEOUT * 3


def test_http_error_status_is_refused(base_url, loopback_allowed):
    url = f"{base_url}/missing"
    assert import_fails(url, "HTTP 404") == f"{url}: HTTP 404 Not Found"


def test_refused_page_closes_its_socket_before_reporting(base_url, loopback_allowed, monkeypatch):
    opened: list[socket.socket] = []
    create_connection = socket.create_connection

    def recording_create_connection(*args, **kwargs):
        opened.append(create_connection(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(socket, "create_connection", recording_create_connection)

    def failed_import() -> CommandError:
        try:
            call_command("import_articles", f"{base_url}/gone", verbosity=0)
        except CommandError as error:
            return error
        raise AssertionError("the import did not fail")

    # While the error is kept (by a log handler, say), it keeps the fetch's frame alive: the
    # socket must be closed already, not left for the garbage collector to find unclosed.
    error = failed_import()
    message = str(error)
    still_open = [sock.fileno() for sock in opened if sock.fileno() != -1]
    del error  # now the garbage collector would close it
    assert message.startswith(f"{base_url}/gone: HTTP 410 Gone")
    assert len(opened) == 1
    assert still_open == []


# Compression and the User-Agent ------------------------------------------------------------


def test_gzip_page_is_decompressed(base_url, loopback_allowed):
    call_command("import_articles", f"{base_url}/gzip", verbosity=0)
    assert Article.objects.get().title == "Harbour ferry fares to rise in spring"


@pytest.mark.parametrize("path", ["/deflate", "/raw-deflate"])
def test_deflate_page_is_decompressed_with_or_without_zlib_header(base_url, loopback_allowed, path):
    call_command("import_articles", f"{base_url}{path}", verbosity=0)
    assert Article.objects.get().title == "Library opening hours cut"


def test_size_limit_applies_to_the_decompressed_page(base_url, loopback_allowed, settings):
    settings.INGEST_MAX_BYTES = LIMIT
    import_fails(f"{base_url}/bomb", f"over the limit of {LIMIT:,} bytes")


def test_encoding_that_was_not_asked_for_is_refused(base_url, loopback_allowed):
    import_fails(f"{base_url}/brotli", "unsupported content encoding 'br'")


def test_request_names_the_tool_and_its_version_and_accepts_compression(base_url, loopback_allowed):
    from articles.ingest.fetch import USER_AGENT

    SEEN_HEADERS.clear()
    call_command("import_articles", f"{base_url}/headers", verbosity=0)
    (headers,) = SEEN_HEADERS
    assert headers["User-Agent"] == USER_AGENT
    assert re.fullmatch(r"claim-annotator/\d+\.\d+\S* \(.+\)", USER_AGENT)
    assert headers["Accept-Encoding"] == "gzip, deflate"


# Through a proxy ---------------------------------------------------------------------------


class ProxyHandler(BaseHTTPRequestHandler):
    """A plain HTTP proxy: absolute-form GETs forwarded, CONNECT tunnelled; it records each
    request line."""

    server: ProxyServer

    def do_GET(self) -> None:
        self.server.requests.append(f"GET {self.path}")
        target = urlsplit(self.path)
        path = target.path + (f"?{target.query}" if target.query else "")
        with socket.create_connection((target.hostname, target.port or 80), timeout=5) as up:
            lines = [f"GET {path} HTTP/1.0", *(f"{k}: {v}" for k, v in self.headers.items())]
            up.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
            while data := up.recv(65536):
                self.wfile.write(data)
        self.close_connection = True

    def do_CONNECT(self) -> None:
        self.server.requests.append(f"CONNECT {self.path}")
        host, _, port = self.path.rpartition(":")
        with socket.create_connection((host.strip("[]"), int(port)), timeout=5) as up:
            self.send_response(200, "Connection established")
            self.end_headers()
            sockets = [self.connection, up]
            while True:
                ready, _, _ = select.select(sockets, [], [], 5)
                if not ready:
                    break
                for sock in ready:
                    data = sock.recv(65536)
                    if not data:
                        return
                    (up if sock is self.connection else self.connection).sendall(data)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    requests: list[str]


@pytest.fixture
def proxy(monkeypatch) -> Iterator[ProxyServer]:
    server = ProxyServer(("127.0.0.1", 0), ProxyHandler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    address = f"http://127.0.0.1:{server.server_port}"
    for name in ("http_proxy", "https_proxy", "no_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setenv("HTTP_PROXY", address)
    monkeypatch.setenv("HTTPS_PROXY", address)
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


def test_url_import_goes_through_the_proxy(base_url, loopback_allowed, proxy):
    url = f"{base_url}/article"
    call_command("import_articles", url, verbosity=0)
    assert Article.objects.get().title == "Harbour ferry fares to rise in spring"
    assert proxy.requests == [f"GET {url}"]


def test_redirects_through_the_proxy_are_followed(base_url, loopback_allowed, proxy):
    call_command("import_articles", f"{base_url}/moved", verbosity=0)
    assert Article.objects.get().url == f"{base_url}/article"
    assert proxy.requests == [f"GET {base_url}/moved", f"GET {base_url}/article"]


def test_redirect_to_a_private_address_through_the_proxy_is_refused(
    base_url, loopback_allowed, proxy
):
    error = import_fails(f"{base_url}/to-private", "private")
    assert "10.0.0.1" in error
    assert proxy.requests == [f"GET {base_url}/to-private"]  # 10.0.0.1 never asked for


def test_private_address_is_refused_before_asking_the_proxy(base_url, proxy):
    url = f"{base_url}/article"
    assert import_fails(url, "loopback").endswith("importing from it is not allowed")
    assert proxy.requests == []


def test_no_proxy_hosts_are_fetched_directly(base_url, loopback_allowed, proxy, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    call_command("import_articles", f"{base_url}/plain", verbosity=0)
    assert Article.objects.count() == 1
    assert proxy.requests == []


def test_https_goes_through_a_tunnel_to_the_checked_address(base_url, loopback_allowed, proxy):
    # The local server speaks no TLS, so the handshake fails: what matters is where the
    # tunnel went, the address that was checked, not a name for the proxy to resolve again.
    port = urlsplit(base_url).port
    import_fails(f"https://localhost:{port}/article", "fetch failed")
    assert proxy.requests in ([f"CONNECT 127.0.0.1:{port}"], [f"CONNECT ::1:{port}"])
