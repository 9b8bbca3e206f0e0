/// The text `explain` shows for a remote table before anything is sent: one relation per
/// line, the source at the bottom, in Spark's own operator names.
extension SparkRelation {
  public var treeDescription: String {
    var lines: [String] = []
    // A join's two inputs are indented one level below it, left first.
    var pending: [(SparkRelation, Int)] = [(self, 0)]
    while let (current, depth) = pending.popLast() {
      let (line, inputs) = current.step
      lines.append(String(repeating: "  ", count: depth) + line)
      pending.append(contentsOf: inputs.reversed().map { ($0, depth + 1) })
    }
    return lines.joined(separator: "\n")
  }

  private var step: (String, [SparkRelation]) {
    let (line, input) = singleStep
    if case .join(let left, let right, _, _) = self { return (line, [left, right]) }
    return (line, input.map { [$0] } ?? [])
  }

  private var singleStep: (String, SparkRelation?) {
    func list(_ e: [SparkExpression]) -> String { e.map(\.description).joined(separator: ", ") }
    switch self {
    case .table(let name): return ("Read table \(name)", nil)
    case .files(let format, let paths, let options):
      let opts = options.keys.sorted().map { "\($0)=\(options[$0]!)" }.joined(separator: ", ")
      return ("Read \(format) \(paths.joined(separator: ", "))\(opts.isEmpty ? "" : " (\(opts))")", nil)
    case .filter(let r, let c): return ("Filter \(c)", r)
    case .project(let r, let e): return ("Project [\(list(e))]", r)
    case .withColumns(let r, let a):
      return ("WithColumns [\(a.map { "\($0.expression) AS \($0.name)" }.joined(separator: ", "))]", r)
    case .aggregate(let r, let keys, let aggs): return ("Aggregate [\(list(keys))] [\(list(aggs))]", r)
    case .sort(let r, let keys):
      return ("Sort [\(keys.map { "\($0.expression) \($0.descending ? "DESC" : "ASC") NULLS LAST" }.joined(separator: ", "))]", r)
    case .limit(let r, let n): return ("Limit \(n)", r)
    case .distinct(let r): return ("Deduplicate", r)
    case .join(_, _, let kind, let using):
      return ("Join \(kind.name) using [\(using.map(SparkExpression.quotedIdentifier).joined(separator: ", "))]", nil)
    }
  }
}

extension SparkExpression: CustomStringConvertible {
  public var description: String {
    switch self {
    case .column(let name): return SparkExpression.quotedIdentifier(name)
    case .literal(let l): return l.description
    case .alias(let e, let name): return "\(e) AS \(SparkExpression.quotedIdentifier(name))"
    case .function(let name, let args, let distinct):
      let operators: Set<String> = ["+", "-", "*", "/", "%", "==", "<", "<=", ">", ">=", "and", "or"]
      if operators.contains(name), args.count == 2 { return "(\(args[0]) \(name) \(args[1]))" }
      return "\(name)(\(distinct ? "DISTINCT " : "")\(args.map(\.description).joined(separator: ", ")))"
    }
  }
}

extension SparkLiteral: CustomStringConvertible {
  public var description: String {
    switch self {
    case .null: return "NULL"
    case .bool(let v): return v ? "true" : "false"
    case .long(let v): return String(v)
    case .double(let v): return String(v)
    case .string(let v): return "'" + v.map { $0 == "'" ? "\\'" : String($0) }.joined() + "'"
    case .timestampNTZ(let v): return "TIMESTAMP_NTZ(\(v) µs)"
    case .interval(let months, let days, let micros): return "INTERVAL(\(months) months, \(days) days, \(micros) µs)"
    }
  }
}
