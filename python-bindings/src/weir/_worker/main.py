"""The Python worker the engine starts for each parallel subtask of an operator with Python
functions (``python -m weir._worker``). It reads frames from stdin and answers on stdout; the
protocol is described in python-bindings/README.md ("Python workers").

What user code prints goes to the engine as ``O`` frames and what it logs as ``L`` frames, so the
driver sees both; the process's file descriptor 1 is pointed at stderr so that output written
below Python (C extensions) cannot corrupt the frame stream.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import os
import pickle
import struct
import sys
import threading
import traceback
from typing import Any, BinaryIO, Callable

import numpy as np

from weir._worker.columns import INTEGER_ROOTS, Column, ColumnWriter, padding, read_column, to_numpy, to_python
from weir.common.types import Row
from weir.metrics import MetricGroup
from weir.table.udf import FunctionContext, ImperativeAggregateFunction, UserDefinedFunction

PROTOCOL_VERSION = 1
_HEADER = struct.Struct("<IB")
_INT_PAIR = struct.Struct("<ii")
_PIPE_BYTES = 1 << 20


class FunctionFailure(Exception):
    """A user function raised: which function, on which row of the request, with its traceback."""

    def __init__(self, function: str, row: int, formatted: str, message: str) -> None:
        super().__init__(message)
        self.function = function
        self.row = row
        self.formatted = formatted


class FrameChannel:
    """Length-prefixed frames: 4-byte little-endian payload length, 1 type byte, payload."""

    def __init__(self, source: BinaryIO, sink_fd: int) -> None:
        self._source = source
        self._sink_fd = sink_fd
        self._lock = threading.Lock()

    def read(self) -> tuple[int, memoryview] | None:
        header = self._read_exactly(_HEADER.size)
        if header is None:
            return None
        length, kind = _HEADER.unpack(header)
        payload = self._read_exactly(length)
        if payload is None:
            return None
        return kind, memoryview(payload)

    def _read_exactly(self, length: int) -> bytearray | None:
        buffer = bytearray(length)
        view = memoryview(buffer)
        filled = 0
        while filled < length:
            count = self._source.readinto(view[filled:])  # type: ignore[attr-defined]
            if not count:
                return None
            filled += count
        return buffer

    def write(self, kind: str, buffers: list[Any], size: int) -> None:
        parts = [_HEADER.pack(size, ord(kind)), *buffers]
        with self._lock:
            remaining = [memoryview(part).cast("B") for part in parts]
            while remaining:
                written = os.writev(self._sink_fd, remaining)
                while remaining and written >= remaining[0].nbytes:
                    written -= remaining[0].nbytes
                    remaining.pop(0)
                if remaining and written:
                    remaining[0] = remaining[0][written:]

    def write_json(self, kind: str, value: Any) -> None:
        data = json.dumps(value).encode("utf-8")
        self.write(kind, [data], len(data))


class FrameOutput(io.TextIOBase):
    """``sys.stdout`` of the worker: complete lines become ``O`` frames."""

    def __init__(self, channel: FrameChannel) -> None:
        super().__init__()
        self._channel = channel
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        if "\n" in self._pending:
            lines, _, self._pending = self._pending.rpartition("\n")
            self._channel.write_json("O", {"text": lines})
        return len(text)

    def flush(self) -> None:
        if self._pending:
            text, self._pending = self._pending, ""
            self._channel.write_json("O", {"text": text})


class FrameLogHandler(logging.Handler):
    """Log records of user code as ``L`` frames; the engine logs them under the operator's name."""

    def __init__(self, channel: FrameChannel) -> None:
        super().__init__()
        self._channel = channel

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info:
                message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
            self._channel.write_json("L", {"level": record.levelname, "logger": record.name, "message": message})
        except Exception:  # noqa: BLE001 - logging must never fail the function that logs
            self.handleError(record)


class Call:
    """One function call of the operator: the function, its argument columns and result type."""

    def __init__(self, spec: dict[str, Any], context: FunctionContext) -> None:
        self.name: str = spec["name"]
        self.kind: str = spec["kind"]
        self.func_type: str = spec["funcType"]
        self.arguments: list[int] = spec["arguments"]
        self.row_field_names: list[str] | None = spec.get("rowFieldNames")
        self.result_type: dict[str, Any] = spec["resultType"]
        self.argument_types: list[dict[str, Any]] = spec.get("argumentTypes", [])
        self.function = pickle.loads(base64.b64decode(spec["payload"]))
        if isinstance(self.function, UserDefinedFunction):
            self.function.open(context)
        self.evaluate: Callable[..., Any] = (self.function.eval if hasattr(self.function, "eval")
                                             else self.function)
        if self.func_type == "pandas":
            import pandas  # noqa: F401 - fail at start, not at the first batch, when it is missing

    def close(self) -> None:
        if isinstance(self.function, UserDefinedFunction):
            self.function.close()

    def python_arguments(self, columns: list[Column]) -> list[list[Any]]:
        values = [to_python(columns[index]) for index in self.arguments]
        if self.row_field_names is None:
            return values
        names = self.row_field_names
        rows = []
        for row_values in zip(*values):
            row = Row(*row_values)
            row.set_field_names(names)
            rows.append(row)
        return [rows]

    def vector_arguments(self, columns: list[Column]) -> list[Any]:
        arrays = [to_numpy(columns[index]) for index in self.arguments]
        if self.func_type == "pandas":
            import pandas
            return [pandas.Series(array) for array in arrays]
        return arrays

    def fail(self, row: int) -> FunctionFailure:
        error = sys.exc_info()[1]
        assert error is not None
        # the first frames are the worker's own calls of the function; the user's frames follow
        frames = error.__traceback__
        while frames is not None and frames.tb_frame.f_code.co_filename == __file__:
            frames = frames.tb_next
        formatted = "".join(traceback.format_exception(type(error), error, frames or error.__traceback__))
        return FunctionFailure(self.name, row, formatted, f"{type(error).__name__}: {error}")

    # ---- scalar ----

    def run_scalar(self, columns: list[Column], rows: int, writer: ColumnWriter) -> None:
        if self.func_type != "general":
            try:
                result = self.evaluate(*self.vector_arguments(columns))
            except Exception:  # noqa: BLE001 - reported to the engine with the traceback
                raise self.fail(-1)
            if len(result) != rows:
                raise FunctionFailure(self.name, -1, "", f"{self.name} returned {len(result)} values for a batch "
                                      f"of {rows} rows; a vectorized function returns one value per row.")
            if self.func_type == "pandas":
                result = _pandas_nulls(result, self.result_type)
            self.write_results(lambda: writer.write_numpy(result, self.result_type, self.name))
            return
        results: list[Any] = []
        arguments = self.python_arguments(columns)
        try:
            if arguments:
                results.extend(map(self.evaluate, *arguments))
            else:
                results.extend(self.evaluate() for _ in range(rows))
        except Exception:  # noqa: BLE001 - list.extend keeps what was produced, so len() is the failing row
            raise self.fail(len(results))
        self.write_results(lambda: writer.write_python(results, self.result_type, self.name))

    def write_results(self, write: Callable[[], None]) -> None:
        """Runs a write of this function's results, reporting a result of the wrong type as its failure."""
        try:
            write()
        except TypeError as error:
            raise FunctionFailure(self.name, -1, "", str(error)) from error

    # ---- table ----

    def run_table(self, columns: list[Column], rows: int, writer: ColumnWriter) -> int:
        parents: list[int] = []
        produced: list[Any] = []
        arguments = self.python_arguments(columns)
        single = len(self.result_type["fields"]) == 1
        index = 0
        try:
            for index, row_arguments in enumerate(zip(*arguments) if arguments else ((),) * rows):
                output = self.evaluate(*row_arguments)
                if output is None:
                    continue
                for item in output:
                    parents.append(index)
                    produced.append(_as_row(item, single))
        except Exception:  # noqa: BLE001 - reported with the input row
            raise self.fail(index)
        writer.write_python(parents, {"root": "INT", "nullable": False}, self.name)
        for field_index, field in enumerate(self.result_type["fields"]):
            writer.write_python([_field_of(item, field_index) for item in produced], field["type"], self.name)
        return len(parents)

    # ---- aggregate ----

    def run_aggregate(self, state: bytes, columns: list[Column], rows: int, accumulate: np.ndarray) -> tuple[bytes, Any]:
        if self.func_type != "general":
            try:
                return b"", self.evaluate(*self.vector_arguments(columns))
            except Exception:  # noqa: BLE001
                raise self.fail(-1)
        function: ImperativeAggregateFunction[Any, Any] = self.function
        accumulator = pickle.loads(state) if state else function.create_accumulator()
        arguments = self.python_arguments(columns)
        index = 0
        try:
            for index, row_arguments in enumerate(zip(*arguments) if arguments else ((),) * rows):
                if accumulate[index]:
                    function.accumulate(accumulator, *row_arguments)
                else:
                    function.retract(accumulator, *row_arguments)
            # a failing get_value/emit_value names the last row applied (in streaming mode, the row it is
            # called for), or none without rows
            index = rows - 1
            value = self.result(accumulator)
        except Exception:  # noqa: BLE001
            raise self.fail(index)
        return _dump(accumulator), value

    def result(self, accumulator: Any) -> Any:
        """An aggregate's ``get_value``; for a table aggregate, the rows ``emit_value`` yields (its
        result type is an ARRAY of the rows' ROW type)."""
        if self.kind != "tableAggregate":
            return self.function.get_value(accumulator)
        single = len(self.result_type["element"]["fields"]) == 1
        return [_as_row(item, single) for item in self.function.emit_value(accumulator) or ()]

    def merge(self, states: list[bytes]) -> tuple[bytes, Any]:
        function: ImperativeAggregateFunction[Any, Any] = self.function
        try:
            accumulators = [pickle.loads(state) if state else function.create_accumulator() for state in states]
            function.merge(accumulators[0], accumulators[1:])
            return _dump(accumulators[0]), self.result(accumulators[0])
        except Exception:  # noqa: BLE001
            raise self.fail(-1)



def _pandas_nulls(result: Any, result_type: dict[str, Any]) -> Any:
    """pandas marks missing values with NaN, None, NaT or pd.NA (an integer column with nulls
    arrives as float64 with NaN), so they are nulls in a pandas function's result, as in PyFlink:
    an object array with None where the result is missing; the result itself when nothing is. A
    plain float result goes on as it is: ColumnWriter.write_numpy reads its NaNs as nulls."""
    import pandas
    series = result if isinstance(result, pandas.Series) else pandas.Series(result)
    if (isinstance(series.dtype, np.dtype) and series.dtype.kind == "f") or not series.isna().any():
        return result
    values = np.empty(len(series), dtype=object)
    for index, value in enumerate(series.tolist()):
        values[index] = _pandas_value(value, result_type)
    return values


def _pandas_value(value: Any, result_type: dict[str, Any]) -> Any:
    """One value of a pandas function's result: missing (NaN, None, NaT, pd.NA) is null, and a
    whole float is an int for an integer type (``values * 2`` or ``values.sum()`` of an integer
    column with nulls is float); a fraction is still refused for it, not truncated."""
    import pandas
    if pandas.api.types.is_scalar(value) and pandas.isna(value):
        return None
    if result_type["root"] in INTEGER_ROOTS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _dump(value: Any) -> bytes:
    import cloudpickle
    return cloudpickle.dumps(value)


def _as_row(item: Any, single: bool) -> Any:
    """An item a table or table aggregate function yields, as a row: a bare value is the one
    column of a single-column result."""
    return item if not single or isinstance(item, (Row, tuple, list)) else (item,)


def _field_of(item: Any, index: int) -> Any:
    if isinstance(item, (Row, tuple, list)):
        return item[index]
    raise TypeError(f"a table function with several result columns yields tuples or Rows, got {item!r}")


class Worker:
    def __init__(self, channel: FrameChannel) -> None:
        self.channel = channel
        self.calls: list[Call] = []
        self.input_types: list[dict[str, Any]] = []
        self.metrics = MetricGroup()
        self.reported_metrics: dict[str, int] = {}

    def serve(self) -> None:
        while True:
            frame = self.channel.read()
            if frame is None or chr(frame[0]) == "X":
                break
            kind, payload = chr(frame[0]), frame[1]
            try:
                if kind == "I":
                    self.initialize(json.loads(bytes(payload)))
                elif kind == "B":
                    self.batch(payload)
                elif kind == "U":
                    self.aggregate(payload)
                elif kind == "M":
                    self.merge(payload)
                else:
                    raise ValueError(f"unknown frame type {kind!r}")
            except FunctionFailure as failure:
                sys.stdout.flush()
                self.channel.write_json("E", {"function": failure.function, "row": failure.row,
                                              "message": str(failure), "traceback": failure.formatted})
            except Exception as error:  # noqa: BLE001 - the worker's own failure, still reported
                self.channel.write_json("E", {"function": "", "row": -1, "message": f"{type(error).__name__}: {error}",
                                              "traceback": traceback.format_exc()})
        for call in self.calls:
            call.close()
        sys.stdout.flush()

    def initialize(self, init: dict[str, Any]) -> None:
        if init.get("protocol") != PROTOCOL_VERSION:
            raise ValueError(f"the engine speaks protocol {init.get('protocol')}, this worker {PROTOCOL_VERSION}")
        context = FunctionContext(self.metrics, init.get("jobParameters", {}))
        self.input_types = init["inputTypes"]
        self.calls = [Call(spec, context) for spec in init["calls"]]
        self.channel.write("K", [], 0)

    def read_columns(self, payload: memoryview, position: int, types: list[dict[str, Any]]) -> tuple[int, list[Column], int]:
        rows, _ = _INT_PAIR.unpack_from(payload, position)
        position += 8
        columns = []
        for data_type in types:
            column, position = read_column(payload, position, rows, data_type)
            columns.append(column)
        return rows, columns, position

    def batch(self, payload: memoryview) -> None:
        rows, columns, _ = self.read_columns(payload, 0, self.input_types)
        writer = ColumnWriter()
        count = writer.size
        writer.add(b"\0" * 8)
        output_rows = rows
        for call in self.calls:
            if call.kind == "table":
                output_rows = call.run_table(columns, rows, writer)
            else:
                call.run_scalar(columns, rows, writer)
        writer.buffers[count] = _INT_PAIR.pack(output_rows, 0)
        self.answer("R", writer)

    def aggregate(self, payload: memoryview) -> None:
        call_index, _ = _INT_PAIR.unpack_from(payload, 0)
        call = self.calls[call_index]
        state, position = _read_state(payload, 8)
        types = call.argument_types + [{"root": "BOOLEAN", "nullable": False}]
        rows, columns, _ = self.read_columns(payload, position, types)
        accumulate = columns[-1].values
        assert accumulate is not None
        new_state, value = call.run_aggregate(state, columns[:-1], rows, accumulate)
        self.send_state(call, new_state, value)

    def merge(self, payload: memoryview) -> None:
        call_index, count = _INT_PAIR.unpack_from(payload, 0)
        call = self.calls[call_index]
        position = 8
        states = []
        for _ in range(count):
            state, position = _read_state(payload, position)
            states.append(state)
        new_state, value = call.merge(states)
        self.send_state(call, new_state, value)

    def send_state(self, call: Call, state: bytes, value: Any) -> None:
        writer = ColumnWriter()
        writer.add(_INT_PAIR.pack(len(state), 0))
        writer.add(state)
        if call.func_type == "general":
            writer.write_python([value], call.result_type, call.name)
        else:
            value = value.item() if isinstance(value, np.generic) else value
            if call.func_type == "pandas":
                value = _pandas_value(value, call.result_type)
            writer.write_python([value], call.result_type, call.name)
        self.answer("S", writer)

    def answer(self, kind: str, writer: ColumnWriter) -> None:
        """Output and counters first: the engine has seen them once it has the answer."""
        sys.stdout.flush()
        self.report_metrics()
        self.channel.write(kind, writer.buffers, writer.size)

    def report_metrics(self) -> None:
        values = self.metrics.values()
        if values and values != self.reported_metrics:
            self.reported_metrics = values
            self.channel.write_json("C", values)


def _read_state(payload: memoryview, position: int) -> tuple[bytes, int]:
    length, _ = _INT_PAIR.unpack_from(payload, position)
    position += 8
    state = payload[position:position + length].tobytes()
    return state, position + length + padding(length)


def _enlarge_pipes(*fds: int) -> None:
    """A batch larger than the pipe (64 KiB by default) would block the engine's write until this
    worker reads, costing a scheduler round trip per batch; 1 MiB pipes hold whole batches."""
    try:
        import fcntl
        for fd in fds:
            fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        pass  # not Linux, or above /proc/sys/fs/pipe-max-size: the default size still works


def main() -> None:
    _enlarge_pipes(0, 1)
    protocol_fd = os.dup(1)
    os.dup2(2, 1)  # anything written to fd 1 from now on goes to stderr, never into the frames
    channel = FrameChannel(io.FileIO(0, "rb", closefd=False), protocol_fd)
    sys.stdout = FrameOutput(channel)
    root = logging.getLogger()
    root.handlers[:] = [FrameLogHandler(channel)]
    root.setLevel(logging.INFO)
    Worker(channel).serve()
