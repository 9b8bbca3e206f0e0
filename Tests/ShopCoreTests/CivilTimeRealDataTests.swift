import Foundation
import ShopCore
import ShopTestSupport
import XCTest

/// CivilTime over every InvoiceDate of the UCI Online Retail non-UK file, against Python:
///
/// ```python
/// import csv, datetime as dt
/// e=dt.datetime(1970,1,1); n=s=0; wk=[0]*8; mn=mx=None; days=set()
/// for row in csv.DictReader(open('uci-online-retail/online_retail_non_uk.csv', newline='')):
///     x=dt.datetime.fromisoformat(row['InvoiceDate']); sec=int((x-e).total_seconds())
///     n+=1; s+=sec; wk[x.isoweekday()]+=1; days.add(x.date())
///     mn=sec if mn is None else min(mn,sec); mx=sec if mx is None else max(mx,sec)
/// print(n,s,mn,mx,wk,len(days))
/// # 46431 60829955618820 1291193100 1323435000 [0, 7711, 7821, 8414, 10554, 8689, 0, 3242] 291
/// ```
final class CivilTimeRealDataTests: XCTestCase {
  /// The fields of one CSV line, honouring double quotes (descriptions contain commas).
  private func fields(_ line: Substring) -> [Substring] {
    var out: [Substring] = []
    var start = line.startIndex
    var quoted = false
    var i = line.startIndex
    while i < line.endIndex {
      let c = line[i]
      if c == "\"" { quoted.toggle() } else if c == ",", !quoted {
        out.append(line[start..<i])
        start = line.index(after: i)
      }
      i = line.index(after: i)
    }
    out.append(line[start...])
    return out
  }

  func testInvoiceDatesMatchPython() throws {
    let path = try testDataPath("uci-online-retail/online_retail_non_uk.csv")
    guard let data = FileManager.default.contents(atPath: path) else { throw MissingTestData(path: path) }
    let text = String(decoding: data, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
    guard !lines.isEmpty else { throw MissingTestData(path: path + " (empty)") }
    let header = fields(lines.removeFirst())
    let column = try XCTUnwrap(header.firstIndex(of: "InvoiceDate"))
    var n = 0
    var sum: Int64 = 0
    var low = Int64.max
    var high = Int64.min
    var weekdays = [Int](repeating: 0, count: 8)
    var days = Set<Int>()
    var badRoundTrips = 0
    for line in lines {
      let raw = String(fields(line)[column])
      guard let t = DateTextParser.parse(raw) else { return XCTFail("cannot parse \(raw)") }
      n += 1
      sum += t
      low = min(low, t)
      high = max(high, t)
      weekdays[CivilTime.isoWeekday(t)] += 1
      days.insert(CivilTime.dayNumber(t))
      if CivilTime.format(t) != raw { badRoundTrips += 1 }
    }
    XCTAssertEqual(n, 46_431)
    XCTAssertEqual(sum, 60_829_955_618_820)
    XCTAssertEqual(low, 1_291_193_100)
    XCTAssertEqual(high, 1_323_435_000)
    XCTAssertEqual(weekdays, [0, 7711, 7821, 8414, 10554, 8689, 0, 3242])
    XCTAssertEqual(days.count, 291)
    XCTAssertEqual(badRoundTrips, 0)
  }
}
