import ShopCore
import ShopFrames
import ShopSparkPlan
import Synchronization

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Spark's execution progress as a bar on the terminal's stderr (rewritten in place with
/// `\r`, never in the captured output), for a remote run that takes a while. Only in an
/// interactive session whose stderr is a terminal: scripts and pipes see nothing.
final class RemoteProgressBar: Sendable {
  private struct State {
    var lastDraw = 0.0
    var drawn = false
  }
  private let state = Mutex(State())

  /// A bar when the session is interactive on a terminal, else nil (no progress asked).
  static func forSession(_ session: Session) -> RemoteProgressBar? {
    session.isInteractive && isatty(2) == 1 ? RemoteProgressBar() : nil
  }

  /// Redraws at most ten times a second.
  func update(_ p: RemoteProgress) {
    let now = monotonicMilliseconds()
    let draw: Bool = state.withLock { s in
      guard now - s.lastDraw >= 100 else { return false }
      s.lastDraw = now
      s.drawn = true
      return true
    }
    guard draw else { return }
    TrainingProgress.writeStderr("\r" + Self.line(p) + "\u{1B}[K")
  }

  /// Clears the bar, if one was drawn.
  func finish() {
    if state.withLock({ $0.drawn }) { TrainingProgress.writeStderr("\r\u{1B}[K") }
  }

  /// `spark ██████░░░░░░ 120/200 tasks, stage 2 of 3  (Ctrl-C interrupts)`.
  static func line(_ p: RemoteProgress) -> String {
    let width = 24
    let filled = p.tasks == 0 ? 0 : Int(Int64(width) * min(p.completedTasks, p.tasks) / p.tasks)
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let stage = p.stages == 0 ? "" : ", stage \(min(p.doneStages + 1, p.stages)) of \(p.stages)"
    return "spark \(bar) \(NumberFormat.grouped(Int(p.completedTasks)))/\(NumberFormat.grouped(Int(p.tasks))) tasks\(stage)  (Ctrl-C interrupts)"
  }
}

extension RemoteCommands {
  /// Runs a plan whose result the person waits for, with the progress bar on a terminal.
  static func run(_ inv: Invocation, _ plan: SparkRelation) throws -> Frame {
    let tables = try connection(inv).tables
    guard let bar = RemoteProgressBar.forSession(inv.session) else { return try tables.collect(plan, progress: nil) }
    defer { bar.finish() }
    return try tables.collect(plan) { bar.update($0) }
  }
}
