"""The entry point of the Table API, as ``pyflink.table.TableEnvironment``."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, Iterable, Sequence

from weir._bindings.validation import did_you_mean
from weir._jvm.artifacts import resolve_artifacts
from weir._jvm.gateway import Gateway, get_gateway
from weir.common.types import Row
from weir.errors import ValidationException
from weir.table._values import infer_type, to_json
from weir.table.environment_settings import RUNTIME_MODE_KEY, EnvironmentSettings
from weir.table.table import Table, sink_json
from weir.table.table_config import PIPELINE_JARS, TableConfig
from weir.table.table_descriptor import TableDescriptor
from weir.table.table_result import TableResult
from weir.table.types import DataType, DataTypes, RowType
from weir.table.udf import INLINE_FUNCTIONS, UserDefinedFunctionWrapper

__all__ = ["TableEnvironment", "StatementSet"]

JOB_SPEC_VERSION = 1
PYTHON_EXECUTABLE = "python.executable"
PYTHON_WORKER_PATH = "python.worker.pythonpath"
PYTHON_FILES = "python.files"
PYTHON_ARCHIVES = "python.archives"
PYTHON_REQUIREMENTS = "python.requirements"
# A word followed by "(": every call in SQL text, to find the Python functions a query uses
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")

Sink = str | dict[str, Any]


class TableEnvironment:
    """Registers tables, builds queries and runs them on Weir's engine.

    ``TableEnvironment.create(EnvironmentSettings.in_streaming_mode())``
    """

    def __init__(self, settings: EnvironmentSettings) -> None:
        self._streaming = settings.is_streaming_mode()
        self._config = TableConfig({**settings.get_configuration(),
                                    RUNTIME_MODE_KEY: "streaming" if self._streaming else "batch"})
        self._tables: dict[str, TableDescriptor] = {}
        self._views: dict[str, dict[str, Any]] = {}
        self._functions: dict[str, UserDefinedFunctionWrapper] = {}
        self._connectors: list[str] = []
        self._connector_jars: list[str] = []

    @staticmethod
    def create(environment_settings: EnvironmentSettings | None = None) -> TableEnvironment:
        return TableEnvironment(environment_settings or EnvironmentSettings.in_streaming_mode())

    def get_config(self) -> TableConfig:
        return self._config

    def is_streaming_mode(self) -> bool:
        return self._streaming

    # ---- tables ----

    def create_temporary_table(self, path: str, descriptor: TableDescriptor) -> None:
        """Registers a table after the engine has checked its connector, format and options (so a
        misspelt option fails here, naming the closest valid one)."""
        if path in self._tables or path in self._views:
            raise ValidationException(f"Temporary table '{path}' already exists; drop it first with "
                                      f"drop_temporary_table('{path}').")
        self.validate_descriptor(descriptor, path)
        self._tables[path] = descriptor

    def create_table(self, path: str, descriptor: TableDescriptor) -> None:
        """Weir has no persistent catalog: a table lives as long as its environment, like a temporary one."""
        self.create_temporary_table(path, descriptor)

    def drop_temporary_table(self, table_path: str) -> bool:
        return self._tables.pop(table_path, None) is not None

    def create_temporary_view(self, view_path: str, table: Table) -> None:
        """Names a query; ``from_path(view_path)`` then reads it. Tests use this to put in-memory
        rows (``from_elements``) where a pipeline reads a real table."""
        if view_path in self._tables or view_path in self._views:
            raise ValidationException(f"Temporary table or view '{view_path}' already exists.")
        self._views[view_path] = table.to_json()

    def drop_temporary_view(self, view_path: str) -> bool:
        return self._views.pop(view_path, None) is not None

    def list_views(self) -> list[str]:
        return sorted(self._views)

    def drop_table(self, table_path: str) -> bool:
        return self.drop_temporary_table(table_path)

    def list_tables(self) -> list[str]:
        return sorted([*self._tables, *self._views])

    def list_temporary_tables(self) -> list[str]:
        return sorted(self._tables)

    # ---- connector jars ----

    def add_connector(self, name: str) -> None:
        """Puts a connector or format, with its dependencies, on this environment's class path
        (Weir's addition): a Weir identifier (``'kafka'``, ``'avro-confluent'``) or any Maven
        coordinate (``'org.example:my-connector:1.0'``).

        Jars come from the local Maven repository (~/.m2/repository) when they are there, else from
        Weir's cache, else Maven Central (``weir.maven.repositories`` names others), and are
        downloaded into the cache (see README, "Connectors by name"). Everything added so far is
        resolved together, so connectors that share a library get one version of it. Raises
        ValidationException for an unknown identifier or an artifact that cannot be found."""
        if name in self._connectors:
            return
        connectors = [*self._connectors, name]
        self._connector_jars = resolve_artifacts(self._gateway(), connectors, self._config.get_configuration())
        self._connectors = connectors

    def add_jars(self, *jars_path: str) -> None:
        """Adds local jars (paths or ``file://`` URLs) to ``pipeline.jars``, as PyFlink's
        ``add_jars``: their factories are found by identifier like the built-in ones."""
        for jar in jars_path:
            path = Path(jar[len("file://"):] if jar.startswith("file://") else jar).resolve()
            if not path.is_file():
                raise ValidationException(f"add_jars: no such file '{jar}'.")
            self._append_config(PIPELINE_JARS, path.as_uri(), separator=";")

    def _jars(self) -> list[str]:
        """Every jar the gateway adds for this environment: pipeline.jars/classpaths, then connectors."""
        return [*self._config.jars(), *self._connector_jars]

    def validate_descriptor(self, descriptor: TableDescriptor, name: str = "table") -> None:
        """Checks a descriptor in the engine (connector, format, every option); raises
        ValidationException listing every problem."""
        self._gateway().request("validateDescriptor", {
            "name": name, "descriptor": descriptor._wire_json(), "streaming": self._streaming,
            "jars": self._jars()})

    def from_path(self, path: str) -> Table:
        if path in self._views:
            return Table(self, self._views[path])
        if path not in self._tables:
            names = [*self._tables, *self._views]
            raise ValidationException(f"Table '{path}' was not found.{did_you_mean(path, names)} "
                                      f"Registered tables and views: {', '.join(sorted(names)) or 'none'}.")
        return Table(self, {"op": "scan", "table": path})

    def from_descriptor(self, descriptor: TableDescriptor) -> Table:
        self.validate_descriptor(descriptor)
        return Table(self, {"op": "scan", "descriptor": descriptor._wire_json()})

    def from_elements(self, elements: Iterable[Any], schema: DataType | Sequence[str] | None = None,
                      verify_schema: bool = True) -> Table:
        """A table of literal rows. ``schema`` is a ``DataTypes.ROW`` or a list of column names
        (types are then inferred from the first row, as PyFlink does)."""
        rows = [list(element) if isinstance(element, (tuple, list, Row)) else [element] for element in elements]
        if isinstance(schema, RowType):
            row_type = schema
        elif isinstance(schema, DataType):
            raise ValidationException(f"from_elements needs a ROW schema, got {schema}.")
        else:
            if not rows:
                raise ValidationException("from_elements without rows needs a DataTypes.ROW schema.")
            names = list(schema) if schema is not None else [f"_{i + 1}" for i in range(len(rows[0]))]
            types = [infer_type(next((row[i] for row in rows if i < len(row) and row[i] is not None), None))
                     for i in range(len(names))]
            row_type = RowType([DataTypes.FIELD(name, data_type) for name, data_type in zip(names, types)])
        if verify_schema:
            for index, row in enumerate(rows):
                if len(row) != len(row_type.fields):
                    raise ValidationException(f"Element {index} has {len(row)} values but the schema has "
                                              f"{len(row_type.fields)} columns {row_type.field_names()}.")
        schema_json = {"columns": [{"name": field.name, "type": str(field.data_type)} for field in row_type.fields]}
        values = [to_json(row, row_type) for row in rows]
        return Table(self, {"op": "values", "schema": schema_json, "rows": values})

    # ---- Python functions ----

    def create_temporary_function(self, path: str, function: UserDefinedFunctionWrapper) -> None:
        """Registers a Python function (``udf``/``udtf``/``udaf``/``udtaf``) so SQL text can call it by name."""
        if not isinstance(function, UserDefinedFunctionWrapper):
            raise ValidationException(f"create_temporary_function('{path}', ...) takes a function made with udf, udtf, "
                                      f"udaf or udtaf, got {type(function).__name__}.")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", path):
            raise ValidationException(f"Function name '{path}' must be an identifier (letters, digits, _).")
        if path.upper() in {name.upper() for name in self._functions}:
            raise ValidationException(f"Temporary function '{path}' already exists; drop it first with "
                                      f"drop_temporary_function('{path}').")
        self._functions[path] = function

    def create_temporary_system_function(self, name: str, function: UserDefinedFunctionWrapper) -> None:
        """As create_temporary_function: Weir has one function namespace per environment."""
        self.create_temporary_function(name, function)

    def drop_temporary_function(self, path: str) -> bool:
        for name in list(self._functions):
            if name.upper() == path.upper():
                del self._functions[name]
                return True
        return False

    def drop_temporary_system_function(self, name: str) -> bool:
        return self.drop_temporary_function(name)

    def list_user_defined_functions(self) -> list[str]:
        return sorted(self._functions)

    def add_python_file(self, file_path: str) -> None:
        """Ships a Python file, package directory, source directory or .zip/.whl to the workers' path."""
        self._append_config(PYTHON_FILES, str(Path(file_path).resolve()))

    def add_python_archive(self, archive_path: str, target_dir: str | None = None) -> None:
        """Extracts an archive (zip, tar.gz, ...) into the workers' working directory, under
        ``target_dir`` (default: the archive's file name)."""
        entry = str(Path(archive_path).resolve()) + (f"#{target_dir}" if target_dir else "")
        self._append_config(PYTHON_ARCHIVES, entry)

    def set_python_requirements(self, requirements_file_path: str, requirements_cache_dir: str | None = None) -> None:
        """Installs requirements for the workers with ``pip install --no-index --find-links
        <requirements_cache_dir>`` (default: the requirements file's directory): local wheels and
        source directories only, never a package index."""
        value = str(Path(requirements_file_path).resolve())
        if requirements_cache_dir is not None:
            value += "#" + str(Path(requirements_cache_dir).resolve())
        self._config.set(PYTHON_REQUIREMENTS, value)

    def _append_config(self, key: str, value: str, separator: str = ",") -> None:
        existing = self._config.get(key)
        self._config.set(key, value if not existing else f"{existing}{separator}{value}")

    def _python_functions(self, queries: Iterable[dict[str, Any]]) -> dict[str, Any]:
        """The spec entries of the Python functions the queries call (registered or inline)."""
        texts: list[str] = []
        for query in queries:
            _collect_texts(query, texts)
        registered = {name.upper(): (name, function) for name, function in self._functions.items()}
        found: dict[str, Any] = {}
        for text in texts:
            for match in _CALL.finditer(text):
                word = match.group(1)
                entry = registered.get(word.upper())
                if entry is None:
                    inline = INLINE_FUNCTIONS.lookup(word)
                    entry = (inline.name, inline) if inline is not None else None
                if entry is not None and entry[0] not in found:
                    found[entry[0]] = entry[1].to_spec()
        return found

    def _python_configuration(self) -> dict[str, str]:
        """Workers run on this interpreter and import this weir package, unless configured otherwise."""
        package_root = str(Path(__file__).resolve().parent.parent.parent)
        return {PYTHON_EXECUTABLE: self._config.get(PYTHON_EXECUTABLE) or sys.executable,
                PYTHON_WORKER_PATH: self._config.get(PYTHON_WORKER_PATH) or package_root}

    # ---- statements ----

    def create_statement_set(self) -> StatementSet:
        return StatementSet(self)

    def execute_sql(self, stmt: str) -> TableResult:
        raise ValidationException("Weir runs Table API programs; SQL statements (execute_sql, sql_query) are not "
                                  "supported yet. Register tables with create_temporary_table and "
                                  "TableDescriptor instead of CREATE TABLE.")

    def sql_query(self, query: str) -> Table:
        return self.execute_sql(query)  # type: ignore[return-value]

    def explain_sql(self, stmt: str, *extra_details: Any) -> str:
        return self.execute_sql(stmt)  # type: ignore[return-value]

    # ---- jobs ----

    def _gateway(self) -> Gateway:
        return get_gateway()

    def _job_spec(self, pipelines: Sequence[tuple[Sink, dict[str, Any]]]) -> dict[str, Any]:
        """The JSON job spec of pipelines (sink, query), with the registered tables they use."""
        used: set[str] = set()
        for sink, query in pipelines:
            _collect_tables(query, used)
            if isinstance(sink, dict) and "table" in sink:
                used.add(sink["table"])
        missing = sorted(name for name in used if name not in self._tables)
        if missing:
            raise ValidationException(f"Table '{missing[0]}' was not found.{did_you_mean(missing[0], self._tables)}")
        spec: dict[str, Any] = {
            "version": JOB_SPEC_VERSION,
            "config": self._config.engine_configuration(),
            "tables": {name: descriptor._wire_json() for name, descriptor in self._tables.items() if name in used},
            "pipelines": [{"sink": sink, "query": query} for sink, query in pipelines],
        }
        functions = self._python_functions(query for _, query in pipelines)
        if functions:
            spec["functions"] = functions
            spec["config"] = {**spec["config"], **self._python_configuration()}
        return spec

    def _execute(self, pipelines: Sequence[tuple[Sink, dict[str, Any]]], collect: bool) -> TableResult:
        gateway = self._gateway()
        spec = self._job_spec(pipelines)
        result = gateway.request("submitJob", {"job": spec, "jars": self._jars()})
        return TableResult(gateway, result["jobId"], result.get("columns", []), collect, self._streaming)

    def _describe(self, query: dict[str, Any]) -> list[tuple[str, str]]:
        """The (name, SQL type) of each column of a query, as the engine resolves them."""
        result = self._gateway().request("describeQuery", {"job": self._job_spec([("collect", query)]),
                                                           "jars": self._jars()})
        return [(column["name"], column["type"]) for column in result["columns"]]

    def _explain(self, pipelines: Sequence[tuple[Sink, dict[str, Any]]]) -> str:
        result = self._gateway().request("explainJob", {"job": self._job_spec(pipelines),
                                                        "jars": self._jars()})
        return str(result["plan"])


def _collect_texts(value: Any, into: list[str]) -> None:
    """Every string in a query tree (expressions and function names)."""
    if isinstance(value, str):
        into.append(value if not _is_plain_name(value) else value + "()")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("descriptor", "rows", "schema"):
                _collect_texts(item, into)
    elif isinstance(value, list):
        for item in value:
            _collect_texts(item, into)


def _is_plain_name(text: str) -> bool:
    # map/flat_map/join_lateral name their function bare; "f" is looked up as the call "f()"
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text) is not None


def _collect_tables(query: dict[str, Any], into: set[str]) -> None:
    if query.get("op") == "scan" and "table" in query:
        into.add(query["table"])
    if "input" in query:
        _collect_tables(query["input"], into)
    for child in query.get("inputs", []):
        _collect_tables(child, into)


class StatementSet:
    """Several inserts run as one job, as ``pyflink.table.StatementSet``."""

    def __init__(self, environment: TableEnvironment) -> None:
        self._environment = environment
        self._pipelines: list[tuple[Sink, dict[str, Any]]] = []

    def add_insert(self, target_path_or_descriptor: str | TableDescriptor, table: Table,
                   overwrite: bool = False) -> StatementSet:
        if overwrite:
            raise ValidationException("Weir's sinks append; add_insert(..., overwrite=True) is not supported.")
        self._pipelines.append((sink_json(target_path_or_descriptor), table.to_json()))
        return self

    def explain(self) -> str:
        return self._environment._explain(self._pipelines)

    def to_job_spec(self) -> dict[str, Any]:
        return self._environment._job_spec(self._pipelines)

    def execute(self) -> TableResult:
        if not self._pipelines:
            raise ValidationException("The statement set is empty: add inserts with add_insert() first.")
        return self._environment._execute(self._pipelines, collect=False)
