import ShopCore
import ShopFrames
import ShopModels
import ShopSyntax

/// Readers for the words the model commands share: `hidden 64, 32`, `split leave-last-out
/// InvoiceDate`, a model name, a table name.
extension Arguments {
  /// A bare name (a model or table name), with its range.
  mutating func name(_ what: String) throws -> (String, SourceRange) {
    guard let n = peekName, let range = current?.range else {
      throw RuntimeError.expected(what, at: hereRange)
    }
    skip()
    return (n, range)
  }

  /// Comma-separated positive whole numbers (`hidden 64, 32`), each at most `maximum`
  /// (layers are allocated as asked: `hidden 100000000` would not fit in memory).
  mutating func sizes(_ what: String, maximum: Int = 4096) throws -> [Int] {
    var out: [Int] = []
    repeat {
      let (n, range) = try integer(what)
      guard n > 0 else { throw RuntimeError.invalidValue("\(what) must be positive", at: range) }
      guard n <= maximum else { throw RuntimeError.invalidValue("\(what) must be at most \(maximum)", at: range) }
      out.append(n)
    } while comma()
    return out
  }

  /// A whole number between `minimum` and `maximum`.
  mutating func count(_ what: String, minimum: Int, maximum: Int) throws -> Int {
    let (n, range) = try integer(what)
    guard n >= minimum, n <= maximum else {
      throw RuntimeError.invalidValue("\(what) must be between \(minimum) and \(maximum)", at: range)
    }
    return n
  }

  /// A whole number of at least `minimum`.
  mutating func count(_ what: String, minimum: Int) throws -> Int {
    let (n, range) = try integer(what)
    guard n >= minimum else {
      throw RuntimeError.invalidValue("\(what) must be at least \(minimum)", at: range)
    }
    return n
  }

  /// A share strictly between 0 and 1.
  mutating func fraction(_ what: String) throws -> Double {
    let (x, range) = try number(what)
    guard x > 0 && x < 1 else {
      throw RuntimeError.invalidValue("\(what) must be between 0 and 1, like 0.2", at: range)
    }
    return x
  }

  /// The split after `split`: `random [0.2]`, `time COL [0.2]`, `leave-last-out COL`.
  mutating func split(seed: UInt64) throws -> SplitSpec {
    let kinds = ["random", "time", "leave-last-out", "rs811"]
    guard let t = current, case .expr(let e) = t.kind else {
      throw RuntimeError.expected("a split: \(kinds.joined(separator: ", "))", at: hereRange)
    }
    // `leave-last-out` lexes as the subtraction leave - last - out: read it back as a word.
    let word = Self.hyphenated(e)?.lowercased().replacingOccurrences(of: "_", with: "-")
    guard let word, let kind = SplitSpec.Kind(rawValue: word) else {
      let label = Self.hyphenated(e) ?? "this"
      throw RuntimeError.invalidValue(
        "unknown split '\(label)'; expected \(kinds.joined(separator: ", "))"
          + (Suggestions.nearest(to: label, in: kinds).map { " (did you mean '\($0)'?)" } ?? ""),
        at: e.range)
    }
    skip()
    var spec = SplitSpec(kind: kind, column: nil, fraction: 0.2, seed: seed)
    if kind == .rs811 { return spec }
    if kind != .random { spec.column = try column("the time column to split by").name }
    if kind != .leaveLastOut, let t = current, case .expr(let e) = t.kind, case .float = e.kind {
      spec.fraction = try fraction("the held-out share")
    }
    return spec
  }

  /// `a-b-c` as the text "a-b-c", or a bare name; nil for anything else.
  static func hyphenated(_ e: Expr) -> String? {
    switch e.kind {
    case .name(let n): return n
    case .binary(.subtract, let a, let b):
      guard let l = hyphenated(a), let r = hyphenated(b) else { return nil }
      return l + "-" + r
    default: return nil
    }
  }
}

extension Invocation {
  /// The model named next, from the session or the store.
  mutating func model() throws -> (ModelState, SourceRange) {
    let (name, range) = try args.name("a model name")
    return (try ModelRegistry.lookup(name, in: session, at: range), range)
  }

  /// The piped table, or else the one named after `on`, with its name (nil when piped).
  mutating func pipedOrNamedFrame(_ what: String) throws -> (frame: Frame, name: String?) {
    if case .frame(let f)? = input { return (f, nil) }
    try args.expectKeyword("on")
    let (frame, name) = try namedFrame(what)
    return (frame, name)
  }

  /// A user or item value as the model's key text: `12583`, `"85123A"`.
  mutating func key(_ what: String) throws -> (String, SourceRange) {
    let e = try args.expr(what)
    // A bare word that names nothing is the value itself: `item POST`.
    if let n = e.nameValue, session.bindings[n] == nil { return (n, e.range) }
    guard case .scalar(let s) = try value(of: e), let key = ModelColumns.key(s) else {
      throw RuntimeError.expected(what, at: e.range)
    }
    return (key, e.range)
  }
}
