import ShopCore

/// Legend entries: a short sample drawn exactly as the series is, then its name.
enum Legend {
  static func entry(_ sample: String, _ name: String, color: ANSIColor?) -> TextLine {
    var line = TextLine()
    line.append(sample, color)
    line.append(" " + truncate(name, toWidth: 30))
    return line
  }

  /// Two cells of a horizontal line drawn with the series' glyph and dash pattern.
  static func lineSample(_ series: Int, mode: ChartMode, pattern: DashPattern) -> String {
    var canvas = Canvas(columns: 2, rows: 1, mode: mode)
    let y = (canvas.cellHeight - 1) / 2
    var phase = 0
    canvas.line(0, y, canvas.pixelWidth - 1, y, series: series, pattern: pattern, phase: &phase)
    return canvas.row(0, color: false).rendered(color: false)
  }

  /// One cell holding the point shape a scatter series is drawn with.
  static func pointSample(_ series: Int, mode: ChartMode, shape: PointShape) -> String {
    var canvas = Canvas(columns: 1, rows: 1, mode: mode)
    shape.draw(&canvas, 0, (canvas.cellHeight - 1) / 2, series: series)
    return canvas.row(0, color: false).rendered(color: false)
  }

  /// A legend line saying that series share a look, or nil when each has its own: without
  /// colour a braille or block chart has 4 line styles (or point shapes), an ASCII chart
  /// 8 glyphs, and series beyond them repeat those, so the legend alone cannot tell them apart.
  static func sharedLookNote(series: Int, style: ChartStyle) -> TextLine? {
    guard !style.color else { return nil }
    let distinct = style.mode == .ascii ? Canvas.asciiGlyphs.count : 4
    guard series > distinct else { return nil }
    let what = style.mode == .ascii ? "glyphs" : "line styles"
    let fix = style.mode == .ascii ? "'set color on'" : "'set color on' or 'set charts ascii'"
    return TextLine("(\(series) series, \(distinct) \(what) without colour: \(distinct + 1)+ repeat; \(fix))")
  }
}
