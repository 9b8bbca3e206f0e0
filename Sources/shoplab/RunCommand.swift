import ArgumentParser
import ShopREPL

/// `shoplab run FILE…`: runs `.shop` scripts, or checks or rewrites their `# expect:` lines.
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run .shop scripts; or check or rewrite the '# expect:' lines under their commands.",
    discussion: """
      Examples:
        shoplab run tour.shop                 run, stopping at the first error
        shoplab run --check examples/*.shop   exit 1 with a diff if output drifted
        shoplab run --accept lesson.shop      rewrite '# expect:' to today's output
      """)

  /// How the scripts run; at most one of these may be given.
  enum Mode: String, EnumerableFlag {
    case check
    case accept

    static func help(for value: Mode) -> ArgumentHelp? {
      switch value {
      case .check: "Compare each command's output with the '# expect:' lines under it."
      case .accept: "Rewrite the '# expect:' lines to what the program prints now."
      }
    }
  }

  @ParentCommand var root: ShopLabCommand

  @Flag var mode: Mode?

  @Flag(help: "Print each command before its output, like a transcript (not with --check or --accept).")
  var echo = false

  @Flag(help: "Run past failing commands (the exit status still reports them).")
  var keepGoing = false

  @Argument(
    help: ArgumentHelp("The scripts to run, in order.", valueName: "file.shop"),
    completion: .file(extensions: ["shop"]))
  var files: [String]

  func validate() throws {
    if echo || root.echo, let mode {
      throw ValidationError("'--echo' prints a transcript of a plain run; it cannot be combined with '--\(mode.rawValue)'")
    }
  }

  func run() throws {
    let scriptMode: ScriptRunner.Mode =
      switch mode {
      case .check: .check
      case .accept: .accept
      case nil: .run(echo: echo || root.echo)
      }
    let options = ShopLabCLI.Options(db: root.db, echo: echo || root.echo, keepGoing: keepGoing || root.keepGoing)
    try finish(ShopLabCLI.runScripts(files, mode: scriptMode, options: options))
  }
}
