"""Exports travel gzip-compressed when the client takes it, and the command writes .gz files:
the bytes decompress to exactly the uncompressed export."""

from __future__ import annotations

import gzip
import json
import threading
import time
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from annotator.accounts.tokens import token_create
from annotator.datasets import compression
from annotator.datasets.compression import GzipWriter, gzip_stream
from annotator.models import ExportJob, Review
from annotator.review import services
from tests.factories import PASSWORD, UserFactory, make_article

pytestmark = pytest.mark.django_db
FORM = {"format": "jsonl", "labels": "both", "include_no_claim": "on", "seed": "13",
        "action": "download"}  # fmt: skip


@pytest.fixture
def admin(db):
    return UserFactory.create(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(admin) -> Client:
    client = Client()
    assert client.login(username="root", password=PASSWORD)
    return client


@pytest.fixture
def many(campaign, reviewer):
    """Thirty submitted articles: an export of a few hundred kilobytes."""
    for n in range(30):
        article = make_article(sentences=40, title=f"Article {n}")
        campaign.articles.add(article)
        review = Review.objects.create(campaign=campaign, article=article, reviewer=reviewer)
        for sentence in article.sentences.all()[:10]:
            services.label_set(review=review, sentence=sentence, value="opinion", actor=reviewer)
        services.review_submit(review=review, actor=reviewer)


def _bytes(response) -> bytes:
    # Reading a stream to its end closes it (the test client's wrapper).
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_web_download_is_gzip_on_the_wire_when_the_browser_takes_it(admin_client, many):
    plain = admin_client.post(reverse("exports"), FORM)
    assert "Content-Encoding" not in plain
    raw = _bytes(plain)  # each stream read before the next request, as a browser would
    packed = admin_client.post(reverse("exports"), FORM, HTTP_ACCEPT_ENCODING="gzip, br")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert packed["Content-Disposition"].endswith('.jsonl"')
    wire = _bytes(packed)
    assert gzip.decompress(wire) == raw
    assert len(wire) * 5 <= len(raw), (len(wire), len(raw))
    assert len(raw.splitlines()) == 30 * 40


def test_the_api_download_and_a_background_file_are_gzip_when_asked(admin, many):
    api = Client(headers={"Authorization": f"Bearer {token_create(user=admin, name='t')[1]}"})
    plain = _bytes(api.get("/api/exports/?format=csv&labels=both"))
    packed = api.get("/api/exports/?format=csv&labels=both", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(_bytes(packed)) == plain

    queued = api.post(
        "/api/exports/", {"format": "jsonl", "labels": "gold"}, content_type="application/json"
    )
    assert queued.status_code == 202
    job = ExportJob.objects.get()
    url = f"/api/exports/jobs/{job.pk}/download/"
    file_plain = _bytes(api.get(url))
    file_packed = api.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert file_packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(_bytes(file_packed)) == file_plain


def test_export_labels_writes_gz_files(tmp_path: Path, many, capsys):
    plain, packed = tmp_path / "labels.jsonl", tmp_path / "labels.jsonl.gz"
    call_command("export_labels", "-o", str(plain), "-v0")
    call_command("export_labels", "-o", str(packed), "-v0")
    call_command("export_labels", "--gzip", "-o", str(tmp_path / "also.jsonl"), "-v0")
    assert gzip.decompress(packed.read_bytes()) == plain.read_bytes()
    assert gzip.decompress((tmp_path / "also.jsonl").read_bytes()) == plain.read_bytes()
    assert json.loads(plain.read_text().splitlines()[0])["text"]


def test_a_bundle_refuses_gzip(tmp_path: Path, many):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="compressed zip already"):
        call_command("export_labels", "--format", "bundle", "--gzip", "-o",
                     str(tmp_path / "b.zip"), "-v0")  # fmt: skip


def test_gzip_stream_gives_back_every_byte_and_stops_its_thread_when_abandoned():
    pieces = [bytes([n % 251]) * (n * 997 % 70_000) for n in range(300)]
    assert gzip.decompress(b"".join(gzip_stream(iter(pieces)))) == b"".join(pieces)
    before = threading.active_count()
    stream = gzip_stream(iter(pieces))
    next(stream)
    stream.close()  # the client went away
    assert threading.active_count() == before


def test_a_piece_read_while_the_compressing_thread_is_busy_waits_for_it(monkeypatch):
    """The reading thread hands a piece on within a short wait, or tries again with the same
    piece: a slow compressor (a loaded machine) loses nothing."""
    real = zlib.compressobj

    class Slow:
        def __init__(self, *args: object) -> None:
            self._compressor = real(*args)

        def compress(self, data: bytes) -> bytes:
            time.sleep(0.1)  # longer than the reader waits to hand a piece on
            return self._compressor.compress(data)

        def flush(self) -> bytes:
            return self._compressor.flush()

    monkeypatch.setattr("annotator.datasets.compression.zlib.compressobj", Slow)
    monkeypatch.setattr("annotator.datasets.compression.DEPTH", 1)
    pieces = [bytes([n]) * 300_000 for n in range(6)]
    assert gzip.decompress(b"".join(gzip_stream(iter(pieces)))) == b"".join(pieces)


def test_an_error_while_reading_reaches_the_caller():
    def failing():
        yield b"x" * 300_000
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError, match="went away"):
        b"".join(gzip_stream(failing()))


def test_gzip_writer_output_is_one_gzip_member(tmp_path: Path):
    path = tmp_path / "out.gz"
    with path.open("wb") as raw:
        writer = GzipWriter(raw)
        for n in range(1000):
            writer.write(f"line {n}\n".encode())
        writer.close()
    assert zlib.decompress(path.read_bytes(), 16 + zlib.MAX_WBITS).count(b"\n") == 1000
    assert compression.LEVEL == 1
