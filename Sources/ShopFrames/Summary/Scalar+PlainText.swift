import ShopCore

/// A value as a user reads it in a label or column name: 17, 2.5, EIRE, 2011-01-01,
/// 2011-01-01 08:26:00, true, null. Midnight datetimes show as dates.
func plainText(_ value: Scalar) -> String {
  switch value {
  case .null: return "null"
  case .int(let v): return String(v)
  case .float(let v):
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return NumberFormat.shortest(v)
  case .string(let s): return s
  case .bool(let b): return String(b)
  case .datetime(let t): return CivilTime.format(t, dateOnly: CivilTime.secondOfDay(t) == 0)
  }
}

/// A number for a one-line summary: grouped thousands and at most two decimals
/// (4.61, 96.76, 38,970, -13.5).
func summaryNumber(_ x: Double) -> String {
  if !x.isFinite { return NumberFormat.shortest(x) }
  var s = NumberFormat.groupedFixed(x, 2)
  if s.contains(".") {
    while s.hasSuffix("0") { s.removeLast() }
    if s.hasSuffix(".") { s.removeLast() }
  }
  return s == "-0" ? "0" : s
}
