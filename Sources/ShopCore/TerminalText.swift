/// What a terminal receives: text with every control character made visible.
///
/// Data (CSV cells, column names, file names, command text in error snippets) can hold
/// bytes a terminal obeys rather than shows: `ESC]52;c;…` writes the clipboard, `ESC[2J`
/// clears the screen, a right-to-left override or a zero-width space makes a name read
/// as another. `visible(_:colors:)` is applied once, where text leaves for the terminal
/// (ShopREPL's `Terminal`), so no command has to remember it:
///
/// ```
/// TerminalText.visible("a\u{1B}[2Jb\tc", colors: false)  // "a\\x1b[2Jb\tc"
/// TerminalText.visible("na\u{200B}me", colors: false)     // "na\\u{200B}me"
/// ```
///
/// ShopLab's own colours (charts in a colour terminal) cannot be told apart from data if
/// they travel as escape codes, so they travel as marks (`colorMark`): private-use
/// characters that `visible` turns into SGR colour codes only when colours are on.
public enum TerminalText {
  /// The mark for SGR colour `code` (0 resets, 31–36 and 90 are the colours charts use).
  public static func colorMark(_ code: UInt8) -> String {
    String(Character(Unicode.Scalar(markBase + UInt32(code))!))
  }

  /// Whether `scalar` is one of the colour marks.
  public static func isColorMark(_ scalar: Unicode.Scalar) -> Bool {
    scalar.value >= markBase && scalar.value <= markBase + 107
  }

  /// A private-use block (U+F800…U+F86B) no shop data uses.
  private static let markBase: UInt32 = 0xF800

  /// `text` with C0 and C1 controls, ESC and DEL shown as `\xHH`, and invisible format
  /// characters (zero-width space, bidi marks, overrides and isolates, BOM, soft hyphen,
  /// line and paragraph separators) as `\u{HHHH}`. Newline and tab are kept. Colour marks become
  /// SGR codes when `colors` is on and are shown as `\u{F8xx}` otherwise.
  ///
  /// - Complexity: O(n) in the text's length; text with nothing to change is returned as is.
  public static func visible(_ text: String, colors: Bool) -> String {
    guard text.unicodeScalars.contains(where: needsRendering) else { return text }
    var out = String.UnicodeScalarView()
    func append(_ s: String) { out.append(contentsOf: s.unicodeScalars) }
    for scalar in text.unicodeScalars {
      let v = scalar.value
      if isColorMark(scalar) {
        append(colors ? "\u{1B}[\(v - markBase)m" : escaped(v))
      } else if isControl(v) {
        append("\\x" + hex(v, digits: 2))
      } else if isInvisible(v) {
        append(escaped(v))
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  private static func needsRendering(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return isControl(v) || isInvisible(v) || isColorMark(scalar)
  }

  /// C0 (but newline and tab), DEL and C1.
  private static func isControl(_ v: UInt32) -> Bool {
    (v < 0x20 && v != 0x0A && v != 0x09) || (v >= 0x7F && v <= 0x9F)
  }

  /// Characters that take no room yet change what a reader sees. The zero-width joiner
  /// and non-joiner (U+200C, U+200D) are left alone: emoji sequences and Persian and Indic
  /// text need them.
  private static func isInvisible(_ v: UInt32) -> Bool {
    switch v {
    case 0x00AD, 0x061C, 0x180E, 0x200B, 0x200E, 0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x2069,
      0xFEFF:
      return true
    default:
      return false
    }
  }

  private static func escaped(_ v: UInt32) -> String { "\\u{" + hex(v, digits: 4) + "}" }

  private static func hex(_ v: UInt32, digits: Int) -> String {
    let s = String(v, radix: 16, uppercase: digits == 4)
    return String(repeating: "0", count: max(0, digits - s.count)) + s
  }
}
