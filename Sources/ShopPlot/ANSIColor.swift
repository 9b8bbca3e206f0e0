import ShopCore

/// The few ANSI colours charts use, chosen to stay distinct on dark and light terminals.
enum ANSIColor: UInt8, Sendable {
  case blue = 34, red = 31, green = 32, yellow = 33, magenta = 35, cyan = 36, gray = 90

  /// The series palette, in the order series get them.
  static let palette: [ANSIColor] = [.blue, .red, .green, .yellow, .magenta, .cyan]

  /// The colour of the series at `index`, cycling through the palette.
  static func series(_ index: Int) -> ANSIColor { palette[index % palette.count] }

  /// Colours travel as marks that only the terminal exit turns into escape codes, so data
  /// holding an escape code is shown, not obeyed (see `TerminalText`).
  var escape: String { TerminalText.colorMark(rawValue) }
  static let reset = TerminalText.colorMark(0)
}
