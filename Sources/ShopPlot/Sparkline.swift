/// A one-line chart of a sequence, for tables and summaries.
///
/// Each value becomes one character on an eight-step ramp (▁▂▃▄▅▆▇█) from the minimum to
/// the maximum; ASCII mode uses the five-step `_.-~^`. NaN and infinite values are spaces
/// (kept inside the line, trailing ones trimmed); a constant sequence sits mid-ramp.
public enum Sparkline {
  static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
  static let ascii: [Character] = ["_", ".", "-", "~", "^"]

  /// At most `width` values: when there are more, each output value is the mean of the
  /// finite values of one run of consecutive inputs (runs differ in length by at most
  /// one), so a long series keeps its shape in the space there is instead of being cut.
  public static func fitted(_ values: [Double], width: Int) -> [Double] {
    let width = max(width, 1)
    guard values.count > width else { return values }
    return (0..<width).map { k in
      let run = values[(k * values.count / width)..<((k + 1) * values.count / width)]
      var sum = 0.0
      var n = 0
      for v in run where v.isFinite {
        // Halved, so two values near Double.greatestFiniteMagnitude do not sum to inf.
        sum += v * 0.5
        n += 1
      }
      return n == 0 ? .nan : sum / Double(n) * 2
    }
  }

  /// One character per value; braille and blocks modes both use block characters.
  public static func render(_ values: [Double], mode: ChartMode = .braille) -> String {
    let ramp = mode == .ascii ? ascii : blocks
    var extent = Extent()
    for v in values { extent.add(v) }
    guard let (lo, hi) = extent.range else { return "" }
    var out = ""
    out.reserveCapacity(values.count * 3)
    for v in values {
      guard v.isFinite else {
        out.append(" ")
        continue
      }
      let level: Int
      if hi == lo {
        level = ramp.count / 2 - (ramp.count % 2 == 0 ? 1 : 0)
      } else {
        // Halving first keeps spans near Double.greatestFiniteMagnitude finite.
        let t = ((v * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5) * Double(ramp.count)).rounded(.down)
        level = t >= 0 ? min(ramp.count - 1, Int(min(t, 1e9))) : 0
      }
      out.append(ramp[level])
    }
    while out.last == " " { out.removeLast() }
    return out
  }
}
