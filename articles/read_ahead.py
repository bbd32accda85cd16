"""Reading ahead in a thread: the next chunks of a slow stream are read while the caller
works on the current one.

The importer's stream of drafts is read (and segmented) by worker processes; storing a chunk
waits on the database. Read in one thread, the workers stand idle while the database works and
the database stands idle while the workers do. ``chunks_ahead`` overlaps the two.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice

# Chunks read and waiting at most: enough to cover one store, small enough to keep memory flat.
AHEAD = 2
_POLL = 0.1  # seconds between looks at whether the reader should stop


def chunks[T](items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _End:
    """What the reader puts last: nothing more, or the error that stopped it."""

    __slots__ = ("error",)

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


@contextmanager
def chunks_ahead[T](items: Iterable[T], size: int) -> Iterator[Iterator[list[T]]]:
    """``items`` in chunks of ``size``, in order, read by a thread of their own at most
    ``AHEAD`` chunks ahead of the caller::

        with chunks_ahead(drafts, 500) as chunks:
            for chunk in chunks:
                store(chunk)

    An error raised while reading comes out of the loop after the chunks read before it,
    unchanged. However the block is left (at the end, on an error of the caller's, or a
    ``break``), the reader is stopped and closes ``items``, in its own thread, before the
    block ends. A list or tuple is simply cut (there is nothing to wait for).

    ``items`` is read in another thread: it must not use this thread's database connection.
    """
    if isinstance(items, Sequence):
        yield chunks(items, size)
        return
    ready: queue.Queue[list[T] | _End] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()

    def put(item: list[T] | _End) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=_POLL)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        iterator = iter(items)
        try:
            for chunk in chunks(iterator, size):
                if not put(chunk):
                    return
            put(_End())
        except BaseException as error:  # handed to the caller, who raises it
            put(_End(error))
        finally:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()

    def taken() -> Iterator[list[T]]:
        while not isinstance(item := ready.get(), _End):
            yield item
        if item.error is not None:
            raise item.error

    reader = threading.Thread(target=read, name="read-ahead", daemon=True)
    reader.start()
    try:
        yield taken()
    finally:
        stop.set()
        reader.join()
