import Foundation
import ShopCore
import ShopRuntime

/// Builds random but plausible ShopLab inputs for `InterpreterFuzzTests`: real command
/// names and their own words (read from each command's synopsis), real column names, wrong
/// arities and types, extreme literals, pipelines of 1-5 stages, and mutated help examples.
///
/// Everything is drawn from `SeededRandom`, so a seed names an input sequence exactly. The
/// generator keeps inputs safe to run in a test: paths are relative (the session's working
/// folder is a temporary one), `sql` only gets a fixed list of queries, `sleep` only short
/// or invalid durations, `replay` never a real session, and `train` always small epochs.
struct InterpreterFuzzer {
  var rng: SeededRandom
  let commands: [Command]
  /// Whether the input now being built should mostly make sense: placeholders get real
  /// columns, small sizes and well-typed conditions, and no terms are mutated.
  var clean = false

  init(seed: UInt64, commands: [Command] = CommandRegistry.standard.commands) {
    rng = SeededRandom(seed: seed)
    self.commands = commands
  }

  /// Tables the fixture binds: 300 rows, none, one, and one with an all-null column.
  static let tables = ["orders", "empty", "one", "nulls", "labeled"]
  static let columns = [
    "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country",
  ]
  /// Names that only some tables have, misspellings, quoted and back-ticked forms.
  static let otherColumns = [
    "Blank", "big", "Revenue", "Quantty", "\"Country\"", "`Unit Price`", "`Quantity`", "n", "gmv", "x", "_",
  ]
  static let newNames = [
    "t", "x", "gmv", "n", "m", "c", "Revenue", "Quantity", "head", "_", "orders2", "Blank", "InvoiceDate", "CustomerID",
    "StockCode", "big",
  ]
  /// Expressions at the edges of their types: wrapped datetimes, Int's ends, huge floats.
  static let extremes = [
    "if(Quantity > 12, 9223372036854775807, -9223372036854775807)", "InvoiceDate - 9000000000000000000",
    "if(Quantity > 12, InvoiceDate, InvoiceDate + 9000000000000000000)", "if(Quantity > 12, 0001-01-01, 9999-12-31)",
    "if(Quantity > 12, 1e308, -1e308)", "if(Quantity > 12, 1e-300, 0/0)", "Quantity * 1e308", "null",
    "if(Quantity > 12, null, Quantity)", "\"\"", "InvoiceDate + 1000000w", "CustomerID * 0/0",
  ]
  static let keywords = [
    "by", "desc", "asc", "with", "to", "on", "as", "seed", "bins", "limit", "keep", "first", "last", "rows",
    "columns", "value", "x", "y", "title", "sorted", "epochs", "lr", "batch", "split", "random", "time",
    "leave-last-out", "threshold", "k", "user", "item", "users", "items", "label", "features", "arch", "dim",
    "hidden", "negatives", "mean", "median", "mode", "previous", "next", "interpolate", "iqr", "zscore",
    "between", "and", "or", "drop", "minmax", "onehot", "inner", "left", "anti", "day", "week", "month", "per",
    "when", "among", "gap", "max", "steps", "event", "window", "order", "margin", "lifetime", "gross", "net",
    "at", "segments", "type", "counts", "missing", "all", "session", "search", "this", "table", "strict",
    "header", "delimiter", "types", "yes", "no", "tab", "whitespace", "clear", "not", "in", "line", "bar", "hist",
    "box", "scatter", "heatmap", "optimizer", "adam", "sgd", "patience", "gmf", "mlp", "classifier", "behavior",
    "braille", "ascii", "color", "width", "chart_width", "chart_height", "on", "off", "ua", "ga4", "engaged",
  ]
  static let rowFunctions = [
    "day", "week", "month", "year", "dow", "hour", "date", "month_start", "lower", "upper", "trim", "length",
    "startswith", "endswith", "contains", "replace", "coalesce", "if", "abs", "round", "log", "exp", "sqrt",
    "isnull", "notnull", "int", "float", "string", "nosuch",
  ]
  static let aggregations = [
    "count", "sum", "mean", "median", "min", "max", "std", "nunique", "quantile", "first", "last", "avg",
  ]
  /// Durations at the edges: zero, negative, just past the 10,000-year limit, Int64's end,
  /// and literals that overflow when converted to seconds. None is a valid long `sleep`.
  static let durations = [
    "0s", "-1s", "3652425d", "3652426d", "9223372036854775807s", "153722867280912930m",
    "106751991167300d", "15250284452471w", "99999999999999999999s",
  ]
  static let numbers = [
    "0", "1", "-1", "2", "3", "5", "10", "20", "300", "1000", "100000", "1e6", "1e12", "-1e12", "1e308", "-1e308",
    "9223372036854775807", "-9223372036854775807", "99999999999999999999", "0.5", "-0.5", "0.0001", "1e-300",
    "2.5", "1_000_000", "0.2", "0.99", "1.0", "1.5", "-0", "4294967296",
  ]
  static let strings = [
    "\"\"", "\"France\"", "\"Germany\"", "\"x\"", "\"orders.csv\"", "\"nosuch.csv\"", "\"out.csv\"",
    "\"out.csv.gz\"", "\"out.shop\"", "\"out.md\"", "\"*.csv\"", "\"sub/x.csv\"", "\"ü€😀\"", "\"a\\nb\"",
    "\"%d %s\"", "'single'", "\"2011-01-01\"", "\"true\"", "\"0\"", "\"" + String(repeating: "a", count: 2000) + "\"",
    "\"InvoiceNo\"", "\"Quantity\"", "\"A\"", "\"B\"", "\"\\t\"", "\",\"", "\";\"", "\"orders.csv.gz\"",
  ]
  static let atoms = [
    "true", "false", "null", "2011-01-01", "2011-12-31T23:59", "1970-01-01T00:00:00", "9999-12-31", "0001-01-01",
    "30s", "0s", "30m", "24h", "7d", "2w", "1000000w", "-1d", "0/0", "1/0", "-(0/0)", "[1, 2]", "[\"France\"]", "[]",
    "_",
  ]
  static let modelCommands: Set<String> = ["train", "evaluate", "predict", "score", "recommend", "compare"]
  /// Synopses rewritten where alternatives share a prefix the generic reading would lose.
  static let synopsisOverrides = [
    "clip": "clip COL iqr|zscore K [drop]  |  clip COL between LO and HI [drop]",
    "fill": "fill COL with mean|median|mode|previous|next|interpolate|@VALUE [by COL, …] [order by COL]",
  ]
  /// Queries for `sql`: never a write, never ATTACH (the store must stay in memory).
  static let queries = [
    "\"select count(*) as n from sessions\"", "\"select * from commands\"", "\"select 1/0 as x\"",
    "\"select * from nosuch\"", "\"selec 1\"", "\"\"", "\"select * from sample_orders\"",
    "\"select zeroblob(10) as b\"", "\"select null as a, 1.5 as b, 'x' as c\"", "\"select 1; select 2\"",
    "\"select * from kept_tables\"",
  ]

  mutating func pick<T>(_ items: [T]) -> T { items[rng.nextInt(below: items.count)] }
  mutating func chance(_ p: Double) -> Bool { rng.nextUnit() < p }

  // MARK: Terms

  mutating func column() -> String {
    chance(0.93) ? pick(Self.columns) : pick(Self.otherColumns)
  }

  mutating func literal() -> String {
    switch rng.nextInt(below: 3) {
    case 0: return pick(Self.numbers)
    case 1: return pick(Self.strings)
    default: return pick(Self.atoms)
    }
  }

  /// A row expression, `depth` levels deep at most.
  mutating func expr(_ depth: Int = 2) -> String {
    if depth <= 0 { return chance(0.5) ? column() : literal() }
    switch rng.nextInt(below: 9) {
    case 0, 1: return column()
    case 2: return literal()
    case 3, 4:
      let op = pick(["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "and", "or", "<>"])
      return "\(expr(depth - 1)) \(op) \(expr(depth - 1))"
    case 5: return call(Self.rowFunctions, depth: depth)
    case 6: return pick(["not ", "-", "("]) == "(" ? "(\(expr(depth - 1)))" : "not \(expr(depth - 1))"
    case 7: return "\(column()) \(pick(["in", "not in"])) [\(literal()), \(literal())]"
    default: return "-\(expr(depth - 1))"
    }
  }

  /// A call with 0-3 arguments: right or wrong arity and types.
  mutating func call(_ functions: [String], depth: Int) -> String {
    let name = pick(functions)
    let count = rng.nextInt(below: 4)
    var args: [String] = []
    for _ in 0..<count { args.append(expr(depth - 1)) }
    return "\(name)(\(args.joined(separator: ", ")))"
  }

  mutating func aggregation() -> String {
    if chance(0.7) {
      let fn = pick(Self.aggregations)
      if fn == "quantile" { return "quantile(\(column()), \(pick(Self.numbers)))" }
      if fn == "count" && chance(0.5) { return "count()" }
      return "\(fn)(\(column()))"
    }
    return call(Self.aggregations, depth: 2)
  }

  mutating func assignment() -> String { "\(pick(Self.newNames)) = \(chance(0.5) ? aggregation() : expr())" }

  /// A size-like argument: mostly small, sometimes extreme.
  mutating func count() -> String {
    chance(0.7) ? pick(["0", "1", "2", "3", "5", "10", "-1"]) : pick(Self.numbers)
  }

  /// Any term, used to insert noise.
  mutating func anyTerm() -> String {
    switch rng.nextInt(below: 8) {
    case 0: return pick(Self.keywords)
    case 1: return column()
    case 2: return literal()
    case 3: return expr()
    case 4: return assignment()
    case 5: return "\(column()): \(pick(["int", "float", "string", "bool", "datetime", "nosuch", "1"]))"
    case 6: return ","
    default: return pick(Self.tables)
    }
  }

  // MARK: Stages

  /// A value for a synopsis placeholder such as `COL`, `N` or `FN(COL)`.
  mutating func fill(_ placeholder: String, command: String) -> String {
    if placeholder.hasPrefix("\"") {
      return command == "sql" ? pick(Self.queries) : pick(Self.strings)
    }
    switch placeholder.trimmingCharacters(in: CharacterSet(charactersIn: ",")) {
    case "N", "K", "S", "YEARS", "LO", "HI", "Z", "X", "U", "I":
      if clean { return pick(["1", "2", "3", "5", "10", "0.5"]) }
      return chance(0.8) ? count() : anyTerm()
    case "TIME" where clean && chance(0.7): return "InvoiceDate"
    case "COL", "KEY", "OLD", "GROUP", "USER", "UNIT", "TIME", "A", "B":
      if clean { return pick(Self.columns) }
      return chance(0.9) ? column() : anyTerm()
    case "SESSION":
      return command == "replay" || command == "export" ? pick(["0", "-1", "99", "this", "\"x\""]) : column()
    case "NAME" where Self.modelCommands.contains(command): return pick(["m", "m", "c", "t"])
    case "NEW", "NAME": return pick(Self.newNames)
    case "EXPR", "CONDITION", "V": return clean || chance(0.6) ? plausibleExpr() : expr()
    case "TABLE": return clean || chance(0.8) ? pick(Self.tables) : anyTerm()
    case "MODEL": return clean || chance(0.8) ? pick(["m", "c", "t"]) : anyTerm()
    case "FN(COL)": return aggregation()
    case "DATE": return pick(["2011-01-01", "2010-12-01T08:45", "1970-01-01", "\"2011-01-01\"", "9999-12-31"])
    case "DURATION": return chance(0.5) ? pick(["0s", "-1s", "2h", "x", "\"1s\"", "1"]) : pick(Self.durations)
    case "COMMAND": return pick(commands).name
    case "TYPE": return pick(["int", "float", "string", "bool", "datetime", "nosuch"])
    case "METRIC":
      let metrics = ["orders", "gmv", "revenue", "aov", "customers", "repeat_rate", "frequency", "items_per_order", "cancel_rate"]
      return clean || chance(0.7) ? pick(metrics) : pick(Self.keywords)
    case "ROLE": return pick(["order", "customer", "time", "quantity", "price", "amount", "item", "session", "user", "x"])
    case "T", "TEXT": return pick(Self.strings)
    default: return chance(0.5) ? literal() : anyTerm()
    }
  }

  /// Terms for `command`, read from one form of its synopsis: its own words and filled
  /// placeholders, optional parts (`[…]`) taken half of the time, repeats (`, …`) now and
  /// then. A noisy stage also drops, duplicates, swaps or replaces a few terms.
  mutating func arguments(for command: Command) -> [String] {
    var synopsis = Self.synopsisOverrides[command.name] ?? command.synopsis
      .replacingOccurrences(of: "NAME = FN(COL)", with: "@AGG")
      .replacingOccurrences(of: "NAME = EXPR", with: "@DEF")
    // Explanations in parentheses: `(KEY: a column, or NAME = EXPR)`.
    while let open = synopsis.range(of: " ("), let close = synopsis[open.upperBound...].firstIndex(of: ")") {
      synopsis.removeSubrange(open.lowerBound...close)
    }
    let forms = synopsis.replacingOccurrences(of: "  |  ", with: "\n")
      .replacingOccurrences(of: "  ·  ", with: "\n").split(separator: "\n")
      .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    var raw = expand(pick(forms))
    if raw.first == command.name { raw.removeFirst() }
    var terms = raw.map { fillWord($0, command: command.name) }
    if !clean && chance(0.35) { mutate(&terms) }
    return terms.filter { !$0.isEmpty }
  }

  /// The words of a synopsis form: one alternative of each ` | `, optional groups taken
  /// or not, `…` repeating the element before its comma or ending the list.
  mutating func expand(_ form: String) -> [String] {
    let alternatives = Self.splitTopLevel(form)
    let chosen = pick(alternatives)
    var out: [String] = []
    var word = ""
    var quoted = false
    var index = chosen.startIndex
    func flush() {
      if !word.isEmpty { out.append(word) }
      word = ""
    }
    while index < chosen.endIndex {
      let c = chosen[index]
      if quoted {
        word.append(c)
        if c == "\"" { quoted = false }
      } else if c == "\"" {
        word.append(c)
        quoted = true
      } else if c == "[" {
        flush()
        var depth = 1
        var end = chosen.index(after: index)
        while end < chosen.endIndex, depth > 0 {
          if chosen[end] == "[" { depth += 1 }
          if chosen[end] == "]" { depth -= 1 }
          if depth > 0 { end = chosen.index(after: end) }
        }
        let inner = String(chosen[chosen.index(after: index)..<min(end, chosen.endIndex)])
        if chance(0.5) { out += expand(inner) }
        index = end < chosen.endIndex ? chosen.index(after: end) : end
        continue
      } else if c == "," {
        flush()
        out.append(",")
      } else if c == " " {
        flush()
      } else if c == "…" {
        flush()
        if out.last == "," {
          if out.count >= 2, chance(0.5) { out.append(out[out.count - 2]) } else { out.removeLast() }
        }
      } else if c != "]" {
        word.append(c)
      }
      index = chosen.index(after: index)
    }
    flush()
    if out.last == "," { out.removeLast() }
    return out
  }

  /// Splits on ` | ` outside brackets and quotes.
  static func splitTopLevel(_ text: String) -> [String] {
    var parts: [String] = []
    var current = ""
    var depth = 0
    var quoted = false
    let chars = Array(text)
    var i = 0
    while i < chars.count {
      let c = chars[i]
      if c == "\"" { quoted.toggle() }
      if !quoted { if c == "[" { depth += 1 } else if c == "]" { depth -= 1 } }
      if !quoted, depth == 0, c == "|", i > 0, i + 1 < chars.count, chars[i - 1] == " ", chars[i + 1] == " " {
        parts.append(current)
        current = ""
      } else {
        current.append(c)
      }
      i += 1
    }
    parts.append(current)
    return parts.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
  }

  /// A synopsis word as a term: placeholders filled, `a|b|c` choices made, own words kept.
  mutating func fillWord(_ word: String, command: String) -> String {
    switch word {
    case ",": return ","
    case "@VALUE": return "value \(clean ? pick(["0", "\"x\"", "1.5"]) : literal())"
    case "@AGG": return "\(pick(Self.newNames)) = \(aggregation())"
    case "@DEF": return "\(pick(Self.newNames)) = \(chance(0.7) ? plausibleExpr() : expr())"
    case "=": return "="
    default: break
    }
    if word.contains("|"), !word.hasPrefix("\"") || word.contains("\"|") {
      return fillWord(pick(word.split(separator: "|").map(String.init)), command: command)
    }
    if word.first?.isUppercase == true || word.hasPrefix("\"") || word == "FN(COL)" {
      return fill(word, command: command)
    }
    if word.first?.isNumber == true {
      // A duration in a synopsis (`gap 30m`) is a duration position: vary it with
      // durations, extremes included (`gap 9223372036854775807s` once trapped).
      if let unit = word.last, "smhdw".contains(unit), word.dropLast().allSatisfy(\.isNumber) {
        return chance(0.6) ? word : pick(Self.durations)
      }
      return chance(0.7) ? word : count()
    }
    return word
  }

  /// An expression that mostly type-checks: a comparison or arithmetic on real columns.
  mutating func plausibleExpr() -> String {
    switch rng.nextInt(below: 7) {
    case 6: return pick(Self.extremes)
    case 0: return "\(pick(["Quantity", "UnitPrice", "CustomerID"])) \(pick([">", "<", ">=", "==", "!="])) \(count())"
    case 1: return "Country \(pick(["==", "!="])) \(pick(["\"France\"", "\"Germany\"", "\"\"", "null"]))"
    case 2: return "Quantity \(pick(["*", "/", "+", "-", "%"])) \(pick(["UnitPrice", "0", "2", "Quantity", "0.5"]))"
    case 3: return "InvoiceDate \(pick(["<", ">="])) \(pick(["2011-01-01", "2010-12-01T10:00", "\"2011-01-01\""]))"
    case 4: return "\(pick(Self.rowFunctions))(\(column()))"
    default: return "Country in [\"France\", \"Germany\"]"
    }
  }

  /// One stage: a command with arguments, a bare name, or a misspelt command.
  mutating func stage(piped: Bool) -> String {
    if !clean && chance(0.04) { return pick(["nosuch", "gruop by Country", "orders", "1 + 2", "_", "x * 2", ""]) }
    let pool = commands.filter { piped ? $0.input != .none : true }
    let command = pick(pool)
    if let special = safeStage(command) { return special }
    let terms = arguments(for: command)
    let name = command.aliases.isEmpty || chance(0.8) ? command.name : pick(command.aliases)
    return ([name] + terms).joined(separator: " ").replacingOccurrences(of: " ,", with: ",")
  }

  /// Stages that must not run as generated: long sleeps, real replays, long training.
  mutating func safeStage(_ command: Command) -> String? {
    switch command.name {
    case "sleep": return "\(pick(["sleep", "pause"])) \(fill("DURATION", command: "sleep"))"
    case "replay": return "replay \(pick(["0", "-1", "99", "this", "\"x\"", "", "1 2"]))"
    case "train":
      var terms = arguments(for: command).filter { !$0.isEmpty }
      // Epochs are bounded here: the fuzzer looks for crashes, not long training.
      while let i = terms.firstIndex(of: "epochs") {
        terms.removeSubrange(i..<min(terms.count, i + 2))
      }
      terms.append("epochs \(pick(["1", "2", "0", "-1", "x", "1.5"]))")
      if let i = terms.firstIndex(where: { $0.contains("epochs") }), terms.count > 1, chance(0.3) {
        terms.swapAt(i, rng.nextInt(below: terms.count))
      }
      return "train " + terms.joined(separator: " ")
    default: return nil
    }
  }

  /// Drops, duplicates, swaps or replaces a few terms.
  mutating func mutate(_ terms: inout [String]) {
    guard !terms.isEmpty else {
      if chance(0.2) { terms.append(anyTerm()) }
      return
    }
    for _ in 0..<rng.nextInt(below: 3) {
      guard !terms.isEmpty else { return }
      let i = rng.nextInt(below: terms.count)
      switch rng.nextInt(below: 4) {
      case 0: terms.remove(at: i)
      case 1: terms.insert(terms[i], at: i)
      case 2: terms.swapAt(i, rng.nextInt(below: terms.count))
      default: terms[i] = anyTerm()
      }
    }
  }

  /// A pipeline of 1-5 stages, sometimes bound with `let` or continuing from `_`.
  mutating func pipeline() -> String {
    var stages: [String] = []
    switch rng.nextInt(below: 6) {
    case 0, 1: stages.append(pick(Self.tables))
    case 2: stages.append("load \(pick(["\"orders.csv\"", "\"nosuch.csv\"", "\"*.csv\"", "\"out.csv\"", "\"\""]))")
    case 3:
      let command = pick(commands.filter { $0.input == .none || !clean })
      stages.append(safeStage(command) ?? ([command.name] + arguments(for: command)).joined(separator: " "))
    default:
      // A command naming its table: `describe orders …`.
      let command = pick(commands.filter { $0.input == .frame && !Self.modelCommands.contains($0.name) })
      if let special = safeStage(command) {
        stages.append(special)
      } else {
        let terms = arguments(for: command)
        stages.append(([command.name, pick(Self.tables)] + terms).joined(separator: " "))
      }
    }
    for _ in 0..<rng.nextInt(below: clean ? 3 : 5) { stages.append(stage(piped: true)) }
    var text = stages.joined(separator: " | ")
    if !clean && chance(0.1) { text = "| " + text }
    if chance(0.2) { text = "let \(pick(Self.newNames)) = " + text }
    return text
  }

  /// A help example with a few terms dropped, duplicated, swapped or replaced.
  mutating func mutatedExample() -> String? {
    let command = pick(commands)
    guard !command.examples.isEmpty, !["sleep", "replay", "train"].contains(command.name) else { return nil }
    var terms = Self.split(pick(command.examples))
    for _ in 0..<(1 + rng.nextInt(below: 2)) {
      guard !terms.isEmpty else { break }
      let i = rng.nextInt(below: terms.count)
      switch rng.nextInt(below: 5) {
      case 0: terms.remove(at: i)
      case 1: terms.insert(terms[i], at: i)
      case 2: terms.swapAt(i, rng.nextInt(below: terms.count))
      case 3: terms[i] = anyTerm()
      default: if terms[i] == "orders" { terms[i] = pick(Self.tables) } else { terms.insert(anyTerm(), at: i) }
      }
    }
    return terms.joined(separator: " ")
  }

  /// The next input.
  mutating func next() -> String {
    var text: String
    clean = chance(0.5)
    if !clean, chance(0.4), let example = mutatedExample() {
      text = example
    } else {
      text = pipeline()
    }
    if chance(0.05) { text += "\n" + pipeline() }
    return Self.sanitize(text)
  }

  /// Splits on spaces outside quotes and brackets.
  static func split(_ text: String) -> [String] {
    var terms: [String] = []
    var current = ""
    var quote: Character?
    var depth = 0
    for c in text {
      if let q = quote {
        current.append(c)
        if c == q { quote = nil }
      } else if c == "\"" || c == "'" {
        quote = c
        current.append(c)
      } else if c == "(" || c == "[" {
        depth += 1
        current.append(c)
      } else if c == ")" || c == "]" {
        depth -= 1
        current.append(c)
      } else if c == " " && depth <= 0 {
        if !current.isEmpty { terms.append(current) }
        current = ""
      } else {
        current.append(c)
      }
    }
    if !current.isEmpty { terms.append(current) }
    return terms
  }

  /// Makes every quoted path relative, so nothing is written outside the temporary folder.
  static func sanitize(_ text: String) -> String {
    var out = text.replacingOccurrences(of: "\"/tmp/", with: "\"")
    for prefix in ["\"/", "\"~", "'/", "'~", "\"..", "'.."] {
      out = out.replacingOccurrences(of: prefix, with: prefix.prefix(1) + "fuzz-")
    }
    return out
  }
}
