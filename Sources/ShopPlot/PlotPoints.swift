/// One series' points in x order, ready to draw.
struct PlotPoints {
  var x: [Double]
  var y: [Double]

  /// The first `min(x.count, y.count)` points, stably sorted by x when x is not ascending.
  init(_ series: Series) {
    let n = series.count
    var xs = Array(series.x.prefix(n))
    var ys = Array(series.y.prefix(n))
    if let order = PlotPoints.sortOrder(xs) {
      xs = order.map { xs[$0] }
      ys = order.map { ys[$0] }
    }
    x = xs
    y = ys
  }

  /// A permutation sorting `xs` (NaN last), or nil when `xs` is already ascending.
  static func sortOrder(_ xs: [Double]) -> [Int]? {
    var sorted = true
    var i = 1
    while i < xs.count {
      if !(xs[i - 1] <= xs[i]) && !xs[i].isNaN {
        sorted = false
        break
      }
      i += 1
    }
    if sorted { return nil }
    return xs.indices.sorted { a, b in
      let (u, v) = (xs[a], xs[b])
      if u.isNaN != v.isNaN { return v.isNaN }
      if u != v && !u.isNaN { return u < v }
      return a < b
    }
  }

  /// Connects consecutive finite points; a lone finite point (between gaps) is drawn as
  /// a 2×2 dot so it does not vanish next to lines.
  func drawLine(_ canvas: inout Canvas, _ map: PixelMapping, series: Int, pattern: DashPattern) {
    var phase = 0
    var havePrevious = false
    var px0 = 0
    var py0 = 0
    func isFinite(_ i: Int) -> Bool { i >= 0 && i < x.count && x[i].isFinite && y[i].isFinite }
    for i in x.indices {
      guard isFinite(i) else {
        havePrevious = false
        continue
      }
      let px = map.px(x[i])
      let py = map.py(y[i])
      if havePrevious {
        canvas.line(px0, py0, px, py, series: series, pattern: pattern, phase: &phase)
      } else if !isFinite(i + 1) {
        PointShape.square.draw(&canvas, px, py, series: series)
      } else {
        canvas.set(px, py, series: series)
      }
      (px0, py0, havePrevious) = (px, py, true)
    }
  }

  /// Lower and upper bounds of a band, aligned with x and sorted like a series.
  struct Band {
    var x: [Double]
    var lower: [Double]
    var upper: [Double]

    init(x: [Double], lower: [Double], upper: [Double]) {
      let n = min(x.count, lower.count, upper.count)
      var xs = Array(x.prefix(n))
      var lo = Array(lower.prefix(n))
      var hi = Array(upper.prefix(n))
      if let order = PlotPoints.sortOrder(xs) {
        xs = order.map { xs[$0] }
        lo = order.map { lo[$0] }
        hi = order.map { hi[$0] }
      }
      (self.x, self.lower, self.upper) = (xs, lo, hi)
    }

    private func isFinite(_ i: Int) -> Bool {
      x[i].isFinite && lower[i].isFinite && upper[i].isFinite
    }

    /// Marks every cell between the bounds, interpolating linearly between points.
    func shade(_ canvas: inout Canvas, _ map: PixelMapping) {
      for i in x.indices where isFinite(i) {
        let c0 = map.column(x[i])
        let next = i + 1 < x.count && isFinite(i + 1) ? i + 1 : i
        let c1 = map.column(x[next])
        for c in min(c0, c1)...max(c0, c1) {
          let t = c1 == c0 ? 0 : Double(c - c0) / Double(c1 - c0)
          let lo = lower[i] + t * (lower[next] - lower[i])
          let hi = upper[i] + t * (upper[next] - upper[i])
          let r0 = map.row(max(lo, hi))
          let r1 = map.row(min(lo, hi))
          for r in r0...r1 { canvas.setBackground(column: c, row: r, .band) }
        }
      }
    }
  }
}
