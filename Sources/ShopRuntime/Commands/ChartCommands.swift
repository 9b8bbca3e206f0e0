import ShopCore
import ShopFrames
import ShopPlot
import ShopSyntax

/// plot and spark: charts drawn in the terminal from table columns.
///
/// Charts are text, so they go into the command's output: the session store keeps them,
/// and `export … to "x.md"` puts them in the transcript. Off a terminal they are always
/// 80×20 (or `set chart_width`/`chart_height`), so a script's charts are reproducible.
enum ChartCommands {
  static let all: [Command] = [plot, spark]

  static let plot = Command(
    "plot", aliases: ["chart"], category: "Charts",
    synopsis: """
      plot line x COL y COL[, COL …] [by GROUP] [title "T"]   ·  plot bar x COL y COL [sorted] [title "T"]
        plot hist COL [bins N] [title "T"]   ·  plot box COL [by GROUP]   ·  plot scatter x COL y COL
        plot heatmap [title "T"]   (first column: row labels; the other columns: cells)
      """,
    summary: "draw a line, bar, histogram, box, scatter or heatmap chart of a table",
    details: """
      Line charts read a datetime x as dates (ticks on days, weeks or months as fits), draw
      each y column as a series with a legend, and leave gaps for nulls; 'by GROUP' draws one
      series per value of GROUP from a long table (one y column, at most 12 groups). Bars are horizontal
      with their values printed; 'sorted' orders them largest first. Histograms choose bins by
      the Freedman–Diaconis rule unless 'bins N' is given. 'set charts braille|blocks|ascii'
      chooses the characters ('ascii' works everywhere).
      """,
    examples: [
      "orders | derive Revenue = Quantity * UnitPrice | resample InvoiceDate by month agg gmv = sum(Revenue) | plot line x InvoiceDate y gmv title \"GMV by month\"",
      "orders | group by Country | agg units = sum(Quantity) | sort units desc | head 8 | plot bar x Country y units",
      "orders | where Quantity > 0 and Quantity < 100 | plot hist Quantity bins 20",
    ],
    input: .frame
  ) { inv in
    let f = try inv.frame()
    let kind = try inv.args.expectChoice(["line", "bar", "hist", "histogram", "box", "scatter", "heatmap"], what: "chart kind")
    let settings = inv.session.settings
    let style = ChartStyle(
      width: settings.chartWidth, height: settings.chartHeight,
      mode: ChartMode(rawValue: settings.chartMode.rawValue) ?? .braille, color: settings.color)
    var options = ChartOptions()
    let text: String
    switch kind {
    case "line", "scatter":
      try inv.args.expectKeyword("x")
      let x = try inv.args.column("the x column")
      try inv.args.expectKeyword("y")
      let ys = try inv.args.columns("the y columns", stopWords: ["title", "by"])
      try options.read(&inv.args)
      let xColumn = try numericColumn(f, x, allowTime: true)
      var series = try ys.map { y in
        Series(name: shown(y.name), x: xColumn.values, y: try numericColumn(f, y, allowTime: false).values)
      }
      if let by = options.by {
        // A long table (one row per group and x) becomes one series per group.
        guard let only = series.first, series.count == 1 else {
          throw RuntimeError.invalidValue("with 'by', give one y column", at: by.range ?? inv.range)
        }
        var order: [String] = []
        var rows: [String: [Int]] = [:]
        for (i, label) in try labelColumn(f, by).enumerated() {
          if rows[label] == nil { order.append(label) }
          rows[label, default: []].append(i)
        }
        guard order.count <= maxSeries else {
          throw RuntimeError.invalidValue(
            "'\(by.name)' has \(order.count) values: at most \(maxSeries) series fit a chart; filter first (where … in […])",
            at: by.range ?? inv.range)
        }
        series = order.map { label in
          let r = rows[label] ?? []
          return Series(name: shown(label), x: r.map { only.x[$0] }, y: r.map { only.y[$0] })
        }
      }
      if kind == "line" {
        text = LineChart(series: series, xIsTime: xColumn.isTime, title: options.title, xLabel: shown(x.name))
          .render(style)
      } else {
        text = ScatterPlot(series: series, title: options.title, xLabel: shown(x.name), yLabel: ys.first.map { shown($0.name) })
          .render(style)
      }
    case "bar":
      try inv.args.expectKeyword("x")
      let x = try inv.args.column("the label column")
      try inv.args.expectKeyword("y")
      let y = try inv.args.column("the value column")
      try options.read(&inv.args)
      let labels = try labelColumn(f, x).map(shown)
      text = BarChart(labels: labels, values: try numericColumn(f, y, allowTime: false).values, title: options.title, sorted: options.sorted)
        .render(style)
    case "hist", "histogram":
      let col = try inv.args.column("the column to bin")
      try options.read(&inv.args)
      let values = try numericColumn(f, col, allowTime: false).values.filter { !$0.isNaN }
      text = Histogram(values: values, bins: options.bins, title: options.title ?? shown(col.name)).render(style)
    case "box":
      let col = try inv.args.column("the column")
      try options.read(&inv.args)
      let values = try numericColumn(f, col, allowTime: false).values
      var groups: [(label: String, values: [Double])] = []
      if let by = options.by {
        groups = groupedByLabel(try labelColumn(f, by), values).map { (shown($0.label), $0.values.filter { !$0.isNaN }) }
      } else {
        groups = [(shown(col.name), values.filter { !$0.isNaN })]
      }
      text = BoxPlot(groups: groups, title: options.title).render(style)
    default:
      try options.read(&inv.args)
      guard f.columnCount >= 2 else {
        throw RuntimeError.invalidValue("a heatmap needs a label column and at least one value column", at: inv.range)
      }
      let rowLabels = try labelColumn(f, ColumnRef(f.columns[0].name)).map(shown)
      var columns: [(name: String, values: [Double])] = try f.columns.dropFirst().map {
        ($0.name, try numericColumn(f, ColumnRef($0.name), allowTime: false).values)
      }
      func isShare(_ values: [Double]) -> Bool { values.allSatisfy { $0.isNaN || ($0 >= 0 && $0 <= 1) } }
      // Shares beside counts (a cohort table's 'customers' before its m0, m1 …): one scale
      // would shade every share as the lowest, so the counts are left out, and said so.
      let counts = columns.filter { !isShare($0.values) }.map(\.name)
      if !counts.isEmpty, counts.count < columns.count {
        columns.removeAll { !isShare($0.values) }
        inv.note("heatmap: left out \(counts.joined(separator: ", ")) (not shares between 0 and 1, which the other columns are)")
      }
      var cells = Array(repeating: [Double](), count: f.rowCount)
      for column in columns { for r in 0..<f.rowCount { cells[r].append(column.values[r]) } }
      let allFractions = columns.allSatisfy { isShare($0.values) }
      text = Heatmap(
        rowLabels: rowLabels, columnLabels: columns.map { shown($0.name) }, values: cells,
        title: options.title, valueFormat: allFractions ? .percent : .number
      ).render(style)
    }
    try inv.args.finish()
    return .text(text)
  }

  /// More series than this and the legend and glyphs stop telling them apart.
  static let maxSeries = 12

  /// Optional words after a chart's columns.
  struct ChartOptions {
    var title: String?
    var bins: Int?
    var sorted = false
    var by: ColumnRef?

    mutating func read(_ args: inout Arguments) throws {
      while !args.atEnd {
        if args.keyword("title") {
          title = ChartCommands.shown(try args.string("a title in quotes").0)
        } else if args.keyword("bins") {
          let (n, range) = try args.integer("how many bins")
          guard n >= 1, n <= 500 else { throw RuntimeError.invalidValue("bins must be between 1 and 500", at: range) }
          bins = n
        } else if args.keyword("sorted") {
          sorted = true
        } else if args.keyword("by") {
          by = try args.column("a column to group by")
        } else {
          try args.finish()
        }
      }
    }
  }

  /// A column as Doubles (NaN for nulls); datetimes as seconds when allowed.
  static func numericColumn(_ f: Frame, _ ref: ColumnRef, allowTime: Bool) throws -> (values: [Double], isTime: Bool) {
    guard let column = f.column(named: ref.name) else {
      throw FrameError.unknownColumn(ref.name, available: f.columnNames, at: ref.range)
    }
    switch column.data {
    case .int, .float, .bool:
      return ((0..<f.rowCount).map { column[$0].doubleValue ?? .nan }, false)
    case .datetime where allowTime:
      return ((0..<f.rowCount).map { column[$0].doubleValue ?? .nan }, true)
    default:
      throw FrameError.typeMismatch(
        "'\(ref.name)' is \(column.type); a chart axis needs numbers\(allowTime ? " or dates" : "")", at: ref.range)
    }
  }

  /// Text from data or names as a chart shows it: on one line, with control characters
  /// shown as the terminal will show them, so the chart is laid out with the widths seen.
  /// (Labels are grouped before this, so two labels never merge by looking alike.)
  static func shown(_ text: String) -> String { TableRenderer.printable(text) }

  /// A column as text labels.
  static func labelColumn(_ f: Frame, _ ref: ColumnRef) throws -> [String] {
    guard let column = f.column(named: ref.name) else {
      throw FrameError.unknownColumn(ref.name, available: f.columnNames, at: ref.range)
    }
    return (0..<f.rowCount).map { ValuePrinter.scalarText(column[$0]) }
  }

  static let spark = Command(
    "spark", aliases: ["sparkline"], category: "Charts", synopsis: "spark COL [by GROUP]",
    summary: "a one-line sparkline of a column (one per group with 'by'), in row order",
    details: "Unpiped, 'spark load \"PATH\"' and 'spark table NAME' are remote tables on Spark instead (see 'help connect').",
    examples: ["orders | derive m = month_start(InvoiceDate) | group by Country, m | agg units = sum(Quantity) | spark units by Country | head 3"],
    input: .frame
  ) { inv in
    if inv.input == nil, let word = inv.args.peekName, word == "load" || (word == "table" && inv.session.bindings[word] == nil) {
      return try RemoteCommands.remoteTable(&inv)
    }
    let f = try inv.frame()
    let col = try inv.args.column("a numeric column")
    var by: ColumnRef?
    if inv.args.keyword("by") { by = try inv.args.column("a column to group by") }
    try inv.args.finish()
    let mode = ChartMode(rawValue: inv.session.settings.chartMode.rawValue) ?? .braille
    let values = try numericColumn(f, col, allowTime: false).values
    let width = inv.session.settings.width
    guard let by else {
      let shown = Sparkline.fitted(values, width: width)
      if shown.count < values.count { inv.note(sparkNote(values.count, shown.count)) }
      return .text(Sparkline.render(shown, mode: mode))
    }
    let groups = groupedByLabel(try labelColumn(f, by), values)
    // The room the table leaves the sparkline: the width less the label and count columns.
    let labelWidth = max(displayWidth(by.name), groups.map { displayWidth($0.label) }.max() ?? 0)
    let countWidth = max(1, String(groups.map(\.values.count).max() ?? 0).count)
    let room = max(TableRenderer.maxCellWidth, width - labelWidth - countWidth - 4)
    let longest = groups.map(\.values.count).max() ?? 0
    if longest > room { inv.note(sparkNote(longest, room)) }
    return .frame(Frame(columns: [
      Column(name: by.name, scalars: groups.map { .string($0.label) }, type: .string),
      Column(name: "n", scalars: groups.map { .int(Int64($0.values.count)) }, type: .int),
      Column(
        name: "spark_\(col.name)",
        scalars: groups.map { .string(Sparkline.render(Sparkline.fitted($0.values, width: room), mode: mode)) },
        type: .string),
    ]))
  }

  /// Says that a sparkline averages runs of points to fit the width.
  static func sparkNote(_ points: Int, _ characters: Int) -> String {
    "spark: \(NumberFormat.grouped(points)) points in \(characters) characters, each the mean of about "
      + "\(NumberFormat.fixed(Double(points) / Double(characters), 1)) consecutive points ('set width' to see more)"
  }

  /// Values split by label, groups in order of first appearance, values in row order.
  static func groupedByLabel(_ labels: [String], _ values: [Double]) -> [(label: String, values: [Double])] {
    var order: [String] = []
    var byLabel: [String: [Double]] = [:]
    for (label, v) in zip(labels, values) {
      if byLabel[label] == nil { order.append(label) }
      byLabel[label, default: []].append(v)
    }
    return order.map { ($0, byLabel[$0] ?? []) }
  }
}
