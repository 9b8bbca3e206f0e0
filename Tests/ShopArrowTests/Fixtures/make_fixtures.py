"""Writes the Arrow IPC stream fixtures for ShopArrowTests with pyarrow, an independent
Arrow implementation, plus each stream's expected values as JSON (pyarrow's own to_pylist,
so the Swift reader is checked against what pyarrow reads back).

Run: bench/.venv/bin/python Tests/ShopArrowTests/Fixtures/make_fixtures.py
(the venv needs pyarrow; scripts/spark-env.sh installs it). The files are small and
committed; rerunning rewrites them byte for byte the same for a given pyarrow version.
"""
import datetime as dt
import decimal
import json
import os

import pyarrow as pa

HERE = os.path.dirname(os.path.abspath(__file__))


def expected_value(v):
    """JSON form of a value: dates as day numbers, timestamps as microseconds,
    decimals as unscaled-integer strings, so the test compares exact numbers."""
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, dt.datetime):
        base = dt.datetime(1970, 1, 1, tzinfo=v.tzinfo)
        delta = v - base
        return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    if isinstance(v, dt.date):
        return (v - dt.date(1970, 1, 1)).days
    if isinstance(v, decimal.Decimal):
        return str(v)
    raise TypeError(type(v))


def write(name, batches):
    path = os.path.join(HERE, name + ".arrows")
    with pa.OSFile(path, "wb") as sink:
        with pa.ipc.new_stream(sink, batches[0].schema) as writer:
            for b in batches:
                writer.write_batch(b)
    table = pa.Table.from_batches(batches)
    expected = {
        "fields": [
            {"name": f.name, "type": str(f.type), "nullable": f.nullable} for f in table.schema
        ],
        "batches": len(batches),
        "columns": {
            c: [expected_value(v) for v in table.column(c).to_pylist()] for c in table.column_names
        },
    }
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
        f.write("\n")


# The types Spark Connect sends (IntegerType int32, LongType int64, DoubleType, StringType
# utf8, BooleanType, DateType date32, DecimalType decimal128, TimestampType timestamp[us,
# tz] and TimestampNTZType timestamp[us]), with nulls in every column, over three batches
# of different lengths; one batch has no nulls at all (no validity bitmap written).
schema = pa.schema(
    [
        ("i32", pa.int32()),
        ("i64", pa.int64()),
        ("f64", pa.float64()),
        ("text", pa.utf8()),
        ("flag", pa.bool_()),
        ("day", pa.date32()),
        ("price", pa.decimal128(12, 2)),
        ("at", pa.timestamp("us", tz="UTC")),
        ("local", pa.timestamp("us")),
    ]
)


def batch(rows):
    cols = list(zip(*rows)) if rows else [[] for _ in schema]
    return pa.RecordBatch.from_arrays([pa.array(list(c), type=f.type) for c, f in zip(cols, schema)], schema=schema)


D = decimal.Decimal
UTC = dt.timezone.utc
write(
    "spark_types",
    [
        batch(
            [
                (1, 10_000_000_000, 1.5, "apple", True, dt.date(2011, 1, 4), D("12.34"),
                 dt.datetime(2011, 1, 4, 10, 30, 0, 123456, tzinfo=UTC), dt.datetime(2011, 1, 4, 10, 30)),
                (None, None, None, None, None, None, None, None, None),
                (-7, -3, -0.25, "héllo, wörld", False, dt.date(1969, 12, 31), D("-0.05"),
                 dt.datetime(1969, 12, 31, 23, 59, 59, 500000, tzinfo=UTC), dt.datetime(1970, 1, 1)),
            ]
        ),
        batch(
            [
                (2147483647, 9223372036854775807, 1e300, "", True, dt.date(2024, 2, 29), D("9999999999.99"),
                 dt.datetime(2024, 2, 29, 0, 0, tzinfo=UTC), dt.datetime(2024, 2, 29, 23, 59, 59, 999999)),
                (-2147483648, -9223372036854775808, -0.0, "x" * 40, False, dt.date(1900, 3, 1), D("-9999999999.99"),
                 dt.datetime(1900, 3, 1, tzinfo=UTC), dt.datetime(2100, 12, 31)),
            ]
        ),
        batch(
            [
                (3, 30, 3.0, "banana", None, dt.date(2011, 12, 9), None, None, dt.datetime(2011, 12, 9, 12, 50)),
                (None, 31, None, "apple", False, None, D("0.00"), dt.datetime(2011, 12, 9, 12, 50, tzinfo=UTC), None),
            ]
        ),
    ],
)

# A result with no rows: the schema and no record batch (what Spark sends for an empty result).
with pa.OSFile(os.path.join(HERE, "empty.arrows"), "wb") as sink:
    with pa.ipc.new_stream(sink, pa.schema([("n", pa.int64()), ("s", pa.utf8())])):
        pass

# Narrow and other widths Spark may send (ByteType int8, ShortType int16, FloatType float32,
# a large string), and one batch of 1,000 rows.
write(
    "other_widths",
    [
        pa.RecordBatch.from_arrays(
            [
                pa.array([i % 128 - 64 for i in range(1_000)], type=pa.int8()),
                pa.array([i * 31 - 15_000 for i in range(1_000)], type=pa.int16()),
                pa.array([i / 8 if i % 7 else None for i in range(1_000)], type=pa.float32()),
                pa.array([f"s{i % 97}" for i in range(1_000)], type=pa.large_utf8()),
            ],
            names=["b", "s", "f", "ls"],
        )
    ],
)

# Something the reader refuses, with the column named: a list column.
with pa.OSFile(os.path.join(HERE, "nested.arrows"), "wb") as sink:
    t = pa.table({"ok": pa.array([1]), "items": pa.array([[1, 2]])})
    with pa.ipc.new_stream(sink, t.schema) as w:
        w.write_table(t)
