"""Results of executed jobs, as ``pyflink.table.TableResult``."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from enum import Enum
from types import TracebackType
from typing import Any, Iterator, TextIO

from weir._jvm.gateway import Gateway
from weir.common.types import Row, RowKind
from weir.errors import StdoutClosed
from weir.table._values import from_json, parse_type
from weir.table.types import DataType

__all__ = ["TableResult", "JobClient", "JobStatus", "CloseableIterator", "ResultKind"]

_POLL_MILLIS = 1000
_FETCH_ROWS = 2048


class JobStatus(Enum):
    RUNNING = "RUNNING"
    FINISHED = "FINISHED"
    FAILED = "FAILED"
    CANCELED = "CANCELED"


class ResultKind(Enum):
    SUCCESS = "SUCCESS"
    SUCCESS_WITH_CONTENT = "SUCCESS_WITH_CONTENT"


@dataclass(frozen=True)
class SourceCounts:
    """What one source of a job did with its records (Weir's addition): ``read`` is ``emitted`` plus
    those the bad-record policy ``skipped`` or ``dead_lettered``."""

    source: str
    read: int
    emitted: int
    skipped: int
    dead_lettered: int


class JobClient:
    """A handle on a running job."""

    def __init__(self, gateway: Gateway, job_id: str) -> None:
        self._gateway = gateway
        self._job_id = job_id

    def get_job_id(self) -> str:
        return self._job_id

    def get_job_status(self) -> JobStatus:
        result = self._gateway.request("jobStatus", {"jobId": self._job_id})
        return JobStatus(result["status"])

    def cancel(self) -> None:
        self._gateway.request("cancelJob", {"jobId": self._job_id})

    def get_source_counts(self) -> list[SourceCounts]:
        """Each source's counts so far, final once the job ended (Weir's addition)."""
        result = self._gateway.request("jobStatus", {"jobId": self._job_id})
        return [SourceCounts(c["source"], c["read"], c["emitted"], c["skipped"], c["deadLettered"])
                for c in result["sourceCounts"]]

    def wait(self, timeout_ms: int | None = None) -> JobStatus:
        """Blocks until the job ends (or ``timeout_ms`` passes); a failed job raises its error.
        Waits in short polls so that Ctrl-C stays responsive; Ctrl-C cancels the job."""
        remaining = timeout_ms
        try:
            while True:
                poll = _POLL_MILLIS if remaining is None else min(_POLL_MILLIS, remaining)
                result = self._gateway.request("awaitJob", {"jobId": self._job_id, "timeoutMillis": poll})
                status = JobStatus(result["status"])
                if status is not JobStatus.RUNNING:
                    return status
                if remaining is not None:
                    remaining -= poll
                    if remaining <= 0:
                        return status
        except KeyboardInterrupt:
            self.cancel()
            raise


class CloseableIterator(Iterator[Row]):
    """Rows of a collecting job as they arrive. Closing it (or leaving its ``with`` block) before
    the end cancels the job, as in PyFlink."""

    def __init__(self, client: JobClient, gateway: Gateway, names: list[str], types: list[DataType]) -> None:
        self._client = client
        self._gateway = gateway
        self._names = names
        self._types = types
        self._buffer: list[Row] = []
        self._finished = False
        self._closed = False

    def __iter__(self) -> CloseableIterator:
        return self

    def __next__(self) -> Row:
        while not self._buffer:
            if self._finished or self._closed:
                raise StopIteration
            try:
                batch = self._gateway.request("fetch", {"jobId": self._client.get_job_id(), "maxRows": _FETCH_ROWS,
                                                        "timeoutMillis": _POLL_MILLIS})
            except KeyboardInterrupt:
                self.close()
                raise
            self._buffer.extend(self._row(item) for item in batch["rows"])
            self._finished = bool(batch["finished"])
            self._buffer.reverse()
        return self._buffer.pop()

    def _row(self, item: dict[str, Any]) -> Row:
        row = Row(*[from_json(value, data_type) for value, data_type in zip(item["values"], self._types)])
        row.set_field_names(self._names)
        row.set_row_kind(RowKind.from_short_string(item.get("kind", "+I")))
        return row

    def close(self) -> None:
        if not self._closed and not self._finished:
            self._client.cancel()
        self._closed = True

    def __enter__(self) -> CloseableIterator:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


class TableResult:
    """What ``execute()`` and ``execute_insert()`` return."""

    def __init__(self, gateway: Gateway, job_id: str, columns: list[dict[str, str]], collecting: bool,
                 streaming: bool) -> None:
        self._gateway = gateway
        self._client = JobClient(gateway, job_id)
        self._names = [column["name"] for column in columns]
        self._types = [parse_type(column["type"]) for column in columns]
        self._collecting = collecting
        self._streaming = streaming
        self._iterator: CloseableIterator | None = None

    def get_job_client(self) -> JobClient:
        return self._client

    def get_result_kind(self) -> ResultKind:
        return ResultKind.SUCCESS_WITH_CONTENT if self._collecting else ResultKind.SUCCESS

    def get_column_names(self) -> list[str]:
        return list(self._names)

    def get_column_types(self) -> list[DataType]:
        return list(self._types)

    def wait(self, timeout_ms: int | None = None) -> None:
        self._client.wait(timeout_ms)

    def collect(self) -> CloseableIterator:
        """The result rows (each with its RowKind); use it in a ``with`` block to cancel an
        unbounded job when done."""
        if self._iterator is not None:
            raise RuntimeError("collect() or print() was already called on this result; a result is read once.")
        if not self._collecting:
            raise RuntimeError("This result has no rows: it is the result of execute_insert(); use wait().")
        self._iterator = CloseableIterator(self._client, self._gateway, self._names, self._types)
        return self._iterator

    def print(self, file: TextIO | None = None) -> None:
        """Prints the rows as a table: all at once in batch mode, row by row (with a changelog
        ``op`` column) in streaming mode, as Flink's tableau form."""
        out = file or sys.stdout
        try:
            if not self._collecting:
                self.wait()
                out.write("+--------------------+\n| job status         |\n+--------------------+\n"
                          "| FINISHED           |\n+--------------------+\n1 row in set\n")
                return
            with self.collect() as rows:
                if self._streaming:
                    _print_streaming(rows, self._names, self._types, out)
                else:
                    _print_batch(list(rows), self._names, out)
        except BrokenPipeError:
            if file is not None:
                raise
            # Leaving the with block cancelled the job; the program ends as `python job.py | head` should.
            self._gateway.stdout_closed()
            raise StdoutClosed() from None


def _cell(value: Any) -> str:
    if value is None:
        return "<NULL>"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def _border(widths: list[int]) -> str:
    return "+" + "+".join("-" * (width + 2) for width in widths) + "+\n"


def _line(cells: list[str], widths: list[int]) -> str:
    return "|" + "|".join(" " + cell.rjust(width) + " " for cell, width in zip(cells, widths)) + "|\n"


def _rows_in_set(count: int) -> str:
    return "Empty set\n" if count == 0 else f"{count} row{'s' if count != 1 else ''} in set\n"


def _print_batch(rows: list[Row], names: list[str], out: TextIO) -> None:
    table = [[_cell(value) for value in row] for row in rows]
    widths = [max([len(name)] + [len(cells[i]) for cells in table]) for i, name in enumerate(names)]
    if table:
        out.write(_border(widths) + _line(names, widths) + _border(widths))
        for cells in table:
            out.write(_line(cells, widths))
        out.write(_border(widths))
    out.write(_rows_in_set(len(table)))


def _type_width(data_type: DataType) -> int:
    """Column width by type in streaming mode, where rows are printed before all are known."""
    name = data_type.type_name()
    return {"BOOLEAN": 7, "TINYINT": 4, "SMALLINT": 6, "INT": 11, "BIGINT": 20, "DATE": 10, "TIME": 8,
            "TIMESTAMP": 26, "TIMESTAMP_LTZ": 26}.get(name, 30 if name != "DECIMAL" else 22)


def _print_streaming(rows: CloseableIterator, names: list[str], types: list[DataType], out: TextIO) -> None:
    widths = [2] + [max(len(name), _type_width(data_type)) for name, data_type in zip(names, types)]
    out.write(_border(widths) + _line(["op"] + names, widths) + _border(widths))
    out.flush()
    count = 0
    for row in rows:
        cells = [_cell(value) for value in row]
        cells = [cell if len(cell) <= width else cell[:width - 3] + "..." for cell, width in zip(cells, widths[1:])]
        out.write(_line([row.get_row_kind().short_string()] + cells, widths))
        out.flush()
        count += 1
    out.write(_border(widths))
    out.write(f"Received a total of {count} row{'s' if count != 1 else ''}\n")
