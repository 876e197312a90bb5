"""The engine JVM: started on first use, one per Python process, shared by every TableEnvironment.

A reader thread takes the JVM's stdout line by line: responses complete the waiting request,
``log`` events go to the ``weir.jvm`` logger (Java stack traces at debug level only), ``stdout``
events (what jobs print, e.g. the print connector) go to ``sys.stdout``. The JVM's stderr goes to
``weir.jvm`` as warnings (its class-data sharing log and stack frames at debug level). The JVM
starts with a class-data archive when it can (class_data.py), in a process group of its own, so a
terminal's Ctrl-C reaches Python alone, which cancels what it was waiting for.

When ``sys.stdout``'s reader goes away (``python job.py | head``), the program ends as a Unix tool
does: quietly, with exit status 1 (:class:`weir.errors.StdoutClosed`).
"""

from __future__ import annotations

import atexit
import collections
import json
import logging
import os
import queue
import re
import subprocess
import sys
import threading
from concurrent.futures import Future
from typing import Any, Sequence

from weir._jvm.class_data import ClassDataArchive, cds_enabled
from weir._jvm.classpath import gateway_classpath
from weir._jvm.java import find_java
from weir._jvm.protocol import PROTOCOL_VERSION, dumps, exception_from_error
from weir.errors import GatewayError, StdoutClosed

JVM_LOGGER = logging.getLogger("weir.jvm")
_LOG = logging.getLogger(__name__)
_MAIN_CLASS = "dev.weir.python.gateway.GatewayMain"
_DEFAULT_JAVA_OPTIONS = "-Xmx512m -XX:+UseSerialGC -Xshare:auto"
_STARTUP_TIMEOUT_SECONDS = 120.0
# Lines of a stack trace the JVM printed to stderr ("\tat dev.weir...", "\t... 5 more").
_JAVA_FRAME = re.compile(r"\s+(at |\.\.\. \d+ more)")
# The JVM ignores a terminal's Ctrl-C (sent to the foreground process group); Python handles it.
_OWN_PROCESS_GROUP: dict[str, Any] = ({"process_group": 0} if os.name == "posix"
                                      else {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)})
_JAVA_LEVELS = {"SEVERE": logging.ERROR, "ERROR": logging.ERROR, "WARNING": logging.WARNING,
                "WARN": logging.WARNING, "INFO": logging.INFO, "CONFIG": logging.DEBUG, "DEBUG": logging.DEBUG,
                "FINE": logging.DEBUG, "FINER": logging.DEBUG - 1, "FINEST": logging.DEBUG - 2, "TRACE": 5}


def silence_stdout() -> None:
    """Points the process's stdout at the null device, so that nothing written to it any more
    (Python's own flush at exit included) fails again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (AttributeError, OSError, ValueError):  # not a real file: replace the object instead
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    finally:
        os.close(devnull)


class Gateway:
    """A running gateway JVM and the requests in flight to it."""

    def __init__(self, command: Sequence[str], archive: ClassDataArchive | None = None) -> None:
        self._archive = archive
        self._command = list(command) if archive is None else [command[0], *archive.jvm_options(), *command[1:]]
        self._process = subprocess.Popen(self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE, encoding="utf-8", bufsize=1,
                                         **_OWN_PROCESS_GROUP)
        self._lock = threading.Lock()
        self._pending: dict[int, Future[Any]] = {}
        self._next_id = 1
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=40)
        self._closed = False
        self._stdout_closed = False
        self._outbox: queue.SimpleQueue[tuple[int, str] | None] = queue.SimpleQueue()
        threading.Thread(target=self._write_stdin, name="weir-jvm-stdin", daemon=True).start()
        threading.Thread(target=self._read_stdout, name="weir-jvm-stdout", daemon=True).start()
        threading.Thread(target=self._read_stderr, name="weir-jvm-stderr", daemon=True).start()
        hello = self.request("hello", {"protocol": PROTOCOL_VERSION}, timeout=_STARTUP_TIMEOUT_SECONDS)
        self.info: dict[str, Any] = hello
        _LOG.debug("Engine JVM started: %s", hello)

    @property
    def pid(self) -> int:
        return self._process.pid

    def is_alive(self) -> bool:
        return not self._closed and self._process.poll() is None

    def request(self, method: str, params: dict[str, Any] | None = None, timeout: float | None = None) -> Any:
        """Sends a request and waits for its result; an error response raises its Python exception."""
        future: Future[Any] = Future()
        with self._lock:
            if self._stdout_closed and method != "shutdown":
                raise StdoutClosed()
            if not self.is_alive():
                raise GatewayError(self._death_message())
            request_id = self._next_id
            self._next_id += 1
            line = dumps({"id": request_id, "method": method, "params": params or {}})
            self._pending[request_id] = future
        # The writer thread sends it: a Ctrl-C here can never cut a line in half.
        self._outbox.put((request_id, line))
        try:
            return future.result(timeout)
        except TimeoutError:
            with self._lock:
                self._pending.pop(request_id, None)
            raise GatewayError(f"The engine JVM did not answer '{method}' within {timeout} s.") from None
        except KeyboardInterrupt:
            with self._lock:
                self._pending.pop(request_id, None)
            raise

    def stdout_closed(self) -> None:
        """Called when writing to ``sys.stdout`` failed because its reader went away: silences
        stdout and makes every waiting call, and every later one, raise :class:`StdoutClosed`."""
        with self._lock:
            if self._stdout_closed:
                return
            self._stdout_closed = True
            pending = list(self._pending.values())
            self._pending.clear()
        silence_stdout()
        for future in pending:
            future.set_exception(StdoutClosed())

    def close(self) -> None:
        """Asks the JVM to cancel its jobs and exit; kills it if it does not within 10 seconds."""
        if self._closed:
            return
        try:
            self.request("shutdown", timeout=10)
        except Exception:  # noqa: BLE001 - a dying JVM is what close() is for
            pass
        self._closed = True
        self._outbox.put(None)  # the writer closes the JVM's stdin
        try:
            self._process.wait(10)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        if self._archive is not None:
            self._archive.jvm_exited(self._process.returncode)

    def _write_stdin(self) -> None:
        assert self._process.stdin is not None
        while (item := self._outbox.get()) is not None:
            request_id, line = item
            try:
                self._process.stdin.write(line + "\n")
                self._process.stdin.flush()
            except OSError:
                with self._lock:
                    future = self._pending.pop(request_id, None)
                if future is not None:
                    future.set_exception(GatewayError(self._death_message()))
        try:
            self._process.stdin.close()
        except OSError:
            pass  # the JVM is gone already

    def _read_stdout(self) -> None:
        """Runs until the JVM's stdout ends, whatever a message does: if this thread died, every
        pending call would wait forever."""
        assert self._process.stdout is not None
        try:
            for line in self._process.stdout:
                try:
                    self._on_line(line)
                except BrokenPipeError:
                    self.stdout_closed()
                except Exception:  # noqa: BLE001 - logged; the next message is handled as usual
                    _LOG.exception("Cannot handle a message of the engine JVM")
        finally:
            self._fail_pending()

    def _on_line(self, line: str) -> None:
        try:
            message = json.loads(line)
        except json.JSONDecodeError:
            # Anything not in the protocol (a library writing to the real stdout) is still shown.
            JVM_LOGGER.info("%s", line.rstrip("\n"))
            return
        if "event" in message:
            self._on_event(message)
        else:
            self._on_response(message)

    def _on_response(self, message: dict[str, Any]) -> None:
        with self._lock:
            future = self._pending.pop(message.get("id", -1), None)
        if future is None:
            return
        if "error" in message:
            future.set_exception(exception_from_error(message["error"]))
        else:
            future.set_result(message.get("result"))

    def _on_event(self, message: dict[str, Any]) -> None:
        kind = message["event"]
        if kind == "stdout":
            if not self._stdout_closed:
                sys.stdout.write(message.get("text", ""))
                sys.stdout.flush()
        elif kind == "log":
            level = _JAVA_LEVELS.get(str(message.get("level", "INFO")).upper(), logging.INFO)
            text = message.get("message", "")
            extra = {"java_logger": message.get("logger", "")}
            if message.get("thrown"):
                # The exception's summary where the record goes; its Java stack trace only at debug level.
                JVM_LOGGER.log(level, "%s: %s", text, message.get("thrownSummary", ""), extra=extra)
                JVM_LOGGER.debug("%s\n%s", text, message["thrown"].rstrip("\n"), extra=extra)
            else:
                JVM_LOGGER.log(level, "%s", text, extra=extra)

    def _read_stderr(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            text = line.rstrip("\n")
            if self._archive is not None and self._archive.is_cds_log(text):
                self._archive.note_cds_log(text)
                JVM_LOGGER.debug("%s", text)
                continue
            self._stderr_tail.append(text)
            JVM_LOGGER.log(logging.DEBUG if _JAVA_FRAME.match(text) else logging.WARNING, "%s", text)

    def _fail_pending(self) -> None:
        self._process.wait()
        with self._lock:
            pending = list(self._pending.values())
            self._pending.clear()
        for future in pending:
            future.set_exception(GatewayError(self._death_message()))

    def _death_message(self) -> str:
        code = self._process.poll()
        tail = "\n".join(self._stderr_tail)
        return (f"The engine JVM is not running (exit code {code}). Command: {' '.join(self._command)}"
                + (f"\nIts last output:\n{tail}" if tail else ""))


_gateway: Gateway | None = None
_gateway_lock = threading.Lock()


def java_options() -> list[str]:
    """WEIR_JAVA_OPTS replaces the default JVM options."""
    return os.environ.get("WEIR_JAVA_OPTS", _DEFAULT_JAVA_OPTIONS).split()


def java_command(java: str, classpath: Sequence[str]) -> list[str]:
    """The command that starts the gateway JVM (without class-data sharing options)."""
    return [java, *java_options(), "-cp", os.pathsep.join(classpath), _MAIN_CLASS]


def get_gateway() -> Gateway:
    """The process's gateway, started (and checked for Java 17+) on first use."""
    global _gateway
    with _gateway_lock:
        if _gateway is None or not _gateway.is_alive():
            java, classpath = find_java(), gateway_classpath()
            archive = ClassDataArchive(java, java_options(), classpath) if cds_enabled() else None
            _gateway = Gateway(java_command(java, classpath), archive)
        return _gateway


def shutdown_gateway() -> None:
    global _gateway
    with _gateway_lock:
        if _gateway is not None:
            _gateway.close()
            _gateway = None


atexit.register(shutdown_gateway)
