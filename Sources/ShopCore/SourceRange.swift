/// A half-open range of UTF-8 byte offsets into one source text.
///
/// Offsets are 0-based bytes; line and column numbers are worked out only when a
/// diagnostic is rendered (see `SourceText`), and those are 1-based.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
  public var start: Int
  public var end: Int

  public init(_ start: Int, _ end: Int) {
    self.start = start
    self.end = max(start, end)
  }

  public var length: Int { end - start }

  /// The smallest range covering both.
  public func union(_ other: SourceRange) -> SourceRange {
    SourceRange(min(start, other.start), max(end, other.end))
  }

  public var description: String { "\(start)..<\(end)" }
}

/// A source text with a name ("session", a file path) and a line index.
public struct SourceText: Sendable {
  public let name: String
  public let text: String
  /// Byte offsets at which each line starts.
  private let lineStarts: [Int]
  private let bytes: [UInt8]
  /// Added to every reported line number, for a command that starts mid-file.
  public let firstLine: Int

  public init(name: String, text: String, firstLine: Int = 1) {
    self.name = name
    self.text = text
    self.firstLine = firstLine
    let bytes = Array(text.utf8)
    self.bytes = bytes
    var starts = [0]
    for (i, b) in bytes.enumerated() where b == UInt8(ascii: "\n") { starts.append(i + 1) }
    self.lineStarts = starts
  }

  /// The 0-based line index containing a byte offset.
  public func lineIndex(of offset: Int) -> Int {
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// 1-based line and column (column counted in characters) of a byte offset.
  public func location(of offset: Int) -> (line: Int, column: Int) {
    let index = lineIndex(of: offset)
    let start = lineStarts[index]
    let clamped = min(max(offset, start), bytes.count)
    let prefix = String(decoding: bytes[start..<clamped], as: UTF8.self)
    return (index + firstLine, prefix.count + 1)
  }

  /// The text of the 0-based line, without its newline.
  public func line(at index: Int) -> String {
    let start = lineStarts[index]
    var end = index + 1 < lineStarts.count ? lineStarts[index + 1] - 1 : bytes.count
    if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
    return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
  }

  /// The text covered by a range.
  public func slice(_ range: SourceRange) -> String {
    let s = min(range.start, bytes.count)
    let e = min(range.end, bytes.count)
    return String(decoding: bytes[s..<e], as: UTF8.self)
  }

  public var lineCount: Int { lineStarts.count }
}
