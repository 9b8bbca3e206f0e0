import ShopCore
import ShopFrames

/// Draws a path tree in the terminal: one line per branch, indented with box-drawing
/// guides, then the units, a bar (of the anchor's units) and, when asked, conversions.
///
/// ```
/// cart                     120  ████████████████████  conv 40  33.3%
/// ├─ shipping_details       80  █████████████▍        conv 35  43.8%
/// │  └─ (end)               10  █▋                    conv  0   0.0%
/// └─ (end)                  40  ██████▋               conv  5  12.5%
/// ```
/// The web tools draw these as Sankey diagrams; a tree keeps each path readable as a line.
struct PathTreeText {
  /// Branches shown per node; the rest are summed on one "(N other events)" line.
  var branches: Int
  var direction: PathDirection
  var showConversion: Bool
  /// Cells of the anchor's bar.
  var barCells = 20

  private struct Line {
    var label: String
    var units: Int
    var converted: Int?
  }

  func render(_ root: PathNode) -> String {
    var lines: [Line] = []
    walk(root, prefix: "", childPrefix: "", into: &lines)
    let labelWidth = lines.map { displayWidth($0.label) }.max() ?? 0
    let unitsWidth = lines.map { String($0.units).count }.max() ?? 1
    let convWidth = lines.map { String($0.converted ?? 0).count }.max() ?? 1
    var out: [String] = []
    if direction == .before { out.append("(read each branch upward: the events just before \"\(root.event)\")") }
    for line in lines {
      var s = pad(line.label, toWidth: labelWidth) + "  " + pad(String(line.units), toWidth: unitsWidth, alignRight: true)
      s += "  " + pad(bar(Double(line.units) / Double(max(root.units, 1))), toWidth: barCells)
      if showConversion, let c = line.converted {
        let tenths = line.units == 0 ? 0 : Int((1000 * Double(c) / Double(line.units)).rounded())
        s += "  conv " + pad(String(c), toWidth: convWidth, alignRight: true) + "  "
          + pad("\(tenths / 10).\(tenths % 10)%", toWidth: 6, alignRight: true)
      }
      while s.hasSuffix(" ") { s.removeLast() }
      out.append(s)
    }
    return out.joined(separator: "\n")
  }

  private func walk(_ node: PathNode, prefix: String, childPrefix: String, into lines: inout [Line]) {
    lines.append(Line(label: prefix + node.event, units: node.units, converted: node.converted))
    let shown = Array(node.children.prefix(branches))
    let rest = node.children.dropFirst(branches)
    for (i, child) in shown.enumerated() {
      let last = i == shown.count - 1 && rest.isEmpty
      walk(child, prefix: childPrefix + (last ? "└─ " : "├─ "), childPrefix: childPrefix + (last ? "   " : "│  "), into: &lines)
    }
    if !rest.isEmpty {
      let units = rest.reduce(0) { $0 + $1.units }
      let converted = rest.reduce(0) { $0 + $1.converted }
      lines.append(Line(label: childPrefix + "└─ (\(rest.count) other event\(rest.count == 1 ? "" : "s"))", units: units, converted: converted))
    }
  }

  private static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// A bar of `fraction` of the full width, in eighth-cell steps; any non-zero share shows.
  private func bar(_ fraction: Double) -> String {
    var e = Int((fraction * Double(barCells) * 8).rounded())
    if e == 0 && fraction > 0 { e = 1 }
    return String(repeating: "█", count: e / 8) + Self.eighths[e % 8]
  }
}
