import ArgumentParser
import ShopREPL

#if Spark
  import ShopSpark
#endif

#if canImport(Glibc)
  import Glibc
#endif

/// `shoplab`: the root of the command tree. It holds the options every subcommand shares
/// (`--db`) and the list of subcommands; with none named, `repl` runs.
///
/// A new subcommand is one more type in `subcommands` (and a file beside this one) that
/// reads the shared options through `@ParentCommand`.
@main
struct ShopLabCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shoplab",
    abstract: "A scripting REPL for e-commerce analysis.",
    discussion: """
      Exit status: 0 ok; 1 a command failed, '--check' found drift, or the session store \
      failed; 2 a usage error (unknown or conflicting options, a script that cannot be read).

      Shell completion: 'shoplab --generate-completion-script bash' (or zsh, fish) prints \
      a completion script; README.md says where to put it.
      """,
    version: "shoplab \(ShopLabCLI.version)",
    subcommands: [ReplCommand.self, RunCommand.self, LearnCommand.self],
    defaultSubcommand: ReplCommand.self)

  @Option(
    name: .long, help: ArgumentHelp("The SQLite session store (':memory:' keeps nothing).", valueName: "path"),
    completion: .file(extensions: ["db"]))
  var db = "shoplab.db"

  /// `--echo` and `--keep-going` belong to the subcommands (and show in their help), but
  /// scripts have always been free to put them before the subcommand name too
  /// (`shoplab --keep-going run x.shop`); these hidden copies accept them there.
  @Flag(help: .hidden) var echo = false
  @Flag(help: .hidden) var keepGoing = false

  /// Parses, runs, and exits with ShopLab's statuses: the parser's own usage status (64,
  /// EX_USAGE) becomes 2, as README.md documents; help and `--version` exit 0.
  static func main() {
    ShopLabCLI.prepareProcess()
    #if Spark
      // Built with `--traits Spark`: `connect spark` reaches a Spark Connect server.
      SparkConnectTables.register()
    #endif
    do {
      var command = try parseAsRoot()
      try command.run()
      Glibc.exit(ShopLabCLI.Status.ok)
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if code == .success {
        if !message.isEmpty { print(message) }
        Glibc.exit(ShopLabCLI.Status.ok)
      }
      // The parser's "Error: …" in the spelling of every other ShopLab error.
      if !message.isEmpty { Terminal.err(message.hasPrefix("Error: ") ? "error: " + message.dropFirst(7) : message) }
      Glibc.exit(code == .validationFailure ? ShopLabCLI.Status.usage : code.rawValue)
    }
  }
}

/// Turns an action's exit status into the error the parser's `main` expects.
func finish(_ status: Int32) throws {
  if status != ShopLabCLI.Status.ok { throw ExitCode(status) }
}
