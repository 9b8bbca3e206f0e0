import Foundation
import ShopRuntime
import ShopFrames
import XCTest

/// Every command's help examples run as written and print what they printed when last
/// accepted, so the help can drift neither from the program nor in what it shows. They run
/// in one session with `orders` bound to the bundled Online Retail table (non-UK lines), in
/// registry order. The expected outputs are checked in at `Snapshots/help-examples.txt`;
/// `SHOPLAB_RECORD_SNAPSHOTS=1` rewrites it (check the diff is what you meant).
final class HelpExamplesTests: XCTestCase {
  private static let expectedFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Snapshots/help-examples.txt")

  func testEveryHelpExampleRunsAndPrintsWhatWasAccepted() throws {
    let fixture = try RuntimeFixture()
    fixture.loadOrders()
    // `load table sample_orders` needs a kept table: keep's own example makes it, so run
    // every command's examples after keep's.
    var commands = CommandRegistry.standard.commands
    if let keep = commands.firstIndex(where: { $0.name == "keep" }) {
      commands.insert(commands.remove(at: keep), at: 0)
    }
    var actual: [HelpExampleTranscript.Entry] = []
    for command in commands {
      for example in command.examples {
        let outcome = fixture.run(example)
        XCTAssertEqual(
          outcome.status, .ok,
          "help example of '\(command.name)' failed: \(example)\n\(outcome.errorRendered ?? "")")
        actual.append(
          .init(command: command.name, example: example, output: HelpExampleTranscript.maskingNow(outcome.output)))
      }
    }
    XCTAssertGreaterThan(actual.count, 40)

    let rendered = HelpExampleTranscript.render(actual)
    if ProcessInfo.processInfo.environment["SHOPLAB_RECORD_SNAPSHOTS"] == "1" {
      try rendered.write(to: Self.expectedFile, atomically: true, encoding: .utf8)
      return
    }
    let stored = try String(contentsOf: Self.expectedFile, encoding: .utf8)
    let expected = HelpExampleTranscript.parse(stored)
    XCTAssertEqual(
      expected.map(\.header), actual.map(\.header),
      "the help examples changed; rerun with SHOPLAB_RECORD_SNAPSHOTS=1 and check the diff")
    for (e, a) in zip(expected, actual) where e.header == a.header && e.output != a.output {
      XCTFail(
        """
        help example '\(a.header)' printed something else (SHOPLAB_RECORD_SNAPSHOTS=1 accepts it)
        \(LineDifference.render(expected: e.output, actual: a.output))
        """)
    }
  }

  func testEveryCommandHasHelp() {
    for command in CommandRegistry.standard.commands {
      XCTAssertFalse(command.summary.isEmpty, command.name)
      XCTAssertTrue(command.synopsis.hasPrefix(command.name), "synopsis of \(command.name) must start with its name")
      XCTAssertFalse(command.summary.hasSuffix("."), "summaries are lowercase phrases without a period: \(command.name)")
    }
  }

  func testHelpPageShowsUsageAndExamples() throws {
    let fixture = try RuntimeFixture()
    let page = fixture.output("help head")
    XCTAssertEqual(
      page,
      """
      head [N]
        the first N rows (10 if not given)

      Examples:
        orders | head 3
        head orders 2
      """)
  }

  func testHelpForAnUnknownCommandSuggests() throws {
    let fixture = try RuntimeFixture()
    let outcome = fixture.run("help gruop")
    XCTAssertEqual(outcome.errorMessage, "unknown command 'gruop'")
    XCTAssertTrue(outcome.errorRendered?.contains("did you mean 'group'?") ?? false, outcome.errorRendered ?? "")
  }
}

/// The checked-in record of what each help example prints: for each, a header line
/// `=== COMMAND: EXAMPLE` (an example's own newlines written as `\\n`) and then its output
/// lines verbatim.
enum HelpExampleTranscript {
  struct Entry: Equatable {
    var header: String
    var output: String

    init(header: String, output: String) {
      self.header = header
      self.output = output
    }

    init(command: String, example: String, output: String) {
      self.init(header: "\(command): \(example.replacingOccurrences(of: "\n", with: "\\n"))", output: output)
    }
  }

  static let marker = "=== "

  /// The output with every timestamp of today (yesterday and tomorrow too, for a run across
  /// midnight in any time zone) written as `####-##-## ##:##`, so a session's or model's
  /// creation time does not make the record change; the data's own dates (2010–2011) stay.
  static func maskingNow(_ text: String) -> String {
    let now = Date()
    var days = Set<String>()
    for zone in [TimeZone(identifier: "UTC")!, TimeZone.current] {
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = zone
      for offset in -1...1 {
        let c = calendar.dateComponents([.year, .month, .day], from: now.addingTimeInterval(Double(offset) * 86_400))
        days.insert(String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!))
      }
    }
    let pattern = /\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?/
    return text.replacing(pattern) { match in
      let stamp = String(match.output.0)
      guard days.contains(String(stamp.prefix(10))) else { return stamp }
      return String(stamp.map { $0.isNumber ? "#" : $0 })
    }
  }

  static func render(_ entries: [Entry]) -> String {
    entries.map { entry in
      marker + entry.header + "\n" + (entry.output.isEmpty ? "" : entry.output + "\n")
    }.joined()
  }

  static func parse(_ text: String) -> [Entry] {
    var entries: [Entry] = []
    var lines: [String] = []
    func flush() {
      guard !entries.isEmpty else { return }
      entries[entries.count - 1].output = lines.joined(separator: "\n")
      lines = []
    }
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      if line.hasPrefix(marker) {
        flush()
        entries.append(Entry(header: String(line.dropFirst(marker.count)), output: ""))
      } else {
        lines.append(String(line))
      }
    }
    flush()
    return entries
  }
}

/// Expected and actual output side by side, line by line, for a failure message.
enum LineDifference {
  static func render(expected: String, actual: String) -> String {
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var out: [String] = []
    for i in 0..<max(e.count, a.count) {
      let x = i < e.count ? String(e[i]) : nil
      let y = i < a.count ? String(a[i]) : nil
      if x == y { out.append("  " + (x ?? "")); continue }
      if let x { out.append("- " + x) }
      if let y { out.append("+ " + y) }
    }
    return out.joined(separator: "\n")
  }
}

/// Errors a newcomer meets first: a word in the wrong place, a function from another tool.
final class NewcomerErrorTests: XCTestCase {
  func testAMissingWordShowsTheCommandsForm() throws {
    let fixture = try RuntimeFixture()
    fixture.loadOrders()
    let outcome = fixture.run("orders | resample InvoiceDate every week agg n = count()")
    XCTAssertEqual(outcome.errorMessage, "expected 'by'")
    XCTAssertTrue(
      outcome.errorRendered?.contains("usage: resample TIME by day|week|month") ?? false,
      outcome.errorRendered ?? "")
  }

  func testAnAggregationFromAnotherToolIsNamedOrTheListShown() throws {
    let fixture = try RuntimeFixture()
    fixture.loadOrders()
    let average = fixture.run("orders | group by Country | agg m = average(UnitPrice)")
    XCTAssertEqual(average.errorMessage, "unknown aggregation 'average'; did you mean 'mean'?")
    let unknown = fixture.run("orders | group by Country | agg m = spread(UnitPrice)")
    XCTAssertEqual(
      unknown.errorMessage,
      "unknown aggregation 'spread'; aggregations: " + Aggregation.functionNames.joined(separator: ", "))
  }

  func testANameWithSpacesWithoutBackQuotesIsSpelledForTheUser() throws {
    let fixture = try RuntimeFixture()
    _ = fixture.output(
      #"let o = load "data/online-retail/online_retail_non_uk.csv" | rename Country to `Billing Country`"#)
    let outcome = fixture.run("o | select InvoiceNo, billing country")
    XCTAssertEqual(outcome.errorMessage, "unexpected 'country'")
    XCTAssertTrue(
      outcome.errorRendered?.contains("did you mean `Billing Country`?") ?? false, outcome.errorRendered ?? "")
    // The word can start an expression, or follow a definition's '='.
    let condition = fixture.run(#"o | where Billing Country == "France" | count"#)
    XCTAssertTrue(
      condition.errorRendered?.contains("did you mean `Billing Country`?") ?? false, condition.errorRendered ?? "")
    let derived = fixture.run(#"o | derive c = Billing Country + "!""#)
    XCTAssertTrue(
      derived.errorRendered?.contains("did you mean `Billing Country`?") ?? false, derived.errorRendered ?? "")
    // A leftover word that joins no column keeps the plain message and its help note.
    let plain = fixture.run("o | select InvoiceNo extra")
    XCTAssertTrue(plain.errorRendered?.contains("'help select'") ?? false, plain.errorRendered ?? "")
  }

  func testAMisspeltWordOfTheCommandIsSuggestedFromItsSynopsis() throws {
    let fixture = try RuntimeFixture()
    fixture.loadOrders()
    let outcome = fixture.run("orders | sort Quantity dsc")
    XCTAssertEqual(outcome.errorMessage, "unexpected 'dsc'")
    XCTAssertTrue(outcome.errorRendered?.contains("did you mean 'desc'?") ?? false, outcome.errorRendered ?? "")
    XCTAssertTrue(outcome.errorRendered?.contains("'help sort'") ?? false, outcome.errorRendered ?? "")
  }

  func testAnUnknownColumnInLoadTypesPointsAtTheName() throws {
    let fixture = try RuntimeFixture()
    let input = #"let x = load "data/online-retail/online_retail_non_uk.csv" types Qantity: int"#
    let outcome = fixture.run(input)
    XCTAssertEqual(outcome.errorMessage, "unknown column 'Qantity' in types")
    let lines = (outcome.errorRendered ?? "").split(separator: "\n").map(String.init)
    // The caret sits under the name, not the path: same offset after the gutter.
    guard let source = lines.first(where: { $0.hasSuffix(input) }),
      let caret = lines.first(where: { $0.contains("^") })
    else { return XCTFail(outcome.errorRendered ?? "") }
    let column = source.count - input.count + input.distance(
      from: input.startIndex, to: input.range(of: "Qantity")!.lowerBound)
    XCTAssertEqual(caret.firstIndex(of: "^").map { caret.distance(from: caret.startIndex, to: $0) }, column)
    XCTAssertTrue(caret.contains("did you mean 'Quantity'?"), caret)
  }
}
