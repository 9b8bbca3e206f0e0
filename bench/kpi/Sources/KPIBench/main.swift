import Foundation
import ShopCore
import ShopFrames

// Runs the same KPI workloads as pandas_kpi.py and prints one line per workload:
// `<side> <name> <ms> <rows> <checksum>` for each timed repeat (side: KPI_BENCH_SIDE, default
// `swift`); run.sh joins them with the peers' lines over several alternating rounds and
// reports min and median. Threads: SHOPLAB_THREADS (run.sh runs 1 and 2).
// The checksum is orders + gmv summed over the output rows, so both sides must agree.

// The argument is the folder of the 13 monthly files, or a file or glob (the 10x CSV).
let argument =
  CommandLine.arguments.dropFirst().first ?? "../../../shared/data/uci-online-retail/monthly"
let path = argument.hasSuffix(".csv") || argument.contains("*") ? argument : argument + "/online_retail_*.csv.gz"
let repeats = ProcessInfo.processInfo.environment["REPEATS"].flatMap { Int($0) } ?? 7
let side = ProcessInfo.processInfo.environment["KPI_BENCH_SIDE"] ?? "swift"

let loadStart = ContinuousClock.now
let frame: Frame
do {
  frame = try CSVReader.load(path).frame
} catch {
  print("# cannot load \(path): \(error)")
  exit(1)
}
print("# loaded \(frame.rowCount) rows in \(ContinuousClock.now - loadStart) (not timed below)")

let roles = ShopRoles().resolved(for: frame)
let workloads: [(name: String, metrics: [KPIMetric], by: KPIBreakdown)] = [
  ("kpi_all", KPIMetric.allCases, .none),
  ("kpi_by_month", [.orders, .gmv, .aov, .customers, .repeatRate], .period(.month)),
  ("kpi_by_country", [.orders, .gmv, .aov, .customers, .repeatRate], .column(ColumnRef("Country"))),
]

func milliseconds(_ d: Duration) -> Double {
  Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

for w in workloads {
  for _ in 0..<repeats {
    let start = ContinuousClock.now
    let result = try frame.kpi(w.metrics, roles: roles, by: w.by, basis: .gross).frame
    let ms = milliseconds(ContinuousClock.now - start)
    var checksum = 0.0
    for name in ["orders", "gmv"] {
      if let c = result.column(named: name) {
        for i in 0..<c.count { checksum += c[i].doubleValue ?? 0 }
      }
    }
    print("\(side) \(w.name) \(ms) \(result.rowCount) \(checksum)")
  }
}

#if canImport(Glibc)
  import Glibc
#endif
