import ShopCore

/// What can go wrong in a KPI computation. Cases carry data; `diagnostic` words them.
public enum KPIError: Error, Sendable, Equatable {
  /// A KPI needs a column role (order, customer, time, amount …) that was neither set
  /// with `roles` nor found among the usual column names.
  case missingRole(role: String, needed: String, available: [String])
  /// A role names a column of the wrong type (a text column as the time, say).
  case wrongRoleType(role: String, column: String, expected: String, got: DataType)
  /// An option value out of its range (`bins 1`, `gap 0`, an empty step list).
  case invalidOption(String)
}

extension KPIError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .missingRole(let role, let needed, let available):
      let shown = available.prefix(12).joined(separator: ", ")
      return .error(
        "no '\(role)' column for \(needed)",
        notes: [
          "name it with 'roles \(role) COLUMN'",
          "columns: \(shown)\(available.count > 12 ? ", …" : "")",
        ])
    case .wrongRoleType(let role, let column, let expected, let got):
      return .error("the \(role) column '\(column)' is \(got); expected \(expected)")
    case .invalidOption(let message):
      return .error(message)
    }
  }
}
