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

  /// A count with its noun: "1 row", "541,909 rows" (the plural adds an s).
  public static func count(_ n: Int, _ noun: String) -> String {
    grouped(n) + " " + (n == 1 ? noun : noun + "s")
  }

  /// A table's shape: "1 row × 1 column", "392,692 rows × 9 columns".
  public static func shape(rows: Int, columns: Int) -> String {
    count(rows, "row") + " × " + count(columns, "column")
  }

  /// Fixed decimals with round-half-away-from-zero, e.g. fixed(2.345, 2) = "2.35".
  ///
  /// Rounds the number as it is written, i.e. its shortest round-tripping decimal form, so
  /// fixed(1.005, 2) = "1.01" and fixed(2.675, 2) = "2.68" as a reader of the data expects,
  /// whatever tiny error the binary value carries. Scaling by 10^decimals in floating point
  /// would add its own error and round some of these ties down (and traps past 18 decimals).
  /// Negative `decimals` count as 0.
  public static func fixed(_ x: Double, _ decimals: Int) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x < 0 ? "-inf" : "inf" }
    // Past 2^53 the digits of a double stop meaning anything: show it as it is.
    if abs(x) >= 9.0e15 { return shortest(x) }
    let decimals = max(0, decimals)
    // x = 0.d1 d2 d3 ... × 10^exponent; the result keeps exponent + decimals digits.
    let (digits, exponent) = decimalDigits(abs(x))
    let keep = exponent + decimals
    var kept: [UInt8] = keep > 0 ? Array(digits.prefix(keep)) : []
    if kept.count < keep { kept += [UInt8](repeating: 0, count: keep - kept.count) }
    if keep >= 0, keep < digits.count, digits[keep] >= 5 {
      var i = kept.count - 1
      while i >= 0, kept[i] == 9 {
        kept[i] = 0
        i -= 1
      }
      if i >= 0 { kept[i] += 1 } else { kept.insert(1, at: 0) }
    }
    let isZero = kept.allSatisfy { $0 == 0 }
    if kept.count <= decimals { kept = [UInt8](repeating: 0, count: decimals + 1 - kept.count) + kept }
    let text = kept.map { Character(Unicode.Scalar($0 + 48)) }
    var s = String(text[..<(text.count - decimals)])
    if decimals > 0 { s += "." + String(text[(text.count - decimals)...]) }
    return (x < 0 && !isZero) ? "-" + s : s
  }

  /// The significant digits and decimal exponent of a finite, non-negative double, read
  /// from its shortest round-tripping text: 0.0123 -> ([1, 2, 3], -1), meaning 0.123e-1.
  private static func decimalDigits(_ x: Double) -> (digits: [UInt8], exponent: Int) {
    var digits: [UInt8] = []
    var pointAt: Int?
    var exponent = 0
    var chars = Substring(x.description)
    if let e = chars.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      exponent = Int(chars[chars.index(after: e)...]) ?? 0
      chars = chars[..<e]
    }
    for ch in chars {
      if ch == "." {
        pointAt = digits.count
      } else if let v = ch.asciiValue, v >= 48, v <= 57 {
        digits.append(v - 48)
      }
    }
    exponent += pointAt ?? digits.count
    let leadingZeros = digits.prefix { $0 == 0 }.count
    if leadingZeros == digits.count { return ([], 0) }
    digits.removeFirst(leadingZeros)
    while digits.last == 0 { digits.removeLast() }
    return (digits, exponent - leadingZeros)
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

  /// A number as a user types it: whole values without a decimal point (`1`, `-5`), others
  /// in their shortest form (`0.1`, `0.0003`).
  public static func typed(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : shortest(x)
  }

  /// A percentage with one decimal: 0.0463 -> "4.6%".
  public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
    fixed(fraction * 100, decimals) + "%"
  }
}
