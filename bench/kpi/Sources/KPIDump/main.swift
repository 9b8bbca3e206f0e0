import Foundation
import ShopCore
import ShopFrames

// Prints every cell of `kpi`'s tables (all nine metrics, gross and net, overall and by month,
// week, day, Country and StockCode) with full precision, with the definition and notes, so
// two builds can be compared byte for byte after a change meant to leave results alone:
//   .build/release/kpi-dump FILE_OR_GLOB > after.txt   (and the same from the old build)
let path = CommandLine.arguments.dropFirst().first ?? "../../../shared/data/uci-online-retail/monthly/online_retail_*.csv.gz"
let frame = try CSVReader.load(path).frame
let roles = ShopRoles().resolved(for: frame)
let breakdowns: [KPIBreakdown] = [
  .none, .period(.month), .period(.week), .period(.day), .column(ColumnRef("Country")), .column(ColumnRef("StockCode")),
]
for by in breakdowns {
  for basis in [KPIBasis.gross, .net] {
    let r = try frame.kpi(KPIMetric.allCases, roles: roles, by: by, basis: basis)
    print("== \(by) \(basis) \(r.definition) \(r.notes)")
    for c in r.frame.columns { print(c.name, (0..<c.count).map { "\(c[$0])" }.joined(separator: " ")) }
  }
}
