import ArgumentParser
import ShopREPL

/// `shoplab [repl]`: the interactive REPL on a terminal, a script read from piped stdin,
/// or one command with `-c`.
struct ReplCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl",
    abstract: "Start the REPL (the default); read a script from piped stdin; or run one command with -c.",
    discussion: """
      Examples:
        shoplab                        the REPL (history, Ctrl-R, Tab completion)
        shoplab -c 'print 1 + 1'       one command, then exit
        shoplab < analysis.shop        a script on stdin, stopping at the first error
      """)

  @ParentCommand var root: ShopLabCommand

  /// An array only so that a second `-c` is reported rather than silently winning.
  @Option(
    name: .customShort("c"),
    help: ArgumentHelp("Run this one input and exit, instead of the REPL.", valueName: "command"))
  var commands: [String] = []

  var command: String? { commands.first }

  @Flag(help: "Print each command before its output, like a transcript (piped stdin or -c).")
  var echo = false

  @Flag(help: "Run past failing commands (the exit status still reports them).")
  var keepGoing = false

  /// Words the REPL takes none of, kept so that the usage error can say what was meant
  /// (`shoplab tour.shop` is most likely `shoplab run tour.shop`).
  @Argument(help: .hidden)
  var unexpected: [String] = []

  func validate() throws {
    if commands.count > 1 {
      throw ValidationError("'-c' takes one command; put several on separate lines of one '-c' or in a script")
    }
    guard let first = unexpected.first else { return }
    if command != nil, unexpected.contains("run") {
      throw ValidationError("'-c' runs one command; it cannot be combined with 'run'")
    }
    if first == "run" {
      // An option of `run` (like `--check`) put before the subcommand's name.
      throw ValidationError("'run' takes its options after its name: 'shoplab run --check FILE.shop'")
    }
    throw ValidationError("unexpected argument '\(first)' (did you mean 'shoplab run \(first)'?)")
  }

  func run() throws {
    let options = ShopLabCLI.Options(db: root.db, echo: echo || root.echo, keepGoing: keepGoing || root.keepGoing)
    if let command {
      try finish(ShopLabCLI.runCommand(command, options: options))
    } else {
      try finish(ShopLabCLI.runInteractive(options: options))
    }
  }
}
