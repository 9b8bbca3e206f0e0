import ShopCore
import XCTest

@testable import ShopFrames

/// Dates and flags the way unseen shop exports write them.
/// Reference seconds: python3 -c "import calendar,datetime as d;
///   print(calendar.timegm(d.datetime(2023,12,31,14,5).timetuple()))"  -> 1704031500
final class CSVUnseenDateBoolTests: XCTestCase {
  private let folder = CSVTestFolder()

  private func load(_ text: String, _ options: CSVOptions = CSVOptions()) throws -> LoadResult {
    try CSVReader.load(folder.write("t.csv", text), options: options)
  }

  func testDottedDatesAreDayFirst() throws {
    let r = try load("datum;x\n31.12.2023;1\n01.02.2023;2\n")
    // timegm: 2023-12-31 -> 1703980800, 2023-02-01 -> 1675209600
    XCTAssertEqual(csvCells(r.frame, "datum"), [.datetime(1_703_980_800), .datetime(1_675_209_600)])
  }

  func testSlashedDatesTurnDayFirstWhenADayAbove12Appears() throws {
    let r = try load("when\n01/02/2023 00:00\n31/12/2023 14:05\n")
    // 1 February (not January 2nd), then 2023-12-31 14:05 -> 1704031500
    XCTAssertEqual(csvCells(r.frame, "when"), [.datetime(1_675_209_600), .datetime(1_704_031_500)])
    XCTAssertTrue(r.warnings.contains { $0.contains("day-first") && $0.contains("31/12/2023 14:05") })
    // Without such a day the US reading stays: 01/02/2023 is January 2nd (1672617600).
    let us = try load("when\n01/02/2023\n03/04/2023\n")
    XCTAssertEqual(csvCells(us.frame, "when").first, .datetime(1_672_617_600))
    XCTAssertFalse(us.warnings.contains { $0.contains("day-first") })
  }

  func testDayAbove12AfterTheSampleRereadsTheColumnDayFirst() throws {
    var text = "d\n"
    for _ in 0..<1100 { text += "01/02/2023\n" }
    text += "13/02/2023\n"
    let r = try load(text)
    XCTAssertEqual(csvType(r.frame, "d"), .datetime)
    XCTAssertEqual(csvCells(r.frame, "d").first, .datetime(1_675_209_600))
  }

  func testDatesThatFitNeitherOrderStayText() throws {
    // 12/31 is only US, 31/12 only day-first: no single reading holds both.
    let r = try load("d\n12/31/2023\n31/12/2023\n")
    XCTAssertEqual(csvType(r.frame, "d"), .string)
  }

  func testZoneOffsetsAreConvertedToUTC() throws {
    let r = try load(
      """
      created
      2023-01-05 10:00:00 +0100
      2023-01-05T10:00:00Z
      2023-01-05T10:00:00.123+02:00
      2023-01-05 10:00:00 -05:30
      2023-01-05T10:00:00+01

      """)
    // timegm: 09:00 -> 1672909200, 10:00 -> 1672912800, 08:00 -> 1672905600,
    // 15:30 -> 1672932600, 09:00 again
    XCTAssertEqual(
      csvCells(r.frame, "created"),
      [
        .datetime(1_672_909_200), .datetime(1_672_912_800), .datetime(1_672_905_600),
        .datetime(1_672_932_600), .datetime(1_672_909_200),
      ])
    XCTAssertTrue(r.warnings.contains { $0.contains("converted to UTC") })
  }

  func testForcedDatetimeTellsUnixUnitsApartBySize() throws {
    // GA4 microseconds and OTTO milliseconds stay ints by default (whole-second datetimes
    // would drop the fraction); forcing datetime divides by the unit the size shows.
    let text = "event_timestamp,ts\n1672570871123457,1672570871037\n1672567200000000,1672567200000\n"
    let plain = try load(text)
    XCTAssertEqual(csvType(plain.frame, "ts"), .int)
    XCTAssertEqual(csvType(plain.frame, "event_timestamp"), .int)
    // ...and a note says what they are and how to read them as times.
    XCTAssertTrue(
      plain.warnings.contains(
        "column 'event_timestamp' read as int: its numbers look like Unix microseconds (the first is 2023-01-01 11:01:11 UTC); 'types event_timestamp: datetime' reads them as times (whole seconds)"
      ), "\(plain.warnings)")
    XCTAssertTrue(plain.warnings.contains { $0.hasPrefix("column 'ts' read as int: its numbers look like Unix milliseconds") })
    // Large numbers under a name that says nothing of time are only numbers.
    let counts = try load("impressions\n1672570871123457\n1672567200000000\n")
    XCTAssertEqual(counts.warnings, [])
    let forced = try load(text, CSVOptions(types: ["event_timestamp": .datetime, "ts": .datetime]))
    // python3: 1672570871123457 // 10**6 == 1672570871037 // 1000 == 1672570871
    XCTAssertEqual(
      csvCells(forced.frame, "event_timestamp"), [.datetime(1_672_570_871), .datetime(1_672_567_200)])
    XCTAssertEqual(csvCells(forced.frame, "ts"), [.datetime(1_672_570_871), .datetime(1_672_567_200)])
    XCTAssertEqual(DateTextParser.unixSeconds(-1), -1)
    XCTAssertEqual(DateTextParser.unixSeconds(-1_500_000_000_000), -1_500_000_000)
  }

  func testYesNoAndZeroOneFlagsUnderAQuestionName() throws {
    let r = try load(
      "is_returning,has_coupon,is_new_user,answer,count\nY,yes,1,yes,1\nN,No,0,no,0\ny,NO,1,yes,1\n")
    XCTAssertEqual(csvCells(r.frame, "is_returning"), [.bool(true), .bool(false), .bool(true)])
    XCTAssertEqual(csvCells(r.frame, "has_coupon"), [.bool(true), .bool(false), .bool(false)])
    XCTAssertEqual(csvCells(r.frame, "is_new_user"), [.bool(true), .bool(false), .bool(true)])
    // Without a yes/no name, the words stay text and 0/1 stay numbers.
    XCTAssertEqual(csvType(r.frame, "answer"), .string)
    XCTAssertEqual(csvType(r.frame, "count"), .int)
  }

  func testFlagColumnWithAnotherNumberAfterTheSampleWidensToInt() throws {
    var text = "is_active\n"
    for i in 0..<1100 { text += "\(i % 2)\n" }
    text += "2\n"
    let r = try load(text)
    XCTAssertEqual(csvType(r.frame, "is_active"), .int)
    XCTAssertEqual(csvCells(r.frame, "is_active").suffix(2), [.int(1), .int(2)])
    XCTAssertFalse(r.warnings.contains { $0.contains("true/false") })
  }
}
