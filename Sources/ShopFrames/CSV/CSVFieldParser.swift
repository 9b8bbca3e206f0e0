import Glibc
import ShopCore

/// Reads typed values straight from a field's bytes: no `String` is made on the hot path.
///
/// Each parser accepts exactly the spellings type inference relies on and returns nil for
/// anything else, so "does this value fit the column's type" and "parse it" are one call.
/// Numeric, boolean and date parsers ignore spaces and tabs around the value; string
/// values are kept as written.
enum CSVFieldParser {
  // MARK: Nulls

  /// Whether the field is one of the null spellings: empty, `NA`, `N/A`, `n/a`, `NaN`,
  /// `nan`, `null`, `NULL`, `None`, `<NA>`, `#N/A` (the ones pandas, R and Excel write),
  /// and a lone dash `-`, `--`, `–` or `—` (the placeholder reports and shop exports put
  /// in an empty cell, so `Stock` with a few `-` stays a number column).
  @inline(__always)
  static func isNull(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    if n == 0 { return true }
    if n > 4 { return false }
    let c0 = p[0]
    // Only these first letters start a null token; most values are rejected here.
    guard c0 == 78 || c0 == 110 || c0 == 60 || c0 == 35 || c0 == 45 || c0 == 0xE2 else {
      return false
    }
    return isNullSlow(p, n)
  }

  @inline(never)
  private static func isNullSlow(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    for token in nullTokens where token.count == n {
      var same = true
      for i in 0..<n where token[i] != p[i] {
        same = false
        break
      }
      if same { return true }
    }
    return false
  }

  private static let nullTokens: [[UInt8]] = [
    "NA", "N/A", "n/a", "NaN", "nan", "null", "NULL", "None", "<NA>", "#N/A", "-", "--", "–", "—",
  ].map { Array($0.utf8) }

  // MARK: Trimming

  /// The field without spaces and tabs at either end.
  @inline(__always)
  static func trimmed(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UnsafePointer<UInt8>, Int) {
    var s = 0
    var e = n
    while s < e, p[s] == 32 || p[s] == 9 { s += 1 }
    while e > s, p[e - 1] == 32 || p[e - 1] == 9 { e -= 1 }
    return (p + s, e - s)
  }

  /// `trimmed` for a byte array (sniffing and inference, not the hot path).
  static func trimmedBytes(_ v: [UInt8]) -> ArraySlice<UInt8> {
    var s = v[...]
    while let c = s.first, c == 32 || c == 9 { s.removeFirst() }
    while let c = s.last, c == 32 || c == 9 { s.removeLast() }
    return s
  }

  @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

  // MARK: Integers

  /// An integer in `DateTextParser.unixRange`: Unix seconds, for a column that is all of them.
  static func unixStamp(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
    guard let v = int(p, n), DateTextParser.unixRange.contains(v) else { return nil }
    return v
  }

  /// A decimal integer with an optional sign: `42`, `-7`, `+3`, `0`. Leading zeros
  /// (`007`, identifiers) and values outside Int64 are not integers, so those columns
  /// stay strings rather than losing their text.
  @inline(__always)
  static func int(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> Int64? {
    var (p, n) = (p0, n0)
    if n0 > 0, p0[0] == 32 || p0[0] == 9 || p0[n0 - 1] == 32 || p0[n0 - 1] == 9 {
      (p, n) = trimmed(p0, n0)
    }
    guard n > 0 else { return nil }
    var i = 0
    var negative = false
    if p[0] == 45 || p[0] == 43 {
      negative = p[0] == 45
      i = 1
      guard n > 1 else { return nil }
    }
    let digits = n - i
    guard digits <= 19 else { return nil }
    if p[i] == 48, digits > 1 { return nil }
    var v: UInt64 = 0
    while i < n {
      let d = p[i] &- 48
      guard d < 10 else { return nil }
      v = v &* 10 &+ UInt64(d)
      i += 1
    }
    if digits == 19 {
      // Up to 19 digits fit in UInt64 without wrapping; check the Int64 range.
      if negative { return v <= UInt64(Int64.max) + 1 ? Int64(bitPattern: 0 &- v) : nil }
      return v <= UInt64(Int64.max) ? Int64(v) : nil
    }
    return negative ? -Int64(v) : Int64(v)
  }

  // MARK: Floats

  /// Powers of ten exactly representable as Double (10^0 ... 10^22).
  private static let exactPowers: [Double] = (0...22).map { k in
    var x = 1.0
    for _ in 0..<k { x *= 10 }
    return x
  }

  /// A decimal number with a point or an exponent: `3.14`, `-0.5`, `.5`, `2.`, `1e-3`,
  /// `6.02E23`. Pure digit strings are left to `int` (so a 20-digit id does not become an
  /// inexact float), and `inf`, `nan` and hex floats are not numbers here.
  ///
  /// Up to 19 significant digits and exponents within ±22 take Clinger's fast path, which
  /// is exact (both the mantissa and the power of ten are exact doubles, and one IEEE
  /// multiply or divide rounds correctly); anything else goes through `strtod`.
  static func float(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> Double? {
    if let v = plainDecimal(p0, n0) { return v }
    let (p, n) = trimmed(p0, n0)
    guard n > 0 else { return nil }
    var i = 0
    var negative = false
    if p[0] == 45 || p[0] == 43 {
      negative = p[0] == 45
      i = 1
    }
    var mantissa: UInt64 = 0
    var significant = 0
    var exponent = 0
    var sawPoint = false
    var sawExponent = false
    var intDigits = 0
    var fracDigits = 0
    // Digits past the 19th do not fit the mantissa: such values take the exact slow path.
    var dropped = false
    let intStart = i
    while i < n, isDigit(p[i]) {
      intDigits += 1
      if mantissa != 0 || p[i] != 48 {
        if significant < 19 {
          mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
          significant += 1
        } else {
          exponent += 1
          dropped = true
        }
      }
      i += 1
    }
    // "007.5" keeps its leading zeros as text, like "007".
    if intDigits > 1, p[intStart] == 48 { return nil }
    if i < n, p[i] == 46 {
      sawPoint = true
      i += 1
      while i < n, isDigit(p[i]) {
        fracDigits += 1
        if mantissa != 0 || p[i] != 48 {
          if significant < 19 {
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            significant += 1
            exponent -= 1
          } else {
            dropped = true
          }
        } else {
          exponent -= 1
        }
        i += 1
      }
    }
    guard intDigits + fracDigits > 0 else { return nil }
    if i < n, p[i] == 101 || p[i] == 69 {
      sawExponent = true
      i += 1
      var expNegative = false
      if i < n, p[i] == 45 || p[i] == 43 {
        expNegative = p[i] == 45
        i += 1
      }
      var e = 0
      var expDigits = 0
      while i < n, isDigit(p[i]) {
        if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }
        expDigits += 1
        i += 1
      }
      guard expDigits > 0 else { return nil }
      exponent += expNegative ? -e : e
    }
    guard i == n, sawPoint || sawExponent else { return nil }
    if mantissa == 0 { return negative ? -0.0 : 0.0 }
    if !dropped, mantissa < (1 << 53), exponent >= -22, exponent <= 22 {
      let m = Double(mantissa)
      let v = exponent >= 0 ? m * exactPowers[exponent] : m / exactPowers[-exponent]
      return negative ? -v : v
    }
    return strtodSlow(p, n)
  }

  /// The common case of `float` in one pass: an optional `-`, 1 to 15 digits with a `.`
  /// among them after at least one (`2.55`, `-0.5`, `12.`), nothing else. Nil sends
  /// anything else (blanks, `+`, exponents, `.5`, leading zeros, more digits) to the
  /// general path. The value is the one the general path computes: at most 15 digits
  /// make an exact integer below 2^53, divided by an exact power of ten, 10^15 at most,
  /// so the division rounds once, correctly.
  @inline(__always)
  static func plainDecimal(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
    guard n >= 2, n <= 17 else { return nil }
    var i = p[0] == 45 ? 1 : 0
    let first = i
    var m: UInt64 = 0
    while i < n {
      let d = p[i] &- 48
      guard d < 10 else { break }
      m = m &* 10 &+ UInt64(d)
      i &+= 1
    }
    let intDigits = i - first
    // "007.5" stays text (general path); no digit before the point goes there too.
    guard intDigits >= 1, intDigits == 1 || p[first] != 48, i < n, p[i] == 46 else { return nil }
    i &+= 1
    let fractionStart = i
    while i < n {
      let d = p[i] &- 48
      guard d < 10 else { return nil }
      m = m &* 10 &+ UInt64(d)
      i &+= 1
    }
    let fractionDigits = i - fractionStart
    guard intDigits + fractionDigits <= 15 else { return nil }
    if m == 0 { return first == 1 ? -0.0 : 0.0 }
    let v = Double(m) / exactPowers[fractionDigits]
    return first == 1 ? -v : v
  }

  /// `strtod` on a NUL-terminated copy; the syntax was already checked.
  @inline(never)
  private static func strtodSlow(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buf in
      guard let b = buf.baseAddress else { return nil }
      for k in 0..<n { b[k] = CChar(bitPattern: p[k]) }
      b[n] = 0
      let v = strtod(b, nil)
      return v.isFinite ? v : nil
    }
  }

  // MARK: Booleans

  /// `true`/`false` in lower, title or upper case. `yes`/`no`, `y`/`n`, `t`/`f` and `1`/`0`
  /// are too easily something else (answers, codes, flags kept as ints) to infer.
  static func bool(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> Bool? {
    let (p, n) = trimmed(p0, n0)
    if n == 4 {
      if matches(p, "true") || matches(p, "True") || matches(p, "TRUE") { return true }
    } else if n == 5 {
      if matches(p, "false") || matches(p, "False") || matches(p, "FALSE") { return false }
    }
    return nil
  }

  /// What a column forced to `bool` accepts: the inferred words plus `yes`/`no`, `y`/`n`,
  /// `t`/`f` (any case) and `1`/`0`.
  static func lenientBool(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> Bool? {
    if let b = bool(p0, n0) { return b }
    let (p, n) = trimmed(p0, n0)
    guard n >= 1, n <= 3 else { return nil }
    var lower: [UInt8] = []
    for k in 0..<n { lower.append(p[k] | (p[k] >= 65 && p[k] <= 90 ? 32 : 0)) }
    switch lower {
    case Array("1".utf8), Array("y".utf8), Array("t".utf8), Array("yes".utf8): return true
    case Array("0".utf8), Array("n".utf8), Array("f".utf8), Array("no".utf8): return false
    default: return nil
    }
  }

  @inline(__always)
  private static func matches(_ p: UnsafePointer<UInt8>, _ word: StaticString) -> Bool {
    let w = word.utf8Start
    for k in 0..<word.utf8CodeUnitCount where p[k] != w[k] { return false }
    return true
  }
}
