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

# resample InvoiceDate by week agg orders = nunique(InvoiceNo), revenue = sum(revenue), lines = count():
# buckets by date_trunc, the full run of bucket starts from sequence(min, max, 7 days), the
# aggregates left-joined onto it, counts 0 in empty buckets, sorted by bucket.
bucketed = rel.Relation(
    filter=rel.Filter(
        input=rel.Relation(
            with_columns=rel.WithColumns(
                input=with_revenue,
                aliases=[ex.Expression.Alias(expr=fn("date_trunc", lit(string="week"), col("InvoiceDate")), name=["InvoiceDate"])],
            )
        ),
        condition=fn("isnotnull", col("InvoiceDate")),
    )
)
weekly = rel.Relation(
    aggregate=rel.Aggregate(
        input=bucketed,
        group_type=rel.Aggregate.GROUP_TYPE_GROUPBY,
        grouping_expressions=[col("InvoiceDate")],
        aggregate_expressions=[
            alias(fn("count", col("InvoiceNo"), distinct=True), "orders"),
            alias(fn("sum", col("revenue")), "revenue"),
            alias(fn("count", lit(long=1)), "lines"),
        ],
    )
)
bounds = rel.Relation(
    aggregate=rel.Aggregate(
        input=weekly,
        group_type=rel.Aggregate.GROUP_TYPE_GROUPBY,
        aggregate_expressions=[alias(fn("min", col("InvoiceDate")), "first"), alias(fn("max", col("InvoiceDate")), "last")],
    )
)
week_step = lit(calendar_interval=ex.Expression.Literal.CalendarInterval(days=7))
every_week = rel.Relation(
    project=rel.Project(
        input=bounds,
        expressions=[alias(fn("explode", fn("sequence", col("first"), col("last"), week_step)), "InvoiceDate")],
    )
)
filled = rel.Relation(
    with_columns=rel.WithColumns(
        input=rel.Relation(
            join=rel.Join(left=every_week, right=weekly, join_type=rel.Join.JOIN_TYPE_LEFT_OUTER, using_columns=["InvoiceDate"])
        ),
        aliases=[
            ex.Expression.Alias(expr=fn("coalesce", col(n), lit(long=0)), name=[n]) for n in ["orders", "lines"]
        ],
    )
)
resampled = rel.Relation(sort=rel.Sort(input=filled, order=[sort_key(col("InvoiceDate"), False)], is_global=True))
month_step = rel.Relation(project=rel.Project(input=events, expressions=[
    lit(calendar_interval=ex.Expression.Literal.CalendarInterval(months=1)),
    lit(calendar_interval=ex.Expression.Literal.CalendarInterval(months=-3, days=2, microseconds=5)),
]))

customers = rel.Relation(read=rel.Read(named_table=rel.Read.NamedTable(unparsed_identifier="shop.customers")))
joins = {
    kind: plan(rel.Relation(join=rel.Join(left=events, right=customers, join_type=number, using_columns=["customer_id", "Country"])))
    for kind, number in [("inner", rel.Join.JOIN_TYPE_INNER), ("left", rel.Join.JOIN_TYPE_LEFT_OUTER), ("anti", rel.Join.JOIN_TYPE_LEFT_ANTI)]
}


# kpi [METRICS] [by month] [net]: the local KPI definitions as one Spark aggregation
# (lines -> (group, order) pairs -> group totals and per-customer counts).
STANDARD = ["orders", "gmv", "aov", "customers", "repeat_rate"]
EVERY = ["orders", "gmv", "revenue", "aov", "customers", "repeat_rate", "frequency", "items_per_order", "cancel_rate"]


def kpi_plan(source, by_month, metric_names=STANDARD, net=False):
    def with_cols(inp, pairs):
        return rel.Relation(
            with_columns=rel.WithColumns(input=inp, aliases=[ex.Expression.Alias(expr=e, name=[n]) for n, e in pairs])
        )

    def agg(inp, keys, aggs):
        return rel.Relation(
            aggregate=rel.Aggregate(
                input=inp, group_type=rel.Aggregate.GROUP_TYPE_GROUPBY, grouping_expressions=keys, aggregate_expressions=aggs
            )
        )

    def join(left, right, using):
        return rel.Relation(join=rel.Join(left=left, right=right, join_type=rel.Join.JOIN_TYPE_LEFT_OUTER, using_columns=using))

    sale = fn(">", col("Quantity"), lit(long=0))
    line = fn("or", sale, fn("<", col("Quantity"), lit(long=0)))
    zero = lit(double=0.0)
    order_key = fn("coalesce", fn("string", col("InvoiceNo")), fn("concat", lit(string="\x00row "), fn("monotonically_increasing_id")))
    amount = fn("coalesce", fn("*", col("Quantity"), col("UnitPrice")), zero)
    quantity = fn("coalesce", fn("double", col("Quantity")), zero)
    lines = with_cols(source, [
        ("__order", order_key),
        ("__sale", fn("if", sale, lit(long=1), lit(long=0))),
        ("__return", fn("if", fn("<", col("Quantity"), lit(long=0)), lit(long=1), lit(long=0))),
        ("__gmv", fn("if", sale, amount, zero)),
        ("__net", fn("if", line, amount, zero)),
        ("__items", fn("if", line if net else sale, quantity, zero)),
    ])
    keys = []
    if by_month:
        first = agg(lines, [col("__order")], [alias(fn("min", col("InvoiceDate")), "__first")])
        joined = rel.Relation(join=rel.Join(left=lines, right=first, join_type=rel.Join.JOIN_TYPE_INNER, using_columns=["__order"]))
        lines = rel.Relation(filter=rel.Filter(
            input=with_cols(joined, [("month", fn("date_trunc", lit(string="month"), col("__first")))]),
            condition=fn("isnotnull", col("month"))))
        keys = [col("month")]
    pairs = agg(lines, keys + [col("__order")], [
        alias(fn("max", col("__sale")), "__sale"), alias(fn("max", col("__return")), "__return"),
        alias(fn("sum", col("__gmv")), "__gmv"), alias(fn("sum", col("__net")), "__net"),
        alias(fn("sum", col("__items")), "__items"), alias(fn("min", col("CustomerID")), "__customer")])
    sale_order = fn("==", col("__sale"), lit(long=1))
    totals = agg(pairs, keys, [
        alias(fn("sum", col("__sale")), "orders"), alias(fn("sum", col("__gmv")), "gmv"),
        alias(fn("sum", col("__net")), "__net"), alias(fn("sum", col("__items")), "__items"),
        alias(fn("sum", fn("if", fn("and", fn("==", col("__sale"), lit(long=0)), fn("==", col("__return"), lit(long=1))),
                           lit(long=1), lit(long=0))), "__cancels"),
        alias(fn("sum", fn("if", fn("and", sale_order, fn("isnotnull", col("__customer"))), lit(long=1), lit(long=0))), "__known")])
    per_customer = agg(
        rel.Relation(filter=rel.Filter(input=pairs, condition=fn("and", fn("==", col("__sale"), lit(long=1)), fn("isnotnull", col("__customer"))))),
        keys + [col("__customer")], [alias(fn("count", lit(long=1)), "__orders")])
    customers = agg(per_customer, keys, [
        alias(fn("count", lit(long=1)), "customers"),
        alias(fn("sum", fn("if", fn(">=", col("__orders"), lit(long=2)), lit(long=1), lit(long=0))), "__repeaters")])
    groups = totals
    if by_month:
        bounds = agg(totals, [], [alias(fn("min", col("month")), "first"), alias(fn("max", col("month")), "last")])
        every = rel.Relation(project=rel.Project(input=bounds, expressions=[alias(fn("explode", fn("sequence", col("first"), col("last"),
            lit(calendar_interval=ex.Expression.Literal.CalendarInterval(months=1)))), "month")]))
        groups = join(every, totals, ["month"])
    joined = join(groups, customers, ["month"] if by_month else [])

    def ratio(a, b):
        return fn("if", fn("==", b, lit(long=0)), lit(null=types_pb2.DataType(null=types_pb2.DataType.NULL())), fn("/", a, b))

    orders = fn("coalesce", col("orders"), lit(long=0))
    gmv = fn("coalesce", col("gmv"), zero)
    revenue = fn("coalesce", col("__net"), zero) if net else gmv
    n_customers = fn("coalesce", col("customers"), lit(long=0))
    cancels = fn("coalesce", col("__cancels"), lit(long=0))
    every_metric = {
        "orders": orders, "gmv": gmv, "revenue": revenue, "aov": ratio(revenue, orders), "customers": n_customers,
        "repeat_rate": ratio(fn("coalesce", col("__repeaters"), lit(long=0)), n_customers),
        "frequency": ratio(fn("coalesce", col("__known"), lit(long=0)), n_customers),
        "items_per_order": ratio(fn("coalesce", col("__items"), zero), orders),
        "cancel_rate": ratio(cancels, fn("+", orders, cancels)),
    }
    metrics = [alias(every_metric[m], m) for m in metric_names]
    result = rel.Relation(project=rel.Project(input=joined, expressions=keys + metrics))
    if by_month:
        result = rel.Relation(sort=rel.Sort(input=result, order=[sort_key(col("month"), False)], is_global=True))
    return result


# cohort by week type first mode nday: Spark counts (cohort, period) pairs; ShopFrames
# builds the triangle. recurring / unbounded change the members and the later periods.
def cohort_plan(source, recurring, unbounded):
    timed = rel.Relation(filter=rel.Filter(
        input=rel.Relation(with_columns=rel.WithColumns(input=source, aliases=[
            ex.Expression.Alias(expr=fn("date_trunc", lit(string="week"), col("InvoiceDate")), name=["__period"])])),
        condition=fn("isnotnull", col("__period"))))

    def agg(inp, keys, aggs):
        return rel.Relation(aggregate=rel.Aggregate(
            input=inp, group_type=rel.Aggregate.GROUP_TYPE_GROUPBY, grouping_expressions=keys, aggregate_expressions=aggs))

    def project(inp, exprs):
        return rel.Relation(project=rel.Project(input=inp, expressions=exprs))

    span = agg(timed, [], [alias(fn("min", col("__period")), "first"), alias(fn("max", col("__period")), "last")])
    sale = fn(">", col("Quantity"), lit(long=0))
    active = rel.Relation(deduplicate=rel.Deduplicate(all_columns_as_keys=True, input=project(
        rel.Relation(filter=rel.Filter(input=timed, condition=fn("and", sale, fn("isnotnull", col("CustomerID"))))),
        [alias(col("CustomerID"), "__customer"), col("__period")])))
    if recurring:
        members = project(active, [col("__customer"), alias(col("__period"), "start")])
    else:
        members = agg(active, [col("__customer")], [alias(fn("min", col("__period")), "start")])
    if unbounded:
        later = agg(active, [col("__customer")], [alias(fn("max", col("__period")), "at")])
    else:
        later = project(active, [col("__customer"), alias(col("__period"), "at")])
    pairs = rel.Relation(join=rel.Join(left=members, right=later, join_type=rel.Join.JOIN_TYPE_INNER, using_columns=["__customer"]))
    cells = agg(rel.Relation(filter=rel.Filter(input=pairs, condition=fn(">=", col("at"), col("start")))),
                [col("start"), col("at")], [alias(fn("count", lit(long=1)), "customers")])
    return rel.Relation(join=rel.Join(left=span, right=cells, join_type=rel.Join.JOIN_TYPE_LEFT_OUTER))


# join left TABLE on Country with the local join's columns: the right's clashing non-key
# columns renamed first (_right), the result projected to the left's columns then the right's.
events_orders = rel.Relation(read=rel.Read(named_table=rel.Read.NamedTable(unparsed_identifier="shop.orders")))
local_join = rel.Relation(project=rel.Project(
    input=rel.Relation(join=rel.Join(
        left=csv,
        right=rel.Relation(project=rel.Project(input=events_orders, expressions=[
            col("Country"), alias(col("Quantity"), "Quantity_right"), col("segment")])),
        join_type=rel.Join.JOIN_TYPE_LEFT_OUTER, using_columns=["Country"])),
    expressions=[col(c) for c in ["InvoiceNo", "Quantity", "Country", "Quantity_right", "segment"]]))


fixtures = {
    "kpi_whole": plan(kpi_plan(csv, False)),
    "kpi_by_month": plan(kpi_plan(csv, True)),
    "kpi_every_metric_net_by_month": plan(kpi_plan(csv, True, EVERY, net=True)),
    "kpi_every_metric_gross": plan(kpi_plan(csv, False, EVERY)),
    "cohort_week_first_nday": plan(cohort_plan(csv, False, False)),
    "cohort_week_recurring_unbounded": plan(cohort_plan(csv, True, True)),
    "join_with_local_columns": plan(local_join),
    "resample_week": plan(resampled),
    "interval_literals": plan(month_step),
    **{f"join_{kind}": bytes_ for kind, bytes_ in joins.items()},
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
    "execute_plan_request_with_operation_id": base_pb2.ExecutePlanRequest(
        plan=base_pb2.Plan(root=distinct), client_type="shoplab", operation_id="5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
        **session,
    ),
    "interrupt_operation_request": base_pb2.InterruptRequest(
        client_type="shoplab",
        interrupt_type=base_pb2.InterruptRequest.INTERRUPT_TYPE_OPERATION_ID,
        operation_id="5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f",
        **session,
    ),
    "interrupt_all_request": base_pb2.InterruptRequest(
        client_type="shoplab", interrupt_type=base_pb2.InterruptRequest.INTERRUPT_TYPE_ALL, **session
    ),
    "interrupt_response": base_pb2.InterruptResponse(
        session_id=session["session_id"], server_side_session_id="s-1",
        interrupted_ids=["5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f"],
    ),
    "execution_progress_response": base_pb2.ExecutePlanResponse(
        session_id=session["session_id"],
        operation_id="op-1",
        execution_progress=base_pb2.ExecutePlanResponse.ExecutionProgress(
            stages=[
                base_pb2.ExecutePlanResponse.ExecutionProgress.StageInfo(
                    stage_id=0, num_tasks=2, num_completed_tasks=2, input_bytes_read=7_654_321, done=True
                ),
                base_pb2.ExecutePlanResponse.ExecutionProgress.StageInfo(stage_id=1, num_tasks=200, num_completed_tasks=37),
            ],
            num_inflight_tasks=3,
        ),
    ),
    "explain_response": base_pb2.AnalyzePlanResponse(
        session_id=session["session_id"],
        explain=base_pb2.AnalyzePlanResponse.Explain(explain_string="== Physical Plan ==\nScan csv"),
    ),
}
with open(os.path.join(HERE, "messages.json"), "w") as f:
    json.dump({k: v.SerializeToString(deterministic=True).hex() for k, v in requests.items()}, f, indent=1, sort_keys=True)
    f.write("\n")
