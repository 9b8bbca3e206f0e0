import Foundation
import ShopCore
import ShopFrames

#if canImport(Glibc)
  import Glibc
#endif

// Runs the same group-bys as pandas_groupby.py and prints one line per workload:
// `swift <name> <best ms> <groups> <checksum>`; run.sh joins them with pandas' lines.
// With --each, one such line per timed repeat instead of the best (table.sh takes min and
// median over rounds). The data argument is the folder of the 13 monthly files (read with
// RetailReader) or one plain CSV (the 10x file, read with CSVReader); REPEATS (default 7).

let source =
  CommandLine.arguments.dropFirst().first { !$0.hasPrefix("--") }
  ?? "../../../shared/data/uci-online-retail/monthly"
let repeats = ProcessInfo.processInfo.environment["REPEATS"].flatMap { Int($0) } ?? 7
let printEach = CommandLine.arguments.contains("--each")

let loadStart = ContinuousClock.now
let frame = source.hasSuffix(".csv") ? try CSVReader.load(source).frame : RetailReader.load(directory: source)
print("# loaded \(frame.rowCount) rows in \(ContinuousClock.now - loadStart) (not timed below)")

func c(_ name: String) -> ColumnExpr { .column(name) }
let revenue = ColumnExpr(.binary(.multiply, c("Quantity"), c("UnitPrice")))

struct Workload {
  let name: String
  let keys: [String]
  let aggregations: [Aggregation]
}

let workloads = [
  Workload(
    name: "by_country", keys: ["Country"],
    aggregations: [
      Aggregation(name: "n", function: "count", argument: nil),
      Aggregation(name: "revenue", function: "sum", argument: revenue),
      Aggregation(name: "customers", function: "nunique", argument: c("CustomerID")),
      Aggregation(name: "mean_price", function: "mean", argument: c("UnitPrice")),
    ]),
  Workload(
    name: "by_customer", keys: ["CustomerID"],
    aggregations: [
      Aggregation(name: "n", function: "count", argument: nil),
      Aggregation(name: "revenue", function: "sum", argument: revenue),
      Aggregation(name: "last", function: "max", argument: c("InvoiceDate")),
      Aggregation(name: "median_qty", function: "median", argument: c("Quantity")),
    ]),
  Workload(
    name: "by_invoice", keys: ["InvoiceNo"],
    aggregations: [
      Aggregation(name: "lines", function: "count", argument: nil),
      Aggregation(name: "revenue", function: "sum", argument: revenue),
      Aggregation(name: "std_price", function: "std", argument: c("UnitPrice")),
    ]),
  Workload(
    name: "by_country_stock", keys: ["Country", "StockCode"],
    aggregations: [
      Aggregation(name: "qty", function: "sum", argument: c("Quantity")),
      Aggregation(name: "revenue", function: "sum", argument: revenue),
    ]),
]

for w in workloads {
  var best = Duration.seconds(1000)
  var result = Frame.empty
  var each: [Duration] = []
  for _ in 0..<repeats {
    let start = ContinuousClock.now
    result = try frame.groupBy(w.keys.map { ColumnRef($0) }, aggregations: w.aggregations)
    each.append(ContinuousClock.now - start)
    best = min(best, each.last!)
  }
  // Checksum: total of the revenue (or first aggregation) column, so both sides can be compared.
  let check = result.column(named: "revenue") ?? result.columns[result.columns.count - 1]
  var total = 0.0
  for i in 0..<check.count { total += check[i].doubleValue ?? 0 }
  for d in printEach ? each : [best] {
    let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    print(
      "swift \(w.name) \(NumberFormat.fixed(ms, 2)) \(result.rowCount) \(NumberFormat.fixed(total, 2))"
    )
  }
}

// With --breakdown: the cost of the keys alone (count()) and of each aggregation added to it.
if CommandLine.arguments.contains("--breakdown") {
  for w in workloads {
    let keys = w.keys.map { ColumnRef($0) }
    for a in [Aggregation(name: "_n", function: "count", argument: nil)] + w.aggregations {
      var best = Duration.seconds(1000)
      for _ in 0..<repeats {
        let start = ContinuousClock.now
        _ = try frame.groupBy(
          keys,
          aggregations: a.name == "_n"
            ? [a] : [Aggregation(name: "_n", function: "count", argument: nil), a])
        best = min(best, ContinuousClock.now - start)
      }
      let ms = Double(best.components.seconds) * 1000 + Double(best.components.attoseconds) / 1e15
      print("# breakdown \(w.name) \(a.function)(\(a.name)) \(NumberFormat.fixed(ms, 2)) ms")
    }
  }
}

/// Best-of-7 milliseconds of `body`.
func bestMs(_ body: () throws -> Void) rethrows -> Double {
  var best = Duration.seconds(1000)
  for _ in 0..<repeats {
    let start = ContinuousClock.now
    try body()
    best = min(best, ContinuousClock.now - start)
  }
  return Double(best.components.seconds) * 1000 + Double(best.components.attoseconds) / 1e15
}

// With --micro: the building blocks on their own.
if CommandLine.arguments.contains("--micro") {
  let parts: [(String, () throws -> Void)] = [
    ("evaluate Quantity*UnitPrice", { _ = try frame.evaluate(revenue) }),
    (
      "groupBy [] count()",
      {
        _ = try frame.groupBy(
          [], aggregations: [Aggregation(name: "n", function: "count", argument: nil)])
      }
    ),
    (
      "groupBy [] sum(UnitPrice)",
      {
        _ = try frame.groupBy(
          [], aggregations: [Aggregation(name: "n", function: "sum", argument: c("UnitPrice"))])
      }
    ),
    (
      "groupBy [Country] (no aggregation)",
      { _ = try frame.groupBy([ColumnRef("Country")], aggregations: []) }
    ),
    (
      "groupBy [CustomerID] (no aggregation)",
      { _ = try frame.groupBy([ColumnRef("CustomerID")], aggregations: []) }
    ),
    ("sort [UnitPrice]", { _ = try frame.sort([SortKey(c("UnitPrice"))]) }),
    (
      "filter Quantity > 0",
      { _ = try frame.filter(ColumnExpr(.binary(.greater, c("Quantity"), .literal(.int(0))))) }
    ),
  ]
  for (name, body) in parts {
    print("# micro \(name): \(NumberFormat.fixed(try bestMs(body), 2)) ms")
  }
}
