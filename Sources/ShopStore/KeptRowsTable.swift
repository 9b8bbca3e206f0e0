import CSQLite

/// A frame's rows as a virtual table that SQLite reads, so that `keep` copies a whole frame
/// with one `INSERT INTO t SELECT … FROM shoplab_kept_rows`: SQLite asks for each cell with
/// one call (`xColumn`, answered with `sqlite3_result_*` straight from the typed column)
/// and builds each row's record from that, where binding the parameters of a multi-row
/// `INSERT` a batch at a time set every cell twice (into the parameter, then into the row)
/// and ran the statement once per batch.
///
/// The table is eponymous (it needs no `CREATE VIRTUAL TABLE`, so nothing is written to
/// the schema) and exists only on the keeping connection, only while `Database.withRows`
/// runs: `sql` never sees it. The insert is an ordinary statement of the keep's
/// transaction, so a failure, a kill or Ctrl-C rolls it back with the rest.
/// Related SQLite documentation: https://sqlite.org/vtab.html#eponymous_virtual_tables
final class KeptRowsTable {
  /// The module's name: what the `INSERT … SELECT` reads from.
  static let name = "shoplab_kept_rows"
  /// Rows between two calls of `stop`.
  static let rowsPerStop = 4096

  let cells: UnsafeMutableBufferPointer<KeptCell>
  let rowCount: Int
  private let stop: () throws -> Void
  /// What `stop` threw, which ended the insert.
  private(set) var stopped: (any Error)?

  /// - Parameters:
  ///   - cells: one per column (`KeptColumnWriter.withCells`), open as long as the table.
  ///   - stop: called every `rowsPerStop` rows; when it throws, the insert fails and
  ///     `stopped` holds what it threw.
  init(cells: UnsafeMutableBufferPointer<KeptCell>, rowCount: Int, stop: @escaping () throws -> Void) {
    (self.cells, self.rowCount, self.stop) = (cells, rowCount, stop)
  }

  /// The column list of the table, `c0, c1, …` (the frame's own names need no quoting here).
  var columnList: String { (0..<cells.count).map { "c\($0)" }.joined(separator: ", ") }

  fileprivate func checkStop() -> Bool {
    do {
      try stop()
      return true
    } catch {
      stopped = error
      return false
    }
  }

  /// The value SQLite asked `xColumn` for.
  struct Result {
    let context: OpaquePointer?
    @inline(__always) func null() { sqlite3_result_null(context) }
    @inline(__always) func integer(_ v: Int64) { sqlite3_result_int64(context, v) }
    @inline(__always) func real(_ v: Double) { sqlite3_result_double(context, v) }
    /// Text by its bytes and length (a NUL inside is kept), read in place: the bytes stay
    /// valid until the statement is done.
    @inline(__always) func text(_ bytes: UnsafeRawPointer, count: Int) {
      sqlite3_result_text64(context, bytes.assumingMemoryBound(to: CChar.self), UInt64(count), nil, UInt8(SQLITE_UTF8))
    }
  }
}

extension Database {
  /// Runs `body` with `rows` readable as the table `KeptRowsTable.name` on this connection,
  /// and removes the table after.
  func withRows<T>(_ rows: KeptRowsTable, _ body: () throws -> T) throws -> T {
    // Unretained, with no destructor: SQLite may disconnect the table some time after the
    // module is dropped (at a later statement), and the disconnect only frees SQLite's own
    // structure, so `rows` need live only as long as `body`.
    let context = Unmanaged.passUnretained(rows).toOpaque()
    let rc = sqlite3_create_module_v2(handle, KeptRowsTable.name, keptRowsModule, context, nil)
    guard rc == SQLITE_OK else { throw failure(rc, sql: "create module \(KeptRowsTable.name)") }
    // No module given: the module of that name is dropped.
    defer { sqlite3_create_module_v2(handle, KeptRowsTable.name, nil, nil, nil) }
    return try withExtendedLifetime(rows) { try body() }
  }
}

/// `KeptRowsTable`'s callbacks. `xCreate` is nil: the table is eponymous-only.
private nonisolated(unsafe) let keptRowsModule: UnsafePointer<sqlite3_module> = {
  var m = sqlite3_module()
  m.xConnect = { db, aux, _, _, table, _ in
    let rows = Unmanaged<KeptRowsTable>.fromOpaque(aux!).takeUnretainedValue()
    let rc = sqlite3_declare_vtab(db, "CREATE TABLE x(\(rows.columnList))")
    guard rc == SQLITE_OK else { return rc }
    let vtab = UnsafeMutablePointer<csqlite_rows_vtab>.allocate(capacity: 1)
    vtab.initialize(to: csqlite_rows_vtab(base: sqlite3_vtab(), source: aux))
    table!.pointee = UnsafeMutableRawPointer(vtab).assumingMemoryBound(to: sqlite3_vtab.self)
    return SQLITE_OK
  }
  m.xBestIndex = { table, info in
    let rows = Unmanaged<KeptRowsTable>.fromOpaque(keptRowsTable(table).pointee.source!).takeUnretainedValue()
    info!.pointee.estimatedCost = Double(rows.rowCount)
    info!.pointee.estimatedRows = Int64(rows.rowCount)
    return SQLITE_OK
  }
  m.xDisconnect = { table in
    keptRowsTable(table).deallocate()
    return SQLITE_OK
  }
  m.xDestroy = m.xDisconnect
  m.xOpen = { table, cursor in
    let source = keptRowsTable(table).pointee.source!
    let rows = Unmanaged<KeptRowsTable>.fromOpaque(source).takeUnretainedValue()
    let c = UnsafeMutablePointer<csqlite_rows_cursor>.allocate(capacity: 1)
    c.initialize(
      to: csqlite_rows_cursor(
        base: sqlite3_vtab_cursor(), source: source, cells: UnsafeMutableRawPointer(rows.cells.baseAddress), row: 0,
        rows: Int64(rows.rowCount)))
    cursor!.pointee = UnsafeMutableRawPointer(c).assumingMemoryBound(to: sqlite3_vtab_cursor.self)
    return SQLITE_OK
  }
  m.xClose = { cursor in
    keptRowsCursor(cursor).deallocate()
    return SQLITE_OK
  }
  m.xFilter = { cursor, _, _, _, _ in
    keptRowsCursor(cursor).pointee.row = 0
    return SQLITE_OK
  }
  m.xNext = { cursor in
    let c = keptRowsCursor(cursor)
    c.pointee.row += 1
    guard c.pointee.row % Int64(KeptRowsTable.rowsPerStop) == 0 else { return SQLITE_OK }
    let rows = Unmanaged<KeptRowsTable>.fromOpaque(c.pointee.source!).takeUnretainedValue()
    return rows.checkStop() ? SQLITE_OK : SQLITE_INTERRUPT
  }
  m.xEof = { cursor in
    let c = keptRowsCursor(cursor)
    return c.pointee.row >= c.pointee.rows ? 1 : 0
  }
  m.xColumn = { cursor, context, column in
    let c = keptRowsCursor(cursor)
    let cells = c.pointee.cells!.assumingMemoryBound(to: KeptCell.self)
    cells[Int(column)].give(row: Int(c.pointee.row), to: KeptRowsTable.Result(context: context))
    return SQLITE_OK
  }
  m.xRowid = { cursor, rowid in
    rowid!.pointee = keptRowsCursor(cursor).pointee.row + 1
    return SQLITE_OK
  }
  let p = UnsafeMutablePointer<sqlite3_module>.allocate(capacity: 1)
  p.initialize(to: m)
  return UnsafePointer(p)
}()

@inline(__always) private func keptRowsTable(_ table: UnsafeMutablePointer<sqlite3_vtab>?) -> UnsafeMutablePointer<csqlite_rows_vtab> {
  UnsafeMutableRawPointer(table!).assumingMemoryBound(to: csqlite_rows_vtab.self)
}

@inline(__always) private func keptRowsCursor(_ cursor: UnsafeMutablePointer<sqlite3_vtab_cursor>?)
  -> UnsafeMutablePointer<csqlite_rows_cursor>
{
  UnsafeMutableRawPointer(cursor!).assumingMemoryBound(to: csqlite_rows_cursor.self)
}
