import Foundation
import ShopCore
import ShopRuntime
import ShopTestSupport
import XCTest

/// Tables and charts lay out data holding control characters with the widths the
/// terminal will show (`\x1b`, `\u{200B}`, ⏎), so they stay aligned and nothing is obeyed.
final class VisibleTextTests: XCTestCase {
  private let hostile =
    "let t = sql \"select char(27) || ']52;c;eA==' || char(7) as label, 5 as n union all select 'a' || char(8203) || 'b', 3 union all select 'x' || char(13, 10) || 'y', 1\""

  func testATableWithControlCharactersStaysAligned() throws {
    let f = try RuntimeFixture()
    _ = f.output(hostile)
    let table = f.output("t")
    XCTAssertEqual(
      table,
      """
      label               n
      ──────────────────  ─
      \\x1b]52;c;eA==\\x07  5
      a\\u{200B}b          3
      x⏎y                 1
      """)
  }

  func testChartLabelsAreShownNotObeyed() throws {
    let f = try RuntimeFixture()
    _ = f.output(hostile)
    _ = f.output("set charts ascii")
    let chart = f.output("t | plot bar x label y n title \"sales\u{1B}[2J\"")
    XCTAssertFalse(chart.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x200B }, chart)
    XCTAssertTrue(chart.contains("\\x1b]52;c;eA==\\x07"), chart)
    XCTAssertTrue(chart.contains("a\\u{200B}b"), chart)
    XCTAssertTrue(chart.contains("x⏎y"), chart)
    // Every bar starts in the same column: labels were measured as shown.
    let bars = chart.split(separator: "\n").filter { $0.contains("|") }
    XCTAssertEqual(Set(bars.map { displayWidth(String($0[..<$0.firstIndex(of: "|")!])) }).count, 1, chart)
  }
}
