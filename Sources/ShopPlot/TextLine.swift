import ShopCore

/// One output line built from pieces that may carry a colour.
///
/// Charts assemble lines from labels, axes and canvas cells; keeping colour apart from
/// the text lets one code path produce both plain snapshots and coloured terminal output,
/// and lets trailing spaces be trimmed before any escape code is added.
struct TextLine {
  private(set) var pieces: [(text: String, color: ANSIColor?)] = []

  init() {}
  init(_ text: String) { append(text) }

  mutating func append(_ text: String, _ color: ANSIColor? = nil) {
    guard !text.isEmpty else { return }
    if let last = pieces.last, last.color == color {
      pieces[pieces.count - 1].text += text
    } else {
      pieces.append((text, color))
    }
  }

  mutating func append(spaces count: Int) {
    if count > 0 { append(String(repeating: " ", count: count)) }
  }

  /// Columns taken so far.
  var width: Int { pieces.reduce(0) { $0 + displayWidth($1.text) } }

  /// The text, with trailing spaces removed, and ANSI colour when asked for.
  func rendered(color: Bool) -> String {
    var parts = pieces
    while let last = parts.last {
      let trimmed = String(last.text.reversed().drop(while: { $0 == " " }).reversed())
      if trimmed.isEmpty {
        parts.removeLast()
      } else {
        parts[parts.count - 1].text = trimmed
        break
      }
    }
    var out = ""
    for part in parts {
      if color, let c = part.color, part.text.contains(where: { $0 != " " }) {
        out += c.escape + part.text + ANSIColor.reset
      } else {
        out += part.text
      }
    }
    return out
  }
}

/// Helpers shared by every chart for titles, centring and joining lines.
enum Layout {
  /// Joins lines with "\n", trimming each; empty lines at the end are dropped so the
  /// text never ends with a newline.
  static func join(_ lines: [TextLine], color: Bool) -> String {
    var texts = lines.map { $0.rendered(color: color) }
    while texts.last?.isEmpty == true { texts.removeLast() }
    return texts.joined(separator: "\n")
  }

  /// A label cut to `width` columns with "…" (no space left before the ellipsis) and
  /// padded to exactly `width`.
  static func label(_ text: String, width: Int, alignRight: Bool = false) -> String {
    var cut = truncate(text, toWidth: width)
    if cut.hasSuffix("…") && cut != text {
      cut.removeLast()
      while cut.last == " " { cut.removeLast() }
      cut += "…"
    }
    return pad(cut, toWidth: width, alignRight: alignRight)
  }

  /// `text` centred in `width` columns starting at column `offset` (truncated to fit).
  static func centred(_ text: String, width: Int, offset: Int = 0) -> TextLine {
    let t = truncate(text, toWidth: max(1, width))
    var line = TextLine()
    line.append(spaces: offset + max(0, (width - displayWidth(t)) / 2))
    line.append(t)
    return line
  }

  /// Words joined by `separator`, wrapped so no line exceeds `width` columns.
  static func wrap(_ items: [TextLine], width: Int, separator: Int = 3) -> [TextLine] {
    var lines: [TextLine] = []
    var current = TextLine()
    for item in items {
      if current.width > 0, current.width + separator + item.width > width {
        lines.append(current)
        current = TextLine()
      }
      if current.width > 0 { current.append(spaces: separator) }
      for piece in item.pieces { current.append(piece.text, piece.color) }
    }
    if current.width > 0 { lines.append(current) }
    return lines
  }

  /// Tick labels centred under their columns (counted from `offset`), nudged inside the
  /// box at the edges, and dropped when they would touch the previous label.
  static func tickLabels(_ ticks: [(column: Int, label: String)], offset: Int, width: Int)
    -> TextLine
  {
    var line = TextLine()
    var used = 0
    for (column, label) in ticks {
      let w = displayWidth(label)
      let start = min(max(offset + column - (w - 1) / 2, 0), width - w)
      guard start >= 0, used == 0 || start > used else { continue }
      line.append(spaces: start - used)
      line.append(label)
      used = start + w
    }
    return line
  }
}
