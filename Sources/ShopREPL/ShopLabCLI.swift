import Foundation
import ShopCore
import ShopFrames
import ShopRuntime
import ShopStore
import CReadline

#if canImport(Glibc)
  import Glibc
#endif

/// What the `shoplab` command line does once its arguments are parsed: open the store,
/// then run scripts, one command, piped stdin or the REPL, and return the exit status.
///
/// The parsing itself (subcommands, options, help, usage errors) lives in the `shoplab`
/// executable, so that no library target depends on the argument parser. Exit statuses:
/// 0 ok, 1 a command failed or `--check` found drift (or the store failed), 2 a usage
/// error (which includes a script file that cannot be read).
public enum ShopLabCLI {
  public static let version = "0.1.0"

  /// Exit statuses, as documented in README.md.
  public enum Status {
    public static let ok: Int32 = 0
    public static let failed: Int32 = 1
    public static let usage: Int32 = 2
  }

  /// Settings shared by every way of running input.
  public struct Options: Sendable {
    /// The SQLite session store (`:memory:` keeps nothing).
    public var db: String
    /// Print each command before its output, like a transcript (plain runs only).
    public var echo: Bool
    /// Run past failing commands; the exit status still reports them.
    public var keepGoing: Bool

    public init(db: String = "shoplab.db", echo: Bool = false, keepGoing: Bool = false) {
      self.db = db
      self.echo = echo
      self.keepGoing = keepGoing
    }
  }

  /// Once per process, before any output: line-buffered stdout, so output and errors
  /// (stderr) interleave in the order they happened when both go to one pipe or log.
  public static func prepareProcess() {
    shim_line_buffer_stdout()
  }

  /// `shoplab run`: runs each file in order (plainly, checking or accepting); the status
  /// is the last non-zero one.
  public static func runScripts(_ files: [String], mode: ScriptRunner.Mode, options: Options) -> Int32 {
    guard let store = openStore(options) else { return Status.failed }
    var status = Status.ok
    for file in files {
      let code = runFile(file, store: store, mode: mode, options: options)
      if code != 0 { status = code }
    }
    return status
  }

  /// `shoplab -c TEXT [-c TEXT …]`: runs the inputs in order in one session (a binding made
  /// by one is there for the next), then exits. As in a script, the first input that fails
  /// stops the rest unless `--keep-going`; errors name the input (`command 2:1:5`) when there
  /// are several.
  public static func runCommands(_ texts: [String], options: Options) -> Int32 {
    guard let store = openStore(options) else { return Status.failed }
    let cwd = FileManager.default.currentDirectoryPath
    let names = texts.count == 1 ? ["command"] : texts.indices.map { "command \($0 + 1)" }
    return runInteractiveless(
      texts: Array(zip(texts, names)), kind: "command", source: "command", store: store, cwd: cwd, options: options)
  }

  /// `shoplab`: the REPL on a terminal, or a script read from piped stdin.
  public static func runInteractive(options: Options) -> Int32 {
    guard let store = openStore(options) else { return Status.failed }
    let cwd = FileManager.default.currentDirectoryPath
    if isatty(0) == 0 {
      let text = readAllStdin()
      return runInteractiveless(
        texts: [(text, "stdin")], kind: "script", source: "stdin", store: store, cwd: cwd, options: options)
    }
    return runRepl(store: store, cwd: cwd)
  }

  /// Opens the store and installs the process-wide handlers every mode needs, or reports
  /// why the store cannot be opened.
  static func openStore(_ options: Options) -> SessionStore? {
    let store: SessionStore
    do {
      store = try SessionStore(path: options.db)
    } catch {
      Terminal.err(render(error))
      return nil
    }
    InterruptFlag.install()
    // A write past the file size limit (`ulimit -f`) then fails with EFBIG, which the store
    // reports as an error, instead of killing the process with SIGXFSZ mid-command.
    signal(SIGXFSZ, SIG_IGN)
    return store
  }

  static func runFile(_ file: String, store: SessionStore, mode: ScriptRunner.Mode, options: Options) -> Int32 {
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
      let dir = (file as NSString).deletingLastPathComponent
      let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.isEmpty ? "." : dir)) ?? []
      let base = (file as NSString).lastPathComponent
      let hint = Suggestions.nearest(to: base, in: names).map { " (did you mean '\($0)'?)" } ?? ""
      return usageError("cannot read '\(file)'\(hint)")
    }
    let absolute = file.hasPrefix("/") ? file : FileManager.default.currentDirectoryPath + "/" + file
    let folder = (absolute as NSString).deletingLastPathComponent
    let live = mode == .run(echo: false) || mode == .run(echo: true)
    let console = Console(writeThrough: live ? { Terminal.out($0) } : nil)
    let session: Session
    do {
      session = try Session(
        console: console, store: store, kind: "script", source: absolute, isInteractive: false,
        workingDirectory: folder)
    } catch {
      return fail(error)
    }
    let interpreter = Interpreter(session: session)
    let runner = ScriptRunner(
      interpreter: interpreter, mode: mode, keepGoing: options.keepGoing,
      out: { Terminal.out($0) }, err: { Terminal.err($0) })
    let report = runner.run(text: text, name: file, path: file)
    let status: Int32
    switch mode {
    case .check:
      for m in report.mismatches { Terminal.err(m) }
      if report.mismatches.isEmpty {
        Terminal.out("\(file): \(NumberFormat.count(report.inputs, "command")), all outputs match")
        status = 0
      } else {
        Terminal.err("\(file): \(report.mismatches.count) of \(report.inputs) commands differ from their '# expect' lines")
        status = 1
      }
    case .accept:
      Terminal.out("\(file): \(NumberFormat.count(report.inputs, "command")), expectations rewritten")
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

  /// Runs texts (each with the name its errors use) one after another in one session, each
  /// as a script; a text that stops early (an error without `--keep-going`) stops the rest.
  static func runInteractiveless(
    texts: [(text: String, name: String)], kind: String, source: String, store: SessionStore, cwd: String,
    options: Options
  ) -> Int32 {
    let console = Console(writeThrough: { Terminal.out($0) })
    let session: Session
    do {
      session = try Session(
        console: console, store: store, kind: kind, source: source, isInteractive: false, workingDirectory: cwd)
    } catch {
      return fail(error)
    }
    let runner = ScriptRunner(
      interpreter: Interpreter(session: session), mode: .run(echo: options.echo), keepGoing: options.keepGoing,
      out: { Terminal.out($0) }, err: { Terminal.err($0) })
    var errors = 0
    for (text, name) in texts {
      let report = runner.run(text: text, name: name)
      errors += report.errors
      if report.stoppedEarly || Cancellation.shared.isRequested { break }
    }
    return end(session, status: errors > 0 ? 1 : 0)
  }

  static func runRepl(store: SessionStore, cwd: String) -> Int32 {
    let console = Console(writeThrough: { Terminal.out($0) })
    let session: Session
    do {
      session = try Session(
        console: console, store: store, kind: "repl", source: "repl", isInteractive: true, workingDirectory: cwd)
    } catch {
      return fail(error)
    }
    // Colour is on from the start wherever it is allowed; `set color off` turns it off.
    session.settings.color = session.colourAllowed
    Terminal.colors = session.colourAllowed
    var size = winsize()
    if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 {
      session.settings.width = Int(size.ws_col)
      session.settings.chartWidth = min(Int(size.ws_col), 160)
      session.settings.chartHeight = max(10, min(Int(size.ws_row) - 4, 30))
      if isatty(1) != 0 { Terminal.proseWidth = Int(size.ws_col) }
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

  /// Reports a command line that names something unusable; exit status 2.
  static func usageError(_ message: String) -> Int32 {
    Terminal.err("error: \(message)")
    return Status.usage
  }

  /// Reports a failure to start a session (the store refused); exit status 1.
  static func fail(_ error: Error) -> Int32 {
    Terminal.err(render(error))
    return Status.failed
  }
}

