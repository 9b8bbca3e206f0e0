import Glibc

/// How the numbers of one column are written when plain `12.5` does not cover them: which
/// byte is the decimal mark and which groups thousands, a currency marker, a percent sign.
///
/// Shop exports write money the way their locale prints it (`1.234,50` in Germany,
/// `$1,234.50` in Shopify, `(12.50)` for a refund in accounting tools). Such a column is
/// read as numbers only when the whole sample agrees on one style (`infer`), so a column
/// that mixes currencies, or holds codes that merely look numeric, stays text. Every value
/// is then checked against the style during the load; one that does not fit widens the
/// column to string like any other misfit.
struct CSVNumberStyle: Sendable, Equatable {
  /// `.` or `,`.
  var decimal: UInt8
  /// The other of `.` and `,`, allowed only between groups of three digits.
  var group: UInt8
  /// A currency symbol or ISO code written before or after the number (`$`, `€`, `EUR`),
  /// optional on each value; empty when the column has none.
  var currency: [UInt8]
  /// Every value ends in `%`; values are read as fractions (`12.5%` is 0.125).
  var percent: Bool
  /// No sampled value has a decimal part: the column is read as Int64.
  var integer: Bool

  static let dot = UInt8(ascii: "."), comma = UInt8(ascii: ",")

  /// The data type of the column this style reads.
  var dataType: DataType { integer ? .int : .float }

  // MARK: Reading one value

  /// The parts of a value once its sign, parentheses, currency and percent are taken off.
  struct Parts {
    var negative = false
    var parenthesised = false
    var prefix: [UInt8] = []
    var suffix: [UInt8] = []
    /// The digits and separators in between.
    var core: ArraySlice<UInt8> = []
  }

  /// Splits a value into sign, markers and core; nil when it has no digit at all.
  static func parts(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> Parts? {
    let (p, n) = CSVFieldParser.trimmed(p0, n0)
    guard n > 0 else { return nil }
    var bytes = Array(UnsafeBufferPointer(start: p, count: n))
    var parts = Parts()
    if bytes.first == UInt8(ascii: "("), bytes.last == UInt8(ascii: ")") {
      parts.parenthesised = true
      bytes = Array(bytes.dropFirst().dropLast())
    }
    guard let first = bytes.firstIndex(where: CSVFieldParser.isDigit),
      let last = bytes.lastIndex(where: CSVFieldParser.isDigit)
    else { return nil }
    var start = first
    // A decimal mark right before the first digit belongs to the number (`.5`, `,5`).
    if start > 0, bytes[start - 1] == dot || bytes[start - 1] == comma { start -= 1 }
    var prefix = Array(bytes[..<start])
    parts.suffix = trimBlanks(Array(bytes[(last + 1)...]))
    parts.core = bytes[start...last]
    // A sign may stand before or after the currency: `-$12.50`, `$-12.50`, `EUR -12,50`.
    if let s = prefix.first, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
      parts.negative = s == UInt8(ascii: "-")
      prefix = trimBlanks(Array(prefix.dropFirst()))
    } else if let s = prefix.last, s == UInt8(ascii: "-") || s == UInt8(ascii: "+") {
      parts.negative = s == UInt8(ascii: "-")
      prefix.removeLast()
    }
    // A letter code must be set off by a blank (`EUR 12,50`), so `INV-2023` stays text.
    if let c = prefix.last, c >= 65, c <= 90 { return nil }
    parts.prefix = trimBlanks(prefix)
    return parts
  }

  private static func trimBlanks(_ b: [UInt8]) -> [UInt8] {
    var s = b[...]
    while let c = s.first, c == 32 || c == 9 { s.removeFirst() }
    while let c = s.last, c == 32 || c == 9 { s.removeLast() }
    return Array(s)
  }

  /// The core as plain ASCII `123.45` (group marks dropped, decimal mark made a point),
  /// or nil when the groups or decimal part are malformed for `decimal`/`group`.
  static func normalized(
    _ core: ArraySlice<UInt8>, decimal: UInt8, group: UInt8
  ) -> (digits: [UInt8], hasFraction: Bool)? {
    var out: [UInt8] = []
    out.reserveCapacity(core.count)
    var i = core.startIndex
    var groupLength = 0
    var groups = 0
    var firstGroup: [UInt8] = []
    while i < core.endIndex, core[i] != decimal {
      let c = core[i]
      if CSVFieldParser.isDigit(c) {
        out.append(c)
        groupLength += 1
        if groups == 0 { firstGroup.append(c) }
      } else if c == group {
        // `1,234,567`: the first group has 1-3 digits and no leading zero, the rest 3.
        if groups == 0 {
          guard (1...3).contains(groupLength), firstGroup.first != 48 else { return nil }
        } else {
          guard groupLength == 3 else { return nil }
        }
        groups += 1
        groupLength = 0
      } else {
        return nil
      }
      i += 1
    }
    if groups > 0 { guard groupLength == 3 else { return nil } }
    // `007` is an identifier, not seven (as for plain integers).
    if groups == 0, out.count > 1, out.first == 48 { return nil }
    guard i < core.endIndex else { return out.isEmpty ? nil : (out, false) }
    i += 1  // the decimal mark
    out.append(dot)
    var fraction = 0
    while i < core.endIndex {
      guard CSVFieldParser.isDigit(core[i]) else { return nil }
      out.append(core[i])
      fraction += 1
      i += 1
    }
    guard fraction > 0 else { return nil }
    return (out, true)
  }

  /// The value of one field in this style, as a Double (nil when it does not fit).
  @inline(__always)
  func double(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
    if let (mantissa, scale, negative) = scan(p, n), mantissa < 1 << 53, scale <= 22 {
      let v = Double(mantissa) / Self.powers[scale]
      return negative ? -v : v
    }
    return slowDouble(p, n)
  }

  /// The value of one field of an integer column (nil when it does not fit or has a
  /// decimal part).
  @inline(__always)
  func int(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
    if let (mantissa, scale, negative) = scan(p, n), scale == 0,
      mantissa <= UInt64(Int64.max)
    {
      return negative ? -Int64(mantissa) : Int64(mantissa)
    }
    return slowInt(p, n)
  }

  /// Powers of ten exactly representable as Double (10^0 ... 10^22).
  private static let powers: [Double] = (0...22).map { k in
    var x = 1.0
    for _ in 0..<k { x *= 10 }
    return x
  }

  /// The fast path of `double` and `int`, without allocating: the digits as one integer,
  /// how many of them are decimals (plus 2 for a percent), and the sign. Returns nil for
  /// anything unusual (a sign after the currency, more than 19 digits, a misfit), which
  /// the slow path then decides, so both paths accept exactly the same values.
  @inline(__always)
  private func scan(_ p0: UnsafePointer<UInt8>, _ n0: Int) -> (UInt64, Int, Bool)? {
    let (p, n) = CSVFieldParser.trimmed(p0, n0)
    var s = 0
    var e = n
    guard e > 0 else { return nil }
    @inline(__always) func isBlank(_ c: UInt8) -> Bool { c == 32 || c == 9 }
    var parenthesised = false
    if p[0] == 40, p[e - 1] == 41 {
      parenthesised = true
      s += 1
      e -= 1
      while s < e, isBlank(p[s]) { s += 1 }
      while e > s, isBlank(p[e - 1]) { e -= 1 }
    }
    var negative = false
    if s < e, p[s] == 45 || p[s] == 43 {
      guard !parenthesised else { return nil }
      negative = p[s] == 45
      s += 1
      while s < e, isBlank(p[s]) { s += 1 }
    }
    var usedCurrency = false
    let k = currency.count
    if k > 0, e - s > k, memcmp(p + s, currency, k) == 0 {
      s += k
      // `EUR12` needs its blank (`INV-2023` must stay text); let the slow path say no.
      if let last = currency.last, last >= 65, last <= 90, !isBlank(p[s]) { return nil }
      while s < e, isBlank(p[s]) { s += 1 }
      usedCurrency = true
    }
    if percent {
      guard e > s, p[e - 1] == 37 else { return nil }
      e -= 1
      while e > s, isBlank(p[e - 1]) { e -= 1 }
    } else if k > 0, !usedCurrency, e - s > k, memcmp(p + e - k, currency, k) == 0 {
      e -= k
      while e > s, isBlank(p[e - 1]) { e -= 1 }
    }
    guard s < e else { return nil }
    var i = s
    var mantissa: UInt64 = 0
    var intDigits = 0
    var groupLength = 0
    var groups = 0
    var leadingZero = false
    while i < e, p[i] != decimal {
      let c = p[i]
      let d = c &- 48
      if d < 10 {
        if intDigits == 0 { leadingZero = d == 0 }
        guard mantissa < 1_000_000_000_000_000_000 else { return nil }
        mantissa = mantissa &* 10 &+ UInt64(d)
        intDigits += 1
        groupLength += 1
      } else if c == group {
        if groups == 0 {
          guard groupLength >= 1, groupLength <= 3, !leadingZero else { return nil }
        } else {
          guard groupLength == 3 else { return nil }
        }
        groups += 1
        groupLength = 0
      } else {
        return nil
      }
      i += 1
    }
    if groups > 0 { guard groupLength == 3 else { return nil } }
    if groups == 0, intDigits > 1, leadingZero { return nil }
    var scale = 0
    if i < e {
      i += 1
      while i < e {
        let d = p[i] &- 48
        guard d < 10, mantissa < 1_000_000_000_000_000_000 else { return nil }
        mantissa = mantissa &* 10 &+ UInt64(d)
        scale += 1
        i += 1
      }
      guard scale > 0 else { return nil }
    } else {
      guard intDigits > 0 else { return nil }
    }
    if percent { scale += 2 }
    return (mantissa, scale, negative != parenthesised)
  }

  /// `double` by way of `parts`: the definition the fast path agrees with.
  func slowDouble(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
    guard let parts = Self.parts(p, n), acceptsMarkers(parts),
      let (digits, _) = Self.normalized(parts.core, decimal: decimal, group: group)
    else { return nil }
    var text = parts.negative != parts.parenthesised ? [UInt8(ascii: "-")] : []
    text += digits
    if !text.contains(Self.dot) { text.append(Self.dot) }
    if percent { text += Array("e-2".utf8) }
    return text.withUnsafeBufferPointer { b in
      b.baseAddress.flatMap { CSVFieldParser.float($0, b.count) }
    }
  }

  /// `int` by way of `parts`.
  func slowInt(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
    guard let parts = Self.parts(p, n), acceptsMarkers(parts),
      let (digits, fraction) = Self.normalized(parts.core, decimal: decimal, group: group),
      !fraction
    else { return nil }
    let text = (parts.negative != parts.parenthesised ? [UInt8(ascii: "-")] : []) + digits
    return text.withUnsafeBufferPointer { b in
      b.baseAddress.flatMap { CSVFieldParser.int($0, b.count) }
    }
  }

  private func acceptsMarkers(_ parts: Parts) -> Bool {
    // Both a sign and parentheses would be a double negative nobody writes.
    if parts.negative, parts.parenthesised { return false }
    var prefix = parts.prefix
    var suffix = parts.suffix
    if percent {
      guard suffix == [UInt8(ascii: "%")] else { return false }
      suffix = []
    }
    if !currency.isEmpty {
      if prefix == currency {
        prefix = []
      } else if suffix == currency {
        suffix = []
      }
    }
    return prefix.isEmpty && suffix.isEmpty
  }

  // MARK: Inferring a column's style

  /// Currency markers recognised before or after a number: common symbols and the ISO
  /// 4217 codes shops sell in (a list, not "any three capitals", so `SKU 1234` stays text).
  private static let currencies: Set<[UInt8]> = Set(
    [
      "$", "€", "£", "¥", "₹", "US$", "R$", "kr", "zł", "EUR", "USD", "GBP", "CHF", "JPY",
      "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "BRL", "MXN", "INR",
      "CNY", "HKD", "SGD", "KRW", "ZAR", "TRY",
    ].map { Array($0.utf8) })

  /// Whether `marker` names a currency.
  static func isCurrency(_ marker: [UInt8]) -> Bool { currencies.contains(marker) }

  /// The one style every value of `values` (non-null sample values) fits, or nil.
  ///
  /// The markers must agree: one currency throughout (a value may omit it), or `%` on
  /// every value. The decimal mark is `.` unless a value shows it is `,` (`12,50`,
  /// `1.234,5`); a lone `,` before exactly three digits (`1,234`) is read as thousands,
  /// as Excel and Shopify write them. `dot` or `comma` in `prefer` breaks that tie the
  /// other way, when the rest of the file uses decimal commas.
  static func infer(
    _ values: [[UInt8]], preferDecimalComma: Bool = false, minimum: Int = minimumValues
  ) -> CSVNumberStyle? {
    // A whole-column reading needs values that agree: one value proves nothing.
    guard values.count >= max(1, minimum) else { return nil }
    var all: [Parts] = []
    all.reserveCapacity(values.count)
    var currency: [UInt8] = []
    var sawPercent: Bool?
    // Checked value by value, so a column of words fails on its first value.
    for v in values {
      guard
        var parts = v.withUnsafeBufferPointer({ b in
          b.baseAddress.flatMap { Self.parts($0, b.count) }
        })
      else { return nil }
      let hasPercent = parts.suffix == [UInt8(ascii: "%")]
      if sawPercent == nil { sawPercent = hasPercent }
      guard sawPercent == hasPercent else { return nil }
      if hasPercent { parts.suffix = [] }
      let markers = [parts.prefix, parts.suffix].filter { !$0.isEmpty }
      guard markers.count <= 1 else { return nil }
      if let marker = markers.first {
        guard isCurrency(marker), currency.isEmpty || currency == marker else { return nil }
        currency = marker
      }
      all.append(parts)
    }
    let percent = sawPercent ?? false
    let commaFirst = preferDecimalComma
    let orders: [(UInt8, UInt8)] = commaFirst ? [(comma, dot), (dot, comma)] : [(dot, comma), (comma, dot)]
    for (decimal, group) in orders {
      var integer = !percent
      let fits = all.allSatisfy { parts in
        guard let (_, fraction) = normalized(parts.core, decimal: decimal, group: group) else {
          return false
        }
        if fraction { integer = false }
        return !(parts.negative && parts.parenthesised)
      }
      // Whole numbers must fit Int64 (a 20-digit id is not a quantity).
      if fits, !integer || all.allSatisfy({ fitsInt64($0, group: group) }) {
        return CSVNumberStyle(
          decimal: decimal, group: group, currency: currency, percent: percent, integer: integer)
      }
    }
    return nil
  }

  /// How many sampled values a style needs (see `infer`). `widening` a plain column
  /// by one late value is different: the rest of the column is the evidence there.
  static let minimumValues = 2

  /// Whether the core's digits fit Int64 (there is no decimal part).
  private static func fitsInt64(_ parts: Parts, group: UInt8) -> Bool {
    let digits = parts.core.filter { $0 != group }
    return digits.withUnsafeBufferPointer { b in
      b.baseAddress.map { CSVFieldParser.int($0, b.count) != nil } ?? false
    }
  }

  /// Whether every value needs more than the plain parser: otherwise the column is plain.
  static func isNeeded(_ values: [[UInt8]]) -> Bool {
    values.contains { v in
      v.contains { c in !(CSVFieldParser.isDigit(c) || c == 45 || c == 43 || c == 32 || c == 9) }
    }
  }

  /// A short description for the load's notes, e.g. `decimal comma, '.' between
  /// thousands, currency '€' dropped`; `values` (the sample) says which marks occur.
  func summary(of values: [[UInt8]]) -> String {
    var words: [String] = []
    if decimal == Self.comma, !integer { words.append("decimal comma") }
    if values.contains(where: { $0.contains(group) }) {
      words.append("'\(Character(Unicode.Scalar(group)))' between thousands")
    }
    if !currency.isEmpty {
      words.append("currency '\(String(decoding: currency, as: UTF8.self))' dropped")
    }
    if percent { words.append("percent as a fraction (12.5% = 0.125)") }
    if values.contains(where: { $0.contains(UInt8(ascii: "(")) }) {
      words.append("(x) as minus x")
    }
    return words.isEmpty ? "plain digits" : words.joined(separator: ", ")
  }
}
