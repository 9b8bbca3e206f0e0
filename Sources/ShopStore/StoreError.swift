import ShopCore

/// What can go wrong in the session store.
public enum StoreError: Error, Sendable, Equatable {
  case cannotOpen(path: String, reason: String)
  case sql(message: String, sql: String)
  case unknownSession(Int64)
  case unknownTable(String, available: [String])
  case corrupt(String)
}

extension StoreError: DiagnosticConvertible {
  public var diagnostic: Diagnostic {
    switch self {
    case .cannotOpen(let path, let reason):
      return .error("cannot open the session store '\(path)': \(reason)")
    case .sql(let message, _):
      return .error("sql: \(message)")
    case .unknownSession(let id):
      return .error("no session \(id)", notes: ["'sessions' lists them"])
    case .unknownTable(let name, let available):
      return .error(
        "no kept table '\(name)'", label: Suggestions.didYouMean(name, in: available),
        notes: available.isEmpty ? ["'keep NAME' stores a table"] : [])
    case .corrupt(let what):
      return .error("the session store is damaged: \(what)")
    }
  }
}
