import Foundation
import ShopCore
import ShopTestSupport

/// Small data sets shared by the chart tests.
enum Fixtures {
  /// One monthly series of the Australian retail data (see its PROVENANCE.md): timestamps
  /// (seconds since 1970) and values, 333 months from 1982-04 to 2009-12. The file is in
  /// ../shared/data only: throws `XCTSkip` without it, and `MissingTestData` when the file
  /// or the series is missing or short.
  static func ausRetail(_ item: String) throws -> (x: [Double], y: [Double]) {
    let path = try testDataPath("aus-retail-monthly/aus_retail_monthly_long.csv")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var xs: [Double] = []
    var ys: [Double] = []
    for line in text.split(separator: "\n").dropFirst() {
      let fields = line.split(separator: ",")
      guard fields.count == 3, fields[1] == item, let t = DateTextParser.parse(String(fields[0])),
        let v = Double(fields[2])
      else { continue }
      xs.append(Double(t))
      ys.append(v)
    }
    guard xs.count == 333 else { throw MissingTestData(path: "\(path): \(xs.count) months of \(item), not 333") }
    return (xs, ys)
  }

  /// First day of a month as seconds since 1970.
  static func month(_ year: Int, _ month: Int) -> Double {
    Double(CivilTime.seconds(year: year, month: month, day: 1))
  }

  /// A cohort retention triangle: 6 cohorts, fraction still buying k months later.
  static let retention: [[Double]] = [
    [1.0, 0.366, 0.323, 0.384, 0.362, 0.398],
    [1.0, 0.221, 0.266, 0.230, 0.321],
    [1.0, 0.187, 0.187, 0.000],
    [1.0, 0.150, 0.046],
    [1.0, 0.213],
    [1.0],
  ]
  static let cohorts = ["2010-12", "2011-01", "2011-02", "2011-03", "2011-04", "2011-05"]
}
