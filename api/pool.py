"""Index reads in worker processes, so one server process can use every core.

tantivy-py holds the GIL while it searches, and a search that misses the answer cache costs
milliseconds of CPU: in one process such searches queue behind each other and behind the event loop
while the other cores idle. ``SearchPool`` runs them in ``processes`` worker processes, each with its
own reader of the same index, opened from the same settings through the index interface. The server
process keeps the event loop, the answer cache and the routes, and opens no reader of its own; what
crosses over is a read (a module-level function, see ``api.deps.Searches``) and its arguments one way,
and its result (or its exception) the other.

The event loop itself talks to the workers, over a socket pair each (length-prefixed pickles), with
no thread in between. ``concurrent.futures.ProcessPoolExecutor`` was tried first: its feeder and
manager threads need the GIL for every hand-over, and under load the event loop holds it, so each
search that took 6 ms in its worker took 70 ms to come back (measured with ``bench/api.py``).

A worker that dies (killed, out of memory) is replaced, and the calls it held are tried once more
on another worker, so one crash costs one slow answer, not the service. The one call it was running
when it died is not tried again (the worker marks it in shared memory before it starts): that call may
be what killed it, and a retry would kill the next worker too. Its caller gets a 503; a call that
kills a second worker is then refused for a while without being run.
"""

from __future__ import annotations

import asyncio
import ctypes
import itertools
import json
import multiprocessing
import os
import pickle
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel

from api.errors import index_failures
from core.settings import Settings
from index import BackendFailure, IndexUnavailable, SearchIndex, SearchIndexError, open_index

T = TypeVar("T")

_HEADER = struct.Struct("!I")
_READY = -1  # the id of the message a worker sends once its index is open
_IDLE = -1  # what a worker's ``running`` holds between calls
START_TIMEOUT_S = 120.0
QUARANTINE_S = 600.0  # a call that kills a worker twice within this long is refused, unrun, until it has passed


class IndexHolder:
    """One process's index: given by the caller, or opened from settings on first use (and again after a
    failure, so an index built after start-up is found)."""

    def __init__(self, settings: Settings, index: SearchIndex | None = None) -> None:
        self._settings = settings
        self._index = index
        self._owned = index is None
        self._lock = threading.Lock()

    def get(self) -> SearchIndex:
        if self._index is not None:
            return self._index
        with self._lock:
            if self._index is None:
                try:
                    self._index = open_index(self._settings)
                except SearchIndexError as exc:
                    raise IndexUnavailable(str(exc)) from None
            return self._index

    def close(self) -> None:
        if self._index is not None and self._owned:
            self._index.close()
            self._index = None


# ------------------------------------------------------------------ the worker side (blocking)


def _receive(sock: socket.socket) -> bytes | None:
    """One framed message, or None at the end of the stream (the server went away)."""
    header = _exactly(sock, _HEADER.size)
    if header is None:
        return None
    return _exactly(sock, _HEADER.unpack(header)[0])


def _exactly(sock: socket.socket, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            return None
        chunks += chunk
    return bytes(chunks)


def _frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


def _reply(call_id: int, ok: bool, value: object) -> bytes:
    try:
        return _frame(pickle.dumps((call_id, ok, value), protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as exc:  # an unpicklable result or exception still gets an answer
        failure = BackendFailure(f"search worker could not send its answer: {type(exc).__name__}")
        return _frame(pickle.dumps((call_id, False, failure), protocol=pickle.HIGHEST_PROTOCOL))


def _serve(sock: socket.socket, settings: Settings, running: ctypes.c_longlong) -> None:
    """A worker's life: open the index and warm it up, say so, then answer calls one at a time until the socket
    closes. ``running`` holds the id of the call being run, so the server knows which one a crash interrupted."""
    holder = IndexHolder(settings)
    try:
        from api import search

        search.warm_up(holder.get())
    except Exception:
        pass  # an index missing now may exist later; each call reports it then
    try:
        sock.sendall(_reply(_READY, True, os.getpid()))
        while True:
            message = _receive(sock)
            if message is None:
                return
            call_id, func, args = pickle.loads(message)
            running.value = call_id
            try:
                with index_failures():
                    result = func(holder.get(), *args)
            except Exception as exc:
                sock.sendall(_reply(call_id, False, exc))
            else:
                sock.sendall(_reply(call_id, True, result))
            running.value = _IDLE
    except (ConnectionError, OSError):
        return  # the server went away while we were talking: nothing to answer any more


# ------------------------------------------------------------------ the server side (asyncio)


class WorkerGone(Exception):
    """The worker process holding a call ended before answering it."""


class CallKilledWorker(WorkerGone):
    """The worker process ended while it was running this very call."""


class _Worker:
    def __init__(self, settings: Settings) -> None:
        mine, theirs = socket.socketpair()
        # spawn, not fork: the server process has threads (the event loop's pool, the engine's own).
        context = multiprocessing.get_context("spawn")
        self.running: ctypes.c_longlong = context.Value("q", _IDLE, lock=False)
        self.process = context.Process(target=_serve, args=(theirs, settings, self.running), daemon=True, name="jobboard-search")
        self.process.start()
        theirs.close()
        self.sock = mine
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self.ready: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.writer: asyncio.StreamWriter | None = None
        self.reader_task: asyncio.Task[None] | None = None
        self.alive = True

    async def connect(self, on_exit: Callable[[_Worker], None]) -> None:
        reader, self.writer = await asyncio.open_unix_connection(sock=self.sock)
        self.reader_task = asyncio.create_task(self._read(reader, on_exit))

    async def _read(self, reader: asyncio.StreamReader, on_exit: Callable[[_Worker], None]) -> None:
        try:
            while True:
                header = await reader.readexactly(_HEADER.size)
                call_id, ok, value = pickle.loads(await reader.readexactly(_HEADER.unpack(header)[0]))
                if call_id == _READY:
                    if not self.ready.done():
                        self.ready.set_result(value)
                    continue
                future = self.pending.pop(call_id, None)
                if future is None or future.done():
                    continue  # its caller gave up (a cancelled request)
                if ok:
                    future.set_result(value)
                else:
                    future.set_exception(value)
        except (asyncio.IncompleteReadError, ConnectionError, OSError, pickle.UnpicklingError):
            pass
        finally:
            self.alive = False
            running = self.running.value
            for call_id, future in self.pending.items():
                if not future.done():
                    future.set_exception(CallKilledWorker() if call_id == running else WorkerGone("search worker stopped"))
            self.pending.clear()
            if not self.ready.done():
                self.ready.set_exception(WorkerGone("search worker stopped"))
                self.ready.exception()  # retrieved: nobody may be waiting any more
            on_exit(self)

    def send(self, call_id: int, func: Callable[..., Any], args: tuple[Any, ...]) -> asyncio.Future[Any]:
        assert self.writer is not None
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending[call_id] = future
        self.writer.write(_frame(pickle.dumps((call_id, func, args), protocol=pickle.HIGHEST_PROTOCOL)))
        return future

    def stop(self) -> None:
        self.alive = False
        if self.writer is not None:
            self.writer.close()  # the worker reads the end of its stream and returns
        else:
            self.sock.close()


class SearchPool:
    """``processes`` search workers, started by ``start()`` on the running event loop."""

    def __init__(self, settings: Settings, processes: int) -> None:
        if processes < 1:
            raise ValueError("a search pool needs at least one process")
        self.settings = settings
        self.processes = processes
        self._workers: list[_Worker] = []
        self._ids = itertools.count()
        self._closing = False
        self._respawn: asyncio.Task[_Worker] | None = None
        self._kills: dict[str, tuple[int, float]] = {}  # key of a call that killed workers -> (how many, until when)

    async def start(self) -> list[int]:
        """Start every worker and wait until each has opened the index; returns their process ids."""
        for _ in range(self.processes):
            await self._spawn()
        pids = []
        for worker in list(self._workers):
            try:
                pids.append(await asyncio.wait_for(asyncio.shield(worker.ready), START_TIMEOUT_S))
            except (TimeoutError, WorkerGone):
                pass  # replaced or reported by the calls that need it
        return sorted(pids)

    async def _spawn(self) -> _Worker:
        worker = _Worker(self.settings)
        self._workers.append(worker)
        await worker.connect(self._exited)
        return worker

    def _exited(self, worker: _Worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
        worker.stop()
        worker.process.join(timeout=0)  # reaped if it is already gone
        if not self._closing:
            self._respawn = asyncio.get_running_loop().create_task(self._spawn())

    @property
    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if w.process.pid is not None and w.alive]

    async def _least_busy(self) -> _Worker:
        live = [w for w in self._workers if w.alive and w.writer is not None]
        if live:
            return min(live, key=lambda w: len(w.pending))
        if self._closing:
            raise IndexUnavailable("the search workers are stopping")
        respawn = self._respawn
        if respawn is not None and not respawn.done():
            return await asyncio.shield(respawn)  # the replacement of a worker that just died
        return await self._spawn()

    async def call(self, func: Callable[..., T], *args: Any) -> T:
        """``func(index, *args)`` in the least busy worker; ``func`` must be a module-level function (it is sent by name).

        Tried once more if its worker died with the call still waiting; answered with ``BackendFailure``
        (503) if the worker died running it. Once the same call has killed two workers, it is refused
        without being run until ``QUARANTINE_S`` after the last time (once could be bad luck: a worker
        killed from outside, or out of memory because of other calls).
        """
        if self._kills and self._kills_of(call_key(func, args)) >= 2:
            raise BackendFailure("this search stopped search workers a moment ago; it is not run again for now")
        for attempt in (1, 2):
            worker = await self._least_busy()
            try:
                result: T = await worker.send(next(self._ids), func, args)
                return result
            except CallKilledWorker:
                key = call_key(func, args)
                kills = self._kills_of(key) + 1
                self._kills.pop(key, None)
                if len(self._kills) >= 1000:
                    self._kills.pop(next(iter(self._kills)))  # the oldest
                self._kills[key] = (kills, time.monotonic() + QUARANTINE_S)
                raise BackendFailure("this search stopped a search worker; it was not retried") from None
            except WorkerGone:
                if attempt == 2:
                    raise IndexUnavailable("a search worker stopped; try again") from None
        raise AssertionError("unreachable")

    def _kills_of(self, key: str) -> int:
        """How many workers this call killed, the last time less than ``QUARANTINE_S`` ago."""
        kills, until = self._kills.get(key, (0, 0.0))
        if kills and until < time.monotonic():
            del self._kills[key]
            return 0
        return kills

    async def close(self) -> None:
        """Stop every worker: each reads the end of its stream and returns; one that does not is killed."""
        self._closing = True
        if self._respawn is not None and not self._respawn.done():
            try:
                await self._respawn  # a replacement being started is stopped with the rest
            except Exception:
                pass
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.stop()
        loop = asyncio.get_running_loop()
        for worker in workers:
            await loop.run_in_executor(None, worker.process.join, 5)
            if worker.process.is_alive():
                worker.process.kill()
                await loop.run_in_executor(None, worker.process.join, 5)
            if worker.reader_task is not None:
                worker.reader_task.cancel()


def call_key(func: Callable[..., Any], args: tuple[Any, ...]) -> str:
    """Identifies a read by what it asks: the function by name, its arguments by value (models by their fields)."""
    values = json.dumps(args, default=lambda value: value.model_dump(mode="json") if isinstance(value, BaseModel) else str(value))
    return f"{func.__module__}.{func.__qualname__}:{values}"


def auto_processes(settings: Settings) -> int:
    """How many search processes ``jobboard serve`` starts when settings do not say: two per core, up to 4,
    for the embedded index; none for Elasticsearch (a search there is a wait on the cluster, which
    threads do well).

    Two per core, because under load the searches compete for the CPU with the event loop (and, on
    one machine, with the clients), and the scheduler shares it per process: with 4 on 2 cores,
    ``bench/api.py`` measured a mix p95 of 37 ms against 55 ms with 2, for about 120 MB more each.
    """
    if settings.search_processes is not None:
        return max(settings.search_processes, 0)
    if settings.index_backend != "tantivy":
        return 0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return min(2 * cores, 4)
