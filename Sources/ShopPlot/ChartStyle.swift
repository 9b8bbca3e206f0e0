/// How a chart turns its plot area into characters.
///
/// Braille packs 2×4 dots into each cell and gives the finest lines; block characters
/// (quadrants, 2×2 per cell) read better in fonts with poor braille; ASCII always works,
/// in any font, log file or CI transcript.
public enum ChartMode: String, CaseIterable, Sendable {
  case braille, blocks, ascii
}

/// The character box a chart must fit in, and how to draw it.
///
/// `width` × `height` is the whole chart, title, axes and legend included, so a caller can
/// lay charts out without guessing. Charts never emit trailing spaces or a trailing newline.
/// Colour (ANSI escapes, one colour per series) is off by default: coloured text cannot be
/// pasted or snapshot-tested, and should only be used on a terminal.
public struct ChartStyle: Sendable, Equatable {
  /// Columns available, including the axis labels (at least 20 is used).
  public var width: Int
  /// Lines available, including title, axes and legend (at least 6 is used).
  public var height: Int
  public var mode: ChartMode
  public var color: Bool

  public init(width: Int = 80, height: Int = 20, mode: ChartMode = .braille, color: Bool = false) {
    self.width = width
    self.height = height
    self.mode = mode
    self.color = color
  }

  /// The width actually used: below 20 columns no chart is readable, so small requests grow.
  var usableWidth: Int { max(20, width) }
  /// The height actually used (see `usableWidth`).
  var usableHeight: Int { max(6, height) }
  /// Whether box-drawing and block characters may be used.
  var unicode: Bool { mode != .ascii }
}
