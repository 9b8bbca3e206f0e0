/// Where commands write their output.
///
/// Everything a command prints is captured for the session store and the script
/// checker; on a terminal it is also written through at once, so a long command shows
/// its progress while it runs.
public final class Console {
  private var captured: [String] = []
  private let writeThrough: ((String) -> Void)?

  /// - Parameter writeThrough: called with each line as it is printed (nil to only capture).
  public init(writeThrough: ((String) -> Void)? = nil) {
    self.writeThrough = writeThrough
  }

  /// Prints one or more lines.
  public func print(_ text: String) {
    captured.append(text)
    writeThrough?(text)
  }

  /// Takes everything printed since the last call.
  public func drain() -> String {
    defer { captured.removeAll(keepingCapacity: true) }
    return captured.joined(separator: "\n")
  }
}
