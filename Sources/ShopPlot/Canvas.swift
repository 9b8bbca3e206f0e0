/// A grid of character cells addressed in sub-cell pixels.
///
/// The pixel resolution depends on the mode: braille cells hold 2×4 dots, block cells
/// 2×2 quadrants and ASCII cells one glyph. Each cell remembers the last series that drew
/// in it (its colour) and an optional background layer (a forecast band or a marker
/// line) that shows only where no data was drawn, so lines stay readable on top of it.
struct Canvas {
  enum Background: UInt8 { case none = 0, band, marker }

  let columns: Int
  let rows: Int
  let mode: ChartMode
  /// Pixels per cell horizontally and vertically.
  let cellWidth: Int
  let cellHeight: Int
  /// Dot bits per cell (braille/blocks) or glyph index + 1 (ASCII).
  private(set) var bits: [UInt8]
  /// Series index + 1 of the last drawing in each cell, 0 for none.
  private(set) var owner: [UInt8]
  private(set) var background: [UInt8]

  init(columns: Int, rows: Int, mode: ChartMode) {
    self.columns = max(1, columns)
    self.rows = max(1, rows)
    self.mode = mode
    switch mode {
    case .braille: (cellWidth, cellHeight) = (2, 4)
    case .blocks: (cellWidth, cellHeight) = (2, 2)
    case .ascii: (cellWidth, cellHeight) = (1, 1)
    }
    let n = self.columns * self.rows
    bits = Array(repeating: 0, count: n)
    owner = Array(repeating: 0, count: n)
    background = Array(repeating: 0, count: n)
  }

  var pixelWidth: Int { columns * cellWidth }
  var pixelHeight: Int { rows * cellHeight }

  /// Glyphs ASCII mode uses for series 0, 1, 2, … (cycling).
  static let asciiGlyphs: [Character] = ["*", "o", "+", "x", "#", "@", "%", "&"]

  // Braille dot bits by (row, column) inside a cell: U+2800 + sum of bits.
  private static let brailleBits: [UInt8] = [0x01, 0x08, 0x02, 0x10, 0x04, 0x20, 0x40, 0x80]
  // Quadrant bits: 1 upper-left, 2 upper-right, 4 lower-left, 8 lower-right.
  private static let quadrantBits: [UInt8] = [1, 2, 4, 8]
  private static let quadrants: [Character] = [
    " ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█",
  ]

  /// Sets one pixel for `series`; pixels outside the canvas are ignored.
  @inline(__always)
  mutating func set(_ px: Int, _ py: Int, series: Int) {
    guard px >= 0, py >= 0, px < pixelWidth, py < pixelHeight else { return }
    let cx: Int, cy: Int, bit: UInt8
    switch mode {
    case .braille:
      cx = px >> 1
      cy = py >> 2
      bit = Self.brailleBits[(py & 3) << 1 | (px & 1)]
    case .blocks:
      cx = px >> 1
      cy = py >> 1
      bit = Self.quadrantBits[(py & 1) << 1 | (px & 1)]
    case .ascii:
      cx = px
      cy = py
      bit = 0
    }
    let i = cy * columns + cx
    if mode == .ascii {
      bits[i] = UInt8(truncatingIfNeeded: series % Self.asciiGlyphs.count + 1)
    } else {
      bits[i] |= bit
    }
    owner[i] = UInt8(truncatingIfNeeded: min(series, 254) + 1)
  }

  /// Marks a cell's background (kept only where nothing is drawn).
  mutating func setBackground(column: Int, row: Int, _ kind: Background) {
    guard column >= 0, row >= 0, column < columns, row < rows else { return }
    let i = row * columns + column
    if kind == .marker || background[i] == 0 { background[i] = kind.rawValue }
  }

  /// Draws a straight line between two pixels (Bresenham), skipping pixels where the
  /// dash `pattern` is off. `phase` carries the pattern along a polyline.
  mutating func line(
    _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int, series: Int, pattern: DashPattern,
    phase: inout Int
  ) {
    let dx = abs(x1 - x0)
    let dy = -abs(y1 - y0)
    let sx = x0 < x1 ? 1 : -1
    let sy = y0 < y1 ? 1 : -1
    var err = dx + dy
    var x = x0
    var y = y0
    while true {
      if pattern.isOn(phase) { set(x, y, series: series) }
      if x == x1 && y == y1 { break }
      phase &+= 1
      let e2 = 2 * err
      if e2 >= dy {
        err += dy
        x += sx
      }
      if e2 <= dx {
        err += dx
        y += sy
      }
    }
  }

  /// The text of one row of cells, with the colour owner of each cell.
  func row(_ r: Int, color: Bool) -> TextLine {
    var line = TextLine()
    for c in 0..<columns {
      let i = r * columns + c
      let (glyph, ink) = cell(i)
      line.append(String(glyph), color ? ink : nil)
    }
    return line
  }

  private func cell(_ i: Int) -> (Character, ANSIColor?) {
    let b = bits[i]
    if b != 0 {
      let ink = ANSIColor.series(Int(owner[i]) - 1)
      switch mode {
      case .braille:
        return (Character(Unicode.Scalar(0x2800 + UInt32(b)) ?? " "), ink)
      case .blocks: return (Self.quadrants[Int(b & 15)], ink)
      case .ascii: return (Self.asciiGlyphs[Int(b) - 1], ink)
      }
    }
    switch Background(rawValue: background[i]) ?? .none {
    case .none: return (" ", nil)
    case .band: return (mode == .ascii ? "." : "░", .gray)
    case .marker: return (mode == .ascii ? ":" : "┊", .gray)
    }
  }

  /// Legend glyphs for a band and a marker, matching how they are drawn.
  static func backgroundGlyph(_ kind: Background, mode: ChartMode) -> String {
    switch kind {
    case .none: return " "
    case .band: return mode == .ascii ? "." : "░"
    case .marker: return mode == .ascii ? ":" : "┊"
    }
  }
}

/// On/off runs along a line, so series stay distinguishable without colour.
struct DashPattern: Sendable {
  var on: Int
  var off: Int

  static let solid = DashPattern(on: 1, off: 0)

  /// Series 0 is solid, then dotted, dashed and dash-dot-like patterns.
  static func forSeries(_ index: Int) -> DashPattern {
    let patterns = [DashPattern.solid, .init(on: 1, off: 1), .init(on: 3, off: 2), .init(on: 1, off: 2)]
    return patterns[index % patterns.count]
  }

  @inline(__always) func isOn(_ phase: Int) -> Bool {
    off == 0 || phase % (on + off) < on
  }
}
