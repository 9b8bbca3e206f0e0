import Foundation
import ShopCore
import ShopTestSupport
import XCTest

@testable import ShopFrames

/// Issue 16, "type inference and dates": one bad line in a real export must not become a
/// silently wrong answer. Each test copies a real file to a temporary folder, injects the
/// bad line, loads it, and checks the result against figures pandas computed on the
/// original file:
///
/// ```python
/// df = pd.read_csv("data/online-retail/online_retail_non_uk.csv")   # 46,431 rows
/// df.Quantity.sum()                                # 912621
/// df.UnitPrice.drop(30000).sum()                   # 253076.0 (row 30000 is 12.5)
/// d = pd.to_datetime(df.InvoiceDate); m = d.dt.to_period("M").astype(str)
/// m.iloc[500], m.iloc[40000]                       # 2010-12, 2011-11
/// (m.drop([500, 40000]) == "2010-12").sum()        # 2355
/// d.dt.normalize().nunique()                       # 291
/// s = pd.read_csv("olist-brazilian-ecommerce/olist_sellers_dataset.csv")   # 3,095 rows
/// s.seller_city.value_counts()[["são paulo", "santa barbara d´oeste"]]     # 1, 2
/// p = pd.read_csv("diginetica-purchases/train-purchases.csv", sep=";")      # 18,025 rows
/// p.itemId.sum()                                                          # 1529002683
/// pd.to_datetime(p.eventdate).drop([100, 15000]).dt.to_period("M").value_counts()
/// #   2016-01: 96, 02: 2536, 03: 3880, 04: 5595, 05: 5592, 06: 324
/// ```
final class CSVDirtyDataTests: XCTestCase {
  private var folder: CSVTestFolder!

  override func setUpWithError() throws {
    folder = CSVTestFolder()
  }

  override func tearDown() {
    folder = nil
  }

  /// The non-UK Online Retail lines (header first), as the file has them.
  private func retailLines() throws -> [String] {
    let text = try String(
      contentsOfFile: try testDataPath("uci-online-retail/online_retail_non_uk.csv"), encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.last == "" { lines.removeLast() }
    return lines
  }

  /// The file with InvoiceDate written `YYYYMMDD` (its only `,YYYY-MM-DD hh:mm:ss,` field;
  /// found by bytes, as a Regex over 46,000 lines takes seconds in a debug build).
  private func compactDateLines() throws -> [String] {
    try retailLines().map { line in
      var b = Array(line.utf8)
      guard let i = b.indices.first(where: { i in
        i + 20 < b.count && b[i] == 44 && b[i + 5] == 45 && b[i + 8] == 45 && b[i + 11] == 32
          && b[i + 14] == 58 && b[i + 17] == 58 && b[i + 20] == 44
      }) else { return line }
      b.replaceSubrange((i + 1)...(i + 19), with: Array(b[(i + 1)...(i + 4)] + b[(i + 6)...(i + 7)] + b[(i + 9)...(i + 10)]))
      return String(decoding: b, as: UTF8.self)
    }
  }

  private func month(_ seconds: Int64) -> String {
    String(CivilTime.format(seconds, dateOnly: true).prefix(7))
  }

  // MARK: Dates

  func testYYYYMMDDWithImpossibleDaysStaysADateColumnAndListsThem() throws {
    var lines = try compactDateLines()
    // Data row 500 (inside the 1,000-row sample) and 40,000 (far past it).
    lines[501] = lines[501].replacing(/,2010\d{4},/) { _ in ",19970231," }
    lines[40_001] = lines[40_001].replacing(/,2011\d{4},/) { _ in ",20110230," }
    let r = try CSVReader.load(folder.write("ymd.csv", lines.joined(separator: "\n") + "\n"))
    let date = try XCTUnwrap(r.frame.column(named: "InvoiceDate"))
    XCTAssertEqual(date.type, .datetime)
    XCTAssertEqual(r.frame.rowCount, 46_431)
    XCTAssertEqual(date.nullCount, 2)
    XCTAssertEqual(date[500], .null)
    XCTAssertEqual(date[40_000], .null)
    guard case .datetime(let v, let valid) = date.data else { return XCTFail("not datetime") }
    let december = v.indices.filter { valid.isValid($0) && month(v[$0]) == "2010-12" }.count
    XCTAssertEqual(december, 2355)
    XCTAssertEqual(Set(v.indices.filter { valid.isValid($0) }.map { CivilTime.dayNumber(v[$0]) }).count, 291)
    // Listed in the rejects with their lines, the rows kept; one note says so.
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(502), .int(40_002)])
    XCTAssertEqual(r.nulledValueCount, 2)
    XCTAssertEqual(r.rejectedCount, 0)
    let note = try XCTUnwrap(r.warnings.first { $0.contains("InvoiceDate") }, "\(r.warnings)")
    XCTAssertTrue(note.contains("line 502 ('19970231')") && note.contains("line 40002 ('20110230')"), note)
    // Under strict, the first one fails the load, naming its line.
    let strict = CSVOptions(strict: true)
    XCTAssertThrowsError(try CSVReader.load(folder.path + "/ymd.csv", options: strict)) { error in
      XCTAssertTrue("\(error)".contains("502"), "\(error)")
    }
  }

  func testForcedDatetimeReadsTheColumnsFormatAndRejectsWhatDoesNotParse() throws {
    var lines = try compactDateLines()
    // 20 impossible days in the first 1,000 rows: too many for inference, which says int.
    for row in stride(from: 10, to: 1000, by: 50) {
      lines[row + 1] = lines[row + 1].replacing(/,2010\d{4},/) { _ in ",20101131," }
    }
    let path = try folder.write("ymd.csv", lines.joined(separator: "\n") + "\n")
    let inferred = try CSVReader.load(path)
    XCTAssertEqual(inferred.frame.column(named: "InvoiceDate")?.type, .int)
    XCTAssertTrue(
      inferred.warnings.contains { $0.contains("'InvoiceDate' read as int") && $0.contains("types InvoiceDate: datetime") },
      "\(inferred.warnings)")
    let r = try CSVReader.load(path, options: CSVOptions(types: ["InvoiceDate": .datetime]))
    let date = try XCTUnwrap(r.frame.column(named: "InvoiceDate"))
    XCTAssertEqual(r.frame.rowCount, 46_431 - 20)
    XCTAssertEqual(r.rejectedCount, 20)
    guard case .datetime(let v, _) = date.data else { return XCTFail("not datetime") }
    // Read as dates, never as seconds since 1970.
    XCTAssertEqual(v.min().map { CivilTime.format($0) }, "2010-12-01 00:00:00")
    XCTAssertEqual(v.max().map { CivilTime.format($0) }, "2011-12-09 00:00:00")
    XCTAssertThrowsError(
      try CSVReader.load(path, options: CSVOptions(types: ["InvoiceDate": .datetime], strict: true)))
  }

  func testAKPIRefusesYYYYMMDDIntegersAsUnixSeconds() throws {
    let r = try CSVReader.load(
      folder.write("ymd.csv", try compactDateLines().joined(separator: "\n") + "\n"),
      options: CSVOptions(types: ["InvoiceDate": .int]))
    let date = try XCTUnwrap(r.frame.column(named: "InvoiceDate"))
    XCTAssertThrowsError(try date.kpiSeconds(role: "time")) { error in
      let text = "\(error)"
      XCTAssertTrue(text.contains("YYYYMMDD") && text.contains("types InvoiceDate: datetime"), text)
    }
  }

  func testCalendarKPIsRefuseNumbersThatAreNotUnixTimes() throws {
    // Diginetica's `timeframe` counts milliseconds from a session's start: right for gaps,
    // wrong for months (every one would be in January 1970).
    let r = try CSVReader.load(try testDataPath("diginetica-sample/sample_train-item-views.csv"))
    let t = try XCTUnwrap(r.frame.column(named: "timeframe"))
    XCTAssertEqual(t.type, .int)
    XCTAssertNoThrow(try t.kpiSeconds(role: "time"))
    XCTAssertThrowsError(try t.kpiSeconds(role: "time", calendar: true)) { error in
      XCTAssertTrue("\(error)".contains("not a Unix time"), "\(error)")
    }
  }

  func testALateImpossibleISODateIsNullNotText() throws {
    var lines = try retailLines()
    lines[30_001] = lines[30_001].replacing(#/,\d{4}-\d\d-\d\d /#) { _ in ",2011-02-30 " }
    let r = try CSVReader.load(folder.write("late.csv", lines.joined(separator: "\n") + "\n"))
    let date = try XCTUnwrap(r.frame.column(named: "InvoiceDate"))
    XCTAssertEqual(date.type, .datetime)
    XCTAssertEqual(date.nullCount, 1)
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(30_002)])
    XCTAssertTrue(r.warnings.contains { $0.contains("line 30002 ('2011-02-30") }, "\(r.warnings)")
  }

  func testDateFunctionReadsWhatLoadReads() {
    // One parser: the UCI export's own spelling.
    XCTAssertEqual(DateTextParser.parse("12/1/2010 8:26"), CivilTime.seconds(year: 2010, month: 12, day: 1, hour: 8, minute: 26))
    XCTAssertEqual(DateTextParser.parse("31.12.2023"), CivilTime.seconds(year: 2023, month: 12, day: 31))
    XCTAssertEqual(DateTextParser.parse("20101201"), CivilTime.seconds(year: 2010, month: 12, day: 1))
    XCTAssertNil(DateTextParser.parse("19970231"))
    XCTAssertNil(DateTextParser.parse("2011-02-30"))
  }

  // MARK: Stray lines

  /// Another export's header (its names in lower case) at line 601, a comment at line 901,
  /// and a late `1,234.50` in UnitPrice at data row 30,000.
  private func strayLines() throws -> [String] {
    var lines = try retailLines()
    lines[30_001] = lines[30_001].replacing(/,12\.5,/) { _ in ",\"1,234.50\"," }
    lines.insert(lines[0].lowercased(), at: 600)
    lines.insert("# exported by shop v2", at: 900)
    return lines
  }

  func testAStrayHeaderLineNamesEachColumnItMadeText() throws {
    let r = try CSVReader.load(folder.write("stray.csv", try strayLines().joined(separator: "\n") + "\n"))
    for name in ["Quantity", "UnitPrice", "CustomerID", "InvoiceDate"] {
      XCTAssertEqual(r.frame.column(named: name)?.type, .string, name)
      let note = r.warnings.first { $0.hasPrefix("column '\(name)' read as text") }
      XCTAssertNotNil(note, "\(name): \(r.warnings)")
      XCTAssertTrue(note?.contains("line 601 ('\(name.lowercased())')") == true, note ?? "")
      XCTAssertTrue(note?.contains("keep types") == true, note ?? "")
    }
    XCTAssertEqual(csvCells(r.rejects, "line"), [.int(901)])
  }

  func testKeepTypesKeepsNumbersAndListsTheMisfits() throws {
    var options = CSVOptions()
    options.keepTypes = true
    let r = try CSVReader.load(
      folder.write("stray.csv", try strayLines().joined(separator: "\n") + "\n"), options: options)
    XCTAssertEqual(r.frame.rowCount, 46_431 + 1)  // the header line is kept, as nulls
    let quantity = try XCTUnwrap(r.frame.column(named: "Quantity"))
    XCTAssertEqual(quantity.type, .int)
    guard case .int(let q, let qv) = quantity.data else { return XCTFail() }
    XCTAssertEqual(q.indices.filter { qv.isValid($0) }.reduce(Int64(0)) { $0 + q[$1] }, 912_621)
    let price = try XCTUnwrap(r.frame.column(named: "UnitPrice"))
    XCTAssertEqual(price.type, .float)
    XCTAssertEqual(price.nullCount, 2)  // 'unitprice' and the late '1,234.50'
    guard case .float(let p, let pv) = price.data else { return XCTFail() }
    XCTAssertEqual(p.indices.filter { pv.isValid($0) }.reduce(0.0) { $0 + p[$1] }, 253_076.0, accuracy: 1e-6)
    XCTAssertEqual(r.frame.column(named: "InvoiceDate")?.type, .datetime)
    // The misfits, with their lines; the comment line is still a malformed row.
    let lines = csvCells(r.rejects, "line")
    XCTAssertTrue(lines.contains(.int(601)) && lines.contains(.int(901)) && lines.contains(.int(30_004)), "\(lines)")
    XCTAssertEqual(r.rejectedCount, 1)
    XCTAssertTrue(r.warnings.contains { $0.hasPrefix("column 'UnitPrice': 2 values read as null") }, "\(r.warnings)")
  }

  func testALateStyledNumberIsNamedInANote() throws {
    var lines = try retailLines()
    lines[30_001] = lines[30_001].replacing(/,12\.5,/) { _ in ",\"1,234.50\"," }
    let r = try CSVReader.load(folder.write("late.csv", lines.joined(separator: "\n") + "\n"))
    XCTAssertEqual(r.frame.column(named: "UnitPrice")?[30_000], .float(1234.5))
    XCTAssertTrue(r.warnings.contains { $0.contains("UnitPrice") && $0.contains("line 30002 ('1,234.50')") }, "\(r.warnings)")
  }

  // MARK: Encoding

  func testOneLatin1LineLeavesTheUTF8LinesAlone() throws {
    let original = try Data(contentsOf: URL(fileURLWithPath: try testDataPath("olist-brazilian-ecommerce/olist_sellers_dataset.csv")))
    var bytes = [UInt8](original)
    if bytes.last != 10 { bytes.append(10) }
    // "jaraguá do sul" from an older Latin-1 export: á is the single byte 0xE1.
    bytes += Array("0000feedbeef0000feedbeef0000feed,89251,jaragu".utf8) + [0xE1] + Array(" do sul,SC\n".utf8)
    let r = try CSVReader.load(folder.write("sellers.csv", bytes: bytes))
    XCTAssertEqual(r.frame.rowCount, 3096)
    let cities = csvCells(r.frame, "seller_city")
    XCTAssertEqual(cities.filter { $0 == .string("são paulo") }.count, 1)
    XCTAssertEqual(cities.filter { $0 == .string("santa barbara d´oeste") }.count, 2)
    XCTAssertEqual(cities.last, .string("jaraguá do sul"))
    XCTAssertEqual(r.warnings.count, 1)
    XCTAssertTrue(r.warnings[0].contains("line 3097"), r.warnings[0])
  }

  // MARK: Another log, another date format

  /// The same rules on a log these rules were not tuned on: Diginetica purchases with its
  /// dates written day-first with dots, two impossible days and another export's header.
  func testDayFirstLogWithImpossibleDaysAndAStrayHeader() throws {
    let text = try String(
      contentsOfFile: try testDataPath("diginetica-purchases/train-purchases.csv"), encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    for i in 1..<lines.count {
      var f = lines[i].split(separator: ";", omittingEmptySubsequences: false).map(String.init)
      let ymd = f[3].split(separator: "-")
      f[3] = i == 101 || i == 15_001 ? "31.04.2016" : "\(ymd[2]).\(ymd[1]).\(ymd[0])"
      lines[i] = f.joined(separator: ";")
    }
    lines.insert(lines[0].replacing("eventdate", with: "event_date"), at: 300)
    let path = folder.write("digi.csv", lines.joined(separator: "\n") + "\n")

    let plain = try CSVReader.load(path)
    XCTAssertEqual(plain.frame.column(named: "eventdate")?.type, .string)
    XCTAssertTrue(
      plain.warnings.contains { $0.hasPrefix("column 'eventdate' read as text, not datetime") && $0.contains("line 301 ('event_date')") },
      "\(plain.warnings)")

    var options = CSVOptions()
    options.keepTypes = true
    let r = try CSVReader.load(path, options: options)
    let date = try XCTUnwrap(r.frame.column(named: "eventdate"))
    XCTAssertEqual(date.type, .datetime)
    XCTAssertEqual(date.nullCount, 3)
    guard case .datetime(let v, let valid) = date.data else { return XCTFail("not datetime") }
    var months: [String: Int] = [:]
    for i in v.indices where valid.isValid(i) { months[month(v[i]), default: 0] += 1 }
    XCTAssertEqual(
      months, ["2016-01": 96, "2016-02": 2536, "2016-03": 3880, "2016-04": 5595, "2016-05": 5592, "2016-06": 324])
    guard case .int(let items, let iv) = r.frame.column(named: "itemId")?.data else { return XCTFail() }
    XCTAssertEqual(items.indices.filter { iv.isValid($0) }.reduce(Int64(0)) { $0 + items[$1] }, 1_529_002_683)
    XCTAssertEqual(Set(csvCells(r.rejects, "line")), [.int(102), .int(301), .int(15_003)])
    XCTAssertFalse(r.warnings.contains { $0.contains("day-first, as 'event_date'") }, "\(r.warnings)")
  }

  // MARK: Repeated headers

  /// Three exports joined with `cat`: the header again before data row 600 (in the type
  /// sample) and before data row 30,000 (far past it), the second time with every name
  /// quoted. Pinned against pandas reading the three parts separately and concatenating:
  ///
  /// ```python
  /// parts = [header + body[:600], header + body[600:30000], quoted_header + body[30000:]]
  /// df = pd.concat([pd.read_csv(io.StringIO(p)) for p in parts], ignore_index=True)
  /// len(df), df.Quantity.sum(), df.UnitPrice.sum(), df.CustomerID.sum()
  /// #   46431, 912621, 253088.5, 593043272.0 (6,703 CustomerIDs non-null)
  /// pd.to_datetime(df.InvoiceDate).dt.to_period("M").value_counts()   # 2010-12: 2356, 2011-11: 6071
  /// ```
  func testARepeatedHeaderIsSkippedWithANoteAndNoColumnLosesItsType() throws {
    let lines = try retailLines()
    let quoted = lines[0].split(separator: ",").map { "\"\($0)\"" }.joined(separator: ",")
    let joined = [lines[0]] + lines[1...600] + [lines[0]] + lines[601...30_000] + [quoted] + lines[30_001...]
    let r = try CSVReader.load(folder.write("joined.csv", joined.joined(separator: "\n") + "\n"))
    XCTAssertEqual(r.frame.rowCount, 46_431)
    XCTAssertEqual(r.rejectedCount, 0)
    XCTAssertEqual(r.rejects.rowCount, 0)
    for (name, type) in [("Quantity", DataType.int), ("UnitPrice", .float), ("CustomerID", .int), ("InvoiceDate", .datetime)] {
      XCTAssertEqual(r.frame.column(named: name)?.type, type, name)
    }
    guard case .int(let q, _) = r.frame.column(named: "Quantity")?.data,
      case .float(let p, _) = r.frame.column(named: "UnitPrice")?.data,
      case .int(let c, let cv) = r.frame.column(named: "CustomerID")?.data,
      case .datetime(let d, _) = r.frame.column(named: "InvoiceDate")?.data
    else { return XCTFail("types") }
    XCTAssertEqual(q.reduce(0, +), 912_621)
    XCTAssertEqual(p.reduce(0, +), 253_088.5, accuracy: 1e-6)
    XCTAssertEqual(c.indices.filter { cv.isValid($0) }.reduce(Int64(0)) { $0 + c[$1] }, 593_043_272)
    XCTAssertEqual(d.filter { month($0) == "2010-12" }.count, 2356)
    XCTAssertEqual(d.filter { month($0) == "2011-11" }.count, 6071)
    // Lines 602 and 30,003 of the joined file; the note is the only word about them.
    XCTAssertEqual(
      r.warnings,
      ["2 repeated header lines skipped: lines 602, 30003 (the header again, as when exports are joined)"])
    // Not malformed: strict reads the same table.
    XCTAssertEqual(try CSVReader.load(folder.path + "/joined.csv", options: CSVOptions(strict: true)).frame.rowCount, 46_431)
  }

  /// The same on a `;` log these rules were not tuned on: Diginetica purchases as two
  /// exports, the header again after 5,000 rows. Pinned against pandas:
  ///
  /// ```python
  /// P = open("train-purchases.csv").read().split("\n")   # header + 18,025 rows
  /// a, b = "\n".join(P[:5001]), "\n".join(P[:1] + P[5001:])
  /// p = pd.concat([pd.read_csv(io.StringIO(x), sep=";") for x in (a, b)], ignore_index=True)
  /// p.itemId.sum(), p.ordernumber.sum(), p.userId.count()   # 1529002683, 204663715, 6703
  /// pd.to_datetime(p.eventdate).dt.to_period("M").value_counts()   # 2016-01: 97 … 06: 324
  /// ```
  func testARepeatedHeaderInAnotherLog() throws {
    let text = try String(
      contentsOfFile: try testDataPath("diginetica-purchases/train-purchases.csv"), encoding: .utf8)
    let lines = text.split(separator: "\n").map(String.init)
    let joined = lines[0...5000] + [lines[0]] + lines[5001...]
    let r = try CSVReader.load(folder.write("digi.csv", joined.joined(separator: "\n") + "\n"))
    XCTAssertEqual(r.frame.rowCount, 18_025)
    XCTAssertEqual(r.warnings, ["1 repeated header line skipped: line 5002 (the header again, as when exports are joined)"])
    guard case .int(let items, _) = r.frame.column(named: "itemId")?.data,
      case .int(let orders, _) = r.frame.column(named: "ordernumber")?.data,
      case .datetime(let d, _) = r.frame.column(named: "eventdate")?.data,
      let users = r.frame.column(named: "userId")
    else { return XCTFail("types: \(r.frame.columns.map(\.type))") }
    XCTAssertEqual(items.reduce(0, +), 1_529_002_683)
    XCTAssertEqual(orders.reduce(0, +), 204_663_715)
    XCTAssertEqual(users.count - users.nullCount, 6703)
    var months: [String: Int] = [:]
    for v in d { months[month(v), default: 0] += 1 }
    XCTAssertEqual(
      months, ["2016-01": 97, "2016-02": 2536, "2016-03": 3881, "2016-04": 5595, "2016-05": 5592, "2016-06": 324])
  }
}
