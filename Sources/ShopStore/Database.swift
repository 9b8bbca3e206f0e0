import CSQLite
import ShopCore

#if canImport(Glibc)
  import Glibc
#else
  import Darwin
#endif

/// A thin, owned connection to one SQLite file. It, `PreparedStatement+Bulk.swift` and
/// `BackgroundCheckpointer.swift` are the only code that calls the C API.
///
/// The rest of the store speaks SQL through `execute`, `query` and `transaction`, so a
/// switch to another SQLite binding would touch these three files alone.
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
    sqlite3_busy_timeout(db, Int32(Self.busyTimeoutMilliseconds))
  }

  /// How long a write waits for another process's write transaction before giving up
  /// with `StoreError.locked`. Ordinary commands hold the lock for milliseconds; a `keep`
  /// of a large table for a second or two: 5 s covers both without leaving a person
  /// waiting long on a store that some other program holds open.
  public static let busyTimeoutMilliseconds = 5000

  deinit {
    if let checkpointer {
      sqlite3_wal_hook(handle, nil, nil)
      checkpointer.finish()
    }
    sqlite3_close_v2(handle)
  }

  /// Runs WAL checkpoints on a background thread instead of inside the commit that fills
  /// the WAL (`BackgroundCheckpointer` says why). For a file in WAL mode; call once.
  public func checkpointInBackground() {
    guard checkpointer == nil, path != ":memory:" else { return }
    let checkpointer = BackgroundCheckpointer(path: path)
    self.checkpointer = checkpointer
    // Replaces SQLite's automatic checkpoint, which is itself a WAL hook.
    sqlite3_wal_hook(handle, backgroundCheckpointHook, Unmanaged.passUnretained(checkpointer).toOpaque())
  }

  private var checkpointer: BackgroundCheckpointer?

  /// Runs one or more statements that return no rows.
  public func execute(_ sql: String) throws {
    // sqlite3_exec reads up to the first NUL: refuse rather than run a cut statement.
    if sql.utf8.contains(0) { throw StoreError.sql(message: "the statement contains a NUL character", sql: sql) }
    var error: UnsafeMutablePointer<CChar>?
    let rc = sqlite3_exec(handle, sql, nil, nil, &error)
    if rc != SQLITE_OK {
      let message = error.map { String(cString: $0) } ?? lastMessage
      sqlite3_free(error)
      throw failure(rc, sql: sql, message: message)
    }
  }

  /// Prepares a statement for repeated use.
  ///
  /// - Parameter single: refuse text that holds more than one statement (SQLite would
  ///   silently prepare only the first).
  public func prepare(_ sql: String, single: Bool = false) throws -> PreparedStatement {
    // SQLite stops reading a statement at a NUL even when given the length: refuse text
    // that would run cut short. Values go in as bound parameters, which keep their NULs.
    if sql.utf8.contains(0) { throw StoreError.sql(message: "the statement contains a NUL character", sql: sql) }
    // SQLite reads at most 2^31 - 1 bytes of statement (and far fewer by default).
    guard sql.utf8.count < Int(Int32.max) else {
      throw StoreError.sql(message: "the statement is too long", sql: String(sql.prefix(100)))
    }
    var stmt: OpaquePointer?
    var consumed = 0
    var text = sql
    let rc = text.withUTF8 { bytes in
      bytes.withMemoryRebound(to: CChar.self) { chars in
        var tail: UnsafePointer<CChar>?
        let rc = sqlite3_prepare_v2(handle, chars.baseAddress, Int32(chars.count), &stmt, &tail)
        if let tail, let base = chars.baseAddress { consumed = tail - base }
        return rc
      }
    }
    let rest = String(decoding: sql.utf8.dropFirst(consumed), as: UTF8.self)
    guard rc == SQLITE_OK else { throw failure(rc, sql: sql) }
    if single, rest.contains(where: { !$0.isWhitespace && $0 != ";" }) {
      sqlite3_finalize(stmt)
      throw StoreError.sql(message: "one statement at a time, please (found more after the first ';')", sql: sql)
    }
    // Text with no statement (empty, or only a comment) prepares to nothing, and SQLite's
    // message is then "not an error".
    guard let stmt else { throw StoreError.sql(message: "the query is empty", sql: sql) }
    return PreparedStatement(stmt, database: self, sql: sql)
  }

  /// Prepares one statement that can only read: what `sql` runs for a user.
  ///
  /// An authorizer, installed while SQLite compiles the statement, allows reading tables,
  /// calling functions, recursive queries and pragmas that only report; anything that would
  /// write (insert, update, delete, create, drop, alter, attach, transactions, setting a
  /// pragma) is refused, naming what was asked. `sqlite3_stmt_readonly` then catches the
  /// writes no authorizer action covers (`vacuum`, `vacuum into 'file'`).
  /// Related SQLite documentation: https://sqlite.org/c3ref/set_authorizer.html
  ///
  /// - Throws: `StoreError.readOnly` naming the refused action.
  public func prepareReadOnly(_ sql: String) throws -> PreparedStatement {
    let check = ReadOnlyCheck()
    let context = Unmanaged.passUnretained(check).toOpaque()
    sqlite3_set_authorizer(handle, readOnlyAuthorizer, context)
    defer { sqlite3_set_authorizer(handle, nil, nil) }
    let stmt: PreparedStatement
    do {
      stmt = try withExtendedLifetime(check) { try prepare(sql, single: true) }
    } catch {
      if let refused = check.refused { throw StoreError.readOnly(refused) }
      throw error
    }
    guard stmt.isReadOnly else { throw StoreError.readOnly(Self.firstWords(of: sql)) }
    return stmt
  }

  /// The statement's first two words, lowercased ("vacuum into"), to name what was refused.
  private static func firstWords(of sql: String) -> String {
    sql.split(whereSeparator: { $0.isWhitespace || $0 == "(" || $0 == ";" }).prefix(2)
      .joined(separator: " ").lowercased()
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
    try transaction(beginning: "BEGIN IMMEDIATE", body)
  }

  /// Runs `body` in a read transaction: every query in it sees the database as of one moment.
  public func readTransaction<T>(_ body: () throws -> T) throws -> T {
    try transaction(beginning: "BEGIN", body)
  }

  private func transaction<T>(beginning begin: String, _ body: () throws -> T) throws -> T {
    try execute(begin)
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

  /// The error for a failed call that returned `rc`: a lock held by another process and a
  /// write the disk refused get their own cases, so a person reads what happened rather
  /// than SQLite's "database is locked" or "disk I/O error".
  func failure(_ rc: Int32, sql: String, message: String? = nil) -> StoreError {
    switch rc & 0xff {
    case SQLITE_BUSY:
      return .locked(path: path)
    case SQLITE_FULL:
      return .writeFailed(path: path, reason: "the disk is full")
    case SQLITE_IOERR:
      return .writeFailed(path: path, reason: ioFailureReason(message ?? lastMessage))
    case SQLITE_NOTADB:
      return .notAStore(path: path, reason: "it is not a SQLite database")
    default:
      return .sql(message: message ?? lastMessage, sql: sql)
    }
  }

  /// Why a write failed with SQLITE_IOERR. SQLite says only "disk I/O error", and the
  /// errno it keeps is often overwritten by the rollback that follows, so when that errno
  /// says nothing, look: a file of the store at the size limit (`ulimit -f`), or a file
  /// system with no room left.
  private func ioFailureReason(_ message: String) -> String {
    let code = sqlite3_system_errno(handle)
    if code == EFBIG { return "the file size limit was reached" }
    if code == ENOSPC { return "the disk is full" }
    var limit = rlimit()
    // RLIM_INFINITY is all ones.
    if getrlimit(fileSizeResource, &limit) == 0, limit.rlim_cur != rlim_t.max {
      // A write of a few pages past the end of the file is what failed.
      let margin: UInt64 = 64 * 1024
      for file in [path, path + "-wal", path + "-journal"] {
        var info = stat()
        if stat(file, &info) == 0, UInt64(info.st_size) + margin >= UInt64(limit.rlim_cur) {
          return "the file size limit was reached"
        }
      }
    }
    var fs = statvfs()
    if statvfs(path, &fs) == 0, UInt64(fs.f_bavail) * UInt64(fs.f_frsize) < 1 << 20 { return "the disk is full" }
    return code == 0 ? message : "\(message) (\(String(cString: strerror(code))))"
  }
}

#if canImport(Glibc)
  private let fileSizeResource = Int32(RLIMIT_FSIZE.rawValue)
#else
  private let fileSizeResource = RLIMIT_FSIZE
#endif

/// What the read-only authorizer refused first, if anything.
private final class ReadOnlyCheck {
  var refused: String?
}

/// Pragmas that only report, with or without an argument.
private let reportingPragmas: Set<String> = [
  "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
  "foreign_key_check", "integrity_check", "quick_check", "database_list", "collation_list", "function_list",
  "module_list", "pragma_list", "compile_options", "page_count", "freelist_count", "data_version",
]

/// Pragmas that read a setting when given no argument (and change it when given one).
private let settingPragmas: Set<String> = [
  "application_id", "user_version", "schema_version", "journal_mode", "page_size", "foreign_keys", "encoding",
  "auto_vacuum", "cache_size", "synchronous", "busy_timeout", "max_page_count", "case_sensitive_like",
  "recursive_triggers", "secure_delete", "temp_store", "wal_autocheckpoint", "locking_mode",
]

/// The authorizer of `Database.prepareReadOnly`: SQLITE_OK for reads, SQLITE_DENY (and a
/// description of the action in the `ReadOnlyCheck`) for anything else.
private let readOnlyAuthorizer:
  @convention(c) (
    UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
    UnsafePointer<CChar>?
  ) -> Int32 = { context, action, first, second, _, _ in
    let a = first.map { String(cString: $0) }
    let b = second.map { String(cString: $0) }
    let what: String
    switch action {
    case SQLITE_SELECT, SQLITE_READ, SQLITE_FUNCTION, SQLITE_RECURSIVE:
      return SQLITE_OK
    case SQLITE_INSERT where a == "sqlite_master" || a == "sqlite_temp_master",
      SQLITE_UPDATE where a == "sqlite_master" || a == "sqlite_temp_master",
      SQLITE_DELETE where a == "sqlite_master" || a == "sqlite_temp_master":
      // SQLite asks about its own writes to the schema table before the statement's action
      // (`create trigger` first inserts into sqlite_master; a table-valued pragma probes an
      // update): let the statement's own action be the one refused, by name. A statement
      // that writes the schema table itself is refused by SQLite (writable_schema is off
      // and cannot be set here), and `sqlite3_stmt_readonly` catches any write left.
      return SQLITE_OK
    case SQLITE_PRAGMA:
      let name = (a ?? "").lowercased()
      if reportingPragmas.contains(name) || (b == nil && settingPragmas.contains(name)) { return SQLITE_OK }
      what = b.map { "set pragma \(name) = \($0)" } ?? "run pragma \(name)"
    case SQLITE_INSERT: what = "insert into '\(a ?? "")'"
    case SQLITE_UPDATE: what = "update '\(a ?? "")'"
    case SQLITE_DELETE: what = "delete from '\(a ?? "")'"
    case SQLITE_CREATE_TABLE, SQLITE_CREATE_TEMP_TABLE: what = "create table '\(a ?? "")'"
    case SQLITE_CREATE_INDEX, SQLITE_CREATE_TEMP_INDEX: what = "create index '\(a ?? "")'"
    case SQLITE_CREATE_TRIGGER, SQLITE_CREATE_TEMP_TRIGGER: what = "create trigger '\(a ?? "")'"
    case SQLITE_CREATE_VIEW, SQLITE_CREATE_TEMP_VIEW: what = "create view '\(a ?? "")'"
    case SQLITE_CREATE_VTABLE: what = "create virtual table '\(a ?? "")'"
    case SQLITE_DROP_TABLE, SQLITE_DROP_TEMP_TABLE: what = "drop table '\(a ?? "")'"
    case SQLITE_DROP_INDEX, SQLITE_DROP_TEMP_INDEX: what = "drop index '\(a ?? "")'"
    case SQLITE_DROP_TRIGGER, SQLITE_DROP_TEMP_TRIGGER: what = "drop trigger '\(a ?? "")'"
    case SQLITE_DROP_VIEW, SQLITE_DROP_TEMP_VIEW: what = "drop view '\(a ?? "")'"
    case SQLITE_DROP_VTABLE: what = "drop virtual table '\(a ?? "")'"
    case SQLITE_ALTER_TABLE: what = "alter table '\(b ?? "")'"
    case SQLITE_ATTACH: what = "attach a database"
    case SQLITE_DETACH: what = "detach a database"
    case SQLITE_TRANSACTION: what = "begin or end a transaction"
    case SQLITE_SAVEPOINT: what = "use a savepoint"
    case SQLITE_ANALYZE: what = "analyze"
    case SQLITE_REINDEX: what = "reindex"
    default: what = "change the store"
    }
    if let context {
      let check = Unmanaged<ReadOnlyCheck>.fromOpaque(context).takeUnretainedValue()
      if check.refused == nil { check.refused = what }
    }
    return SQLITE_DENY
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
  let stmt: OpaquePointer
  unowned let database: Database
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
      case .text(let s):
        // With its length: a NUL inside the text is part of it, not its end.
        var s = s
        rc = s.withUTF8 {
          sqlite3_bind_text64(stmt, index, $0.baseAddress, UInt64($0.count), csqlite_transient(), UInt8(SQLITE_UTF8))
        }
      case .blob(let b):
        rc = b.withUnsafeBytes { sqlite3_bind_blob64(stmt, index, $0.baseAddress, UInt64(b.count), csqlite_transient()) }
      }
      if rc != SQLITE_OK { throw StoreError.sql(message: database.lastMessage, sql: sql) }
    }
  }

  /// Advances to the next row; false when done.
  public func step() throws -> Bool {
    let rc = sqlite3_step(stmt)
    if rc == SQLITE_ROW { return true }
    if rc == SQLITE_DONE { return false }
    throw database.failure(rc, sql: sql)
  }

  /// Binds and runs a statement that returns no rows.
  public func run(_ values: [SQLValue]) throws {
    try bind(values)
    while try step() {}
  }

  /// Whether running the statement leaves the database file unchanged.
  public var isReadOnly: Bool { sqlite3_stmt_readonly(stmt) != 0 }

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
      // By its length, so a NUL inside the text survives the read.
      let n = Int(sqlite3_column_bytes(stmt, index))
      guard let p = sqlite3_column_text(stmt, index) else { return .null }
      return .text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
    case SQLITE_BLOB:
      let n = Int(sqlite3_column_bytes(stmt, index))
      guard n > 0, let p = sqlite3_column_blob(stmt, index) else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
    default: return .null
    }
  }

  public func row() -> [SQLValue] { (0..<columnCount).map(value) }
}
