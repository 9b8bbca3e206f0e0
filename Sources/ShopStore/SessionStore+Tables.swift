import ShopCore
import ShopFrames

/// Frames kept in the store as real SQLite tables, so `sql` can query them by name.
extension SessionStore {
  /// Stores a frame as the table `name` in one transaction.
  ///
  /// Datetimes are written as ISO text (`YYYY-MM-DD HH:MM:SS`) so SQLite's date functions
  /// work on them; booleans as 0/1. The column types are recorded beside the table, so
  /// `load table NAME` gives back the same types.
  ///
  /// The store's own tables (and SQLite's `sqlite_` names) are refused: dropping one to
  /// make room would destroy sessions or the migration record. Table names ignore ASCII
  /// case in SQLite, so keeping `Orders` meets `orders`.
  ///
  /// - Parameter replacing: whether a table already kept under the name (in any case) may
  ///   be replaced. Without it the keep throws `StoreError.alreadyKept` and nothing changes:
  ///   a kept table is lost only when the command says so.
  /// - Parameter stop: called every few thousand rows and once before the commit; when it
  ///   throws (Ctrl-C), the transaction rolls back and nothing changes. Once it has
  ///   committed, the table is kept: the caller must not then report the keep as stopped.
  @discardableResult
  public func keep(
    _ frame: Frame, as name: String, session: Int64?, command: Int64?, replacing: Bool = false,
    stop: () throws -> Void = {}
  ) throws -> KeptTable? {
    let lowered = name.lowercased()
    if Self.storeTables.contains(lowered) || lowered.hasPrefix("sqlite_") { throw StoreError.reservedName(name) }
    // SQLite cuts a name at a NUL; values keep theirs (they are bound, not spliced in).
    for n in [name] + frame.columns.map(\.name) where n.utf8.contains(0) { throw StoreError.unstorableName(n) }
    let quoted = Self.quote(name)
    // Refused before any work; asked again inside the transaction for a keep by another
    // process in between.
    let found = try keptTable(named: name)
    if let found, !replacing { throw StoreError.alreadyKept(found) }
    // The image is encoded beside the insert (on a second thread when there is one).
    let image = ColumnImageEncoding(frame)
    // Replacing a table: room in the page cache for the whole write (see `replacingCacheKiB`).
    let widenCache = found != nil
    let cacheSize = try database.query("PRAGMA cache_size").first?[0].integer ?? -2000
    if widenCache { try database.execute("PRAGMA cache_size = -\(Self.replacingCacheKiB)") }
    defer { if widenCache { try? database.execute("PRAGMA cache_size = \(cacheSize)") } }
    return try database.transaction {
      let earlier = try keptTable(named: name)
      if let earlier, !replacing { throw StoreError.alreadyKept(earlier) }
      // The order of the writes matters for speed (not for what is kept): see
      // `pinLastSchemaPage`.
      try database.execute("DROP TABLE IF EXISTS \(quoted)")
      let defs = frame.columns.map { "\(Self.quote($0.name)) \(Self.sqlType($0.type))" }
      try database.execute("CREATE TABLE \(quoted) (\(defs.joined(separator: ", ")))")
      let pin = try pinLastSchemaPage()
      defer { pin.reset() }
      if frame.columnCount > 0 {
        // Many rows per INSERT: running a statement has a cost of its own, so binding a
        // batch of rows at once spends it once per batch. 999 parameters is the smallest
        // limit any SQLite build has had.
        let batch = max(1, min(128, 999 / frame.columnCount))
        func insert(rows n: Int) throws -> PreparedStatement {
          let row = "(" + Array(repeating: "?", count: frame.columnCount).joined(separator: ", ") + ")"
          return try database.prepare(
            "INSERT INTO \(quoted) VALUES " + Array(repeating: row, count: n).joined(separator: ", "))
        }
        let full = try insert(rows: batch)
        // Bound column by column from the typed columns (what `sqlValue` would give each cell).
        let writers = frame.columns.map(KeptColumnWriter.init)
        let stride = Int32(writers.count)
        var r = 0
        var sinceStop = 0
        try stop()
        while r < frame.rowCount {
          let n = min(batch, frame.rowCount - r)
          let statement = n == batch ? full : try insert(rows: n)
          statement.reset()
          for (c, writer) in writers.enumerated() {
            try writer.bind(rows: r..<(r + n), to: statement, first: Int32(c + 1), stride: stride)
          }
          try statement.runBound()
          r += n
          sinceStop += n
          if sinceStop >= 4096 {
            try stop()
            sinceStop = 0
          }
        }
      }
      pin.reset()
      try createImageTriggers(on: name)
      try database.query("DELETE FROM column_images WHERE table_name = ? COLLATE NOCASE", [.text(name)])
      try writeImage(image.blobs(), as: name)
      try database.query("DELETE FROM kept_tables WHERE name = ? COLLATE NOCASE", [.text(name)])
      let columns = frame.columns.map { "\($0.name):\($0.type.rawValue)" }.joined(separator: "\t")
      try database.query(
        "INSERT INTO kept_tables(name, session_id, command_id, rows, columns, created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [.text(name), session.map { .integer($0) } ?? .null, command.map { .integer($0) } ?? .null,
         .integer(Int64(frame.rowCount)), .text(columns), .text(Self.now())])
      try stop()
      return earlier
    }
  }

  /// The kept table of that name (ignoring ASCII case, as SQLite's table names do), if any.
  /// A table of that name that `keep` did not record (made by another program) counts too:
  /// replacing it would lose it just the same.
  func keptTable(named name: String) throws -> KeptTable? {
    if let row = try database.query(
      "SELECT name, rows, columns, created_at, session_id FROM kept_tables WHERE name = ? COLLATE NOCASE", [.text(name)]
    ).first {
      return KeptTable(
        name: row[0].text ?? name, rows: Int(row[1].integer ?? 0),
        columns: (row[2].text ?? "").split(separator: "\t").count, keptAt: row[3].text, session: row[4].integer)
    }
    let other = try database.query(
      "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE", [.text(name)])
    return other.first.map { KeptTable(name: $0[0].text ?? name, rows: nil, columns: nil, keptAt: nil, session: nil) }
  }

  /// The page cache, in KiB, that a `keep` replacing a table lets its write take (pages are
  /// taken only as needed and given back after the commit).
  ///
  /// Dropping the old table frees its pages in SQLite's free list, changing the list's
  /// pages, and the new rows then take pages from the list, changing each list page again
  /// when its turn comes. With the usual 2 MB cache the list pages were written to the WAL
  /// in between (see `pinLastSchemaPage` for what a page written twice costs): replacing
  /// Online Retail took 0.34 s against 0.20 s for a new table. Holding the write in the
  /// cache takes that to 0.30 s, for 20 MB more peak memory. A new table does not need it
  /// (the cache's fresh memory costs about what it saves there).
  static let replacingCacheKiB = 256 * 1024

  /// Holds SQLite's last page of the schema table (where `CREATE TABLE` just wrote) in use
  /// until the returned statement is reset, so that the page cache cannot write it to the
  /// WAL early while the rows go in.
  ///
  /// When the cache (2 MB) fills during a large insert, SQLite writes the oldest changed
  /// pages that nothing is using to the WAL before the commit; that was this schema page,
  /// and creating the image's triggers after the rows changed it again. A page written
  /// twice in one transaction makes the commit read back every WAL frame from its first
  /// copy on to redo their checksums: 12,550 reads and as many header writes for Online
  /// Retail. For the same reason the triggers are created right after the rows, before the
  /// image's blobs, and the old image and record are deleted only just before their new
  /// ones are written.
  private func pinLastSchemaPage() throws -> PreparedStatement {
    let pin = try database.prepare("SELECT name FROM sqlite_master WHERE rowid = (SELECT max(rowid) FROM sqlite_master)")
    _ = try pin.step()
    return pin
  }

  /// Triggers that delete the table's image when anything else changes its rows (`sql`
  /// cannot, but another program can): `load table` then reads the rows.
  private func createImageTriggers(on name: String) throws {
    let literal = "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
    for event in ["INSERT", "UPDATE", "DELETE"] {
      try database.execute(
        """
        CREATE TRIGGER \(Self.quote("column_images after \(event.lowercased()) on \(name)")) AFTER \(event) ON \(Self.quote(name))
        BEGIN DELETE FROM column_images WHERE table_name = \(literal); END
        """)
    }
  }

  /// Writes the columns' image (`ColumnImage`) beside the rows.
  private func writeImage(_ blobs: ColumnImageEncoding.Blobs, as name: String) throws {
    let insert = try database.prepare("INSERT INTO column_images(table_name, position, chunk, data) VALUES (?, ?, ?, ?)")
    for (position, column) in blobs.enumerated() {
      for (chunk, bytes) in column {
        try insert.bind([.text(name), .integer(Int64(position)), .integer(Int64(chunk))])
        // The blob in place: SQLite copies it into its pages as the statement runs.
        try bytes.withUnsafeBytes { b in
          try insert.check(insert.bindBlobCode(b, at: 4))
          try insert.runBound()
        }
      }
    }
  }

  /// The kept table from its image, or nil when it has none (kept by an older ShopLab,
  /// or changed since by another program) or the image does not match the table's
  /// recorded columns and rows.
  private func loadImage(_ name: String, columns: [(name: String, type: DataType)], rows: Int) throws -> Frame? {
    let stmt = try database.prepare("SELECT position, chunk, data FROM column_images WHERE table_name = ? ORDER BY position, chunk")
    try stmt.bind([.text(name)])
    var readers = columns.map { ColumnImageReader(type: $0.type, capacity: rows) }
    var any = false
    while try stmt.step() {
      any = true
      let position = stmt.cell(at: 0).int64
      guard position >= 0, position < Int64(readers.count) else { return nil }
      let chunk = Int(stmt.cell(at: 1).int64)
      guard stmt.cell(at: 2).withBlob({ readers[Int(position)].add(chunk: chunk, bytes: $0) }) else { return nil }
    }
    guard any, readers.allSatisfy({ $0.rows == rows }) else { return nil }
    return Frame(columns: zip(columns, readers).map { $1.column(named: $0.name) })
  }

  /// The names of kept tables, sorted.
  public func keptTables() throws -> [(name: String, rows: Int, columns: Int)] {
    try database.query("SELECT name, rows, columns FROM kept_tables ORDER BY name").map {
      ($0[0].text ?? "", Int($0[1].integer ?? 0), ($0[2].text ?? "").split(separator: "\t").count)
    }
  }

  /// Reads a kept table back with its original column types, in one read transaction so
  /// that the table and its recorded types are seen as of one moment.
  public func loadKept(_ name: String) throws -> Frame {
    try readKept(name).frame
  }

  /// `loadKept`, saying whether the frame came from the table's image (`ColumnImage`) or
  /// from its rows.
  /// The name is matched in any case, as `keep` and SQLite match table names (an exact
  /// match first, for a store kept before `keep` refused names differing only in case).
  func readKept(_ asked: String) throws -> (frame: Frame, fromImage: Bool) {
    try database.readTransaction {
      guard
        let meta = try database.query(
          "SELECT columns, rows, name FROM kept_tables WHERE name = ? COLLATE NOCASE ORDER BY name = ? DESC LIMIT 1",
          [.text(asked), .text(asked)]
        ).first,
        let spec = meta[0].text
      else {
        throw StoreError.unknownTable(asked, available: try keptTables().map(\.name))
      }
      let name = meta[2].text ?? asked
      var types: [String: DataType] = [:]
      for pair in spec.split(separator: "\t") {
        // The type is after the last colon: a column name may contain colons itself.
        guard let colon = pair.lastIndex(of: ":"), let t = DataType(rawValue: String(pair[pair.index(after: colon)...]))
        else { continue }
        types[String(pair[..<colon])] = t
      }
      let stmt = try database.prepareReadOnly("SELECT * FROM \(Self.quote(name))")
      try stmt.bind([])
      let names = uniqueNames((0..<stmt.columnCount).map(stmt.columnName))
      // The image, when the table still has the columns it was kept with.
      let recorded = spec.split(separator: "\t", omittingEmptySubsequences: false).map { pair in
        String(pair[..<(pair.lastIndex(of: ":") ?? pair.endIndex)])
      }
      let rows = Int(min(max(meta[1].integer ?? 0, 0), 1 << 40))
      let typed = recorded.compactMap { n in types[n].map { (name: n, type: $0) } }
      if !spec.isEmpty, recorded == (0..<stmt.columnCount).map(stmt.columnName), typed.count == recorded.count,
        Set(recorded).count == recorded.count, let frame = try loadImage(name, columns: typed, rows: rows)
      {
        return (frame, true)
      }
      // Every kept column has its type recorded; a column without one (a store edited by
      // hand) is read the general way, with its type taken from its values.
      guard names.allSatisfy({ types[$0] != nil }) else {
        return (try query("SELECT * FROM \(Self.quote(name))", types: types), false)
      }
      // The recorded row count sizes the columns up front (bounded: it is only a hint).
      let capacity = Int(min(max(meta[1].integer ?? 0, 0), 1 << 26))
      var readers = names.map { KeptColumnReader(type: types[$0]!, capacity: capacity) }
      defer { for c in readers.indices { readers[c].deallocate() } }
      try readers.withUnsafeMutableBufferPointer { rp in
        while try stmt.step() {
          for c in rp.indices { rp[c].append(from: stmt, column: Int32(c)) }
        }
      }
      return (Frame(columns: zip(names, readers).map { $1.column(named: $0) }), false)
    }
  }

  /// Runs one query over the store and returns its rows as a frame.
  ///
  /// The query can only read (`Database.prepareReadOnly`): a script from someone else
  /// cannot drop, rewrite or attach anything through it.
  /// Column types come from the values: integers, reals, text; a column mixing integers
  /// and reals becomes float, anything else mixed becomes string.
  ///
  /// - Throws: `StoreError.readOnly` for a statement that would write.
  public func query(_ sql: String, types: [String: DataType] = [:]) throws -> Frame {
    let stmt = try database.prepareReadOnly(sql)
    try stmt.bind([])
    let n = stmt.columnCount
    let names = uniqueNames((0..<n).map(stmt.columnName))
    var cells = Array(repeating: [Scalar](), count: n)
    while try stmt.step() {
      for c in 0..<n {
        let want = types[names[c]]
        cells[c].append(Self.scalar(stmt.value(c), as: want))
      }
    }
    return Frame(columns: (0..<n).map { Column(name: names[$0], scalars: cells[$0], type: types[names[$0]]) })
  }

  /// The tables the store itself owns (see `Migrations`), which `keep` must not replace.
  static let storeTables: Set<String> = [
    "schema_migrations", "sessions", "commands", "kept_tables", "models", "metrics", "lesson_progress",
    "lesson_answers", "column_images",
  ]

  private func uniqueNames(_ names: [String]) -> [String] {
    var seen: [String: Int] = [:]
    return names.map { name in
      let k = seen[name, default: 0]
      seen[name] = k + 1
      return k == 0 ? name : "\(name)_\(k + 1)"
    }
  }

  static func quote(_ identifier: String) -> String {
    "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func sqlType(_ type: DataType) -> String {
    switch type {
    case .int, .bool: return "INTEGER"
    case .float: return "REAL"
    case .string, .datetime: return "TEXT"
    }
  }

  static func sqlValue(_ scalar: Scalar) -> SQLValue {
    switch scalar {
    case .null: return .null
    case .int(let v): return .integer(v)
    case .float(let v): return v.isNaN ? .null : .real(v)
    case .string(let s): return .text(s)
    case .bool(let b): return .integer(b ? 1 : 0)
    case .datetime(let t): return .text(CivilTime.format(t))
    }
  }

  static func scalar(_ value: SQLValue, as type: DataType?) -> Scalar {
    switch (value, type) {
    case (.null, _): return .null
    case (.integer(let v), .bool): return .bool(v != 0)
    case (.integer(let v), .float): return .float(Double(v))
    case (.integer(let v), _): return .int(v)
    case (.real(let v), _): return .float(v)
    case (.text(let s), .datetime): return DateTextParser.parse(s).map { .datetime($0) } ?? .null
    case (.text(let s), _): return .string(s)
    case (.blob(let b), _): return .string("<\(b.count) bytes>")
    }
  }
}
