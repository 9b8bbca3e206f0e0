import ShopCore
import ShopFrames
import ShopStore

/// All the state of one ShopLab session: names, the last result, settings, the store.
public final class Session {
  /// Values bound with `let`.
  public var bindings: [String: Value] = [:]
  /// The value of the last command that produced one: `_`, and the input of `| …`.
  public var last: Value?
  public var settings = Settings()
  public let console: Console
  /// The store this session writes to (nil only in unit tests that don't need one).
  public let store: SessionStore?
  /// This session's row in the store.
  public private(set) var sessionID: Int64?
  /// The store row of the command now running.
  public var currentCommandID: Int64?
  /// Whether a person is typing (REPL on a terminal) rather than a script running.
  public let isInteractive: Bool
  /// The folder relative paths are resolved against (the script's folder for scripts).
  public var workingDirectory: String
  /// The interpreter running this session (for `replay`).
  public internal(set) weak var interpreter: Interpreter?
  /// The text now running, for messages that quote it.
  public var currentSource: SourceText?
  /// Rows that violated the last `check` (see `violations`).
  public var violations: Frame?
  /// Rows rejected by the last `load` (see `rejects`).
  public var rejects: Frame?
  /// Set by a command whose result should become `_` without being printed (a cleaning
  /// step prints its one-line summary instead of the whole table). Reset for every stage.
  public var quietResult = false
  /// Column roles for the KPI commands (`roles order InvoiceNo, …`); unset roles are
  /// inferred from column names.
  public var roles = ShopRoles()
  /// Lines a command wants printed after the statement's result, such as a KPI's
  /// definition; printed and cleared once per statement.
  public var pendingNotes: [String] = []
  /// The open Spark Connect session, if any (`connect spark`).
  public var remote: RemoteConnection?
  /// Re-entrancy guard for `replay`.
  var replayDepth = 0
  /// Whether the running replay said `writing files` (see `OutputFile`).
  var replayWritesFiles = false

  public init(
    console: Console, store: SessionStore?, kind: String, source: String, isInteractive: Bool,
    workingDirectory: String
  ) throws {
    self.console = console
    self.store = store
    self.isInteractive = isInteractive
    self.workingDirectory = workingDirectory
    sessionID = try store?.startSession(kind: kind, source: source)
  }

  /// Marks the session ended in the store.
  ///
  /// - Throws: `StoreError` when the store cannot record it (locked, disk full).
  public func close() throws {
    if let store, let sessionID { try store.endSession(sessionID) }
  }

  /// A path as the user typed it, made absolute against the working directory.
  public func resolve(_ path: String) -> String {
    if path.hasPrefix("/") { return path }
    if path.hasPrefix("~/"), let home = ProcessEnvironment.home { return home + String(path.dropFirst(1)) }
    return workingDirectory + "/" + path
  }

  /// Whether this session may show colour at all; the one place that decides it. Only an
  /// interactive session writing to a terminal, and never when `NO_COLOR` is set to
  /// anything (https://no-color.org). The REPL's start and `set color on` both ask here.
  public var colourAllowed: Bool {
    isInteractive && isatty(1) != 0 && (ProcessEnvironment.getenvString("NO_COLOR") ?? "").isEmpty
  }

  /// Names the user can refer to, for "did you mean".
  public var boundNames: [String] { Array(bindings.keys).sorted() + ["_"] }
}

/// Environment lookups without Foundation.
enum ProcessEnvironment {
  static var home: String? { getenvString("HOME") }

  static func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
  }
}

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif
