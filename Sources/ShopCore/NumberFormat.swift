/// Deterministic number formatting, independent of locale.
public enum NumberFormat {
  /// 541909 -> "541,909".
  public static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, ch) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(ch)
    }
    return n < 0 ? "-" + out : out
  }

  /// Fixed decimals with round-half-away-from-zero, e.g. fixed(2.345, 2) = "2.35".
  public static func fixed(_ x: Double, _ decimals: Int) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(x) * scale).rounded(.toNearestOrAwayFromZero)
    if scaled >= 9.0e15 { return shortest(x) }
    let whole = Int64(scaled)
    let intPart = whole / Int64(scale)
    let fracPart = whole % Int64(scale)
    var s = String(intPart)
    if decimals > 0 {
      let frac = String(fracPart)
      s += "." + String(repeating: "0", count: decimals - frac.count) + frac
    }
    let isZero = whole == 0
    return (x < 0 && !isZero) ? "-" + s : s
  }

  /// Fixed decimals with thousands separators: 8911407.904 -> "8,911,407.90".
  public static func groupedFixed(_ x: Double, _ decimals: Int) -> String {
    let s = fixed(x, decimals)
    guard let dot = s.firstIndex(of: ".") else {
      if let n = Int(s) { return grouped(n) }
      return s
    }
    let head = String(s[..<dot])
    guard let n = Int(head) else { return s }
    let sign = head.hasPrefix("-") ? "-" : ""
    return sign + grouped(abs(n)) + String(s[dot...])
  }

  /// The shortest round-tripping text for a double, with integral values shown as "12.0"
  /// only when `keepPoint` is set.
  public static func shortest(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    return x.description
  }

  /// A percentage with one decimal: 0.0463 -> "4.6%".
  public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
    fixed(fraction * 100, decimals) + "%"
  }
}
