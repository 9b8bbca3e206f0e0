import Foundation
import ShopTestSupport
import XCTest

/// Runs the built `shoplab` executable as a user would: exit codes, stdin scripts,
/// --check and --accept.
final class CommandLineTests: XCTestCase {
  func shoplab(_ arguments: [String], stdin: String? = nil, directory: String? = nil) throws -> Shoplab.Result {
    try Shoplab.run(arguments, stdin: stdin, directory: directory)
  }

  override func setUpWithError() throws { try Shoplab.requireBinary() }

  func temporaryFolder() throws -> String { try Shoplab.temporaryFolder() }

  func testOneCommandSucceedsWithStatusZero() throws {
    let r = try shoplab(["--db", ":memory:", "-c", "print 6 * 7"])
    XCTAssertEqual(r.status, 0)
    XCTAssertEqual(r.stdout, "42\n")
    XCTAssertEqual(r.stderr, "")
  }

  /// Several `-c` run in order in one session, like lines of a script: a binding made by one
  /// is there for the next, and the first failure stops the rest with status 1.
  func testSeveralCommandsRunInOrderAndStopAtTheFirstError() throws {
    let ok = try shoplab(["--db", ":memory:", "-c", "let x = 6", "-c", "print x * 7", "-c", "print \"done\""])
    XCTAssertEqual(ok.status, 0, ok.stderr)
    XCTAssertEqual(ok.stdout, "42\ndone\n")
    XCTAssertEqual(ok.stderr, "")

    let failed = try shoplab(["--db", ":memory:", "-c", "print 1", "-c", "prnt 2", "-c", "print 3"])
    XCTAssertEqual(failed.status, 1)
    XCTAssertEqual(failed.stdout, "1\n", "the command after the failing one ran")
    // With several, an error names which '-c' it came from.
    XCTAssertTrue(failed.stderr.hasPrefix("error: unknown command 'prnt'\n --> command 2:1:1\n"), failed.stderr)

    let going = try shoplab(["--db", ":memory:", "--keep-going", "-c", "print 1", "-c", "prnt 2", "-c", "print 3"])
    XCTAssertEqual(going.status, 1)
    XCTAssertEqual(going.stdout, "1\n3\n")

    // One '-c' holding several lines still runs them as a script, and stops the later '-c' too.
    let lines = try shoplab(["--db", ":memory:", "-c", "print 1\nprint nope\nprint 2", "-c", "print 3"])
    XCTAssertEqual(lines.status, 1)
    XCTAssertEqual(lines.stdout, "1\n")
  }

  func testAFailingCommandExitsNonZeroWithACaret() throws {
    let r = try shoplab(["--db", ":memory:", "-c", "prnt 1"])
    XCTAssertEqual(r.status, 1)
    XCTAssertEqual(
      r.stderr,
      """
      error: unknown command 'prnt'
       --> command:1:1
        |
      1 | prnt 1
        | ^^^^ did you mean 'print'?
        = 'help' lists the commands

      """)
  }

  func testPipedStdinRunsLikeAScriptAndStopsAtTheFirstError() throws {
    let r = try shoplab(["--db", ":memory:"], stdin: "print 1\nprint nope\nprint 3\n")
    XCTAssertEqual(r.status, 1)
    XCTAssertEqual(r.stdout, "1\n")
    XCTAssertTrue(r.stderr.contains("--> stdin:2:7"), r.stderr)
  }

  func testKeepGoingRunsPastErrorsButStillFails() throws {
    let r = try shoplab(["--db", ":memory:", "--keep-going"], stdin: "print 1\nprint nope\nprint 3\n")
    XCTAssertEqual(r.status, 1)
    XCTAssertEqual(r.stdout, "1\n3\n")
  }

  func testMissingScriptSuggestsTheNearestFile() throws {
    let dir = try temporaryFolder()
    try "print 1\n".write(toFile: dir + "/tour.shop", atomically: true, encoding: .utf8)
    let r = try shoplab(["--db", ":memory:", "run", "tuor.shop"], directory: dir)
    XCTAssertEqual(r.status, 2)
    XCTAssertEqual(r.stderr, "error: cannot read 'tuor.shop' (did you mean 'tour.shop'?)\n")
  }

  func testCheckFailsWithADiffAndAcceptRewrites() throws {
    let dir = try temporaryFolder()
    let path = dir + "/s.shop"
    try "print 1 + 1\n# expect: 3\nprint \"ok\"\n# expect: ok\n".write(toFile: path, atomically: true, encoding: .utf8)
    let check = try shoplab(["--db", ":memory:", "run", "--check", path])
    XCTAssertEqual(check.status, 1)
    XCTAssertTrue(check.stderr.contains("- 3\n  + 2"), check.stderr)
    XCTAssertTrue(check.stderr.contains("1 of 2 commands differ"), check.stderr)
    let accept = try shoplab(["--db", ":memory:", "run", "--accept", path])
    XCTAssertEqual(accept.status, 0)
    XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), "print 1 + 1\n# expect: 2\nprint \"ok\"\n# expect: ok\n")
    XCTAssertEqual(try shoplab(["--db", ":memory:", "run", "--check", path]).status, 0)
  }

  func testWindowsLineEndingsCheckAcceptAndKeepGoing() throws {
    let dir = try temporaryFolder()
    let path = dir + "/crlf.shop"
    try "print 1 + 1\r\n# expect: 3\r\nprint nope\r\nprint \"ok\"\r\n# expect: ok\r\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let run = try shoplab(["--db", ":memory:", "run", "--keep-going", path])
    XCTAssertEqual(run.stdout, "2\nok\n")
    XCTAssertTrue(run.stderr.contains("--> \(path):3:7"), run.stderr)
    let check = try shoplab(["--db", ":memory:", "run", "--check", path])
    XCTAssertTrue(check.stderr.contains("- 3\n  + 2"), check.stderr)
    XCTAssertTrue(check.stderr.contains("2 of 3 commands differ"), check.stderr)
    _ = try shoplab(["--db", ":memory:", "run", "--accept", path])
    XCTAssertEqual(
      try String(contentsOfFile: path, encoding: .utf8),
      "print 1 + 1\r\n# expect: 2\r\nprint nope\r\n# expect error: unknown name 'nope'\r\nprint \"ok\"\r\n# expect: ok\r\n")
    let passed = try shoplab(["--db", ":memory:", "run", "--check", path])
    XCTAssertEqual(passed.status, 0)
    XCTAssertEqual(passed.stdout, "\(path): 3 commands, all outputs match\n")
    let one = dir + "/one.shop"
    try "print 1\n# expect: 1\n".write(toFile: one, atomically: true, encoding: .utf8)
    XCTAssertEqual(try shoplab(["--db", ":memory:", "run", "--check", one]).stdout, "\(one): 1 command, all outputs match\n")
  }

  func testCommandsAreStoredAcrossSessions() throws {
    let dir = try temporaryFolder()
    let db = dir + "/s.db"
    XCTAssertEqual(try shoplab(["--db", db, "-c", "print 123"]).status, 0)
    let r = try shoplab(["--db", db, "-c", "history all"])
    XCTAssertTrue(r.stdout.contains("print 123"), r.stdout)
    let sessions = try shoplab(["--db", db, "-c", "sql \"select count(*) as n from sessions\""])
    XCTAssertTrue(sessions.stdout.hasSuffix("\n3\n"), sessions.stdout)
  }

  func testAnErrorTheScriptExpectsIsShownButDoesNotFailTheRun() throws {
    let dir = try temporaryFolder()
    let path = dir + "/lesson.shop"
    try "print nope\n# expect error: unknown name 'nope'\nprint 2\n# expect: 2\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let r = try shoplab(["--db", ":memory:", "run", path])
    XCTAssertEqual(r.status, 0, r.stderr)
    XCTAssertTrue(r.stdout.hasPrefix("error: unknown name 'nope'\n"), r.stdout)
    XCTAssertTrue(r.stdout.hasSuffix("\n2\n"), r.stdout)
    XCTAssertEqual(r.stderr, "")
  }

  func testUnknownOptionIsAUsageError() throws {
    let r = try shoplab(["--frobnicate"])
    XCTAssertEqual(r.status, 2)
    XCTAssertTrue(r.stderr.hasPrefix("error: Unknown option '--frobnicate'\nUsage: shoplab"), r.stderr)
    XCTAssertEqual(r.stdout, "")
  }

  /// Options that cannot go together are usage errors (status 2) that run nothing.
  func testConflictingOptionsAreUsageErrorsAndRunNothing() throws {
    let dir = try temporaryFolder()
    try "print \"ran\"\n".write(toFile: dir + "/x.shop", atomically: true, encoding: .utf8)
    let cases: [([String], String)] = [
      (["-c", "print 2", "run", "x.shop"], "error: '-c' runs commands here; it cannot be combined with 'run'"),
      (["run", "--check", "--accept", "x.shop"], "error: Value to be set with flag '--accept' had already been set with flag '--check'"),
      (["run", "--echo", "--check", "x.shop"], "error: '--echo' prints a transcript of a plain run; it cannot be combined with '--check'"),
      (["x.shop"], "error: unexpected argument 'x.shop' (did you mean 'shoplab run x.shop'?)"),
      (["run"], "error: Missing expected argument '<file.shop> ...'"),
      (["--check", "run", "x.shop"], "error: 'run' takes its options after its name: 'shoplab run --check FILE.shop'"),
    ]
    for (arguments, message) in cases {
      let r = try shoplab(["--db", ":memory:"] + arguments, directory: dir)
      XCTAssertEqual(r.status, 2, "\(arguments)")
      XCTAssertEqual(r.stdout, "", "\(arguments) ran something")
      XCTAssertTrue(r.stderr.hasPrefix(message), "\(arguments): \(r.stderr)")
      XCTAssertTrue(r.stderr.contains("\nUsage: shoplab"), "\(arguments): \(r.stderr)")
    }
  }

  /// `--db` is the root's option, so it may come before or after the subcommand name.
  func testTheStoreOptionWorksOnEitherSideOfTheSubcommand() throws {
    let dir = try temporaryFolder()
    try "print 5\n".write(toFile: dir + "/x.shop", atomically: true, encoding: .utf8)
    for arguments in [["--db", "a.db", "run", "x.shop"], ["run", "--db", "a.db", "x.shop"]] {
      let r = try shoplab(arguments, directory: dir)
      XCTAssertEqual(r.status, 0, r.stderr)
      XCTAssertEqual(r.stdout, "5\n")
    }
    let history = try shoplab(["--db", "a.db", "-c", "history all"], directory: dir)
    XCTAssertEqual(history.stdout.components(separatedBy: "print 5").count - 1, 2, history.stdout)
  }

  /// `--keep-going` and `--echo` may come before the subcommand's name or after it.
  func testSharedFlagsWorkOnEitherSideOfRun() throws {
    let dir = try temporaryFolder()
    try "print 1\nprint nope\nprint 3\n".write(toFile: dir + "/x.shop", atomically: true, encoding: .utf8)
    for arguments in [["--keep-going", "run", "x.shop"], ["run", "--keep-going", "x.shop"]] {
      let r = try shoplab(["--db", ":memory:"] + arguments, directory: dir)
      XCTAssertEqual(r.status, 1, "\(arguments)")
      XCTAssertEqual(r.stdout, "1\n3\n", "\(arguments)")
    }
    for arguments in [["--echo", "run", "x.shop"], ["run", "--echo", "x.shop"]] {
      let r = try shoplab(["--db", ":memory:"] + arguments, directory: dir)
      XCTAssertTrue(r.stdout.hasPrefix("» print 1\n1\n\n» print nope\n"), "\(arguments): \(r.stdout)")
    }
    let conflict = try shoplab(["--db", ":memory:", "--echo", "run", "--check", "x.shop"], directory: dir)
    XCTAssertEqual(conflict.status, 2)
  }

  /// Each command has its own help, printed to stdout with status 0.
  func testEachCommandHasHelp() throws {
    let cases: [([String], String)] = [
      (["--help"], "USAGE: shoplab [--db <path>] <subcommand>"),
      (["help", "run"], "USAGE: shoplab run [--check] [--accept] [--echo] [--keep-going] <file.shop> ..."),
      (["run", "--help"], "USAGE: shoplab run [--check] [--accept] [--echo] [--keep-going] <file.shop> ..."),
      (["repl", "--help"], "USAGE: shoplab repl [-c <command> ...] [--echo] [--keep-going]"),
    ]
    for (arguments, usage) in cases {
      let r = try shoplab(arguments)
      XCTAssertEqual(r.status, 0, "\(arguments)")
      XCTAssertTrue(r.stdout.contains("\n" + usage + "\n"), "\(arguments): \(r.stdout)")
      XCTAssertEqual(r.stderr, "")
    }
    let root = try shoplab(["--help"]).stdout
    XCTAssertTrue(root.contains("Exit status: 0 ok; 1 a command failed"), root)
    XCTAssertEqual(try shoplab(["--version"]).stdout, "shoplab 0.1.0\n")
  }

  /// The completion scripts README.md documents are generated and know the subcommands.
  func testCompletionScriptsNameTheSubcommandsAndOptions() throws {
    for shell in ["bash", "zsh", "fish"] {
      let r = try shoplab(["--generate-completion-script", shell])
      XCTAssertEqual(r.status, 0, shell)
      // Fish spells long options `-l keep-going`, so look for the bare names.
      for word in ["run", "repl", "check", "accept", "keep-going", "db"] {
        XCTAssertTrue(r.stdout.contains(word), "\(shell) completion lacks \(word)")
      }
    }
  }
}
