import CSQLite
import ShopCore

/// A thin, owned connection to one SQLite file: the only place that calls the C API.
///
/// The rest of the store speaks SQL through `execute`, `query` and `transaction`, so a
/// switch to another SQLite binding would touch this file alone.
public final class Database {
  private var handle: OpaquePointer?
  public let path: String

  /// Opens (creating if needed) the database at `path`; `:memory:` is allowed.
  public init(path: String) throws {
    self.path = path
    var db: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    let rc = sqlite3_open_v2(path, &db, flags, nil)
    guard rc == SQLITE_OK, let db else {
      let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
      sqlite3_close(db)
      throw StoreError.cannotOpen(path: path, reason: message)
    }
    handle = db
    sqlite3_busy_timeout(db, 5000)
  }

  deinit { sqlite3_close_v2(handle) }

  /// Runs one or more statements that return no rows.
  public func execute(_ sql: String) throws {
    var error: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(handle, sql, nil, nil, &error)
    if rc != SQLITE_OK {
      let message = error.map { String(cString: $0) } ?? lastMessage
      sqlite3_free(error)
      throw StoreError.sql(message: message, sql: sql)
    }
  }

  /// Prepares a statement for repeated use.
  ///
  /// - Parameter single: refuse text that holds more than one statement (SQLite would
  ///   silently prepare only the first).
  public func prepare(_ sql: String, single: Bool = false) throws -> PreparedStatement {
    var stmt: OpaquePointer?
    var rest = ""
    let rc = sql.withCString { text in
      var tail: UnsafePointer<CChar>?
      let rc = sqlite3_prepare_v2(handle, text, -1, &stmt, &tail)
      if let tail { rest = String(cString: tail) }
      return rc
    }
    guard rc == SQLITE_OK else { throw StoreError.sql(message: lastMessage, sql: sql) }
    if single, rest.contains(where: { !$0.isWhitespace && $0 != ";" }) {
      sqlite3_finalize(stmt)
      throw StoreError.sql(message: "one statement at a time, please (found more after the first ';')", sql: sql)
    }
    // Text with no statement (empty, or only a comment) prepares to nothing, and SQLite's
    // message is then "not an error".
    guard let stmt else { throw StoreError.sql(message: "the query is empty", sql: sql) }
    return PreparedStatement(stmt, database: self, sql: sql)
  }

  /// Runs a statement with bound values and returns its rows.
  @discardableResult
  public func query(_ sql: String, _ values: [SQLValue] = []) throws -> [[SQLValue]] {
    let stmt = try prepare(sql)
    try stmt.bind(values)
    var rows: [[SQLValue]] = []
    while try stmt.step() { rows.append(stmt.row()) }
    return rows
  }

  /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
  /// SQLite's journal makes the commit atomic, so a kill mid-way loses only this body.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
  public var changes: Int { Int(sqlite3_changes(handle)) }

  var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A value crossing the SQLite boundary.
public enum SQLValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])

  public var text: String? { if case .text(let s) = self { return s } else { return nil } }
  public var integer: Int64? {
    switch self {
    case .integer(let v): return v
    // Int64(v) traps on NaN, infinities and values past 2^63 (e.g. `SELECT 1e999`).
    case .real(let v): return v.isFinite && abs(v) < 9.2e18 ? Int64(v) : nil
    default: return nil
    }
  }
  public var blob: [UInt8]? { if case .blob(let b) = self { return b } else { return nil } }
}

/// A compiled statement, reset and rebound for each use.
public final class PreparedStatement {
  private let stmt: OpaquePointer
  private unowned let database: Database
  let sql: String

  init(_ stmt: OpaquePointer, database: Database, sql: String) {
    self.stmt = stmt
    self.database = database
    self.sql = sql
  }

  deinit { sqlite3_finalize(stmt) }

  public func bind(_ values: [SQLValue]) throws {
    sqlite3_reset(stmt)
    sqlite3_clear_bindings(stmt)
    for (i, value) in values.enumerated() {
      let index = Int32(i + 1)
      let rc: Int32
      switch value {
      case .null: rc = sqlite3_bind_null(stmt, index)
      case .integer(let v): rc = sqlite3_bind_int64(stmt, index, v)
      case .real(let v): rc = sqlite3_bind_double(stmt, index, v)
      case .text(let s): rc = sqlite3_bind_text(stmt, index, s, -1, csqlite_transient())
      case .blob(let b):
        rc = b.withUnsafeBytes { sqlite3_bind_blob(stmt, index, $0.baseAddress, Int32(b.count), csqlite_transient()) }
      }
      if rc != SQLITE_OK { throw StoreError.sql(message: database.lastMessage, sql: sql) }
    }
  }

  /// Advances to the next row; false when done.
  public func step() throws -> Bool {
    let rc = sqlite3_step(stmt)
    if rc == SQLITE_ROW { return true }
    if rc == SQLITE_DONE { return false }
    throw StoreError.sql(message: database.lastMessage, sql: sql)
  }

  /// Binds and runs a statement that returns no rows.
  public func run(_ values: [SQLValue]) throws {
    try bind(values)
    while try step() {}
  }

  public var columnCount: Int { Int(sqlite3_column_count(stmt)) }

  public func columnName(_ i: Int) -> String {
    sqlite3_column_name(stmt, Int32(i)).map { String(cString: $0) } ?? "column\(i + 1)"
  }

  /// The declared type of a result column ("INTEGER", "REAL", ...), when it has one.
  public func declaredType(_ i: Int) -> String? {
    sqlite3_column_decltype(stmt, Int32(i)).map { String(cString: $0) }
  }

  public func value(_ i: Int) -> SQLValue {
    let index = Int32(i)
    switch sqlite3_column_type(stmt, index) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(stmt, index))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(stmt, index))
    case SQLITE_TEXT:
      guard let p = sqlite3_column_text(stmt, index) else { return .null }
      return .text(String(cString: p))
    case SQLITE_BLOB:
      let n = Int(sqlite3_column_bytes(stmt, index))
      guard n > 0, let p = sqlite3_column_blob(stmt, index) else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
    default: return .null
    }
  }

  public func row() -> [SQLValue] { (0..<columnCount).map(value) }
}
