import ShopCore

/// What can go wrong in a frame operation. Cases carry data, not sentences; `diagnostic`
/// is the one place that words them.
public enum FrameError: Error, Sendable, Equatable {
  /// A column name that the frame does not have.
  case unknownColumn(String, available: [String], at: SourceRange?)
  /// An operation applied to a column or value of the wrong type, e.g. `sum(Country)`.
  case typeMismatch(String, at: SourceRange?)
  /// A function name the expression evaluator does not know.
  case unknownFunction(String, known: [String], at: SourceRange?)
  /// A well-typed call with an unusable argument (`head -1`, `quantile(x, 2)`).
  case invalidArgument(String, at: SourceRange?)
  /// Two frames that cannot be combined (`union` with different columns, join keys missing).
  case incompatible(String)
  /// A `check ... ` rule failed in strict mode.
  case checkFailed(String, violations: Int)
  /// A text value compared with a column that no row holds, close to one that some row
  /// does: a likely typo that would make a KPI silently zero (`type == "ordres"`).
  case absentValue(AbsentValue)
}

extension FrameError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .unknownColumn(let name, let available, let range):
      var notes: [String] = []
      if !available.isEmpty {
        let shown = available.prefix(12).joined(separator: ", ")
        notes.append("columns: \(shown)\(available.count > 12 ? ", …" : "")")
      }
      return .error(
        "unknown column '\(name)'", at: range,
        label: Suggestions.didYouMean(name, in: available), notes: notes)
    case .typeMismatch(let message, let range):
      return .error(message, at: range)
    case .unknownFunction(let name, let known, let range):
      // Without a near name, list the functions so the user is not left guessing.
      let label = ForeignFunctionNames.suggestion(for: name, known: known)
      return .error(
        "unknown function '\(name)'", at: range, label: label,
        notes: label == nil ? ["functions: \(known.joined(separator: ", "))"] : [])
    case .invalidArgument(let message, let range):
      return .error(message, at: range)
    case .incompatible(let message):
      return .error(message)
    case .checkFailed(let rule, let violations):
      return .error("check failed: \(NumberFormat.count(violations, "row")) \(violations == 1 ? "violates" : "violate") \(rule)")
    case .absentValue(let absent):
      return .error(absent.message, at: absent.range, label: absent.suggestion, notes: absent.notes)
    }
  }
}
