"""Python user-defined functions, as ``pyflink.table.udf``.

``udf``, ``udtf``, ``udaf`` and ``udtaf`` wrap a Python callable or a :class:`ScalarFunction`,
:class:`TableFunction`, :class:`AggregateFunction` or :class:`TableAggregateFunction` instance.
Calling the wrapper with expressions (``my_udf(col('a'))``) gives an expression; registering it
(``t_env.create_temporary_function('my_udf', my_udf)``) lets SQL text call it by name. The
function is shipped to the engine's Python workers with cloudpickle when the job is submitted.
"""

from __future__ import annotations

import abc
import base64
import copy
import itertools
import re
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, Sequence, TypeVar

from weir.errors import ValidationException
from weir.metrics import MetricGroup
from weir.table.expression import Expression, to_expression
from weir.table.types import DataType, DataTypes, RowType

__all__ = ["FunctionContext", "UserDefinedFunction", "ScalarFunction", "TableFunction", "AggregateFunction",
           "TableAggregateFunction", "ImperativeAggregateFunction", "udf", "udtf", "udaf", "udtaf",
           "UserDefinedFunctionWrapper"]

T = TypeVar("T")
ACC = TypeVar("ACC")

FUNC_TYPES = ("general", "numpy", "pandas")
# Names the engine's parser reads as special forms or built-ins; an inline function is renamed
# rather than shadowing them.
_RESERVED_NAMES = frozenset({"CAST", "TRY_CAST", "EXTRACT", "SUBSTRING", "TRIM", "POSITION", "JSON_OBJECT", "CASE",
                             "COUNT", "SUM", "MIN", "MAX", "AVG", "IF", "COALESCE", "NULLIF", "UPPER", "LOWER",
                             "CONCAT", "REPLACE", "ABS", "SIGN", "CEIL", "FLOOR", "ROUND", "POWER", "SQRT", "LN",
                             "LOG10", "EXP", "MOD", "YEAR", "MONTH", "DAY", "HOUR", "MINUTE", "SECOND", "WEEK",
                             "QUARTER", "DATE_FORMAT", "TO_TIMESTAMP", "INTERVAL", "DATE", "TIME", "TIMESTAMP"})
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class FunctionContext:
    """What ``open()`` receives: job parameters (``pipeline.global-job-parameters``) and metrics."""

    def __init__(self, metric_group: MetricGroup, job_parameters: dict[str, str]) -> None:
        self._metric_group = metric_group
        self._job_parameters = dict(job_parameters)

    def get_metric_group(self) -> MetricGroup:
        return self._metric_group

    def get_job_parameter(self, key: str, default_value: str) -> str:
        return self._job_parameters.get(key, default_value)


class UserDefinedFunction(abc.ABC):
    """Base of class-based functions: ``open`` runs once per worker before the first call."""

    def open(self, function_context: FunctionContext) -> None:
        pass

    def close(self) -> None:
        pass

    def is_deterministic(self) -> bool:
        return True


class ScalarFunction(UserDefinedFunction):
    """One value per row: implement ``eval(*args)``."""

    @abc.abstractmethod
    def eval(self, *args: Any) -> Any:
        ...


class TableFunction(UserDefinedFunction):
    """Any number of rows per row: ``eval(*args)`` yields values (tuples or Rows for several columns)."""

    @abc.abstractmethod
    def eval(self, *args: Any) -> Iterable[Any]:
        ...


class ImperativeAggregateFunction(UserDefinedFunction, Generic[T, ACC]):
    """Shared by aggregate and table aggregate functions: an accumulator per group."""

    @abc.abstractmethod
    def create_accumulator(self) -> ACC:
        ...

    @abc.abstractmethod
    def accumulate(self, accumulator: ACC, *args: Any) -> None:
        ...

    def retract(self, accumulator: ACC, *args: Any) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not implement retract(), which updates and "
                                  f"deletes in its input need")

    def merge(self, accumulator: ACC, accumulators: Iterable[ACC]) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not implement merge(), which session windows need")

    def get_result_type(self) -> DataType | None:
        return None

    def get_accumulator_type(self) -> DataType | None:
        return None


class AggregateFunction(ImperativeAggregateFunction[T, ACC]):
    """An aggregate: ``get_value(accumulator)`` is the group's result. The accumulator is pickled
    into the engine's keyed state, so it is checkpointed and restored with the job."""

    @abc.abstractmethod
    def get_value(self, accumulator: ACC) -> T:
        ...


class TableAggregateFunction(ImperativeAggregateFunction[T, ACC]):
    """A table aggregate, for ``flat_aggregate``: ``emit_value(accumulator)`` yields the group's
    rows (tuples or Rows; bare values for one column). In streaming mode it runs after every
    change of the group, whose previously emitted rows are then retracted. The accumulator is
    pickled into the engine's keyed state, as an :class:`AggregateFunction`'s is."""

    @abc.abstractmethod
    def emit_value(self, accumulator: ACC) -> Iterable[T]:
        ...


class _Registry:
    """Names of inline functions (those used without create_temporary_function), unique per process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_name: dict[str, UserDefinedFunctionWrapper] = {}
        self._counter = itertools.count(1)

    def name_for(self, wrapper: UserDefinedFunctionWrapper, wanted: str) -> str:
        base = wanted if _IDENTIFIER.fullmatch(wanted) and wanted.upper() not in _RESERVED_NAMES else "py_" + (
            re.sub(r"\W", "_", wanted).strip("_") or "function")
        with self._lock:
            name = base
            while name.upper() in self._by_name and self._by_name[name.upper()] is not wrapper:
                name = f"{base}_{next(self._counter)}"
            self._by_name[name.upper()] = wrapper
            return name

    def lookup(self, name: str) -> UserDefinedFunctionWrapper | None:
        with self._lock:
            return self._by_name.get(name.upper())


INLINE_FUNCTIONS = _Registry()


class UserDefinedFunctionWrapper:
    """A function ready for the Table API: call it with expressions to use it in a query."""

    kind = "scalar"

    def __init__(self, func: Any, input_types: Sequence[DataType] | DataType | None, result_type: DataType,
                 func_type: str, deterministic: bool | None, name: str | None) -> None:
        if func_type not in FUNC_TYPES:
            raise ValidationException(f"func_type must be one of {', '.join(FUNC_TYPES)}, not {func_type!r}.")
        if not isinstance(result_type, DataType):
            raise ValidationException(f"A Python function needs a result type (a DataType), got {result_type!r}.")
        self._func = func
        self._input_types = [input_types] if isinstance(input_types, DataType) else (
            list(input_types) if input_types is not None else None)
        self._result_type = result_type
        self._func_type = func_type
        self._deterministic = deterministic if deterministic is not None else (
            func.is_deterministic() if isinstance(func, UserDefinedFunction) else True)
        self._given_name = name
        self._inline_name: str | None = None
        self._alias_names: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The name inline calls use in SQL text (unique in this process)."""
        if self._inline_name is None:
            self._inline_name = INLINE_FUNCTIONS.name_for(self, self._given_name or _function_name(self._func))
        return self._inline_name

    @property
    def result_type(self) -> DataType:
        return self._result_type

    @property
    def func_type(self) -> str:
        return self._func_type

    def __call__(self, *args: Any) -> Expression[Any]:
        return self._call_sql(self.name, args)

    def alias(self, *alias_names: str) -> UserDefinedFunctionWrapper:
        """Names the result columns where the function is used uncalled, taking the whole row, as in
        PyFlink: ``t.flat_aggregate(top2.alias('first', 'second'))``."""
        aliased = copy.copy(self)
        aliased._inline_name = self.name  # the same function under the same name
        aliased._alias_names = alias_names
        return aliased

    def alias_names(self) -> list[str]:
        return list(self._alias_names)

    def _call_sql(self, name: str, args: Sequence[Any]) -> Expression[Any]:
        return FunctionCall(name, [to_expression(argument).unaliased_sql() for argument in args], self)

    def to_spec(self) -> dict[str, Any]:
        """The function's entry in the job spec's ``functions``."""
        spec: dict[str, Any] = {
            "language": "python", "kind": self.kind, "funcType": self._func_type,
            "resultType": str(self._result_type), "deterministic": self._deterministic,
            "payload": base64.b64encode(_pickle(self._func)).decode("ascii"),
        }
        if self._input_types is not None:
            spec["inputTypes"] = [str(data_type) for data_type in self._input_types]
        return spec


class FunctionCall(Expression[Any]):
    """A call of a Python function; map, flat_map, join_lateral and aggregate read its parts."""

    def __init__(self, name: str, arguments: list[str], function: UserDefinedFunctionWrapper | None = None,
                 alias_names: Sequence[str] = ()) -> None:
        aliases = list(alias_names)
        super().__init__(f"{name}({', '.join(arguments)})", alias_name=aliases[0] if aliases else None,
                         extra_alias_names=tuple(aliases[1:]))
        self.function_name = name
        self.arguments = arguments
        self.function = function

    def alias(self, name: str, *extra_names: str) -> FunctionCall:
        return FunctionCall(self.function_name, self.arguments, self.function, (name, *extra_names))


class UserDefinedScalarFunctionWrapper(UserDefinedFunctionWrapper):
    kind = "scalar"


class UserDefinedTableFunctionWrapper(UserDefinedFunctionWrapper):
    kind = "table"


class UserDefinedAggregateFunctionWrapper(UserDefinedFunctionWrapper):
    kind = "aggregate"


class UserDefinedTableAggregateFunctionWrapper(UserDefinedFunctionWrapper):
    kind = "tableAggregate"


def kind_name(kind: str) -> str:
    """A function kind (the job spec's word) as messages name it: ``tableAggregate`` is
    ``table aggregate``."""
    return re.sub(r"[A-Z]", lambda capital: " " + capital.group().lower(), kind)


def _pickle(func: Any) -> bytes:
    """cloudpickle pickles what an importable module defines by reference. The user's own modules
    (scripts, test files) are usually not importable by the workers, so they go by value; installed
    packages (site-packages, the standard library, weir) stay by reference."""
    import cloudpickle
    module_name = getattr(type(func) if isinstance(func, UserDefinedFunction) else func, "__module__", None)
    module = sys.modules.get(module_name or "")
    by_value = module is not None and module_name != "__main__" and not _is_installed(module)
    if by_value:
        cloudpickle.register_pickle_by_value(module)
    try:
        return cloudpickle.dumps(func)
    finally:
        if by_value:
            cloudpickle.unregister_pickle_by_value(module)


def _is_installed(module: Any) -> bool:
    path = getattr(module, "__file__", None)
    if path is None or module.__name__.split(".")[0] == "weir":
        return True
    resolved = str(Path(path).resolve())
    roots = {str(Path(root).resolve()) for root in (sys.prefix, sys.base_prefix, sys.exec_prefix)}
    return "site-packages" in resolved or "dist-packages" in resolved or any(
        resolved.startswith(root + "/lib") for root in roots)


def _function_name(func: Any) -> str:
    if isinstance(func, UserDefinedFunction):
        return type(func).__name__
    name = getattr(func, "__name__", None)
    return "lambda" if name in (None, "<lambda>") else str(name)


def _decorate(factory: Callable[[Any], UserDefinedFunctionWrapper], f: Any) -> Any:
    # @udf(result_type=...) passes no function yet; udf(f, result_type=...) and @udf(...) both work
    return factory if f is None else factory(f)


def udf(f: Callable[..., Any] | ScalarFunction | None = None, input_types: Any = None,
        result_type: DataType | None = None, deterministic: bool | None = None, name: str | None = None,
        func_type: str = "general", udf_type: str | None = None) -> Any:
    """A scalar function: one result per row. ``func_type='numpy'`` (Weir's addition) calls the
    function once per batch with numpy arrays; ``'pandas'`` with pandas Series (when pandas is
    installed in the workers' interpreter)."""
    kind = udf_type or func_type
    if f is not None and not callable(f) and not isinstance(f, ScalarFunction):
        raise ValidationException(f"udf() takes a function or a ScalarFunction, got {type(f).__name__}.")
    if isinstance(f, UserDefinedFunction) and not isinstance(f, ScalarFunction):
        raise ValidationException(f"udf() takes a ScalarFunction, got {type(f).__name__}; use udtf or udaf.")
    if result_type is None:
        raise ValidationException("udf() needs result_type, e.g. result_type=DataTypes.BIGINT().")
    return _decorate(lambda func: UserDefinedScalarFunctionWrapper(func, input_types, result_type, kind,
                                                                   deterministic, name), f)


def udtf(f: Callable[..., Any] | TableFunction | None = None, input_types: Any = None,
         result_types: Sequence[DataType] | DataType | None = None, deterministic: bool | None = None,
         name: str | None = None) -> Any:
    """A table function: any number of rows per row, columns ``f0, f1, ...`` of ``result_types``."""
    if result_types is None:
        raise ValidationException("udtf() needs result_types, e.g. result_types=[DataTypes.STRING()].")
    row_type = _row_type(result_types)
    return _decorate(lambda func: UserDefinedTableFunctionWrapper(func, input_types, row_type, "general",
                                                                  deterministic, name), f)


def _row_type(result_types: Sequence[DataType] | DataType) -> DataType:
    """The ROW of a function's result rows: a ROW type as is, else columns ``f0, f1, ...``."""
    if isinstance(result_types, RowType):
        return result_types
    types = [result_types] if isinstance(result_types, DataType) else list(result_types)
    return DataTypes.ROW([DataTypes.FIELD(f"f{index}", data_type) for index, data_type in enumerate(types)])


def udaf(f: Callable[..., Any] | AggregateFunction[Any, Any] | None = None, input_types: Any = None,
         result_type: DataType | None = None, accumulator_type: DataType | None = None,
         deterministic: bool | None = None, name: str | None = None, func_type: str = "general") -> Any:
    """An aggregate function: an :class:`AggregateFunction` (``func_type='general'``), or a function
    over a group's whole columns (``'numpy'``: arrays, ``'pandas'``: Series) returning one value."""

    def wrap(func: Any) -> UserDefinedFunctionWrapper:
        if func_type == "general" and not isinstance(func, AggregateFunction):
            raise ValidationException("udaf() with func_type='general' takes an AggregateFunction instance; "
                                      "a plain function needs func_type='numpy' or 'pandas'.")
        resolved = result_type
        if resolved is None and isinstance(func, AggregateFunction):
            resolved = func.get_result_type()
        if resolved is None:
            raise ValidationException("udaf() needs result_type (or get_result_type() in the AggregateFunction).")
        return UserDefinedAggregateFunctionWrapper(func, input_types, resolved, func_type, deterministic, name)

    return _decorate(wrap, f)


def udtaf(f: TableAggregateFunction[Any, Any] | None = None, input_types: Any = None,
          result_type: DataType | None = None, accumulator_type: DataType | None = None,
          deterministic: bool | None = None, name: str | None = None, func_type: str = "general") -> Any:
    """A table aggregate function, for ``flat_aggregate``: a :class:`TableAggregateFunction` whose
    ``emit_value`` yields a group's rows, columns of ``result_type`` (a ROW; another type is one
    column ``f0``). ``accumulator_type`` is accepted as in PyFlink and not needed: accumulators
    are pickled."""

    def wrap(func: Any) -> UserDefinedFunctionWrapper:
        if not isinstance(func, TableAggregateFunction):
            raise ValidationException(f"udtaf() takes a TableAggregateFunction instance, got {type(func).__name__}.")
        if func_type != "general":
            raise ValidationException(f"udtaf() runs general table aggregate functions only (as PyFlink), "
                                      f"not func_type={func_type!r}.")
        resolved = result_type if result_type is not None else func.get_result_type()
        if resolved is None:
            raise ValidationException("udtaf() needs result_type (or get_result_type() in the TableAggregateFunction), "
                                      "e.g. DataTypes.ROW([DataTypes.FIELD('value', DataTypes.BIGINT())]).")
        return UserDefinedTableAggregateFunctionWrapper(func, input_types, _row_type(resolved), func_type,
                                                        deterministic, name)

    return _decorate(wrap, f)
