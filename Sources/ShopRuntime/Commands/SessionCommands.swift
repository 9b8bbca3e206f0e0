import ShopCore
import ShopFrames

/// help, set, print, names: the commands about the session itself.
enum SessionCommands {
  static let all: [Command] = [help, set, print, names, sleep]

  static let help = Command(
    "help", aliases: ["?"], category: "Session", synopsis: "help [COMMAND]",
    summary: "list the commands, or show one command's page",
    details: "Every command's page has its usage line, what it does, and examples that run as written.",
    examples: ["help", "help load"], input: .none
  ) { inv in
    let registry = CommandRegistry.standard
    if let name = inv.args.peekName {
      let range = inv.args.hereRange
      _ = try inv.args.column()
      try inv.args.finish()
      guard let command = registry.lookup(name) else {
        throw RuntimeError.unknownCommand(name, known: registry.allNames, at: range)
      }
      return .text(HelpPages.page(for: command))
    }
    try inv.args.finish()
    return .text(HelpPages.index(registry))
  }

  static let set = Command(
    "set", category: "Session", synopsis: "set [rows N | width N | charts braille|blocks|ascii | chart_width N | chart_height N | seed N | color on|off]",
    summary: "change a display or reproducibility setting, or show them all",
    details: """
      rows: how many rows a printed table shows (default 20).
      width: how many characters a printed table may take (default 100); long text is cut (to no fewer than 40 characters) only when the table would not fit, and spark … by fits its lines to it.
      charts: braille (2x4 dots per character), blocks, or ascii (works everywhere).
      chart_width, chart_height: the size of charts when output is not a terminal (80x20).
      seed: the seed for random draws that do not name their own (default 42).
      color: colour in charts (only ever on a terminal, and never when NO_COLOR is set).
      """,
    examples: ["set rows 5", "set charts ascii", "set"], input: .none
  ) { inv in
    if inv.args.atEnd {
      let s = inv.session.settings
      return .text(
        """
        rows          \(s.maxRows)
        width         \(s.width)
        charts        \(s.chartMode.rawValue)
        chart_width   \(s.chartWidth)
        chart_height  \(s.chartHeight)
        seed          \(s.seed)
        color         \(s.color ? "on" : "off")
        """)
    }
    let key = try inv.args.expectChoice(
      ["rows", "width", "charts", "chart_width", "chart_height", "seed", "color"], what: "setting")
    switch key {
    case "charts":
      let mode = try inv.args.expectChoice(Settings.ChartMode.allCases.map(\.rawValue), what: "chart mode")
      inv.session.settings.chartMode = Settings.ChartMode(rawValue: mode) ?? .braille
    case "color":
      let on = try inv.args.expectChoice(["on", "off"], what: "value")
      inv.session.settings.color = on == "on" && inv.session.colourAllowed
    default:
      let (n, range) = try inv.args.integer("a whole number")
      guard n >= (key == "seed" ? 0 : 1) else { throw RuntimeError.invalidValue("\(key) must be positive", at: range) }
      // Sizes are allocated as they are (a chart's canvas, a table's lines): bound them.
      let most = ["width": 10_000, "chart_width": 2_000, "chart_height": 1_000][key]
      if let most, n > most { throw RuntimeError.invalidValue("\(key) must be at most \(most)", at: range) }
      switch key {
      case "rows": inv.session.settings.maxRows = n
      case "width": inv.session.settings.width = max(20, n)
      case "chart_width": inv.session.settings.chartWidth = max(20, n)
      case "chart_height": inv.session.settings.chartHeight = max(5, n)
      default: inv.session.settings.seed = UInt64(n)
      }
    }
    try inv.args.finish()
    return .none
  }

  static let print = Command(
    "print", aliases: ["show"], category: "Session", synopsis: "print EXPR [, EXPR …]",
    summary: "show values: a name, a number, arithmetic, a string",
    details: "With a table piped in, prints it with all its rows up to 1,000.",
    examples: ["print 1 + 2", "print \"hello\", 2011-01-01", "orders | head 3 | print"], input: .any
  ) { inv in
    if let input = inv.input {
      try inv.args.finish()
      if case .frame(let f) = input {
        inv.say(TableRenderer(maxRows: 1000, width: inv.session.settings.width).render(f))
      } else {
        inv.say(ValuePrinter.render(input, settings: inv.session.settings))
      }
      return .none
    }
    var parts: [String] = []
    repeat {
      let e = try inv.args.expr("a value to print")
      parts.append(ValuePrinter.render(try inv.value(of: e), settings: inv.session.settings))
    } while inv.args.comma()
    try inv.args.finish()
    inv.say(parts.joined(separator: " "))
    return .none
  }

  static let names = Command(
    "names", aliases: ["ls"], category: "Session", synopsis: "names",
    summary: "list the names bound with let and what they hold",
    examples: ["names"], input: .none
  ) { inv in
    try inv.args.finish()
    let keys = inv.session.bindings.keys.sorted()
    let kinds: [Scalar] = keys.map { key in
      guard let v = inv.session.bindings[key] else { return .null }
      if case .frame(let f) = v {
        return .string("table, " + NumberFormat.shape(rows: f.rowCount, columns: f.columnCount))
      }
      return .string(v.kindName)
    }
    return .frame(Frame(columns: [
      Column(name: "name", scalars: keys.map { .string($0) }, type: .string),
      Column(name: "holds", scalars: kinds, type: .string),
    ]))
  }
}

extension SessionCommands {
  static let sleep = Command(
    "sleep", aliases: ["pause"], category: "Session", synopsis: "sleep DURATION",
    summary: "wait, e.g. 'sleep 2s' (for paced demos); Ctrl-C stops it",
    examples: ["sleep 1s"], input: .none
  ) { inv in
    let e = try inv.args.expr("a duration such as 2s")
    try inv.args.finish()
    guard case .duration(let seconds) = try inv.value(of: e), seconds >= 0, seconds <= 3600 else {
      throw RuntimeError.expected("a duration between 0s and 1h, such as 2s", at: e.range)
    }
    let until = monotonicMilliseconds() + Double(seconds) * 1000
    while monotonicMilliseconds() < until {
      try Cancellation.shared.check()
      usleep(20_000)
    }
    return .none
  }
}

#if canImport(Glibc)
  import Glibc
#endif

/// Renders the help index and command pages from the registry.
enum HelpPages {
  static func index(_ registry: CommandRegistry) -> String {
    var categories: [String] = []
    for c in registry.commands where !categories.contains(c.category) { categories.append(c.category) }
    let nameWidth = (registry.commands.map { $0.name.count }.max() ?? 8) + 2
    var lines: [String] = []
    for category in categories {
      lines.append(category)
      for c in registry.commands where c.category == category {
        lines.append("  " + pad(c.name, toWidth: nameWidth) + c.summary)
      }
      lines.append("")
    }
    lines.append("'help COMMAND' shows one command with examples; docs/language.md is the full reference.")
    return lines.joined(separator: "\n")
  }

  static func page(for c: Command) -> String {
    var lines = [c.synopsis, "  \(c.summary)"]
    if !c.aliases.isEmpty { lines.append("  also: \(c.aliases.joined(separator: ", "))") }
    if !c.details.isEmpty {
      lines.append("")
      lines += c.details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
    }
    if !c.examples.isEmpty {
      lines.append("")
      lines.append("Examples:")
      lines += c.examples.map { "  " + $0 }
    }
    return lines.map { line in
      var s = line
      while s.hasSuffix(" ") { s.removeLast() }
      return s
    }.joined(separator: "\n")
  }
}
