import ShopCore
import ShopSyntax
import XCTest

/// A compact s-expression form of the syntax tree, so a test states the whole shape of a
/// parse in one string: `(+ 1 (* 2 3))`, `{agg (= n (call count))} | {head 5}`.
enum SExpr {
  static func of(_ e: Expr) -> String {
    switch e.kind {
    case .name(let n): return n
    case .integer(let v): return "\(v)"
    case .float(let v): return "\(v)"
    case .string(let s): return "\"\(s)\""
    case .bool(let b): return "\(b)"
    case .null: return "null"
    case .date(let t): return "(date \(CivilTime.format(t)))"
    case .duration(let s): return "(dur \(s))"
    case .list(let items): return "[" + items.map(of).joined(separator: " ") + "]"
    case .unary(let op, let x): return "(\(op.rawValue) \(of(x)))"
    case .binary(let op, let a, let b): return "(\(op.rawValue) \(of(a)) \(of(b)))"
    case .call(let f, _, let args): return "(call " + ([f] + args.map(of)).joined(separator: " ") + ")"
    }
  }

  static func of(_ t: Term) -> String {
    switch t.kind {
    case .expr(let e): return of(e)
    case .assignment(let n, _, let e): return "(= \(n) \(of(e)))"
    case .keyed(let n, _, let e): return "(: \(n) \(of(e)))"
    case .comma: return ","
    }
  }

  static func of(_ s: Stage) -> String { "{" + s.terms.map(of).joined(separator: " ") + "}" }

  static func of(_ p: Pipeline) -> String { p.stages.map(of).joined(separator: " | ") }

  static func of(_ s: Statement) -> String {
    switch s.kind {
    case .binding(let n, _, let p): return "let \(n) = \(of(p))"
    case .pipeline(let p): return of(p)
    }
  }
}

/// Parses text that must be free of errors and returns its statements, one per line.
func parsed(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
  let (statements, diagnostics) = Parser.parse(text)
  XCTAssertEqual(diagnostics.map(\.message), [], "in \(text.debugDescription)", file: file, line: line)
  return statements.map(SExpr.of).joined(separator: "\n")
}

/// Parses `where EXPR`-style text as one stage with one expression after the command
/// word, and returns that expression.
func expression(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> String {
  let (statements, diagnostics) = Parser.parse("f " + text)
  XCTAssertEqual(diagnostics.map(\.message), [], "in \(text.debugDescription)", file: file, line: line)
  guard statements.count == 1, let stage = statements[0].pipeline.stages.first, stage.terms.count == 2 else {
    XCTFail("not a single expression: \(statements.map(SExpr.of))", file: file, line: line)
    return ""
  }
  return SExpr.of(stage.terms[1])
}

/// The rendered diagnostics of a text, separated by blank lines.
func rendered(_ text: String, name: String = "t.shop") -> String {
  let source = SourceText(name: name, text: text)
  return Parser.parse(text).diagnostics.map { DiagnosticRenderer.render($0, in: source) }
    .joined(separator: "\n\n")
}
