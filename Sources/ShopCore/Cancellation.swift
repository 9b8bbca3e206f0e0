import Synchronization

/// The flag that Ctrl-C raises and long-running loops poll.
///
/// The REPL's SIGINT handler calls `Cancellation.shared.request()`; a command checks
/// `Cancellation.shared.isRequested` between batches or chunks and stops cleanly, and the
/// REPL calls `reset()` before the next command, so Ctrl-C stops a command, not the session.
public final class Cancellation: Sendable {
  public static let shared = Cancellation()
  private let flag = Atomic<Bool>(false)

  public init() {}

  public func request() { flag.store(true, ordering: .relaxed) }
  public func reset() { flag.store(false, ordering: .relaxed) }
  public var isRequested: Bool { flag.load(ordering: .relaxed) }

  /// Throws `CancellationError` if Ctrl-C was pressed.
  public func check() throws {
    if isRequested { throw CommandCancelled() }
  }
}

/// Thrown by a command that stopped because the user pressed Ctrl-C.
public struct CommandCancelled: Error, DiagnosticConvertible, Sendable {
  public init() {}
  public var diagnostic: Diagnostic { .error("interrupted") }
}
