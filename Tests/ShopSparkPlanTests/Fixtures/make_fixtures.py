"""Encodes the plans of SparkPlanEncodingTests with pyspark's own generated protobuf classes
(pyspark.sql.connect.proto, from Spark's .proto files) and writes their bytes as hex, so the
hand-written Swift encoder is checked against the reference encoding, byte for byte.

Run: bench/.venv/bin/python Tests/ShopSparkPlanTests/Fixtures/make_fixtures.py
(the venv needs pyspark 4.3.0 and protobuf; scripts/spark-env.sh installs them).
"""
import importlib.util
import json
import os
import sys
import types

# pyspark.sql.connect's __init__ insists on pandas and grpcio, which encoding a plan does not
# need: register its package folders as bare modules so only the generated *_pb2 files load.
root = os.path.dirname(importlib.util.find_spec("pyspark").origin)
for name, folder in [
    ("pyspark", root),
    ("pyspark.sql", os.path.join(root, "sql")),
    ("pyspark.sql.connect", os.path.join(root, "sql", "connect")),
    ("pyspark.sql.connect.proto", os.path.join(root, "sql", "connect", "proto")),
]:
    module = types.ModuleType(name)
    module.__path__ = [folder]
    sys.modules[name] = module

from pyspark.sql.connect.proto import base_pb2, expressions_pb2 as ex, relations_pb2 as rel  # noqa: E402
from pyspark.sql.connect.proto import types_pb2  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def col(name):
    return ex.Expression(unresolved_attribute=ex.Expression.UnresolvedAttribute(unparsed_identifier=name))


def lit(**kw):
    return ex.Expression(literal=ex.Expression.Literal(**kw))


def fn(name, *args, distinct=False):
    return ex.Expression(
        unresolved_function=ex.Expression.UnresolvedFunction(function_name=name, arguments=list(args), is_distinct=distinct)
    )


def alias(e, name):
    return ex.Expression(alias=ex.Expression.Alias(expr=e, name=[name]))


def sort_key(e, descending):
    return ex.Expression.SortOrder(
        child=e,
        direction=ex.Expression.SortOrder.SORT_DIRECTION_DESCENDING if descending else ex.Expression.SortOrder.SORT_DIRECTION_ASCENDING,
        null_ordering=ex.Expression.SortOrder.SORT_NULLS_LAST,
    )


def plan(relation):
    return base_pb2.Plan(root=relation).SerializeToString(deterministic=True).hex()


csv = rel.Relation(
    read=rel.Read(
        data_source=rel.Read.DataSource(
            format="csv", options={"header": "true", "inferSchema": "true"}, paths=["/data/online_retail.csv"]
        )
    )
)
positive = rel.Relation(filter=rel.Filter(input=csv, condition=fn(">", col("Quantity"), lit(long=0))))
with_revenue = rel.Relation(
    with_columns=rel.WithColumns(
        input=positive,
        aliases=[ex.Expression.Alias(expr=fn("*", col("Quantity"), col("UnitPrice")), name=["revenue"])],
    )
)
grouped = rel.Relation(
    aggregate=rel.Aggregate(
        input=with_revenue,
        group_type=rel.Aggregate.GROUP_TYPE_GROUPBY,
        grouping_expressions=[col("Country")],
        aggregate_expressions=[
            alias(fn("sum", col("revenue")), "revenue"),
            alias(fn("avg", col("revenue")), "mean_revenue"),
            alias(fn("min", col("UnitPrice")), "cheapest"),
            alias(fn("max", col("UnitPrice")), "dearest"),
            alias(fn("median", col("Quantity")), "median_quantity"),
            alias(fn("count", col("InvoiceNo"), distinct=True), "orders"),
            alias(fn("count", lit(long=1)), "lines"),
        ],
    )
)
sorted_ = rel.Relation(sort=rel.Sort(input=grouped, order=[sort_key(col("revenue"), True), sort_key(col("Country"), False)], is_global=True))
top = rel.Relation(limit=rel.Limit(input=sorted_, limit=10))

events = rel.Relation(read=rel.Read(named_table=rel.Read.NamedTable(unparsed_identifier="shop.events")))
projected = rel.Relation(project=rel.Project(input=events, expressions=[col("customer_id"), alias(col("`event type`"), "kind")]))
distinct = rel.Relation(deduplicate=rel.Deduplicate(input=projected, all_columns_as_keys=True))

literals = rel.Relation(
    filter=rel.Filter(
        input=events,
        condition=fn(
            "or",
            fn("and", fn("not", fn("==", col("`odd``name`"), lit(string="it's"))), fn("in", col("n"), lit(long=-3), lit(double=2.5))),
            fn(
                "and",
                fn("<=", fn("negative", col("x")), lit(null=types_pb2.DataType(null=types_pb2.DataType.NULL()))),
                fn(">=", col("at"), lit(timestamp_ntz=1_293_840_000_000_000)),
            ),
        ),
    )
)
flag = rel.Relation(filter=rel.Filter(input=events, condition=fn("==", col("flag"), lit(boolean=False))))

fixtures = {
    "csv_pipeline": plan(top),
    "table_project_distinct": plan(distinct),
    "literals_and_operators": plan(literals),
    "false_literal": plan(flag),
}
with open(os.path.join(HERE, "plans.json"), "w") as f:
    json.dump(fixtures, f, indent=1, sort_keys=True)
    f.write("\n")

# The requests around a plan, and responses as the server sends them.
session = dict(session_id="8a7a3e0c-4b1d-4c1e-9a57-0f5d2c1b6e01", user_context=base_pb2.UserContext(user_id="analyst"))
requests = {
    "execute_plan_request": base_pb2.ExecutePlanRequest(plan=base_pb2.Plan(root=distinct), client_type="shoplab", **session),
    "explain_request": base_pb2.AnalyzePlanRequest(
        client_type="shoplab",
        explain=base_pb2.AnalyzePlanRequest.Explain(
            plan=base_pb2.Plan(root=distinct), explain_mode=base_pb2.AnalyzePlanRequest.Explain.EXPLAIN_MODE_EXTENDED
        ),
        **session,
    ),
    "config_request": base_pb2.ConfigRequest(
        operation=base_pb2.ConfigRequest.Operation(
            set=base_pb2.ConfigRequest.Set(pairs=[base_pb2.KeyValue(key="spark.sql.session.timeZone", value="UTC")])
        ),
        client_type="shoplab",
        **session,
    ),
    "arrow_batch_response": base_pb2.ExecutePlanResponse(
        session_id=session["session_id"],
        operation_id="op-1",
        response_id="r-1",
        arrow_batch=base_pb2.ExecutePlanResponse.ArrowBatch(row_count=3, data=bytes(range(200)), start_offset=0),
        metrics=base_pb2.ExecutePlanResponse.Metrics(
            metrics=[base_pb2.ExecutePlanResponse.Metrics.MetricObject(name="scan", plan_id=7)]
        ),
    ),
    "result_complete_response": base_pb2.ExecutePlanResponse(
        session_id=session["session_id"], result_complete=base_pb2.ExecutePlanResponse.ResultComplete()
    ),
    "explain_response": base_pb2.AnalyzePlanResponse(
        session_id=session["session_id"],
        explain=base_pb2.AnalyzePlanResponse.Explain(explain_string="== Physical Plan ==\nScan csv"),
    ),
}
with open(os.path.join(HERE, "messages.json"), "w") as f:
    json.dump({k: v.SerializeToString(deterministic=True).hex() for k, v in requests.items()}, f, indent=1, sort_keys=True)
    f.write("\n")
