"""gzip for exports on the wire and on disk, without slowing the export down.

JSON lines and CSV of labels shrink about sevenfold at zlib's fastest level. Compressing in
the thread that reads the database would cost the export a third of its speed, so
``gzip_stream`` hands the pieces to a second thread: zlib lets go of the interpreter while it
compresses, so reading and compressing run on two cores at once. Both queues are bounded, so
memory stays flat however large the export.
"""

from __future__ import annotations

import contextlib
import io
import queue
import threading
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, Any

from django.http import HttpRequest
from django.utils.regex_helper import _lazy_re_compile

# zlib's fastest level: most of the size gained (JSONL of labels: ~14% of its size) at
# several times level 6's speed.
LEVEL = 1
# Pieces of at least this many bytes go to zlib; smaller ones are gathered first.
GATHER = 256 * 1024
# Gathered pieces waiting for the compressing thread, and compressed ones waiting to be sent.
DEPTH = 8
_GZIP = 16 + zlib.MAX_WBITS
_ACCEPTS_GZIP = _lazy_re_compile(r"\bgzip\b")
_DONE = object()


def accepts_gzip(request: HttpRequest) -> bool:
    """Whether the client said it takes gzip (``Accept-Encoding``)."""
    return bool(_ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def gathered[T: (str, bytes)](pieces: Iterable[T], size: int = GATHER) -> Iterator[T]:
    """``pieces`` (text or bytes) joined into runs of at least ``size``: one network write or
    one zlib call per run, not per line. The last run may be shorter."""
    buffer: list[T] = []
    length = 0
    for piece in pieces:
        buffer.append(piece)
        length += len(piece)
        if length >= size:
            yield buffer[0][:0].join(buffer)
            buffer, length = [], 0
    if buffer:
        yield buffer[0][:0].join(buffer)


def gzip_stream(pieces: Iterable[bytes], *, level: int = LEVEL) -> Iterator[bytes]:
    """The gzip stream of ``pieces``, compressed on a second thread as they are made.

    ``pieces`` is read in the caller's thread (it may hold a database cursor, which belongs
    to that thread); only bytes cross to the compressing thread. An error while reading is
    raised here, in the caller, after the compressing thread has stopped; ``pieces`` is closed
    (if it can be) when the stream ends, however it ends."""
    raw: queue.Queue[object] = queue.Queue(maxsize=DEPTH)
    packed: queue.Queue[object] = queue.Queue(maxsize=DEPTH)

    def compress() -> None:
        compressor = zlib.compressobj(level, zlib.DEFLATED, _GZIP)
        while (piece := raw.get()) is not _DONE:
            out = compressor.compress(piece)  # type: ignore[arg-type]
            if out:
                packed.put(out)
        packed.put(compressor.flush())
        packed.put(_DONE)

    worker = threading.Thread(target=compress, name="gzip", daemon=True)
    worker.start()
    source = gathered(pieces)
    finished = False
    # The next piece, held until the compressing thread has room for it.
    waiting: object = None
    try:
        while not finished:
            # Keep the compressing thread fed; hand on whatever it has ready.
            if waiting is None:
                waiting = next(source, _DONE)
            try:
                raw.put(waiting, timeout=0.05)
            except queue.Full:
                pass
            else:
                finished, waiting = waiting is _DONE, None
            while True:
                try:
                    out = packed.get_nowait()
                except queue.Empty:
                    break
                if out is _DONE:
                    return
                yield out  # type: ignore[misc]
        while (out := packed.get()) is not _DONE:
            yield out  # type: ignore[misc]
    finally:
        if worker.is_alive():
            # Stopped early (the client went away, or reading failed): let the thread end.
            _drain_and_stop(raw, packed, worker)
        # The source's own resources (a file, a database cursor) end with the stream.
        close = getattr(pieces, "close", None)
        if close is not None:
            close()


def _drain_and_stop(
    raw: queue.Queue[object], packed: queue.Queue[object], worker: threading.Thread
) -> None:
    while worker.is_alive():
        with contextlib.suppress(queue.Full):
            raw.put_nowait(_DONE)
        with contextlib.suppress(queue.Empty):
            while True:
                packed.get_nowait()
        worker.join(timeout=0.01)


def gzip_whole(pieces: Iterable[bytes], *, level: int = LEVEL) -> Iterator[bytes]:
    """``gzip_stream`` in this thread only (small exports, and where a thread isn't wanted)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, _GZIP)
    for piece in gathered(pieces):
        out = compressor.compress(piece)
        if out:
            yield out
    yield compressor.flush()


class GzipWriter(io.RawIOBase):
    """A binary file that writes the gzip of what it is given to ``raw``, compressing on a
    second thread (as ``gzip_stream``): for ``export_labels --gzip``. Wrap it in
    ``io.TextIOWrapper`` for the text formats. Closing it finishes the stream; an error on the
    compressing thread (a full disk) is raised by the next write or by ``close``."""

    def __init__(self, raw: IO[bytes], *, level: int = LEVEL) -> None:
        super().__init__()
        self._raw = raw
        self._queue: queue.Queue[object] = queue.Queue(maxsize=DEPTH)
        self._buffer: list[bytes] = []
        self._size = 0
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._compress, args=(level,), daemon=True)
        self._thread.start()

    def _compress(self, level: int) -> None:
        compressor = zlib.compressobj(level, zlib.DEFLATED, _GZIP)
        try:
            while (piece := self._queue.get()) is not _DONE:
                self._raw.write(compressor.compress(piece))  # type: ignore[arg-type]
            self._raw.write(compressor.flush())
        except BaseException as error:  # handed to the writing thread
            self._error = error
            while self._queue.get() is not _DONE:
                pass

    def _check(self) -> None:
        if self._error is not None:
            raise self._error

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._check()
        piece = bytes(data)
        self._buffer.append(piece)
        self._size += len(piece)
        if self._size >= GATHER:
            self._queue.put(b"".join(self._buffer))
            self._buffer, self._size = [], 0
        return len(piece)

    def close(self) -> None:
        if self.closed:
            return
        if self._buffer:
            self._queue.put(b"".join(self._buffer))
            self._buffer = []
        self._queue.put(_DONE)
        self._thread.join()
        super().close()
        self._check()
