"""Weir's Table API, with the names of ``pyflink.table``.

    from weir.table import EnvironmentSettings, TableEnvironment, TableDescriptor, Schema, DataTypes
    from weir.table.expressions import col, lit
"""

from weir.common.types import Row, RowKind
from weir.table.environment_settings import EnvironmentSettings
from weir.table.expression import Expression
from weir.table.schema import Schema
from weir.table.table import GroupedTable, GroupWindowedTable, Table, WindowGroupedTable
from weir.table.table_config import TableConfig
from weir.table.table_descriptor import FormatDescriptor, TableDescriptor
from weir.table.table_environment import StatementSet, TableEnvironment
from weir.table.table_result import CloseableIterator, JobClient, JobStatus, ResultKind, SourceCounts, TableResult
from weir.table.types import DataType, DataTypes

__all__ = ["CloseableIterator", "DataType", "DataTypes", "EnvironmentSettings", "Expression", "FormatDescriptor",
           "GroupWindowedTable", "GroupedTable", "JobClient", "JobStatus", "ResultKind", "Row", "RowKind", "Schema", "SourceCounts",
           "StatementSet", "Table", "TableConfig", "TableDescriptor", "TableEnvironment", "TableResult",
           "WindowGroupedTable"]
