import ShopCore
import ShopFrames
import ShopSparkPlan

/// Turns values into the text the REPL shows: aligned tables, numbers, lists.
enum ValuePrinter {
  static func render(_ value: Value, settings: Settings) -> String {
    switch value {
    case .none: return ""
    case .scalar(let s): return scalarText(s)
    case .duration(let d): return durationText(d)
    case .list(let items): return "[" + items.map { render($0, settings: settings) }.joined(separator: ", ") + "]"
    case .frame(let f): return TableRenderer(maxRows: settings.maxRows, width: settings.width).render(f)
    case .text(let t): return t
    case .model(let m): return m.summary
    case .grouped(let f, let keys):
      return "a table of \(NumberFormat.count(f.rowCount, "row")) grouped by "
        + keys.map(\.name).joined(separator: ", ") + "; follow with '| agg …' or '| count'"
    case .remote(let r):
      return "a remote table (nothing runs until '| collect'):\n"
        + r.plan.treeDescription.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        + (r.grouping == nil ? "" : "\n  grouped by " + r.grouping!.map(\.description).joined(separator: ", ") + "; follow with '| agg …' or '| count'")
    }
  }

  /// A single value in full: up to 10 significant digits for floats, ISO for datetimes.
  static func scalarText(_ s: Scalar) -> String {
    switch s {
    case .null: return "null"
    case .int(let v): return String(v)
    case .float(let v): return significant(v, digits: 10)
    case .string(let v): return v
    case .bool(let v): return v ? "true" : "false"
    case .datetime(let t): return CivilTime.format(t, dateOnly: CivilTime.secondOfDay(t) == 0)
    }
  }

  /// A float with at most `digits` significant digits and no trailing zeros.
  static func significant(_ v: Double, digits: Int) -> String {
    if v.isNaN || v.isInfinite { return NumberFormat.shortest(v) }
    if v == 0 { return "0" }
    let magnitude = Int((abs(v)).log10Floor)
    if magnitude >= 15 || magnitude < -6 { return NumberFormat.shortest(v) }
    let decimals = max(0, digits - 1 - magnitude)
    var s = NumberFormat.fixed(v, min(decimals, 15))
    if s.contains(".") {
      while s.hasSuffix("0") { s.removeLast() }
      if s.hasSuffix(".") { s.removeLast() }
    }
    return s
  }

  /// 1800 -> "30m", 90000 -> "1d 1h".
  static func durationText(_ seconds: Int64) -> String {
    if seconds == 0 { return "0s" }
    var rest = abs(seconds)
    var parts: [String] = []
    for (unit, size) in [("d", Int64(86_400)), ("h", 3600), ("m", 60), ("s", 1)] where rest >= size {
      parts.append("\(rest / size)\(unit)")
      rest %= size
    }
    return (seconds < 0 ? "-" : "") + parts.joined(separator: " ")
  }
}

extension Double {
  /// floor(log10(|x|)), exact at powers of ten.
  var log10Floor: Double {
    var e = 0.0
    var x = abs(self)
    while x >= 10 {
      x /= 10
      e += 1
    }
    while x < 1 {
      x *= 10
      e -= 1
    }
    return e
  }
}

/// Renders a frame as an aligned text table.
///
/// Numbers are right-aligned; a float column shows as many decimals (up to 4) as its shown
/// values need; wide cells are cut with "…" when the table would not fit the width
/// (never below `maxCellWidth`); columns that do not fit the width are listed
/// by name under the table, and rows beyond `maxRows` are summarised.
struct TableRenderer {
  var maxRows: Int
  var width: Int
  /// Cells are cut no narrower than this, however many columns compete for the width.
  static let maxCellWidth = 40

  func render(_ frame: Frame) -> String {
    if frame.columnCount == 0 { return "(empty table: no columns)" }
    let shown = min(frame.rowCount, maxRows)
    var cells: [[String]] = []
    var rightAligned: [Bool] = []
    for column in frame.columns {
      cells.append(format(column, rows: shown))
      rightAligned.append(column.type == .int || column.type == .float)
    }
    let names = frame.columns.map { Self.printable($0.name) }
    var widths = Self.fittedWidths(
      zip(names, cells).map { name, texts in max(displayWidth(name), texts.map(displayWidth).max() ?? 0) },
      width: width)
    // Keep the columns that fit.
    var used = 0
    var fitting = 0
    for w in widths {
      if fitting > 0, used + w + 2 > width { break }
      used += w + 2
      fitting += 1
    }
    widths = Array(widths.prefix(fitting))
    var lines: [String] = []
    func line(_ texts: [String]) -> String {
      var parts: [String] = []
      for (i, t) in texts.enumerated() {
        parts.append(pad(truncate(t, toWidth: widths[i]), toWidth: widths[i], alignRight: rightAligned[i]))
      }
      var s = parts.joined(separator: "  ")
      while s.hasSuffix(" ") { s.removeLast() }
      return s
    }
    lines.append(line(Array(names.prefix(fitting))))
    lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
    for r in 0..<shown { lines.append(line((0..<fitting).map { cells[$0][r] })) }
    if frame.rowCount == 0 { lines.append("(no rows)") }
    var footer: [String] = []
    if frame.rowCount > shown {
      footer.append("… " + NumberFormat.count(frame.rowCount - shown, "more row"))
    }
    if fitting < frame.columnCount {
      let rest = names.dropFirst(fitting)
      footer.append(NumberFormat.count(rest.count, "more column") + ": " + rest.joined(separator: ", "))
    }
    if !footer.isEmpty {
      footer.append(NumberFormat.shape(rows: frame.rowCount, columns: frame.columnCount))
      lines.append(footer.joined(separator: " · "))
    }
    return lines.joined(separator: "\n")
  }

  /// Column widths for `natural` widths in `width` characters: every column whole when
  /// they fit; else the widest cut to one cap, the largest (at least `maxCellWidth`) at
  /// which the table fits, so `set width 250` shows long text that 100 would cut.
  static func fittedWidths(_ natural: [Int], width: Int) -> [Int] {
    // As `render` counts: each column with the two spaces after it.
    func total(_ cap: Int) -> Int { natural.reduce(0) { $0 + min($1, cap) + 2 } }
    let widest = natural.max() ?? 0
    guard widest > maxCellWidth, total(widest) > width else { return natural }
    var lo = maxCellWidth
    var hi = widest
    // The largest cap in lo...hi whose total fits (lo when none does).
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if total(mid) <= width { lo = mid } else { hi = mid - 1 }
    }
    return natural.map { min($0, lo) }
  }

  /// The display text of the first `rows` cells of a column.
  func format(_ column: Column, rows: Int) -> [String] {
    switch column.data {
    case .float(let values, _):
      let decimals = Self.decimalsNeeded((0..<rows).filter { !column.isNull($0) }.map { values[$0] })
      return (0..<rows).map { r in
        column.isNull(r) ? "null" : Self.formatFloat(values[r], decimals: decimals)
      }
    case .datetime(let values, _):
      let dateOnly = (0..<rows).allSatisfy { column.isNull($0) || CivilTime.secondOfDay(values[$0]) == 0 }
      return (0..<rows).map { r in column.isNull(r) ? "null" : CivilTime.format(values[r], dateOnly: dateOnly) }
    default:
      return (0..<rows).map { r in
        let s = column[r]
        if case .string(let text) = s { return Self.printable(text) }
        return ValuePrinter.scalarText(s)
      }
    }
  }

  static func formatFloat(_ v: Double, decimals: Int) -> String {
    if v.isNaN { return "NaN" }
    if abs(v) >= 1e15 { return NumberFormat.shortest(v) }
    return NumberFormat.fixed(v, decimals)
  }

  /// The fewest decimals (1 to 4) that show every value exactly, or 4. "Exactly" allows
  /// for binary floating point: a sum that should be 8,887,208.894 may be stored a few
  /// ulps away, so the test is relative (1e-12), not bit-exact.
  static func decimalsNeeded(_ values: [Double]) -> Int {
    var scale = 1.0
    for d in 1...4 {
      scale *= 10
      if values.allSatisfy({ v in
        !v.isFinite || abs(v) >= 1e15 || abs((v * scale).rounded() / scale - v) <= 1e-12 * abs(v) + 1e-12
      }) { return d }
    }
    return 4
  }

  /// A cell or column name as one line of visible text: a line break (LF, CR LF or CR) is
  /// shown as ⏎ and a tab as a space, which would otherwise break the table's alignment,
  /// and other control and invisible characters as `TerminalText` shows them, so the
  /// widths measured here are the widths the terminal shows.
  static func printable(_ s: String) -> String {
    // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
    var flat = String.UnicodeScalarView()
    var previous: Unicode.Scalar?
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\n" where previous == "\r": break
      case "\n", "\r": flat.append("⏎")
      case "\t": flat.append(" ")
      default: flat.append(scalar)
      }
      previous = scalar
    }
    return TerminalText.visible(String(flat), colors: false)
  }
}

import Foundation
