import ShopCore
import ShopModels

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// Shows training as it runs: a progress bar on the terminal's stderr (rewritten in place
/// with `\r`, never captured), and one line per epoch in the output.
///
/// In a script the epoch lines carry no timings, so a checked script's output stays
/// byte-identical from run to run; on a terminal they add samples/s and elapsed time.
struct TrainingProgress {
  let interactive: Bool
  let say: (String) -> Void
  /// The monitored validation metric's name, when there is validation data.
  let metric: String?
  private var lastDraw = 0.0

  init(interactive: Bool, metric: String?, say: @escaping (String) -> Void) {
    self.interactive = interactive
    self.metric = metric
    self.say = say
  }

  /// Redraws the bar at most ten times a second.
  mutating func batch(_ p: BatchProgress) {
    guard interactive else { return }
    let now = monotonicMilliseconds()
    guard now - lastDraw >= 100 || p.batch == p.batches else { return }
    lastDraw = now
    let width = 24
    let filled = p.batches == 0 ? 0 : width * p.batch / p.batches
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let text =
      "\repoch \(p.epoch)/\(p.epochs) \(bar) \(p.batch)/\(p.batches)  loss \(NumberFormat.fixed(p.runningLoss, 4))"
      + "  \(NumberFormat.grouped(Int(p.samplesPerSecond))) samples/s  ETA \(Self.duration(p.secondsRemaining))\u{1B}[K"
    Self.writeStderr(text)
  }

  /// Straight to file descriptor 2, unbuffered: the bar must never reach captured output.
  static func writeStderr(_ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
  }

  /// Clears the bar and prints the epoch's line.
  func epoch(_ r: EpochReport, of epochs: Int) {
    if interactive {
      Self.writeStderr("\r\u{1B}[K")
    }
    say(Self.line(r, of: epochs, metric: metric, timings: interactive))
  }

  /// `epoch 2/5  loss 0.4123  val auc 0.8123  best`.
  static func line(_ r: EpochReport, of epochs: Int, metric: String?, timings: Bool) -> String {
    let width = String(epochs).count
    var epoch = String(r.epoch)
    while epoch.count < width { epoch = " " + epoch }
    var s = "epoch \(epoch)/\(epochs)  loss \(NumberFormat.fixed(r.trainLoss, 4))"
    if let metric, let v = r.validation[metric] {
      s += "  val \(metric) \(NumberFormat.fixed(v, 4))"
    }
    if timings {
      s +=
        "  \(NumberFormat.grouped(Int(r.samplesPerSecond))) samples/s  \(Self.duration(r.elapsed))"
    }
    if r.isBest { s += "  best" }
    return s
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    if seconds < 60 { return NumberFormat.fixed(seconds, 1) + "s" }
    let s = Int(seconds.rounded())
    return s < 3600 ? "\(s / 60)m \(s % 60)s" : "\(s / 3600)h \(s % 3600 / 60)m"
  }
}
