import Dispatch
import ShopCore
import ShopFrames

/// Reads a kept table's rows into typed column readers: a large table in two halves at
/// once, split by rowid, the second half on another thread over the store's second
/// connection (`SessionStore.partner`), then joined into what one reader reading every row
/// in order would have made (`KeptColumnReader.append(contentsOf:)`).
///
/// The two connections read in two transactions. Both check the table's `kept_tables` row
/// (its creation time, row count, session and command); when they differ, another process
/// replaced the table between the two, and the second half is read again on the first
/// connection, in its own transaction. A second half that fails for any other reason is
/// read there too, so splitting never makes a load fail.
struct KeptTableRead {
  /// The table's name, quoted for SQL.
  let table: String
  let types: [DataType]
  /// The row count `kept_tables` records (a hint).
  let rows: Int
  /// The query of the table's `kept_tables` row, its parameter and what it gave the first
  /// connection.
  let metaQuery: String
  let name: String
  let meta: [SQLValue]

  /// Below this many rows a second thread saves less than it costs to start.
  static let parallelMinimumRows = 100_000

  /// Reads the table: with `whole` (`SELECT *`, already prepared on the store's connection
  /// inside its read transaction), or in halves when that pays (`halves`; `threads` is
  /// `WorkerThreads.count`'s `requested`). The caller deallocates the readers.
  func run(
    store: SessionStore, whole: PreparedStatement, columnNames: [String], threads: Int? = nil
  ) throws -> (readers: [KeptColumnReader], halves: Bool) {
    guard rows >= Self.parallelMinimumRows, WorkerThreads.count(requested: threads) >= 2,
      store.database.path != ":memory:",
      let rowid = Self.rowidName(besides: columnNames),
      let bounds = try? store.database.query("SELECT min(\(rowid)), max(\(rowid)) FROM \(table)").first,
      let low = bounds[0].integer, let high = bounds[1].integer, low < high,
      let partner = try? store.partnerDatabase()
    else {
      return (try Self.read(whole, types: types, capacity: rows), false)
    }
    let split = low + (high - low) / 2
    let job = PartnerHalf(
      database: partner, sql: "SELECT * FROM \(table) WHERE \(rowid) > \(split)", read: self,
      capacity: rows / 2 + 1024)
    let done = DispatchGroup()
    done.enter()
    DispatchQueue.global(qos: .userInitiated).async {
      job.run()
      done.leave()
    }
    let first: [KeptColumnReader]
    do {
      let stmt = try store.database.prepare("SELECT * FROM \(table) WHERE \(rowid) <= \(split)")
      first = try Self.read(stmt, types: types, capacity: rows / 2 + 1024)
    } catch {
      done.wait()
      job.discard()
      throw error
    }
    done.wait()
    var readers = first
    do {
      var second = try job.takeResult() ?? Self.read(
        try store.database.prepare("SELECT * FROM \(table) WHERE \(rowid) > \(split)"), types: types,
        capacity: rows / 2 + 1024)
      for c in readers.indices {
        readers[c].append(contentsOf: second[c])
        second[c].deallocate()
      }
    } catch {
      for c in readers.indices { readers[c].deallocate() }
      throw error
    }
    return (readers, true)
  }

  /// A name that means the rowid in this table: a column may be called `rowid` itself.
  private static func rowidName(besides columns: [String]) -> String? {
    let taken = Set(columns.map { $0.lowercased() })
    return ["rowid", "_rowid_", "oid"].first { !taken.contains($0) }
  }

  /// Steps `stmt` to its end, every column into a reader of its type.
  static func read(_ stmt: PreparedStatement, types: [DataType], capacity: Int) throws -> [KeptColumnReader] {
    var readers = types.map { KeptColumnReader(type: $0, capacity: capacity) }
    do {
      try readers.withUnsafeMutableBufferPointer { rp in
        while try stmt.step() {
          for c in rp.indices { rp[c].append(from: stmt, column: Int32(c)) }
        }
      }
    } catch {
      for c in readers.indices { readers[c].deallocate() }
      throw error
    }
    return readers
  }
}

/// The second half of a split read, run on another thread over the partner connection,
/// which nothing else uses meanwhile (hence `@unchecked Sendable`: `run` writes `result`,
/// and the first thread reads it only after waiting for `run` to end).
private final class PartnerHalf: @unchecked Sendable {
  let database: Database
  let sql: String
  let read: KeptTableRead
  let capacity: Int
  /// The readers, or nil when the half must be read on the first connection.
  private var result: [KeptColumnReader]?

  init(database: Database, sql: String, read: KeptTableRead, capacity: Int) {
    (self.database, self.sql, self.read, self.capacity) = (database, sql, read, capacity)
  }

  func run() {
    result = try? database.readTransaction { () -> [KeptColumnReader]? in
      // The same version of the table as the first connection read, or nothing.
      guard let meta = try database.query(read.metaQuery, [.text(read.name)]).first, meta == read.meta else {
        return nil
      }
      return try KeptTableRead.read(try database.prepare(sql), types: read.types, capacity: capacity)
    }
  }

  /// The readers (the caller deallocates them), or nil.
  func takeResult() -> [KeptColumnReader]? {
    defer { result = nil }
    return result
  }

  func discard() {
    if var readers = result {
      for c in readers.indices { readers[c].deallocate() }
    }
    result = nil
  }
}

extension SessionStore {
  /// The second connection, opened when first asked for: reads only (`query_only`).
  func partnerDatabase() throws -> Database {
    if let partner { return partner }
    let db = try Database(path: database.path)
    try db.execute("PRAGMA query_only = ON")
    partner = db
    return db
  }
}
