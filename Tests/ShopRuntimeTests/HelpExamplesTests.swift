import ShopRuntime
import XCTest

/// Every command's help examples run as written, so the help cannot drift from the
/// program. They run in one session with `orders` bound to the bundled Online Retail
/// table (non-UK lines), in registry order.
final class HelpExamplesTests: XCTestCase {
  func testEveryHelpExampleRuns() throws {
    let fixture = try RuntimeFixture()
    fixture.loadOrders()
    // `load table sample_orders` needs a kept table: keep's own example makes it, so run
    // every command's examples after keep's.
    var commands = CommandRegistry.standard.commands
    if let keep = commands.firstIndex(where: { $0.name == "keep" }) {
      commands.insert(commands.remove(at: keep), at: 0)
    }
    var ran = 0
    for command in commands {
      for example in command.examples {
        let outcome = fixture.run(example)
        XCTAssertEqual(
          outcome.status, .ok,
          "help example of '\(command.name)' failed: \(example)\n\(outcome.errorRendered ?? "")")
        ran += 1
      }
    }
    XCTAssertGreaterThan(ran, 40)
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
