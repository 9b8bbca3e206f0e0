import ArgumentParser
import ShopREPL

/// `shoplab [repl]`: the interactive REPL on a terminal, a script read from piped stdin,
/// or commands given with `-c` (one or several, run in order).
struct ReplCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "repl",
    abstract: "Start the REPL (the default); read a script from piped stdin; or run commands given with -c.",
    discussion: """
      Several -c run in order in one session, like the lines of a script: the first that \
      fails stops the rest (exit status 1) unless --keep-going.

      Examples:
        shoplab                        the REPL (history, Ctrl-R, Tab completion)
        shoplab -c 'print 1 + 1'       one command, then exit
        shoplab -c 'let x = 2' -c 'print x * 3'
                                       two commands in one session, in order
        shoplab < analysis.shop        a script on stdin, stopping at the first error
      """)

  @ParentCommand var root: ShopLabCommand

  /// Each `-c` is one input; several run in order in one session (see `runCommands`).
  @Option(
    name: .customShort("c"),
    help: ArgumentHelp(
      "Run this input and exit, instead of the REPL; repeat -c to run several in order.", valueName: "command"))
  var commands: [String] = []

  @Flag(help: "Print each command before its output, like a transcript (piped stdin or -c).")
  var echo = false

  @Flag(help: "Run past failing commands (the exit status still reports them).")
  var keepGoing = false

  /// Words the REPL takes none of, kept so that the usage error can say what was meant
  /// (`shoplab tour.shop` is most likely `shoplab run tour.shop`).
  @Argument(help: .hidden)
  var unexpected: [String] = []

  func validate() throws {
    guard let first = unexpected.first else { return }
    if !commands.isEmpty, unexpected.contains("run") {
      throw ValidationError("'-c' runs commands here; it cannot be combined with 'run'")
    }
    if first == "run" {
      // An option of `run` (like `--check`) put before the subcommand's name.
      throw ValidationError("'run' takes its options after its name: 'shoplab run --check FILE.shop'")
    }
    throw ValidationError("unexpected argument '\(first)' (did you mean 'shoplab run \(first)'?)")
  }

  func run() throws {
    let options = ShopLabCLI.Options(db: root.db, echo: echo || root.echo, keepGoing: keepGoing || root.keepGoing)
    if !commands.isEmpty {
      try finish(ShopLabCLI.runCommands(commands, options: options))
    } else {
      try finish(ShopLabCLI.runInteractive(options: options))
    }
  }
}
