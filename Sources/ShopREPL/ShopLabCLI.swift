import Foundation
import ShopCore
import ShopFrames
import ShopRuntime
import ShopStore
import CReadline

#if canImport(Glibc)
  import Glibc
#endif

/// The `shoplab` command line: flags, choosing REPL or script mode, exit codes.
///
/// ```
/// shoplab                         interactive REPL (or a script on piped stdin)
/// shoplab run [--check | --accept] [--echo] [--keep-going] FILE.shop …
/// shoplab -c 'COMMAND'            run one input
/// --db PATH                       the session store (default ./shoplab.db; :memory: allowed)
/// ```
public enum ShopLabCLI {
  public static let version = "0.1.0"

  public static let usage = """
    usage: shoplab [--db PATH]                       start the REPL (reads a script from piped stdin)
           shoplab [--db PATH] run [--check | --accept] [--echo] [--keep-going] FILE.shop …
           shoplab [--db PATH] -c 'COMMAND'            run one input and exit
           shoplab --version | --help

      --db PATH      the SQLite session store (default ./shoplab.db; ':memory:' keeps nothing)
      --check        compare each command's output with the '# expect:' lines under it
      --accept       rewrite the '# expect:' lines to what the program prints now
      --echo         print each command before its output, like a transcript
      --keep-going   run past failing commands (exit status still reports them)
    """

  struct Options {
    var db = "shoplab.db"
    var mode: ScriptRunner.Mode = .run(echo: false)
    var echo = false
    var keepGoing = false
    var files: [String] = []
    var command: String?
    var isRun = false
  }

  /// Runs the CLI and returns the process exit status.
  public static func main(_ arguments: [String]) -> Int32 {
    // Line-buffered stdout, so output and errors (stderr) interleave in the order they
    // happened when both go to one pipe or log.
    shim_line_buffer_stdout()
    var options = Options()
    var args = arguments[...]
    while let arg = args.popFirst() {
      switch arg {
      case "--help", "-h":
        Terminal.out(usage)
        return 0
      case "--version":
        Terminal.out("shoplab \(version)")
        return 0
      case "--db":
        guard let path = args.popFirst() else { return fail("--db needs a path") }
        options.db = path
      case "-c":
        guard let text = args.popFirst() else { return fail("-c needs a command") }
        options.command = text
      case "run": options.isRun = true
      case "--check": options.mode = .check
      case "--accept": options.mode = .accept
      case "--echo": options.echo = true
      case "--keep-going": options.keepGoing = true
      default:
        if arg.hasPrefix("-") { return fail("unknown option '\(arg)'") }
        guard options.isRun else { return fail("unknown argument '\(arg)' (did you mean 'shoplab run \(arg)'?)") }
        options.files.append(arg)
      }
    }
    if options.mode == .run(echo: false), options.echo { options.mode = .run(echo: true) }

    let store: SessionStore
    do {
      store = try SessionStore(path: options.db)
    } catch {
      return fail(render(error))
    }
    let cwd = FileManager.default.currentDirectoryPath
    InterruptFlag.install()
    // A write past the file size limit (`ulimit -f`) then fails with EFBIG, which the store
    // reports as an error, instead of killing the process with SIGXFSZ mid-command.
    signal(SIGXFSZ, SIG_IGN)

    if let command = options.command {
      return runInteractiveless(text: command, name: "command", kind: "command", store: store, cwd: cwd, options: options)
    }
    if options.isRun {
      guard !options.files.isEmpty else { return fail("'run' needs a .shop file") }
      var status: Int32 = 0
      for file in options.files {
        let code = runFile(file, store: store, options: options)
        if code != 0 { status = code }
      }
      return status
    }
    if isatty(0) == 0 {
      let text = readAllStdin()
      return runInteractiveless(text: text, name: "stdin", kind: "script", store: store, cwd: cwd, options: options)
    }
    return runRepl(store: store, cwd: cwd)
  }

  static func runFile(_ file: String, store: SessionStore, options: Options) -> Int32 {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
      let dir = (file as NSString).deletingLastPathComponent
      let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
      let base = (file as NSString).lastPathComponent
      let hint = Suggestions.nearest(to: base, in: names).map { " (did you mean '\($0)'?)" } ?? ""
      return fail("cannot read '\(file)'\(hint)")
    }
    let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
    let folder = (absolute as NSString).deletingLastPathComponent
    let live = options.mode == .run(echo: false) || options.mode == .run(echo: true)
    let console = Console(writeThrough: live ? { Terminal.out($0) } : nil)
    let session: Session
    do {
      session = try Session(
        console: console, store: store, kind: "script", source: absolute, isInteractive: false,
        workingDirectory: folder)
    } catch {
      return fail(render(error))
    }
    let interpreter = Interpreter(session: session)
    let runner = ScriptRunner(
      interpreter: interpreter, mode: options.mode, keepGoing: options.keepGoing,
      out: { Terminal.out($0) }, err: { Terminal.err($0) })
    let report = runner.run(text: text, name: file, path: file)
    let status: Int32
    switch options.mode {
    case .check:
      for m in report.mismatches { Terminal.err(m) }
      if report.mismatches.isEmpty {
        Terminal.out("\(file): \(report.inputs) commands, all outputs match")
        status = 0
      } else {
        Terminal.err("\(file): \(report.mismatches.count) of \(report.inputs) commands differ from their '# expect' lines")
        status = 1
      }
    case .accept:
      Terminal.out("\(file): \(report.inputs) commands, expectations rewritten")
      status = 0
    case .run:
      status = report.errors > 0 ? 1 : 0
    }
    return end(session, status: status)
  }

  /// Records the session's end; a store that cannot record it is an error, and exit 1.
  static func end(_ session: Session, status: Int32) -> Int32 {
    do {
      try session.close()
      return status
    } catch {
      Terminal.err(render(error))
      return status == 0 ? 1 : status
    }
  }

  static func runInteractiveless(
    text: String, name: String, kind: String, store: SessionStore, cwd: String, options: Options
  ) -> Int32 {
    let console = Console(writeThrough: { Terminal.out($0) })
    let session: Session
    do {
      session = try Session(
        console: console, store: store, kind: kind, source: name, isInteractive: false, workingDirectory: cwd)
    } catch {
      return fail(render(error))
    }
    let runner = ScriptRunner(
      interpreter: Interpreter(session: session), mode: .run(echo: options.echo), keepGoing: options.keepGoing,
      out: { Terminal.out($0) }, err: { Terminal.err($0) })
    let report = runner.run(text: text, name: name)
    return end(session, status: report.errors > 0 ? 1 : 0)
  }

  static func runRepl(store: SessionStore, cwd: String) -> Int32 {
    let console = Console(writeThrough: { Terminal.out($0) })
    let session: Session
    do {
      session = try Session(
        console: console, store: store, kind: "repl", source: "repl", isInteractive: true, workingDirectory: cwd)
    } catch {
      return fail(render(error))
    }
    if ProcessInfo.processInfo.environment["NO_COLOR"] == nil, isatty(1) != 0 {
      session.settings.color = true
      Terminal.colors = true
    }
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
      session.settings.width = Int(size.ws_col)
      session.settings.chartWidth = min(Int(size.ws_col), 160)
      session.settings.chartHeight = max(10, min(Int(size.ws_row) - 4, 30))
    }
    let interpreter = Interpreter(session: session)
    let home = ProcessInfo.processInfo.environment["HOME"] ?? cwd
    let reader = ReadlineLineReader(historyPath: home + "/.shoplab_history") { [unowned session] prefix in
      Completer.complete(prefix: prefix, session: session)
    }
    Terminal.out("ShopLab \(version) · 'help' lists commands · Ctrl-D exits · session \(session.sessionID ?? 0) in \(store.database.path)")
    Repl(interpreter: interpreter, reader: reader, err: { Terminal.err($0) }).run()
    return end(session, status: 0)
  }

  static func readAllStdin() -> String {
    var data = [UInt8]()
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = read(0, &buffer, buffer.count)
      if n <= 0 { break }
      data += buffer[0..<n]
    }
    return String(decoding: data, as: UTF8.self)
  }

  static func render(_ error: Error) -> String {
    let d = (error as? DiagnosticConvertible)?.diagnostic ?? .error("\(error)")
    return DiagnosticRenderer.render(d, in: nil)
  }

  static func fail(_ message: String) -> Int32 {
    Terminal.err(message.hasPrefix("error:") ? message : "error: \(message)")
    return 2
  }
}

