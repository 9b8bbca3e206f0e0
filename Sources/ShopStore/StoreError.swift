import ShopCore

/// What can go wrong in the session store.
public enum StoreError: Error, Sendable, Equatable {
  case cannotOpen(path: String, reason: String)
  case sql(message: String, sql: String)
  /// Another process held the store's write lock for longer than the busy timeout.
  case locked(path: String)
  /// The disk refused a write: full, a file size limit, an I/O error.
  case writeFailed(path: String, reason: String)
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
    case .locked(let path):
      let seconds = Database.busyTimeoutMilliseconds / 1000
      return .error(
        "the session store '\(path)' is locked by another process (waited \(seconds) s)",
        notes: ["another shoplab or sqlite3 is writing to it; try again when it has finished"])
    case .writeFailed(let path, let reason):
      return .error("cannot write to the session store '\(path)': \(reason)")
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
