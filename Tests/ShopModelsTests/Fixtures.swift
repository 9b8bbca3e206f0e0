import Foundation
import ShopModels
import ShopTestSupport

/// MovieLens 100K ratings as dense 0-based ids, in file order.
struct MovieLens {
  var users: [Int] = []
  var items: [Int] = []
  var ratings: [Int] = []
  var times: [Int64] = []
  var userCount = 0
  var itemCount = 0

  /// Reads `u.data` (user TAB item TAB rating TAB timestamp, ids 1-based).
  static func load() throws -> MovieLens {
    let text = try String(contentsOfFile: try testDataPath("movielens-100k/u.data"), encoding: .utf8)
    var m = MovieLens()
    for line in text.split(separator: "\n") {
      let f = line.split(separator: "\t")
      guard f.count == 4, let u = Int(f[0]), let i = Int(f[1]), let r = Int(f[2]), let t = Int64(f[3])
      else { continue }
      m.users.append(u - 1)
      m.items.append(i - 1)
      m.ratings.append(r)
      m.times.append(t)
    }
    m.userCount = (m.users.max() ?? -1) + 1
    m.itemCount = (m.items.max() ?? -1) + 1
    return m
  }
}

/// UCI Online Shoppers Intention, split into the encoder's column arrays and the label.
struct Shoppers {
  static let numericNames = [
    "Administrative", "Administrative_Duration", "Informational", "Informational_Duration",
    "ProductRelated", "ProductRelated_Duration", "BounceRates", "ExitRates", "PageValues",
    "SpecialDay",
  ]
  static let categoricalNames = [
    "Month", "OperatingSystems", "Browser", "Region", "TrafficType", "VisitorType", "Weekend",
  ]
  var numeric: [[Double?]]
  var categorical: [[String?]]
  var revenue: [Bool]

  /// Reads the CSV (no quoting in this file); columns are found by header name.
  static func load() throws -> Shoppers {
    let path = try testDataPath("uci-online-shoppers-intention/online_shoppers_intention.csv")
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    guard let first = lines.first else { throw MissingTestData(path: path + " (empty)") }
    let header = first.split(separator: ",").map(String.init)
    for name in numericNames + categoricalNames + ["Revenue"] where !header.contains(name) {
      throw MissingTestData(path: path + " (no column \(name))")
    }
    func col(_ name: String) -> Int { header.firstIndex(of: name) ?? 0 }
    var s = Shoppers(
      numeric: Array(repeating: [], count: numericNames.count),
      categorical: Array(repeating: [], count: categoricalNames.count), revenue: [])
    for line in lines.dropFirst() {
      let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      guard f.count == header.count else { throw MissingTestData(path: path + " (short row: \(line))") }
      for (k, n) in numericNames.enumerated() { s.numeric[k].append(Double(f[col(n)])) }
      for (k, n) in categoricalNames.enumerated() { s.categorical[k].append(f[col(n)]) }
      s.revenue.append(f[col("Revenue")] == "TRUE")
    }
    return s
  }

  /// The rows `rows` of every column.
  func subset(_ rows: [Int]) -> (numeric: [[Double?]], categorical: [[String?]], labels: [Bool]) {
    (numeric.map { c in rows.map { c[$0] } }, categorical.map { c in rows.map { c[$0] } }, rows.map { revenue[$0] })
  }
}
