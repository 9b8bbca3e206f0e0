import ShopCore

/// What can go wrong in the session store.
public enum StoreError: Error, Sendable, Equatable {
  case cannotOpen(path: String, reason: String)
  case sql(message: String, sql: String)
  /// Another process held the store's write lock for longer than the busy timeout.
  case locked(path: String)
  /// The disk refused a write: full, a file size limit, an I/O error.
  case writeFailed(path: String, reason: String)
  /// The file is not a ShopLab store (not SQLite, or another program's database).
  case notAStore(path: String, reason: String)
  /// The store was written by a newer ShopLab: `found` names what this one does not know.
  case newerStore(path: String, found: String, known: Int)
  case unknownSession(Int64)
  case unknownTable(String, available: [String])
  case corrupt(String)
  /// `keep` was asked to use the name of one of the store's own tables.
  case reservedName(String)
  /// `sql` was asked to do something other than read: what it was asked.
  case readOnly(String)
  /// A table or column name SQLite cannot hold (it has a NUL character).
  case unstorableName(String)
  /// `keep` without `overwrite` was given the name of a table the store already holds.
  case alreadyKept(KeptTable)
}

extension StoreError {
  /// Whether the error is about the name a table was to be kept under (one of the store's
  /// own tables), so the caller can point at that name.
  public var isAboutTheName: Bool {
    if case .reservedName = self { return true }
    return false
  }
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
    case .notAStore(let path, let reason):
      return .error(
        "'\(path)' is not a ShopLab session store: \(reason)",
        notes: ["ShopLab leaves it untouched; name another file with --db"])
    case .newerStore(let path, let found, let known):
      return .error(
        "the session store '\(path)' was written by a newer ShopLab (\(found); this one knows \(known) migrations)",
        notes: ["ShopLab leaves it untouched; use the newer ShopLab, or another file with --db"])
    case .unknownSession(let id):
      return .error("no session \(id)", notes: ["'sessions' lists them"])
    case .unknownTable(let name, let available):
      return .error(
        "no kept table '\(name)'", label: Suggestions.didYouMean(name, in: available),
        notes: available.isEmpty ? ["'keep NAME' stores a table"] : [])
    case .reservedName(let name):
      return .error("'\(name)' is a table of the session store; keep the table under another name")
    case .readOnly(let what):
      return .error(
        "sql only reads: it cannot \(what)",
        notes: ["'sql' runs queries (select, with, pragmas that report); 'keep NAME' stores a table"])
    case .unstorableName(let name):
      let shown = name.replacingOccurrences(of: "\0", with: "\\0")
      return .error("'\(shown)' holds a NUL character, which SQLite cannot keep in a name; rename it first")
    case .alreadyKept(let table):
      var what = "a table '\(table.name)' is already kept"
      if let rows = table.rows, let columns = table.columns {
        var detail = NumberFormat.shape(rows: rows, columns: columns)
        if let session = table.session { detail += ", kept by session \(session)" }
        if let at = table.keptAt { detail += " at \(at.prefix(16).replacingOccurrences(of: "T", with: " ")) UTC" }
        what += " (\(detail))"
      }
      return .error(what, notes: ["'keep NAME overwrite' replaces it; another name keeps both"])
    case .corrupt(let what):
      return .error("the session store is damaged: \(what)")
    }
  }
}
