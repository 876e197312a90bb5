import datetime
import decimal

import pytest

from weir.errors import ValidationException
from weir.table import DataTypes
from weir.table.expressions import and_, call, call_sql, coalesce, col, concat, if_then_else, lit, not_, or_


@pytest.mark.parametrize("expression, sql", [
    (col("a") + 1, "(a + 1)"),
    (1 + col("a"), "(1 + a)"),
    (col("a") * col("b") - 2, "((a * b) - 2)"),
    (col("a") / 2, "(a / 2)"),
    (col("a") % 2, "MOD(a, 2)"),
    (-col("a"), "(-a)"),
    (col("a") == "x", "(a = 'x')"),
    (col("a") != "it's", "(a <> 'it''s')"),
    ((col("a") > 1) & (col("b") <= 2.5), "((a > 1) AND (b <= 2.5E0))"),
    ((col("a") < 1) | ~col("flag"), "((a < 1) OR (NOT flag))"),
    (and_(col("a"), col("b"), col("c")), "(a AND b AND c)"),
    (or_(col("a"), col("b")), "(a OR b)"),
    (not_(col("a")), "(NOT a)"),
    (col("a").alias("x"), "a AS x"),
    ((col("a") + 1).alias("end"), "(a + 1) AS `end`"),
    (col("first name"), "`first name`"),
    (col("*"), "*"),
    (col("name").upper_case, "UPPER(name)"),
    (col("name").lower_case.char_length, "CHAR_LENGTH(LOWER(name))"),
    (col("name").substring(2, 3), "SUBSTRING(name FROM 2 FOR 3)"),
    (col("name").trim(), "TRIM(BOTH ' ' FROM name)"),
    (col("name").like("A%"), "(name LIKE 'A%')"),
    (col("id").count, "COUNT(id)"),
    (col("id").count.distinct, "COUNT(DISTINCT id)"),
    (col("amount").sum.distinct.alias("d"), "SUM(DISTINCT amount) AS d"),
    (col("amount").sum.alias("total"), "SUM(amount) AS total"),
    (col("amount").avg, "AVG(amount)"),
    (col("amount").max, "MAX(amount)"),
    (col("a").is_null, "(a IS NULL)"),
    (col("a").in_(1, 2, 3), "(a IN (1, 2, 3))"),
    (col("a").between(1, 5), "(a BETWEEN 1 AND 5)"),
    (col("a").cast(DataTypes.DECIMAL(10, 2)), "CAST(a AS DECIMAL(10, 2))"),
    (col("a").if_null(0), "COALESCE(a, 0)"),
    ((col("a") > 5).then("big", "small"), "CASE WHEN (a > 5) THEN 'big' ELSE 'small' END"),
    (if_then_else(col("ok"), 1, 0), "CASE WHEN ok THEN 1 ELSE 0 END"),
    (col("w").start, "w.start"),
    (col("w").end, "w.end"),
    (col("w").rowtime, "w.rowtime"),
    (col("address").get("city"), "address.city"),
    (lit(10).seconds, "INTERVAL '10' SECOND"),
    (lit(5).minutes, "INTERVAL '5' MINUTE"),
    (lit(None), "NULL"),
    (lit(True), "TRUE"),
    (lit(decimal.Decimal("1.50")), "1.50"),
    (lit(datetime.date(2024, 1, 31)), "DATE '2024-01-31'"),
    (lit(datetime.datetime(2024, 1, 31, 12, 0, 1)), "TIMESTAMP '2024-01-31 12:00:01'"),
    (lit(1, DataTypes.BIGINT()), "CAST(1 AS BIGINT)"),
    (call("upper", col("name")), "UPPER(name)"),
    (call_sql("price * 2"), "(price * 2)"),
    (concat(col("a"), "-", col("b")), "CONCAT(a, '-', b)"),
    (coalesce(col("a"), col("b"), 0), "COALESCE(a, b, 0)"),
])
def test_expressions_render_sql(expression, sql):
    assert str(expression) == sql


def test_python_boolean_operators_are_refused_with_a_hint():
    with pytest.raises(TypeError, match="&"):
        bool(col("a") > 1)


def test_window_properties_need_the_window_alias():
    with pytest.raises(ValidationException, match="col\\('w'\\).start"):
        (col("a") + 1).start


def test_intervals_need_whole_literals_with_a_fixed_length():
    with pytest.raises(ValidationException, match="integer literal"):
        col("a").seconds
    with pytest.raises(AttributeError):
        lit(1).months  # noqa: B018 - months have no fixed length: Weir does not offer them
