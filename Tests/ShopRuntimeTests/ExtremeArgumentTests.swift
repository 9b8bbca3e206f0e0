import Foundation
import ShopRuntime
import ShopTestSupport
import XCTest

/// Every number and duration in every command's help examples, replaced by the ends of
/// its type (0, -1, Int64.max, 1e308, 9223372036854775807s …): each input must end with a
/// result or an error, never a trap that loses the session (issue 11: `sessionize … gap
/// 9223372036854775807s` killed it). Model commands are left out: an extreme epoch count
/// is a legitimately long run, not a crash. `SHOPLAB_FUZZ_TRACE=FILE` writes each input to
/// FILE before it runs, so the input that crashed the process is in FILE afterwards.
final class ExtremeArgumentTests: XCTestCase {
  static let integers = ["0", "-1", "9223372036854775807", "-9223372036854775807", "9223372036854775808", "1e308"]
  static let durations = ["0s", "9223372036854775807s", "153722867280912930m", "106751991167300d", "15250284452471w"]

  /// The number literals of `text` outside quotes: ranges of digits (with a decimal part
  /// or a duration unit), not part of a name.
  static func numberRanges(in text: String) -> [(range: Range<String.Index>, isDuration: Bool)] {
    var found: [(Range<String.Index>, Bool)] = []
    var i = text.startIndex
    var quote: Character?
    var previous: Character = " "
    while i < text.endIndex {
      let c = text[i]
      if let q = quote {
        if c == q { quote = nil }
      } else if c == "\"" || c == "`" {
        quote = c
      } else if c.isNumber, !(previous.isLetter || previous == "_" || previous.isNumber || previous == "-") {
        var j = i
        while j < text.endIndex, text[j].isNumber || text[j] == "." || text[j] == "_" { j = text.index(after: j) }
        var isDuration = false
        if j < text.endIndex, "smhdw".contains(text[j]) {
          let after = text.index(after: j)
          if after == text.endIndex || !(text[after].isLetter || text[after].isNumber) {
            j = after
            isDuration = true
          }
        }
        // Dates (2011-01-01) are not sizes.
        if j < text.endIndex, text[j] == "-" || text[j] == ":" || text[j].isLetter {
          previous = text[text.index(before: j)]
          i = j
          continue
        }
        found.append((i..<j, isDuration))
        previous = text[text.index(before: j)]
        i = j
        continue
      }
      previous = c
      i = text.index(after: i)
    }
    return found
  }

  func testExtremeNumbersAndDurationsInEveryExampleEndWithoutATrap() throws {
    let (f, _) = try InterpreterFuzzTests.fuzzFixture()
    let trace = ProcessInfo.processInfo.environment["SHOPLAB_FUZZ_TRACE"]
    var inputs = 0
    for command in CommandRegistry.standard.commands where command.category != "Models" {
      for example in command.examples {
        for (range, isDuration) in Self.numberRanges(in: example) {
          for value in isDuration ? Self.durations : Self.integers {
            let input = example.replacingCharacters(in: range, with: value)
            if let trace { try? (input + "\n").write(toFile: trace, atomically: false, encoding: .utf8) }
            let outcome = f.run(input)
            inputs += 1
            if outcome.status != .ok {
              XCTAssertNotNil(outcome.errorRendered, input)
            }
          }
        }
      }
    }
    XCTAssertGreaterThan(inputs, 200)
    // The session is still there.
    XCTAssertEqual(f.output("print 6 * 7"), "42")
  }

  func testTheLongestDurationIsAnErrorInEveryDurationPosition() throws {
    let (f, _) = try InterpreterFuzzTests.fuzzFixture()
    let huge = "9223372036854775807s"
    let inputs = [
      "orders | sessionize by CustomerID time InvoiceDate gap \(huge)",
      "orders | sessionize by CustomerID time InvoiceDate max \(huge)",
      "orders | sessionize by CustomerID time InvoiceDate | bounce_rate ga4 time InvoiceDate engaged \(huge)",
      "orders | funnel steps \"a\", \"b\" event Country per CustomerID time InvoiceDate window \(huge)",
    ]
    for input in inputs {
      let outcome = f.run(input)
      XCTAssertEqual(outcome.status, .error, input)
      XCTAssertTrue(outcome.errorMessage?.hasSuffix(": at most 10000 years (3652425d)") ?? false, "\(input)\n\(outcome.errorRendered ?? "")")
    }
    // 10,000 years itself is accepted.
    XCTAssertEqual(f.run("orders | sessionize by CustomerID time InvoiceDate gap 3652425d | count").status, .ok)
  }
}
