import CSQLite

/// Cell-at-a-time binding and reading, for bulk copies (`keep`, `load table`) that go
/// straight between typed columns and SQLite without an `SQLValue` per cell.
///
/// The binding calls return SQLite's result code instead of throwing: a batch ORs the codes
/// of its cells (`SQLITE_OK` is 0) and `check` turns a failure into an error once.
extension PreparedStatement {
  /// Makes the statement ready to run again; bindings stay until replaced.
  public func reset() { sqlite3_reset(stmt) }

  @inline(__always) func bindNullCode(at index: Int32) -> Int32 { sqlite3_bind_null(stmt, index) }
  @inline(__always) func bindCode(_ value: Int64, at index: Int32) -> Int32 { sqlite3_bind_int64(stmt, index, value) }
  @inline(__always) func bindCode(_ value: Double, at index: Int32) -> Int32 { sqlite3_bind_double(stmt, index, value) }

  /// Binds text by its bytes, with their length (a NUL inside is kept). Without `copy`,
  /// SQLite reads the bytes in place: they must stay valid and unchanged until the
  /// statement's next step, reset or rebinding. `text` must not be nil (that binds NULL).
  @inline(__always) func bindTextCode(_ text: UnsafeRawPointer, count: Int, at index: Int32, copy: Bool = false) -> Int32 {
    sqlite3_bind_text64(
      stmt, index, text.assumingMemoryBound(to: CChar.self), UInt64(count), copy ? csqlite_transient() : nil,
      UInt8(SQLITE_UTF8))
  }

  /// Binds a blob in place (no copy): the bytes must stay valid and unchanged until the
  /// statement has run.
  @inline(__always) func bindBlobCode(_ bytes: UnsafeRawBufferPointer, at index: Int32) -> Int32 {
    // A zero-length blob from a nil pointer would be NULL.
    sqlite3_bind_blob64(stmt, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), UInt64(bytes.count), nil)
  }

  /// Throws the error of a failed binding, given the OR of the batch's result codes.
  func check(_ code: Int32) throws {
    if code != SQLITE_OK { throw StoreError.sql(message: database.lastMessage, sql: sql) }
  }

  /// Runs a statement that returns no rows with what is bound.
  public func runBound() throws {
    while try step() {}
  }

  /// Cell `index` of the current row, valid until the next step.
  @inline(__always) func cell(at index: Int32) -> StoredCell { StoredCell(value: sqlite3_column_value(stmt, index)) }
}

/// The storage class of a result cell, as SQLite reports it.
public enum SQLStorageClass {
  case null, integer, real, text, blob
}

/// One cell of a result row, fetched with one call into SQLite (`sqlite3_column_value`);
/// asking it for its class, number or text then costs no further locking or error
/// bookkeeping. Valid only until the statement steps again.
struct StoredCell {
  let value: OpaquePointer?

  @inline(__always) var storageClass: SQLStorageClass {
    switch sqlite3_value_type(value) {
    case SQLITE_INTEGER: return .integer
    case SQLITE_FLOAT: return .real
    case SQLITE_TEXT: return .text
    case SQLITE_BLOB: return .blob
    default: return .null
    }
  }

  @inline(__always) var int64: Int64 { sqlite3_value_int64(value) }
  @inline(__always) var double: Double { sqlite3_value_double(value) }

  /// The cell's bytes as a blob, valid only inside `body`.
  @inline(__always) func withBlob<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
    let p = sqlite3_value_blob(value)
    let n = Int(sqlite3_value_bytes(value))
    return body(UnsafeRawBufferPointer(start: p, count: p == nil ? 0 : n))
  }

  /// The cell's text by its length (a NUL inside survives), valid only inside `body`.
  @inline(__always) func withText<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
    // The text first, then its length: asking for the text may convert the value.
    let p = sqlite3_value_text(value)
    let n = Int(sqlite3_value_bytes(value))
    return body(UnsafeRawBufferPointer(start: p.map { UnsafeRawPointer($0) }, count: p == nil ? 0 : n))
  }
}
