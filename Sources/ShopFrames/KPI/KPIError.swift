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
  /// A table with no quantity or amount whose event column holds several kinds of event
  /// (views, carts, purchases): its rows cannot be counted as sale lines.
  case eventLogWithoutAmount(needed: String, event: String, values: [String], purchase: String?)
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
    case .eventLogWithoutAmount(let needed, let event, let values, let purchase):
      let shown = values.prefix(6).joined(separator: ", ") + (values.count > 6 ? ", …" : "")
      var notes: [String] = []
      if let purchase {
        notes.append("keep the purchases first: where \(event) == \"\(purchase)\" | …")
      } else {
        notes.append("keep the purchase events first: where \(event) == \"…\" | …")
      }
      notes.append("or name the money or quantity with 'roles amount COLUMN' or 'roles quantity COLUMN'")
      notes.append(
        "or, if '\(event)' is not a kind of event (a payment type, say), count every row as a sale line: 'roles event none'")
      return .error(
        "no quantity or amount column for \(needed), and '\(event)' holds \(values.count) kinds of event (\(shown)): "
          + "counting every row as a purchase would count the other events too",
        notes: notes)
    }
  }
}
