import ShopCore
import ShopFrames
import ShopSyntax

/// Turns a syntax expression into a frame expression (`ColumnExpr`), keeping ranges.
///
/// A name is a column when the frame has one by that name or is back-quoted; otherwise, when the session
/// binds it to a single value (`let limit = 10`), that value; otherwise it stays a column
/// reference and the frame reports it as unknown, with a suggestion.
struct ExpressionTranslator {
  let session: Session
  let columns: Set<String>

  func translate(_ expr: Expr) throws -> ColumnExpr {
    let r = expr.range
    switch expr.kind {
    case .name(let name):
      // A back-quoted name is always a column, even when a value is bound to it.
      if !expr.quoted, !columns.contains(name), let bound = session.bindings[name] ?? (name == "_" ? session.last : nil) {
        switch bound {
        case .scalar(let s): return .literal(s, range: r)
        case .duration(let d): return .literal(.int(d), range: r)
        default:
          throw RuntimeError.invalidValue("'\(name)' is \(bound.kindName), not a column or a single value", at: r)
        }
      }
      return .column(name, range: r)
    case .integer(let v): return .literal(.int(v), range: r)
    case .float(let v): return .literal(.float(v), range: r)
    case .string(let s): return .literal(.string(s), range: r)
    case .bool(let b): return .literal(.bool(b), range: r)
    case .null: return .literal(.null, range: r)
    case .date(let t): return .literal(.datetime(t), range: r)
    case .duration(let d): return .literal(.int(d), range: r)
    case .list:
      throw RuntimeError.invalidValue("a list can only follow 'in'", at: r)
    case .unary(let op, let operand):
      let inner = try translate(operand)
      return ColumnExpr(.unary(op == .negate ? .negate : .not, inner), range: r)
    case .binary(.isIn, let lhs, let rhs):
      guard case .list(let items) = rhs.kind else {
        throw RuntimeError.expected("a list after 'in', like [\"France\", \"Germany\"]", at: rhs.range)
      }
      return ColumnExpr(.isIn(try translate(lhs), try items.map(translate)), range: r)
    case .binary(let op, let lhs, let rhs):
      if Self.comparisons.contains(op), lhs.kind == .null || rhs.kind == .null {
        throw nullComparison(op, other: lhs.kind == .null ? rhs : lhs, at: r)
      }
      return ColumnExpr(.binary(Self.operators[op] ?? .add, try translate(lhs), try translate(rhs)), range: r)
    case .call(let name, _, let args):
      return ColumnExpr(.call(name, try args.map(translate)), range: r)
    }
  }

  static let comparisons: Set<BinaryOp> = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]

  /// `userId != null` is null on every row (a comparison with null is null, as in SQL), so
  /// `where` would keep nothing without a word: the SQL trap, refused with the test to write.
  func nullComparison(_ op: BinaryOp, other: Expr, at range: SourceRange) -> Diagnostic {
    let text = session.currentSource?.slice(other.range) ?? "…"
    let fix: String
    switch op {
    case .equal: fix = "to keep the missing ones, write isnull(\(text))"
    case .notEqual: fix = "to keep the present ones, write notnull(\(text))"
    default: fix = "isnull(\(text)) and notnull(\(text)) test for missing values"
    }
    return .error("a comparison with null is null on every row, never true", at: range, label: fix)
  }

  static let operators: [BinaryOp: BinaryOperator] = [
    .add: .add, .subtract: .subtract, .multiply: .multiply, .divide: .divide, .remainder: .remainder,
    .equal: .equal, .notEqual: .notEqual, .less: .less, .lessEqual: .lessOrEqual, .greater: .greater,
    .greaterEqual: .greaterOrEqual, .and: .and, .or: .or,
  ]
}

/// Evaluates an expression outside any table: names, literals, lists, and arithmetic or
/// functions on single values (evaluated through the frame evaluator on one row, so the
/// rules are the same as inside `derive`).
struct ExpressionEvaluator {
  let session: Session
  /// Offered as suggestions too, when a lone unknown name is a misspelt command.
  var commandNames: [String] = []

  func evaluate(_ expr: Expr) throws -> Value {
    switch expr.kind {
    case .name(let name):
      if name == "_" {
        guard let last = session.last else { throw RuntimeError.noLastResult(at: expr.range) }
        return last
      }
      guard let value = session.bindings[name] else {
        throw RuntimeError.unknownName(name, known: session.boundNames, commands: commandNames, at: expr.range)
      }
      return value
    case .duration(let d): return .duration(d)
    case .list(let items): return .list(try items.map(evaluate))
    default:
      // Evaluate on a one-row frame so scalar rules match column rules exactly.
      let oneRow = Frame(columns: [Column(name: "·", scalars: [.null])])
      let translated = try ExpressionTranslator(session: session, columns: []).translate(expr)
      do {
        return .scalar(try oneRow.evaluate(translated)[0])
      } catch FrameError.unknownColumn(let name, _, let range) {
        // Outside a table there are no columns: an unknown name is a name never bound.
        throw RuntimeError.unknownName(
          name, known: session.boundNames, commands: commandNames, at: range ?? expr.range)
      }
    }
  }
}
