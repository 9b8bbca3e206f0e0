/// The number of terminal columns a string takes.
///
/// East Asian wide and fullwidth characters take two columns, combining marks and
/// zero-width characters none. This is the subset of Unicode's East Asian Width
/// property that matters for shop data (CJK product names, emoji in reviews).
public func displayWidth(_ s: String) -> Int {
  var width = 0
  for scalar in s.unicodeScalars { width += columnWidth(of: scalar) }
  return width
}

/// Columns taken by one Unicode scalar (0, 1 or 2).
public func columnWidth(of scalar: Unicode.Scalar) -> Int {
  let v = scalar.value
  if v == 0 { return 0 }
  if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
  switch scalar.properties.generalCategory {
  case .nonspacingMark, .enclosingMark, .format: return 0
  default: break
  }
  if v == 0x200B || TerminalText.isColorMark(scalar) { return 0 }
  if isWide(v) { return 2 }
  return 1
}

private func isWide(_ v: UInt32) -> Bool {
  switch v {
  case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
    0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
    0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
    return true
  default:
    return false
  }
}

/// Truncates a string to at most `width` columns, ending in "…" when cut.
public func truncate(_ s: String, toWidth width: Int) -> String {
  if displayWidth(s) <= width { return s }
  guard width >= 1 else { return "" }
  var out = ""
  var used = 0
  for ch in s {
    let w = displayWidth(String(ch))
    if used + w > width - 1 { break }
    out.append(ch)
    used += w
  }
  return out + "…"
}

/// Pads a string with spaces to `width` columns, on the right or on the left.
public func pad(_ s: String, toWidth width: Int, alignRight: Bool = false) -> String {
  let gap = max(0, width - displayWidth(s))
  let spaces = String(repeating: " ", count: gap)
  return alignRight ? spaces + s : s + spaces
}
