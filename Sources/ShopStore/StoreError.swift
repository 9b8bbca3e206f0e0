import ShopCore

/// What can go wrong in the session store.
public enum StoreError: Error, Sendable, Equatable {
  case cannotOpen(path: String, reason: String)
  case sql(message: String, sql: String)
  case unknownSession(Int64)
  case unknownTable(String, available: [String])
  case corrupt(String)
  /// `keep` was asked to use the name of one of the store's own tables.
  case reservedName(String)
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
    case .reservedName(let name):
      return .error("'\(name)' is a table of the session store; keep the table under another name")
    case .corrupt(let what):
      return .error("the session store is damaged: \(what)")
    }
  }
}
